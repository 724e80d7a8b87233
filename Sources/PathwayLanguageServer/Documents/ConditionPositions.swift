import PathwayDiagnostics
import PathwaySyntax

/// Where each character of a condition's text is written in the source, for conditions the
/// compiler's spans cannot slice (a folded `>-` or literal `|` block, a plain scalar over several
/// lines), and for those it can.
///
/// YAML folding and quoting change only whitespace (line breaks, indentation) and add the quotes
/// or the block header (`>-`, `|2`) around the text, so the characters that are not whitespace
/// appear in the source in the same order as in the text. The source inside the condition's span
/// is matched against the text character by character; any difference (an escape in a quoted
/// scalar, a comment after a block header, a stale span) gives no positions at all, so a position
/// is never guessed.
struct ConditionPositions {
    /// The source position of each Unicode scalar of the text; `nil` for whitespace.
    private let positions: [SourcePosition?]

    /// Matches `text`, written at `span`, against the source lines (1-based; `nil` past the end).
    init?(text: String, span: SourceSpan, lines: (Int) -> Substring?) {
        guard span.start.line >= 1, span.start.line <= span.end.line else { return nil }
        var source: [(scalar: Unicode.Scalar, at: SourcePosition)] = []
        for number in span.start.line...span.end.line {
            guard let line = lines(number) else { return nil }
            let scalars = Array(line.unicodeScalars)
            let from = number == span.start.line ? span.start.column - 1 : 0
            let to = number == span.end.line ? min(span.end.column - 1, scalars.count) : scalars.count
            guard from >= 0 else { return nil }
            for i in from..<max(from, to) where !Self.isWhitespace(scalars[i]) {
                source.append((scalars[i], SourcePosition(line: number, column: i + 1)))
            }
        }
        // What surrounds the text: the quotes of a quoted scalar, or the header of a block scalar
        // (its indicator, then a chomping indicator and an indentation digit, on the first line).
        var lead = 0, trail = 0
        switch source.first?.scalar {
        case "\"", "'":
            lead = 1
            trail = 1
        case "|", ">":
            lead = 1
            while lead < min(source.count, 3), source[lead].at.line == span.start.line,
                  source[lead].scalar == "-" || source[lead].scalar == "+" || ("1"..."9").contains(source[lead].scalar) {
                lead += 1
            }
        default:
            break
        }
        let scalars = Array(text.unicodeScalars)
        let written = scalars.indices.filter { !Self.isWhitespace(scalars[$0]) }
        guard source.count == lead + written.count + trail,
              trail == 0 || source.last?.scalar == source.first?.scalar else { return nil }
        var positions = [SourcePosition?](repeating: nil, count: scalars.count)
        for (k, i) in written.enumerated() {
            guard source[lead + k].scalar == scalars[i] else { return nil }
            positions[i] = source[lead + k].at
        }
        self.positions = positions
    }

    /// The span of the `length` characters at `offset` of the text, when they are written
    /// side by side on one line, as every token is; `nil` otherwise.
    func span(offset: Int, length: Int, file: String) -> SourceSpan? {
        guard length > 0, offset >= 0, offset + length <= positions.count, let first = positions[offset] else { return nil }
        for k in 1..<length {
            guard let p = positions[offset + k], p.line == first.line, p.column == first.column + k else { return nil }
        }
        return SourceSpan(file: file, start: first, end: SourcePosition(line: first.line, column: first.column + length))
    }

    /// The whitespace the lexer skips, which folding may have turned into a line break or indentation.
    static func isWhitespace(_ s: Unicode.Scalar) -> Bool {
        s == " " || s == "\t" || s == "\n" || s == "\r"
    }
}
