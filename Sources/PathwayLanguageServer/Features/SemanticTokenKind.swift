/// The token types the server reports, in legend order (LSP 3.17, "Semantic Tokens": the
/// `SemanticTokensLegend` of the `semanticTokensProvider` capability; a token's type is its index
/// here). Only standard `SemanticTokenTypes` are used, so every theme colours them.
enum SemanticTokenKind: Int, CaseIterable, Sendable {
    /// A fact.
    case fact
    /// A derived fact (a named expression over facts).
    case derivedFact
    /// An enumeration value, or a level of an evidence scheme.
    case value
    /// `and`, `or`, `not`, `in`, `true`, `false` and `known`.
    case keyword
    /// A comparison, `+ - * /`, `..`.
    case `operator`
    /// A number or a date.
    case number
    /// A unit after a number (`cm`, `mg/dL`, `%`).
    case unit
    /// A recommendation id.
    case recommendation
    /// A citation id.
    case citation
    /// A section anchor of a citation (`§ pathology`).
    case section
    /// An evidence scheme.
    case scheme

    /// The `SemanticTokenTypes` name in the legend.
    var legendName: String {
        switch self {
        case .fact: "variable"
        case .derivedFact: "function"
        case .value: "enumMember"
        case .keyword: "keyword"
        case .operator: "operator"
        case .number: "number"
        case .unit: "type"
        case .recommendation: "class"
        case .citation: "namespace"
        case .section: "property"
        case .scheme: "enum"
        }
    }
}

/// The token modifiers, in legend order: a token's modifiers are a bit set of these indices.
enum SemanticTokenModifier: Int, CaseIterable, Sendable {
    /// Where the name is declared (`name:` of a fact, `id:` of a recommendation).
    case declaration

    var legendName: String {
        switch self {
        case .declaration: "declaration"
        }
    }
}
