/// Renders diagnostics as text for people, in the style of rustc and Swift:
///
/// ```
/// error[PW0301]: unknown fact `ki67_prcent`
///   --> guidelines/nanets-2023.yaml:118:15
///     |
/// 118 |       when: ki67_prcent > 55
///     |             ^^^^^^^^^^^ not declared in any imported vocabulary
///     = help: did you mean `ki67_percent`?
/// ```
public struct TextDiagnosticRenderer: Sendable {
    /// The files whose lines excerpts are taken from.
    public var sources: SourceFileStore
    /// Whether to colour the output with ANSI escapes.
    public var colored: Bool

    /// Creates a renderer.
    public init(sources: SourceFileStore, colored: Bool = false) {
        self.sources = sources
        self.colored = colored
    }

    /// The text of all diagnostics, each followed by a blank line: errors first, then warnings,
    /// then notes, each in the order given (so the real problem is not buried under warnings it
    /// causes); past `limit`, one line counts the rest
    /// (`… and 99500 more diagnostics not shown (99500 errors, 0 warnings)`).
    ///
    /// - Complexity: O(shown diagnostics × excerpt width); a long line is never walked again per diagnostic.
    public func render(_ diagnostics: [Diagnostic], limit: Int = .max) -> String {
        let diagnostics = Severity.allCases.flatMap { severity in diagnostics.filter { $0.severity == severity } }
        var out = diagnostics.prefix(max(0, limit)).map { render($0) + "\n" }.joined()
        if diagnostics.count > limit {
            let rest = diagnostics.dropFirst(max(0, limit))
            let errors = rest.filter { $0.severity == .error }.count, warnings = rest.filter { $0.severity == .warning }.count
            out += "… and \(rest.count) more diagnostic\(rest.count == 1 ? "" : "s") not shown (\(errors) error\(errors == 1 ? "" : "s"), \(warnings) warning\(warnings == 1 ? "" : "s"))\n\n"
        }
        return out
    }

    /// The text of one diagnostic, ending in a newline.
    public func render(_ d: Diagnostic) -> String {
        let d = d.bounded()
        var out = paint("\(d.severity.rawValue)[\(d.code.rawValue)]", d.severity == .error ? "1;31" : d.severity == .warning ? "1;33" : "1;36")
        out += paint(": \(d.message)", "1") + "\n"
        let lines = ([d.span] + d.notes.map(\.span)).compactMap { $0?.start.line }
        let gutterWidth = String(lines.max() ?? 1).count
        let pad = String(repeating: " ", count: gutterWidth)
        if let span = d.span {
            out += "\(pad)\(paint("-->", "34")) \(span)\n"
            out += excerpt(span, label: d.label, pad: pad)
        } else if let label = d.label {
            out += "\(pad) = \(label)\n"
        }
        for note in d.notes {
            if let span = note.span {
                out += "\(pad) \(paint("=", "34")) note: \(note.message)\n"
                out += "\(pad)\(paint("-->", "34")) \(span)\n"
                out += excerpt(span, label: nil, pad: pad)
            } else {
                out += "\(pad) \(paint("=", "34")) note: \(note.message)\n"
            }
        }
        for suggestion in d.suggestions {
            out += "\(pad) \(paint("=", "34")) help: \(suggestion.message)\n"
        }
        return out
    }

    /// The source line of `span` with carets under it; a line wider than ``Excerpt/lineLimit`` is
    /// shown as a window around the span, cut with `…`.
    private func excerpt(_ span: SourceSpan, label: String?, pad: String) -> String {
        guard let file = sources[span.file], let scalars = file.scalars(ofLine: span.start.line) else { return "" }
        let bar = paint("|", "34")
        let number = String(span.start.line)
        let numberPadded = String(repeating: " ", count: max(0, pad.count - number.count)) + number
        let lineLength = scalars.count
        let startColumn = min(max(span.start.column, 1), lineLength + 1)
        let endColumn = span.end.line == span.start.line ? max(span.end.column, startColumn + 1) : lineLength + 1
        let window = Excerpt.window(of: scalars, around: startColumn)
        let shown = Array(window.text.unicodeScalars)
        // Columns of the line become places in the shown text; a leading `…` takes one place.
        let offset = startColumn - window.startColumn + (window.leadingMark ? 1 : 0)
        let visibleEnd = min(endColumn, lineLength + 1) - window.startColumn + (window.leadingMark ? 1 : 0)
        let width = max(1, min(visibleEnd, shown.count + 1) - offset) // at most one caret past the text, for an end of line
        let prefix = String(String.UnicodeScalarView(shown.prefix(offset).map { $0 == "\t" ? "\t" : " " }))
        var out = "\(pad) \(bar)\n"
        out += "\(paint(numberPadded, "34")) \(bar) \(window.text)\n"
        var marker = "\(pad) \(bar) \(prefix)" + paint(String(repeating: "^", count: width), "1;31")
        if let label { marker += " " + paint(label, "1;31") }
        out += marker + "\n"
        return out
    }

    private func paint(_ text: String, _ code: String) -> String {
        colored ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text
    }
}
