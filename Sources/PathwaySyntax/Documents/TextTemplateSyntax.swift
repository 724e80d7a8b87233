import PathwayDiagnostics
import PathwayYAML

/// A text that shows computed values: `Carboplatin {carboplatin_dose} (Calvert, AUC {target_auc})`.
///
/// Each `{…}` is an expression (a fact, a derived value, a computation), printed with its unit;
/// `{{` and `}}` are literal braces. A text without `{` is a plain text.
public struct TextTemplateSyntax: Hashable, Sendable {
    /// A piece of the text: literal text, or an expression to show.
    public enum Piece: Hashable, Sendable {
        case text(String)
        case value(Condition)
    }

    /// The pieces, in order.
    public var pieces: [Piece]

    /// Whether the text shows any value.
    public var showsValues: Bool { pieces.contains { if case .value = $0 { true } else { false } } }

    /// Splits a scalar's text into literal pieces and `{expression}` pieces; syntax errors (an
    /// unclosed or stray brace, a malformed expression) are reported with their place.
    public static func parse(_ scalar: YAMLScalar, into diagnostics: inout [Diagnostic]) -> TextTemplateSyntax {
        let chars = Array(scalar.value.unicodeScalars)
        let locate = scalar.valueSpans()
        var pieces: [Piece] = []
        var literal = String.UnicodeScalarView()
        var i = 0
        func flush() {
            if !literal.isEmpty { pieces.append(.text(String(literal))); literal = String.UnicodeScalarView() }
        }
        while i < chars.count {
            let c = chars[i]
            if c == "{" && i + 1 < chars.count && chars[i + 1] == "{" { literal.append("{"); i += 2; continue }
            if c == "}" && i + 1 < chars.count && chars[i + 1] == "}" { literal.append("}"); i += 2; continue }
            if c == "}" {
                diagnostics.append(Diagnostic(.expressionSyntax, "a `}` without its `{` in a text", at: locate(i, 1),
                                              notes: [.init("write `}}` for a literal brace")]))
                literal.append(c)
                i += 1
                continue
            }
            guard c == "{" else { literal.append(c); i += 1; continue }
            guard let close = chars[(i + 1)...].firstIndex(of: "}") else {
                diagnostics.append(Diagnostic(.expressionSyntax, "a `{` in a text is not closed", at: locate(i, 1),
                                              notes: [.init("`{expression}` shows a computed value; write `{{` for a literal brace")]))
                literal.append(contentsOf: chars[i...])
                break
            }
            flush()
            let start = i + 1
            let source = String(String.UnicodeScalarView(chars[start..<close]))
            switch ExpressionParser.parse(source, locate: { locate(start + $0, $1) }) {
            case .success(let expression):
                pieces.append(.value(Condition(text: source, expression: expression, span: locate(start, close - start))))
            case .failure(let diagnostic):
                diagnostics.append(diagnostic)
                pieces.append(.value(Condition(text: source, expression: nil, span: locate(start, close - start))))
            }
            i = close + 1
        }
        flush()
        return TextTemplateSyntax(pieces: pieces)
    }
}
