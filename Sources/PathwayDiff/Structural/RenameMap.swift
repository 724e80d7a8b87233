/// The id spaces a rename can happen in. Facts and derived facts share one, because conditions
/// name both alike; rows are keyed by their table, because row ids are only unique within it.
enum RenameSpace: Hashable, Sendable {
    case fact, citation, recommendation, node, table, row, test

    /// Facts and citations live in vocabularies that every guideline imports, so their renames
    /// apply across documents; every other id is local to its guideline.
    var isShared: Bool { self == .fact || self == .citation }
}

/// Old id → new id for every rename found so far, so old declarations can be read in new names.
struct RenameMap: Sendable {
    private var shared: [RenameSpace: [String: String]] = [:]
    private var local: [String: [RenameSpace: [String: String]]] = [:]

    /// Records that `oldKey` (an id, or `table/row` for rows) in `document` is now called `newID`.
    mutating func record(_ space: RenameSpace, document: String, oldKey: String, newID: String) {
        if space.isShared {
            // The first rename found wins, so a second document cannot redirect an already renamed id.
            if shared[space]?[oldKey] == nil { shared[space, default: [:]][oldKey] = newID }
        } else {
            local[document, default: [:]][space, default: [:]][oldKey] = newID
        }
    }

    /// The translator that reads the old version of `document` in new names.
    func translator(for document: String) -> Translator {
        var maps = shared
        for (space, map) in local[document] ?? [:] { maps[space] = map }
        return Translator(maps: maps)
    }
}

/// Translates old ids into new ones; the identity for the new version.
struct Translator: Sendable {
    fileprivate var maps: [RenameSpace: [String: String]]

    /// The translator that changes nothing, for reading the new version.
    static let identity = Translator(maps: [:])

    /// The new name of `id` in `space`, or `id` itself when it was not renamed.
    func callAsFunction(_ space: RenameSpace, _ id: String) -> String {
        maps[space]?[id] ?? id
    }

    /// The new id of row `row` of the table whose (already translated) id is `table`.
    func row(_ row: String, inTable table: String) -> String {
        maps[.row]?[RowKey.make(table: table, row: row)] ?? row
    }
}

/// How a row is identified across versions: its table's new id and its own id.
enum RowKey {
    /// The identity of `row` in `table`; the separator cannot occur in ids.
    static func make(table: String, row: String) -> String { table + " › " + row }
}
