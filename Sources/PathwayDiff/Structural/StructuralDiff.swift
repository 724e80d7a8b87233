import PathwayDiagnostics
import PathwaySyntax

// Temporary stand-in until the structural diff lands.
public enum StructuralDiff {
    public static func compare(old: [GuidelineDocument], new: [GuidelineDocument]) -> [StructuralChange] { [] }
}

public struct StructuralChange: Hashable, Sendable {
    public enum Kind: String, Sendable { case added, removed, changed, renamed, moved }
    public enum Entity: String, Sendable { case document, fact, derivedFact = "derived_fact", citation, scheme, recommendation, tree, treeNode = "tree_node", table, tableRow = "table_row", test }
    public let kind: Kind
    public let entity: Entity
    public let document: String
    public let id: String
    public let oldID: String?
    public let container: String?
    public func textLines() -> [String] { [] }
    public var json: JSONValue { .null }
    public func markdownLines() -> [String] { [] }
}
