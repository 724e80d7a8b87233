import PathwayDiagnostics

/// Where each character of a scalar's decoded value was written, for scalars whose value is not a
/// copy of one source line: block scalars (`|`, `>`), plain and quoted scalars folded over several
/// lines, quoted scalars with escapes or doubled quotes.
///
/// The value is aligned with the source text it was decoded from (YAML 1.2.2 §7–§8: folding turns a
/// line break and the next line's indentation into one space; block scalars drop each line's
/// indentation and, folded, join lines; `''` stands for `'` and `\…` escapes for one character in
/// double quotes). Every character of the value that is not white space is found, in order, in the
/// source, skipping only what those rules remove: white space, line breaks, quotes, the block header
/// line. Where the alignment meets anything else it gives up, and callers keep the whole scalar's
/// span: a position is either right or not given.
struct ScalarSourceMap {
    /// Position of each value character, and of the point just after it.
    private(set) var starts: [SourcePosition] = []
    private(set) var ends: [SourcePosition] = []

    init?(value: String, source: String, style: ScalarStyle, start: SourcePosition) {
        let src = Array(source.unicodeScalars)
        var i = 0
        var line = start.line, column = start.column
        func isBreak(_ c: Unicode.Scalar) -> Bool { c == "\n" || c == "\r" || c == "\u{85}" || c == "\u{2028}" || c == "\u{2029}" }
        func isBlank(_ c: Unicode.Scalar) -> Bool { c == " " || c == "\t" || isBreak(c) }
        func advance() {
            let c = src[i]
            i += 1
            if c == "\r", i < src.count, src[i] == "\n" { i += 1 }
            if isBreak(c) { line += 1; column = 1 } else { column += 1 }
        }
        var here: SourcePosition { SourcePosition(line: line, column: column) }
        switch style {
        case .literal, .folded:
            // The header (`|`, `>-`, `>2`, a comment) ends with the first line break.
            while i < src.count, !isBreak(src[i]) { advance() }
        case .singleQuoted, .doubleQuoted:
            guard i < src.count else { return nil }
            advance()
        case .plain:
            break
        }
        for v in value.unicodeScalars {
            if style == .doubleQuoted {
                // An escaped line break stands for nothing: skip it with the next line's indentation.
                while i + 1 < src.count, src[i] == "\\", isBreak(src[i + 1]) {
                    advance(); advance()
                    while i < src.count, src[i] == " " || src[i] == "\t" { advance() }
                }
                if i < src.count, src[i] == "\\" {
                    starts.append(here)
                    advance()
                    guard i < src.count else { return nil }
                    let digits: Int
                    switch src[i] { case "x": digits = 2; case "u": digits = 4; case "U": digits = 8; default: digits = 0 }
                    advance()
                    for _ in 0..<digits where i < src.count { advance() }
                    ends.append(here)
                    continue
                }
            }
            if v == " " || v == "\t" || v == "\n" {
                // Folding may have made this space of a line break, or this break of a blank line.
                starts.append(here)
                if i < src.count, src[i] == v || (v == "\n" && isBreak(src[i])) { advance() }
                ends.append(here)
                continue
            }
            if style == .singleQuoted, v == "'" {
                guard i + 1 < src.count, src[i] == "'", src[i + 1] == "'" else { return nil }
                starts.append(here)
                advance(); advance()
                ends.append(here)
                continue
            }
            while i < src.count, src[i] != v, isBlank(src[i]) { advance() }
            guard i < src.count, src[i] == v else { return nil }
            starts.append(here)
            advance()
            ends.append(here)
        }
    }

    /// The span of value characters `offset ..< offset + length`, in `file`.
    func span(file: String, offset: Int, length: Int) -> SourceSpan? {
        guard !starts.isEmpty, offset >= 0 else { return nil }
        if offset >= starts.count {
            let end = ends[ends.count - 1]
            return SourceSpan(file: file, start: end, end: SourcePosition(line: end.line, column: end.column + 1))
        }
        let last = min(starts.count - 1, offset + max(length, 1) - 1)
        return SourceSpan(file: file, start: starts[offset], end: ends[last])
    }
}
