import PathwaySyntax
import PathwayYAML

/// Canonical renderings of declaration parts: one text per meaning, whatever the YAML style,
/// quoting, key order or number spelling the author chose.
enum CanonicalText {
    /// `[a, b, c]`.
    static func list(_ items: [String]) -> String {
        "[" + items.joined(separator: ", ") + "]"
    }

    /// A range bound or other written number, in its shortest exact form with its unit: `0.5 cm`.
    static func number(_ n: NumberSyntax?) -> String? {
        guard let n else { return nil }
        return n.unit.map { "\(n.value) \($0.value)" } ?? n.value.description
    }

    /// A fact's range, `0 .. 4`, `>= 0` or `<= 4`; `nil` when it has none.
    static func range(min: String?, max: String?) -> String? {
        switch (min, max) {
        case (let lo?, let hi?): "\(lo) .. \(hi)"
        case (let lo?, nil): ">= \(lo)"
        case (nil, let hi?): "<= \(hi)"
        case (nil, nil): nil
        }
    }

    /// The type name of a fact, as written under `type`.
    static func typeName(_ type: FactTypeSyntax) -> String {
        switch type {
        case .boolean: "boolean"
        case .integer: "integer"
        case .number: "number"
        case .quantity: "quantity"
        case .percentage: "percentage"
        case .date: "date"
        case .enumeration: "enum"
        }
    }

    /// The unit of a fact, if its type has one.
    static func unit(_ type: FactTypeSyntax) -> String? {
        switch type {
        case .number(let unit): unit?.value
        case .quantity(let unit): unit.value
        default: nil
        }
    }

    /// The values of an enumerated fact, empty for other types.
    static func enumValues(_ type: FactTypeSyntax) -> [String] {
        if case .enumeration(let values) = type { return values.map(\.value) }
        return []
    }

    /// `eads2023 § frontline`, with the citation in new names.
    static func citation(_ reference: CitationReference, translate: Translator) -> String {
        let id = translate(.citation, reference.citation)
        return reference.section.map { "\(id) § \($0)" } ?? id
    }

    /// The notes of a recommendation, in order, each as `kind: text`.
    static func notes(_ notes: [RecommendationNote]) -> String? {
        notes.isEmpty ? nil : notes.map { "\($0.kind): \($0.text)" }.joined(separator: " | ")
    }

    /// A test's patient as a flow mapping with sorted keys, facts in new names; quoting matters only
    /// where it changes how the value is read (a quoted `"true"` is a string, a plain `true` a boolean).
    static func patient(_ node: YAMLNode, translate: Translator) -> FieldValue {
        guard case .mapping(let entries, _) = node else { return .plain("patient", yaml(node)) }
        let translated = entries.map { (key: translate(.fact, $0.key.value), value: $0.value) }
        let values = Dictionary(translated.map { ($0.key, yaml($0.value)) }, uniquingKeysWith: { first, _ in first })
        return FieldValue(name: "patient", text: mapping(translated), shape: .entries(values))
    }

    /// Any YAML value in the canonical flow form used for patients.
    static func yaml(_ node: YAMLNode) -> String {
        switch node {
        case .scalar(let s): return scalar(s)
        case .sequence(let items, _): return list(items.map(yaml))
        case .mapping(let entries, _): return mapping(entries.map { ($0.key.value, $0.value) })
        }
    }

    private static func mapping(_ entries: [(key: String, value: YAMLNode)]) -> String {
        "{" + entries.sorted { $0.key < $1.key }.map { "\($0.key): \(yaml($0.value))" }.joined(separator: ", ") + "}"
    }

    private static func scalar(_ s: YAMLScalar) -> String {
        let readAsKeyword = ["true", "false", "null", "~", ""].contains(s.value)
        if s.style == .plain {
            if s.value.isEmpty || s.value == "~" { return "null" }
            // Numbers are compared by value, so `1.0` and `1` are the same patient.
            if !readAsKeyword, let r = Rational(decimal: s.value) { return r.description }
            return s.value
        }
        return readAsKeyword ? "\"\(s.value)\"" : s.value
    }
}
