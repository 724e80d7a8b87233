import PathwayDiagnostics

extension LanguageServer {
    /// `textDocument/codeAction` (LSP 3.17, "Code Action Request"): the compiler's suggestions
    /// (did you mean, a missing unit, `=` for `==`) for the diagnostics of this file that touch the
    /// requested range, each a quick fix with the edit that applies it.
    func codeActions(_ document: TextDocument, _ unit: CompileUnit, _ params: JSONValue) -> JSONValue {
        guard let start = params["range"]?["start"], let end = params["range"]?["end"],
              let sl = start["line"]?.int, let el = end["line"]?.int else { return .array([]) }
        var actions: [JSONValue] = []
        for d in unit.compilation.diagnostics {
            guard let span = d.span, Paths.normalize(span.file) == document.path,
                  span.start.line - 1 <= el, span.end.line - 1 >= sl else { continue }
            for s in d.suggestions {
                let target = s.span ?? span
                let edit: JSONValue = .object([("range", range(target, in: unit.compilation)), ("newText", .string(replacementText(s.replacement, at: target, document)))])
                actions.append(.object([
                    ("title", .string(s.message)),
                    ("kind", .string("quickfix")),
                    ("diagnostics", .array([lspDiagnostic(d, in: unit.compilation)])),
                    ("isPreferred", .bool(d.suggestions.count == 1)),
                    ("edit", .object([("changes", .object([(uri(of: target.file), .array([edit]))]))])),
                ]))
            }
        }
        return .array(actions)
    }

    /// A replacement of several lines (`quantity\nunit: cm`) indented as the line it replaces in.
    private func replacementText(_ text: String, at span: SourceSpan, _ document: TextDocument) -> String {
        guard text.contains("\n"), let line = document.line(span.start.line - 1) else { return text }
        // The continuation lines line up with the key of the replaced value.
        let key = line.prefix { $0 == " " || $0 == "-" }.count
        let indent = String(repeating: " ", count: key)
        return text.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
            .map { $0.offset == 0 ? String($0.element) : indent + $0.element }.joined(separator: "\n")
    }
}
