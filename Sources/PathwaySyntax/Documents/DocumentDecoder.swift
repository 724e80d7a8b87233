import PathwayDiagnostics
import PathwayYAML

/// Decodes a YAML tree into a ``GuidelineDocument``, reporting every structural problem:
/// unknown keys (with suggestions), missing keys, wrong value types, invalid ids and duplicates,
/// and syntax errors in conditions.
///
/// ```swift
/// let yaml = YAMLLoader.load(text: source, path: "g.yaml")
/// if let root = yaml.root {
///     let decoded = DocumentDecoder.decode(root, path: "g.yaml")
///     // decoded.document, decoded.diagnostics
/// }
/// ```
public enum DocumentDecoder {
    /// The decoded document (`nil` if the file is not a guideline document at all) and the problems found.
    public struct Result: Sendable {
        /// The decoded document, or `nil` if the file is not a guideline or vocabulary document at all.
        public var document: GuidelineDocument?
        /// Every problem found while decoding, in the order found.
        public var diagnostics: [Diagnostic]
    }

    static let guidelineKeys = ["kind", "id", "title", "version", "published", "status", "source", "imports", "citations",
                                "schemes", "facts", "derived", "recommendations", "trees", "tables", "tests", "description", "scope"]
    static let vocabularyKeys = ["kind", "id", "title", "version", "description", "facts", "derived", "citations", "schemes"]

    /// Decodes the root node of a document loaded from `path`.
    public static func decode(_ root: YAMLNode, path: String) -> Result {
        var diagnostics: [Diagnostic] = []
        guard case .mapping(let topEntries, _) = root else {
            diagnostics.append(Diagnostic(.wrongValueType, "expected a mapping at the top of a guideline document, found \(root.shapeDescription)", at: root.span))
            return Result(document: nil, diagnostics: diagnostics)
        }
        let kindNode = topEntries.first { $0.key.value == "kind" }?.value
        let kind: DocumentKind
        if let kindNode {
            guard let k = Scalars.choice(kindNode, DocumentKind.self, what: "document kind", into: &diagnostics) else {
                return Result(document: nil, diagnostics: diagnostics)
            }
            kind = k.value
        } else {
            diagnostics.append(Diagnostic(.missingKey, "missing key `kind` at the top of the document", at: root.span.startOnly,
                                          notes: [.init("write `kind: guideline` or `kind: vocabulary`")]))
            return Result(document: nil, diagnostics: diagnostics)
        }
        let allowed = kind == .guideline ? guidelineKeys : vocabularyKeys
        guard let top = MappingReader(root, what: "a \(kind.rawValue) document", allowed: allowed, into: &diagnostics) else {
            return Result(document: nil, diagnostics: diagnostics)
        }
        let id = top.require("id", into: &diagnostics).flatMap { Scalars.identifier($0, what: "document id", into: &diagnostics) }
            ?? Located("", at: root.span.startOnly)
        var d = DocumentBuilder(document: GuidelineDocument(path: path, kind: kind, id: id))
        d.decodeIdentity(top, into: &diagnostics)
        d.decodeCitations(top["citations"], into: &diagnostics)
        d.decodeSchemes(top["schemes"], into: &diagnostics)
        d.decodeFacts(top["facts"], into: &diagnostics)
        d.decodeDerived(top["derived"], into: &diagnostics)
        if kind == .guideline {
            d.decodeScope(top["scope"], keySpan: top.keySpan("scope"), into: &diagnostics)
            d.decodeRecommendations(top["recommendations"], into: &diagnostics)
            d.decodeTrees(top["trees"], into: &diagnostics)
            d.decodeTables(top["tables"], into: &diagnostics)
            d.decodeTests(top["tests"], into: &diagnostics)
        }
        return Result(document: d.document, diagnostics: diagnostics)
    }
}

/// Accumulates a document and checks id uniqueness per kind of declaration.
struct DocumentBuilder {
    var document: GuidelineDocument
    private var seen: [String: [String: SourceSpan]] = [:]

    init(document: GuidelineDocument) {
        self.document = document
    }

    /// Records an id of `kind`; reports a duplicate and returns `false` if it was seen before.
    mutating func claim(_ id: Located<String>, kind: String, into diagnostics: inout [Diagnostic]) -> Bool {
        if let first = seen[kind]?[id.value] {
            diagnostics.append(Diagnostic(.duplicateIdentifier, "duplicate \(kind) id `\(id.value)`", at: id.span,
                                          notes: [.init("first declared here", at: first)]))
            return false
        }
        seen[kind, default: [:]][id.value] = id.span
        return true
    }

    mutating func decodeIdentity(_ top: MappingReader, into diagnostics: inout [Diagnostic]) {
        document.title = Scalars.string(top["title"], what: "title", into: &diagnostics)
        document.version = Scalars.string(top["version"], what: "version", into: &diagnostics)
        document.source = Scalars.identifier(top["source"], what: "source citation id", into: &diagnostics)
        if let status = Scalars.string(top["status"], what: "status", into: &diagnostics) {
            if ["draft", "final"].contains(status.value) {
                document.status = status
            } else {
                diagnostics.append(Diagnostic(.invalidValue, "`\(status.value)` is not a valid status", at: status.span,
                                              notes: [.init("expected `draft` or `final`")],
                                              suggestions: Suggest.closest(to: status.value, in: ["draft", "final"]).map { [.replace(with: $0)] } ?? []))
            }
        }
        if let published = Scalars.string(top["published"], what: "publication date", into: &diagnostics) {
            if Self.isDate(published.value) {
                document.published = published
            } else {
                diagnostics.append(Diagnostic(.wrongValueType, "expected a date `YYYY-MM-DD` for publication date, found `\(published.value)`", at: published.span))
            }
        }
        for node in Scalars.list(top["imports"], what: "imports", into: &diagnostics) {
            if let path = Scalars.string(node, what: "import path", into: &diagnostics) { document.imports.append(path) }
        }
    }

    static func isDate(_ s: String) -> Bool {
        let parts = s.split(separator: "-", omittingEmptySubsequences: false)
        guard (1...3).contains(parts.count), parts[0].count == 4, parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy(\.isNumber) }) else { return false }
        if parts.count >= 2 { guard parts[1].count == 2, let m = Int(parts[1]), (1...12).contains(m) else { return false } }
        if parts.count == 3 { guard parts[2].count == 2, let d = Int(parts[2]), (1...31).contains(d) else { return false } }
        return true
    }
}
