import PathwayDiagnostics
import PathwaySyntax

/// One declaration reduced to what a diff compares: its identity and canonical fields, with every
/// reference of the old version already translated into new names.
struct Snapshot {
    /// What is reported for the declaration.
    var entity: StructuralChange.Entity
    /// What matches the declaration across versions within its namespace (the id, or `table › row`).
    var identity: String
    /// The id in new names (translated for the old version).
    var id: String
    /// The id as written in its own version.
    var writtenID: String
    /// The enclosing table or tree, in new names.
    var container: String?
    /// The canonical fields, in the entity's fixed order.
    var fields: [FieldValue]
    /// Where the declaration is written.
    var span: SourceSpan
    /// Everything but the id (and the placement), used to recognise a rename.
    var renameKey: String
    /// Where the declaration sits among its siblings, for entities whose order can matter.
    var placement: Placement?

    /// Creates a snapshot whose rename key is its entity, fields (without the placement fields) and,
    /// when `containerInKey` (ids unique only within the container), its container.
    init(entity: StructuralChange.Entity, identity: String, id: String, writtenID: String, container: String?,
         fields: [FieldValue], span: SourceSpan, extraKey: String = "", placement: Placement? = nil, containerInKey: Bool = true) {
        self.entity = entity
        self.identity = identity
        self.id = id
        self.writtenID = writtenID
        self.container = container
        self.fields = fields
        self.span = span
        self.placement = placement
        self.renameKey = ([entity.rawValue, containerInKey ? container ?? "" : ""] + fields.filter { !FieldValue.placementFields.contains($0.name) }.map(\.keyText) + [extraKey])
            .joined(separator: "\u{1F}")
    }
}

/// The position of a tree node among its parent's branches, or of a row in its table.
struct Placement {
    /// The parent node or the table, in new names.
    var group: String
    /// Whether the order of the siblings changes the outcome (`select: first`, `first` and `priority` tables).
    var orderMatters: Bool
    /// The 1-based position among the siblings.
    var index: Int
    /// The siblings and why their order matters, e.g. `the branches of early (select: first)`.
    var siblings: String
}

/// One canonical field of a snapshot, with what is needed to summarise a change to it.
struct FieldValue {
    /// How a change to the field is summarised.
    enum Shape {
        /// A plain value: old and new say it all.
        case plain
        /// An unordered collection; changes are listed as added and removed members.
        case members(noun: String, items: [String])
        /// An ordered collection; changes are listed as added and removed members, or as a reordering.
        case sequence(noun: String, items: [String])
        /// A condition; a change of literals only is summarised as such.
        case condition(Expression?)
        /// A fact's range; a change is summarised per bound.
        case range(min: String?, max: String?)
        /// A mapping such as a test's patient; a change is summarised per key.
        case entries([String: String])
    }

    /// Fields that describe where an entity sits rather than what it says.
    static let placementFields: Set<String> = ["parent", "position"]

    /// The field name, e.g. `level` or `cells.tumor_size`.
    var name: String
    /// The canonical text, `nil` when absent.
    var text: String?
    /// How a change is summarised.
    var shape: Shape

    /// A plain field.
    static func plain(_ name: String, _ text: String?) -> FieldValue {
        FieldValue(name: name, text: text, shape: .plain)
    }

    /// An unordered collection, canonically sorted so that the order written does not matter.
    static func members(_ name: String, noun: String, _ items: [String]) -> FieldValue {
        let sorted = Array(Set(items)).sorted()
        return FieldValue(name: name, text: items.isEmpty ? nil : CanonicalText.list(sorted), shape: .members(noun: noun, items: sorted))
    }

    /// An ordered collection.
    static func sequence(_ name: String, noun: String, _ items: [String]) -> FieldValue {
        FieldValue(name: name, text: items.isEmpty ? nil : CanonicalText.list(items), shape: .sequence(noun: noun, items: items))
    }

    /// A condition in canonical form, or `otherwise`.
    static func condition(_ name: String, _ condition: Condition?, otherwise: Bool = false, translate: Translator) -> FieldValue {
        if otherwise { return FieldValue(name: name, text: "otherwise", shape: .plain) }
        guard let condition else { return FieldValue(name: name, text: nil, shape: .condition(nil)) }
        let expression = condition.expression.map { ExpressionCanonicalForm.canonical($0, translate: translate) }
        return FieldValue(name: name, text: expression?.description ?? condition.text.trimmingWhitespace, shape: .condition(expression))
    }

    /// The field as part of a rename key.
    var keyText: String { name + "=" + (text ?? "∅") }
}
