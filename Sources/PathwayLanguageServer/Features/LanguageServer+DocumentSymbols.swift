import PathwayDiagnostics
import PathwaySyntax

/// LSP 3.17 `SymbolKind` values used in the outline.
enum OutlineKind: Int {
    case file = 1, module = 2, namespace = 3, `class` = 5, method = 6, field = 8, enumMember = 22, variable = 13, constant = 14, string = 15,
         key = 20, event = 24, object = 19, array = 18, function = 12
}

extension LanguageServer {
    /// `textDocument/documentSymbol` (LSP 3.17, "Document Symbols Request"): the outline of the
    /// document as it last decoded — facts, derived facts, citations, schemes, recommendations,
    /// trees with their branches, tables with their rows, and tests.
    func documentSymbols(_ document: TextDocument, _ unit: CompileUnit) -> JSONValue {
        guard let d = unit.index.documents[document.path] else { return .array([]) }
        func symbol(_ name: String, _ detail: String?, _ kind: OutlineKind, _ span: SourceSpan, _ selection: SourceSpan, _ children: [JSONValue] = []) -> JSONValue {
            var members: [(String, JSONValue)] = [("name", .string(name.isEmpty ? "(unnamed)" : name))]
            if let detail { members.append(("detail", .string(detail))) }
            members.append(("kind", .int(kind.rawValue)))
            // LSP 3.17: the selection range must be contained in the range.
            let whole = span.start <= selection.start && selection.end <= span.end ? span : selection
            members.append(("range", range(whole, in: unit.compilation)))
            members.append(("selectionRange", range(selection, in: unit.compilation)))
            if !children.isEmpty { members.append(("children", .array(children))) }
            return .object(members)
        }
        func group(_ name: String, _ items: [JSONValue], _ kind: OutlineKind, at spans: [SourceSpan]) -> [JSONValue] {
            guard let first = spans.min(), let last = spans.max(by: { $0.end < $1.end }) else { return [] }
            let span = SourceSpan(file: first.file, start: first.start, end: last.end)
            return [symbol(name, "\(items.count)", kind, span, SourceSpan(file: first.file, start: first.start, end: first.start), items)]
        }
        func tree(_ node: TreeNode) -> JSONValue {
            symbol(node.id.value, node.isOtherwise ? "otherwise" : node.when?.text, .namespace, node.span, node.id.span, node.branches.map(tree))
        }
        var out: [JSONValue] = []
        out += group("facts", d.facts.map { symbol($0.name.value, Hover.typeText($0), .variable, $0.span, $0.name.span) }, .namespace, at: d.facts.map(\.span))
        out += group("derived", d.derived.map { symbol($0.name.value, "derived", .function, $0.span, $0.name.span) }, .namespace, at: d.derived.map(\.span))
        out += group("citations", d.citations.map { symbol($0.id.value, $0.title, .string, $0.span, $0.id.span) }, .namespace, at: d.citations.map(\.span))
        out += group("schemes", d.schemes.map { s in
            symbol(s.id.value, s.title, .enumMember, s.span, s.id.span, s.levels.map { symbol($0.id.value, $0.definition, .constant, $0.id.span, $0.id.span) })
        }, .namespace, at: d.schemes.map(\.span))
        out += group("recommendations", d.recommendations.map { symbol($0.id.value, $0.text?.value, .event, $0.span, $0.id.span) }, .namespace,
                     at: d.recommendations.map(\.span))
        out += group("trees", d.trees.map(tree), .namespace, at: d.trees.map(\.span))
        out += group("tables", d.tables.map { t in
            symbol(t.id.value, t.hitPolicy.value.rawValue, .class, t.span, t.id.span, t.rows.map { symbol($0.id.value, nil, .field, $0.span, $0.id.span) })
        }, .namespace, at: d.tables.map(\.span))
        out += group("tests", d.tests.map { symbol($0.id.value, $0.description, .method, $0.span, $0.id.span) }, .namespace, at: d.tests.map(\.span))
        return .array(out)
    }
}
