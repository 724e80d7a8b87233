import PathwayDiagnostics
import PathwayYAML

/// A guideline's scope: the patients its source addresses. A patient outside it gets nothing from
/// the guideline, and evaluation says so ("outside the scope of this guideline") instead of staying
/// silent; where the scope depends on missing facts, every recommendation of the guideline waits
/// for them.
///
/// ```yaml
/// scope:
///   when: gep_primary or gynecologic_primary
///   text: High-grade neuroendocrine neoplasms of gastroenteropancreatic or gynecologic origin
///   quote: for the management of high-grade NENs of gastroenteropancreatic and gynecologic origin
/// ```
public struct ScopeDeclaration: Hashable, Sendable {
    /// The condition a patient must meet for the guideline to apply.
    public var when: Condition
    /// Who the guideline is for, in words, shown to a patient outside it.
    public var text: Located<String>
    /// The source's own words for its scope, verbatim (optional).
    public var quote: Located<String>?
    /// Where `scope` is written.
    public var span: SourceSpan
}

extension DocumentBuilder {
    /// Decodes a guideline's `scope` mapping (`when`, `text`, optional `quote`).
    mutating func decodeScope(_ node: YAMLNode?, keySpan: SourceSpan?, into diagnostics: inout [Diagnostic]) {
        guard let node else { return }
        guard let m = MappingReader(node, what: "the scope", allowed: ["when", "text", "quote"], owner: keySpan, into: &diagnostics) else { return }
        let when = Scalars.condition(m.require("when", into: &diagnostics), what: "scope condition", into: &diagnostics)
        let text = Scalars.string(m.require("text", into: &diagnostics), what: "scope text", into: &diagnostics)
        let quote = Scalars.string(m["quote"], what: "scope quote", into: &diagnostics)
        guard let when, let text else { return }
        document.scope = ScopeDeclaration(when: when, text: text, quote: quote, span: keySpan ?? node.span)
    }
}
