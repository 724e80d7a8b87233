import PathwayDiagnostics

/// One difference between two versions of a set of guideline documents, at the level of a declaration.
///
/// Changes are the unit a reviewer reads: a renamed recommendation is one change, not a removal
/// and an addition, and a threshold edit inside a condition is one field of one change.
public struct StructuralChange: Hashable, Sendable {
    /// What happened to the entity.
    public enum Kind: String, Sendable, CaseIterable {
        /// Present only in the new version.
        case added
        /// Present only in the old version.
        case removed
        /// Present in both under the same id, with different content.
        case changed
        /// Same content under a new id.
        case renamed
        /// Same content, but under another parent or at another position where order matters.
        case moved
    }

    /// What kind of declaration changed; the order of the cases is the order of the output.
    public enum Entity: String, Sendable, CaseIterable {
        /// A whole guideline or vocabulary document.
        case document
        /// A fact declaration.
        case fact
        /// A derived fact declaration.
        case derivedFact = "derived_fact"
        /// A citation.
        case citation
        /// A grading scheme.
        case scheme
        /// A recommendation.
        case recommendation
        /// A decision tree, identified by its root node.
        case tree
        /// A node of a decision tree below its root.
        case treeNode = "tree_node"
        /// A decision table.
        case table
        /// A row of a decision table.
        case tableRow = "table_row"
        /// A test case.
        case test
    }

    /// What happened to the entity.
    public let kind: Kind
    /// What kind of declaration changed.
    public let entity: Entity
    /// The id of the document the entity belongs to.
    public let document: String
    /// The entity's id in the new version (the old id for removals).
    public let id: String
    /// The old id, for renames.
    public let oldID: String?
    /// The enclosing entity, when ids are only unique inside it: the table of a row, the tree of a node.
    public let container: String?
    /// What changed, in a fixed field order; for additions and removals, the entity's content.
    public let fields: [FieldChange]
    /// Where the entity is written in the old version, if it exists there.
    public let oldSpan: SourceSpan?
    /// Where the entity is written in the new version, if it exists there.
    public let newSpan: SourceSpan?

    /// Creates a change.
    public init(kind: Kind, entity: Entity, document: String, id: String, oldID: String? = nil, container: String? = nil,
                fields: [FieldChange] = [], oldSpan: SourceSpan? = nil, newSpan: SourceSpan? = nil) {
        self.kind = kind
        self.entity = entity
        self.document = document
        self.id = id
        self.oldID = oldID
        self.container = container
        self.fields = fields
        self.oldSpan = oldSpan
        self.newSpan = newSpan
    }
}

extension StructuralChange {
    /// The key that makes output order independent of the order documents and declarations were written in.
    var sortKey: (String, Int, String, String, Int) {
        (document, Entity.allCases.firstIndex(of: entity) ?? 0, container ?? "", id, Kind.allCases.firstIndex(of: kind) ?? 0)
    }

    /// Whether `lhs` comes before `rhs` in the output: by document, entity, container, id, then kind.
    static func precedes(_ lhs: StructuralChange, _ rhs: StructuralChange) -> Bool {
        lhs.sortKey < rhs.sortKey
    }
}
