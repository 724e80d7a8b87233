import PathwayDiagnostics
import PathwaySyntax
import PathwayYAML

/// What a name in a guideline document names.
enum SymbolKind: String, Sendable {
    /// A fact or a derived fact (one namespace: conditions use both alike).
    case fact
    case recommendation
    case citation
    /// A section anchor of a citation (`eads2023 § pathology`).
    case section
    case scheme
    case level
}

/// A declared thing, as the compiler resolves names: facts are shared by the whole compile unit,
/// a recommendation belongs to its guideline, a citation or scheme to the document that declares it
/// (seen by the documents that import it), a level or section to its scheme or citation.
struct SymbolKey: Hashable, Sendable {
    var kind: SymbolKind
    var name: String
    /// The declaring document's path (`""` for facts), and for levels and sections `#` and the owner.
    var scope: String
}

/// One place a symbol is written.
struct Occurrence: Hashable, Sendable {
    var key: SymbolKey
    /// Exactly the name's characters.
    var span: SourceSpan
    var isDeclaration: Bool
}

/// Every declaration and reference of the documents of a compile unit, by place.
struct SymbolIndex: Sendable {
    private(set) var occurrences: [Occurrence] = []
    /// The documents indexed, by path.
    let documents: [String: GuidelineDocument]
    /// Fact and derived-fact declarations by name.
    private(set) var facts: [String: FactDeclaration] = [:]
    private(set) var derived: [String: DerivedFactDeclaration] = [:]

    init(documents: [GuidelineDocument], text: SourceText) {
        self.documents = Dictionary(documents.map { ($0.path, $0) }, uniquingKeysWith: { first, _ in first })
        for d in documents.sorted(by: { $0.path < $1.path }) {
            for f in d.facts where facts[f.name.value] == nil { facts[f.name.value] = f }
            for f in d.derived where derived[f.name.value] == nil { derived[f.name.value] = f }
        }
        var builder = Builder(index: self, text: text)
        for d in documents { builder.add(d) }
        occurrences = Array(Set(builder.found)).sorted { ($0.span, $0.key.kind.rawValue) < ($1.span, $1.key.kind.rawValue) }
    }

    /// The enumeration values of a fact or an enumerated derived fact, in the order written.
    func enumValues(of name: String) -> [String]? {
        if let f = facts[name], case .enumeration(let values) = f.type { return values.map(\.value) }
        if let d = derived[name], case .cases(let values, _, _) = d.definition { return values.map(\.value) }
        return nil
    }

    /// The occurrence whose name contains the position (1-based line and scalar column), if any;
    /// the position just after a name counts, as editors place the cursor there.
    func occurrence(in file: String, line: Int, column: Int) -> Occurrence? {
        occurrences.first { o in
            o.span.file == file && o.span.start.line == line && o.span.start.column <= column && column <= o.span.end.column
        }
    }

    /// Every occurrence of a symbol, declarations first, in place order.
    func occurrences(of key: SymbolKey) -> [Occurrence] {
        occurrences.filter { $0.key == key }.sorted { ($0.isDeclaration ? 0 : 1, $0.span) < ($1.isDeclaration ? 0 : 1, $1.span) }
    }

    func declaration(of key: SymbolKey) -> Occurrence? { occurrences.first { $0.key == key && $0.isDeclaration } }

    /// The paths a document sees declarations in: itself, then its imports.
    func visiblePaths(from path: String) -> [String] {
        guard let d = documents[path] else { return [path] }
        let directory = Paths.directory(of: path)
        return [path] + d.imports.map { Paths.normalize(directory + "/" + $0.value) }
    }

    /// The document declaring citation (or scheme) `name`, as seen from `path`.
    func declaringPath(ofCitation name: String, from path: String) -> String? {
        visiblePaths(from: path).first { documents[$0]?.citations.contains { $0.id.value == name } ?? false }
    }

    func declaringPath(ofScheme name: String, from path: String) -> String? {
        visiblePaths(from: path).first { documents[$0]?.schemes.contains { $0.id.value == name } ?? false }
    }

    private struct Builder {
        let index: SymbolIndex
        let text: SourceText
        var found: [Occurrence] = []

        mutating func add(_ key: SymbolKey, _ name: String, _ span: SourceSpan, declaration: Bool = false) {
            guard let exact = text.exact(name, in: span) else { return }
            found.append(Occurrence(key: key, span: exact, isDeclaration: declaration))
        }

        mutating func fact(_ name: String, _ span: SourceSpan, declaration: Bool = false) {
            guard declaration || index.facts[name] != nil || index.derived[name] != nil else { return }
            add(SymbolKey(kind: .fact, name: name, scope: ""), name, span, declaration: declaration)
        }

        mutating func add(_ d: GuidelineDocument) {
            for f in d.facts { fact(f.name.value, f.name.span, declaration: true) }
            for f in d.derived { fact(f.name.value, f.name.span, declaration: true) }
            for written in d.writtenConditions { condition(written.condition) }
            for c in d.citations {
                let key = SymbolKey(kind: .citation, name: c.id.value, scope: d.path)
                add(key, c.id.value, c.id.span, declaration: true)
                for s in c.sections {
                    add(SymbolKey(kind: .section, name: s.id.value, scope: d.path + "#" + c.id.value), s.id.value, s.id.span, declaration: true)
                }
            }
            for s in d.schemes {
                add(SymbolKey(kind: .scheme, name: s.id.value, scope: d.path), s.id.value, s.id.span, declaration: true)
                for l in s.levels {
                    add(SymbolKey(kind: .level, name: l.id.value, scope: d.path + "#" + s.id.value), l.id.value, l.id.span, declaration: true)
                }
            }
            if let source = d.source { citation(CitationReference(citation: source.value, section: nil, span: source.span), in: d.path) }
            for r in d.recommendations {
                add(SymbolKey(kind: .recommendation, name: r.id.value, scope: d.path), r.id.value, r.id.span, declaration: true)
                r.citations.forEach { citation($0, in: d.path) }
                if let level = r.level, let owner = index.declaringPath(ofScheme: level.scheme.value, from: d.path) {
                    add(SymbolKey(kind: .scheme, name: level.scheme.value, scope: owner), level.scheme.value, level.scheme.span)
                    add(SymbolKey(kind: .level, name: level.value.value, scope: owner + "#" + level.scheme.value), level.value.value, level.value.span)
                }
            }
            let recommendation = { (id: Located<String>) in SymbolKey(kind: .recommendation, name: id.value, scope: d.path) }
            func tree(_ node: TreeNode, into builder: inout Builder) {
                for id in node.recommend { builder.add(recommendation(id), id.value, id.span) }
                for branch in node.branches { tree(branch, into: &builder) }
            }
            for t in d.trees { tree(t, into: &self) }
            for t in d.tables {
                for input in t.inputs { fact(input.value, input.span) }
                for row in t.rows {
                    for cell in row.cells { fact(cell.column.value, cell.column.span) }
                    for id in row.recommend { add(recommendation(id), id.value, id.span) }
                }
            }
            for test in d.tests {
                for id in test.given + test.notGiven + test.undetermined { add(recommendation(id), id.value, id.span) }
                if case .mapping(let entries, _) = test.patient {
                    for entry in entries { fact(entry.key.value, entry.key.span) }
                }
            }
        }

        mutating func citation(_ reference: CitationReference, in path: String) {
            guard let owner = index.declaringPath(ofCitation: reference.citation, from: path) else { return }
            guard let at = text.occurrences(of: reference.citation, in: reference.span).first else { return }
            found.append(Occurrence(key: SymbolKey(kind: .citation, name: reference.citation, scope: owner), span: at, isDeclaration: false))
            if let section = reference.section, !section.isEmpty {
                let after = SourceSpan(file: at.file, start: at.end, end: reference.span.end)
                add(SymbolKey(kind: .section, name: section, scope: owner + "#" + reference.citation), section, after)
            }
        }

        /// Records the facts a condition names (not the enumeration values it compares with).
        mutating func condition(_ c: Condition) {
            guard let e = c.expression else { return }
            for case (.fact(let name), let span) in e.parts(isEnumerated: { index.enumValues(of: $0) != nil }) { fact(name, span) }
        }
    }
}
