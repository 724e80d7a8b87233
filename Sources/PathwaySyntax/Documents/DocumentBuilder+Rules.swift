import PathwayDiagnostics
import PathwayYAML

extension DocumentBuilder {
    /// An example citation list for a note, from the author's own file first: its `source`, else its
    /// first citation (with its first section), else a made-up id.
    var citationExample: String {
        if let source = document.source { return source.value }
        if let first = document.citations.first {
            return first.sections.first.map { "\"\(first.id.value) § \($0.id.value)\"" } ?? first.id.value
        }
        return "source2025"
    }

    /// An example level for a note, from the author's own schemes first.
    var levelExample: String {
        if let scheme = document.schemes.first, let level = scheme.levels.first { return "\(scheme.id.value).\(level.id.value)" }
        return "panel.consensus"
    }

    mutating func decodeRecommendations(_ node: YAMLNode?, into diagnostics: inout [Diagnostic]) {
        let keys = ["text", "direction", "action", "level", "citations", "quote", "section", "notes"]
        var ignored: [Diagnostic] = []
        for entry in Scalars.entries(node, what: "recommendations", into: &diagnostics) {
            let id = Located(entry.key.value, at: entry.key.span)
            guard Scalars.checkIdentifier(id, what: "recommendation id", expressionName: false, into: &diagnostics),
                  claim(id, kind: "recommendation", into: &diagnostics),
                  let m = MappingReader(entry.value, what: "recommendation `\(id.value)`", allowed: keys, owner: entry.key.span, into: &diagnostics) else { continue }
            var level: (scheme: Located<String>, value: Located<String>)?
            if let written = Scalars.string(m["level"], what: "level", into: &diagnostics) {
                let parts = written.value.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
                if parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty, case .scalar(let scalar) = m["level"] {
                    let schemeLength = parts[0].unicodeScalars.count
                    level = (Located(String(parts[0]), at: scalar.span(ofValueOffset: 0, length: schemeLength)),
                             Located(String(parts[1]), at: scalar.span(ofValueOffset: schemeLength + 1, length: parts[1].unicodeScalars.count)))
                } else {
                    diagnostics.append(Diagnostic(.wrongValueType, "expected a level as `scheme.level`, found `\(written.value)`", at: written.span,
                                                  notes: [.init("for example `nanets_panel.consensus`")]))
                }
            }
            var citations: [CitationReference] = []
            for c in Scalars.list(m["citations"], what: "citations", into: &diagnostics) {
                guard let written = Scalars.string(c, what: "citation", into: &diagnostics) else { continue }
                citations.append(Self.citationReference(written))
            }
            var notes: [RecommendationNote] = []
            for n in Scalars.list(m["notes"], what: "notes", into: &diagnostics) {
                if case .scalar(let s) = n {
                    notes.append(RecommendationNote(kind: "remark", text: s.value, span: s.span, template: Self.template(s, into: &diagnostics)))
                    continue
                }
                guard let nm = MappingReader(n, what: "a note", allowed: ["kind", "text"], into: &diagnostics),
                      let text = Scalars.string(nm.require("text", into: &diagnostics), what: "note text", into: &diagnostics) else { continue }
                let kinds = ["key_data", "toxicity", "prognosis", "remark", "evidence", "conflict", "population"]
                let kind = Scalars.string(nm["kind"], what: "note kind", into: &diagnostics)
                if let kind, !kinds.contains(kind.value) {
                    diagnostics.append(Diagnostic(.invalidValue, "`\(kind.value)` is not a note kind", at: kind.span,
                                                  notes: [.init("expected one of " + kinds.map { "`\($0)`" }.joined(separator: ", "))],
                                                  suggestions: Suggest.closest(to: kind.value, in: kinds).map { [.replace(with: $0)] } ?? []))
                }
                var template: TextTemplateSyntax?
                if case .scalar(let s)? = nm["text"] { template = Self.template(s, into: &diagnostics) }
                notes.append(RecommendationNote(kind: kind?.value ?? "remark", text: text.value, span: n.span, template: template))
            }
            if m["level"] == nil && !m.suggested.contains("level") {
                diagnostics.append(Diagnostic(.missingLevel, "recommendation `\(id.value)` has no level", at: id.span,
                                              notes: [.init("every recommendation states its level of consensus or evidence, e.g. `level: \(levelExample)`")]))
            }
            if m["citations"] == nil && !m.suggested.contains("citations") || (m["citations"] != nil && Scalars.list(m["citations"], what: "citations", into: &ignored).isEmpty) {
                diagnostics.append(Diagnostic(.missingCitation, "recommendation `\(id.value)` has no citation", at: m.keySpan("citations") ?? id.span,
                                              notes: [.init("cite the source it encodes, e.g. `citations: [\(citationExample)]`")]))
            }
            if m["quote"] == nil && !m.suggested.contains("quote") {
                diagnostics.append(Diagnostic(.missingQuote, "recommendation `\(id.value)` has no quote", at: id.span,
                                              notes: [.init("quote the source sentence it encodes, verbatim, so reviewers can audit it")]))
            } else if case .scalar(let quote)? = m["quote"], quote.value.allSatisfy(\.isWhitespace) {
                diagnostics.append(Diagnostic(.missingQuote, "recommendation `\(id.value)` has an empty quote", at: quote.span,
                                              notes: [.init("quote the source sentence it encodes, verbatim, so reviewers can audit it")]))
            }
            var template: TextTemplateSyntax?
            if case .scalar(let s)? = m["text"] { template = Self.template(s, into: &diagnostics) }
            var declaration = RecommendationDeclaration(
                id: id,
                text: Scalars.string(m.require("text", into: &diagnostics), what: "text", into: &diagnostics),
                direction: m.require("direction", into: &diagnostics).flatMap { Scalars.choice($0, Direction.self, what: "direction", into: &diagnostics) },
                action: Scalars.identifier(m["action"], what: "action", into: &diagnostics),
                level: level, citations: citations,
                quote: Scalars.string(m["quote"], what: "quote", into: &diagnostics),
                section: Scalars.string(m["section"], what: "section", into: &diagnostics)?.value,
                notes: notes, span: entry.value.span)
            declaration.template = template
            document.recommendations.append(declaration)
        }
    }

    /// The `{value}` pieces of a text, or `nil` for a text without `{` or `}`.
    static func template(_ scalar: YAMLScalar, into diagnostics: inout [Diagnostic]) -> TextTemplateSyntax? {
        guard scalar.value.contains("{") || scalar.value.contains("}") else { return nil }
        let template = TextTemplateSyntax.parse(scalar, into: &diagnostics)
        return template.showsValues ? template : nil
    }

    /// `eads2023`, `eads2023 § frontline` or `eads2023#frontline`.
    static func citationReference(_ written: Located<String>) -> CitationReference {
        let separators: Set<Character> = ["§", "#"]
        guard let index = written.value.firstIndex(where: separators.contains) else {
            return CitationReference(citation: written.value.trimmed, section: nil, span: written.span)
        }
        let citation = String(written.value[..<index]).trimmed
        let section = String(written.value[written.value.index(after: index)...]).trimmed
        return CitationReference(citation: citation, section: section, span: written.span)
    }

    mutating func decodeTrees(_ node: YAMLNode?, into diagnostics: inout [Diagnostic]) {
        for treeNode in Scalars.list(node, what: "trees", into: &diagnostics) {
            if let tree = decodeTreeNode(treeNode, isRoot: true, depth: 0, into: &diagnostics) { document.trees.append(tree) }
        }
    }

    private mutating func decodeTreeNode(_ node: YAMLNode, isRoot: Bool, depth: Int, into diagnostics: inout [Diagnostic]) -> TreeNode? {
        let keys = ["id", "title", "section", "when", "select", "recommend", "branches", "description"]
        guard let m = MappingReader(node, what: isRoot ? "a decision tree" : "a tree node", allowed: keys, into: &diagnostics),
              let id = Scalars.identifier(m.require("id", into: &diagnostics), what: "node id", into: &diagnostics) else { return nil }
        _ = claim(id, kind: "tree node", into: &diagnostics)
        var when: Condition?
        var isOtherwise = false
        if let whenNode = m["when"] {
            if case .scalar(let s) = whenNode, s.value == "otherwise", s.style == .plain {
                isOtherwise = true
            } else {
                when = Scalars.condition(whenNode, what: "condition", into: &diagnostics)
            }
        } else if !isRoot {
            diagnostics.append(Diagnostic(.missingKey, "missing key `when` in tree node `\(id.value)`", at: id.span,
                                          notes: [.init("a branch needs a condition, or `when: otherwise` under `select: first`")]))
        }
        var select = BranchSelection.all
        if let s = Scalars.string(m["select"], what: "select", into: &diagnostics) {
            if let value = BranchSelection(rawValue: s.value) { select = value } else {
                diagnostics.append(Diagnostic(.invalidValue, "`\(s.value)` is not a valid select", at: s.span,
                                              notes: [.init("expected `all` or `first`")],
                                              suggestions: Suggest.closest(to: s.value, in: ["all", "first"]).map { [.replace(with: $0)] } ?? []))
            }
        }
        let recommend = Scalars.list(m["recommend"], what: "recommend", into: &diagnostics)
            .compactMap { Scalars.string($0, what: "recommendation id", into: &diagnostics) }
        var branches: [TreeNode] = []
        for child in Scalars.list(m["branches"], what: "branches", into: &diagnostics) {
            if let decoded = decodeTreeNode(child, isRoot: false, depth: depth + 1, into: &diagnostics) { branches.append(decoded) }
        }
        if recommend.isEmpty && branches.isEmpty {
            diagnostics.append(Diagnostic(.emptyNode, "tree node `\(id.value)` neither recommends anything nor has branches", at: id.span))
        }
        return TreeNode(id: id, title: Scalars.string(m["title"], what: "title", into: &diagnostics)?.value,
                        section: Scalars.string(m["section"], what: "section", into: &diagnostics)?.value,
                        when: when, isOtherwise: isOtherwise, select: select, recommend: recommend, branches: branches, span: node.span)
    }

    mutating func decodeTests(_ node: YAMLNode?, into diagnostics: inout [Diagnostic]) {
        let keys = ["id", "description", "patient", "given", "not_given", "undetermined", "derived"]
        for testNode in Scalars.list(node, what: "tests", into: &diagnostics) {
            guard let m = MappingReader(testNode, what: "a test", allowed: keys, into: &diagnostics),
                  let id = Scalars.identifier(m.require("id", into: &diagnostics), what: "test id", into: &diagnostics),
                  claim(id, kind: "test", into: &diagnostics),
                  let patient = m.require("patient", into: &diagnostics) else { continue }
            func ids(_ key: String) -> [Located<String>] {
                Scalars.list(m[key], what: key, into: &diagnostics).compactMap { Scalars.string($0, what: "recommendation id", into: &diagnostics) }
            }
            let given = ids("given"), notGiven = ids("not_given"), undetermined = ids("undetermined")
            var derived: [DerivedExpectation] = []
            if let node = m["derived"] {
                if case .mapping(let entries, _) = node {
                    for entry in entries {
                        guard case .scalar = entry.value else {
                            diagnostics.append(Diagnostic(.wrongValueType, "the expected value of `\(entry.key.value)` must be a single value, such as `true`, an enumeration value or a number",
                                                          at: entry.value.span))
                            continue
                        }
                        derived.append(DerivedExpectation(name: Located(entry.key.value, at: entry.key.span), value: entry.value))
                    }
                } else {
                    diagnostics.append(Diagnostic(.wrongValueType, "`derived` must map derived facts to their expected values, as in `derived: { minen: true }`", at: node.span))
                }
            }
            if given.isEmpty && notGiven.isEmpty && undetermined.isEmpty && derived.isEmpty {
                diagnostics.append(Diagnostic(.missingKey, "test `\(id.value)` expects nothing; add `given`, `not_given`, `undetermined` or `derived`", at: id.span))
            }
            var test = TestCase(id: id, description: Scalars.string(m["description"], what: "description", into: &diagnostics)?.value,
                                patient: patient, given: given, notGiven: notGiven, undetermined: undetermined, span: testNode.span)
            test.derived = derived
            document.tests.append(test)
        }
    }
}

extension String {
    var trimmed: String {
        var s = Substring(self)
        while let f = s.first, f == " " || f == "\t" { s = s.dropFirst() }
        while let l = s.last, l == " " || l == "\t" { s = s.dropLast() }
        return String(s)
    }
}
