import PathwayDiagnostics

/// The text of the files of a compile unit, line by line: an open document's buffer, else the text
/// the compiler read. Spans are found in it exactly (names inside quoted or folded scalars).
struct SourceText {
    var lines: (String, Int) -> Substring?

    /// The exact spans of `name` as a whole word inside `span` (on every line it covers).
    func occurrences(of name: String, in span: SourceSpan) -> [SourceSpan] {
        guard !name.isEmpty else { return [] }
        let target = Array(name.unicodeScalars)
        var found: [SourceSpan] = []
        for number in span.start.line...max(span.start.line, span.end.line) {
            guard let line = lines(span.file, number) else { continue }
            let scalars = Array(line.unicodeScalars)
            let from = number == span.start.line ? span.start.column - 1 : 0
            let to = number == span.end.line ? min(span.end.column - 1, scalars.count) : scalars.count
            guard from >= 0, from < to else { continue }
            var i = from
            while i + target.count <= to {
                if Array(scalars[i..<i + target.count]) == target,
                   i == 0 || !Self.isNameScalar(scalars[i - 1]),
                   i + target.count == scalars.count || !Self.isNameScalar(scalars[i + target.count]) {
                    found.append(SourceSpan(file: span.file, start: SourcePosition(line: number, column: i + 1),
                                            end: SourcePosition(line: number, column: i + 1 + target.count)))
                    i += target.count
                } else {
                    i += 1
                }
            }
        }
        return found
    }

    /// The exact span of `name` in `span`: the span itself when it is exactly the name, else the first
    /// whole-word occurrence; `nil` when the text there does not hold the name (a stale declaration),
    /// so that nothing is ever renamed that is not the name.
    func exact(_ name: String, in span: SourceSpan) -> SourceSpan? {
        if span.start.line == span.end.line, span.end.column - span.start.column == name.unicodeScalars.count,
           let line = lines(span.file, span.start.line),
           String(String.UnicodeScalarView(line.unicodeScalars.dropFirst(span.start.column - 1).prefix(name.unicodeScalars.count))) == name {
            return span
        }
        return occurrences(of: name, in: span).first
    }

    static func isNameScalar(_ s: Unicode.Scalar) -> Bool {
        s == "_" || s == "-" || s.properties.isAlphabetic || ("0"..."9").contains(s)
    }
}
