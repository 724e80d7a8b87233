import PathwaySyntax

/// The kinds of declaration compared, in the order renames are looked for: a kind's content may
/// refer only to kinds before it, so its old content can be read in new names before it is compared.
enum Namespace: CaseIterable {
    case citation, scheme, fact, derivedFact, recommendation, node, table, row, test

    /// The id space renames of this kind are recorded in; `nil` for kinds that are never renamed.
    var renameSpace: RenameSpace? {
        switch self {
        case .citation: .citation
        case .scheme: nil
        case .fact, .derivedFact: .fact
        case .recommendation: .recommendation
        case .node: .node
        case .table: .table
        case .row: .row
        case .test: .test
        }
    }

    /// The snapshots of this kind in `document`, read through `translate`.
    func snapshots(of document: GuidelineDocument, translate: Translator) -> [Snapshot] {
        switch self {
        case .citation: DeclarationSnapshots.citations(document, translate: translate)
        case .scheme: DeclarationSnapshots.schemes(document, translate: translate)
        case .fact: DeclarationSnapshots.facts(document, translate: translate)
        case .derivedFact: DeclarationSnapshots.derivedFacts(document, translate: translate)
        case .recommendation: DeclarationSnapshots.recommendations(document, translate: translate)
        case .node: TreeSnapshots.nodes(document, translate: translate)
        case .table: TableSnapshots.tables(document, translate: translate)
        case .row: TableSnapshots.rows(document, translate: translate)
        case .test: DeclarationSnapshots.tests(document, translate: translate)
        }
    }
}
