import PathwayYAML

/// Reading FHIR JSON (loaded by the strict YAML loader, so every element keeps its span).
extension YAMLNode {
    /// The value of `key` in a mapping, if any.
    public func member(_ key: String) -> YAMLNode? {
        guard case .mapping(let entries, _) = self else { return nil }
        return entries.first { $0.key.value == key }?.value
    }

    /// The entry of `key` in a mapping, if any (its key carries the key's span).
    public func entry(_ key: String) -> YAMLMappingEntry? {
        guard case .mapping(let entries, _) = self else { return nil }
        return entries.first { $0.key.value == key }
    }

    /// The node at a dotted path (`effectivePeriod.end`).
    public func member(path: String) -> YAMLNode? {
        var node: YAMLNode? = self
        for part in path.split(separator: ".") { node = node?.member(String(part)) }
        return node
    }

    /// The text of a scalar, if the node is one.
    public var text: String? {
        guard case .scalar(let s) = self else { return nil }
        return s.value
    }

    /// The elements of a list; a single non-list value counts as a list of one (FHIR never does this,
    /// but reading it so costs nothing and keeps lookups simple).
    public var elements: [YAMLNode] {
        switch self {
        case .sequence(let items, _): items
        case .mapping, .scalar: [self]
        }
    }

    /// The codings of a CodeableConcept (`{coding: [{system, code}]}`).
    public var codings: [FHIRCoding] {
        guard let list = member("coding") else { return [] }
        return list.elements.compactMap { coding in
            guard let code = coding.member("code")?.text else { return nil }
            return FHIRCoding(system: coding.member("system")?.text ?? "", code: code, span: coding.span)
        }
    }
}

/// One coding of a FHIR CodeableConcept.
public struct FHIRCoding: Hashable, Sendable {
    /// The code system URI (`http://loinc.org`), empty when the coding has none.
    public var system: String
    /// The code.
    public var code: String
    /// Where the coding is.
    var span: SourceSpanBox

    init(system: String, code: String, span: SourceSpan) {
        self.system = system
        self.code = code
        self.span = SourceSpanBox(span)
    }

    /// `system|code`, as FHIR search writes a token.
    public var token: String { "\(system)|\(code)" }
}

import PathwayDiagnostics

/// A span that does not take part in equality (two codings are equal when system and code are).
struct SourceSpanBox: Hashable, Sendable {
    let span: SourceSpan
    init(_ span: SourceSpan) { self.span = span }
    static func == (lhs: Self, rhs: Self) -> Bool { true }
    func hash(into hasher: inout Hasher) {}
}
