import PathwayDiagnostics
import PathwayYAML

/// Whether a document is a guideline or a shared vocabulary.
public enum DocumentKind: String, Hashable, Sendable, CaseIterable {
    case guideline
    case vocabulary
}

/// One YAML document of the guideline language, decoded into declarations with their spans.
///
/// Produced by ``DocumentDecoder``; references between declarations (facts in conditions,
/// recommendations in trees, citations, levels) are not resolved yet: that is the compiler's job.
public struct GuidelineDocument: Hashable, Sendable {
    /// The path the document was loaded from.
    public var path: String
    /// `guideline` or `vocabulary`.
    public var kind: DocumentKind
    /// The document's id.
    public var id: Located<String>
    /// The title, if given.
    public var title: Located<String>?
    /// The version of the encoded guideline, e.g. `1.0.0`.
    public var version: Located<String>?
    /// The publication date of the source (`YYYY-MM-DD`).
    public var published: Located<String>?
    /// `draft` or `final`.
    public var status: Located<String>?
    /// The citation id of the source document this guideline encodes.
    public var source: Located<String>?
    /// Paths of imported vocabularies, relative to this document.
    public var imports: [Located<String>] = []
    /// Citations, in the order written.
    public var citations: [CitationDeclaration] = []
    /// Grading schemes, in the order written.
    public var schemes: [SchemeDeclaration] = []
    /// Fact declarations, in the order written.
    public var facts: [FactDeclaration] = []
    /// Derived facts, in the order written.
    public var derived: [DerivedFactDeclaration] = []
    /// Recommendations, in the order written.
    public var recommendations: [RecommendationDeclaration] = []
    /// Decision trees (their root nodes), in the order written.
    public var trees: [TreeNode] = []
    /// Decision tables, in the order written.
    public var tables: [DecisionTable] = []
    /// Test cases, in the order written.
    public var tests: [TestCase] = []

    /// Creates an empty document.
    public init(path: String, kind: DocumentKind, id: Located<String>) {
        self.path = path
        self.kind = kind
        self.id = id
    }
}

/// A work that recommendations cite.
public struct CitationDeclaration: Hashable, Sendable {
    public var id: Located<String>
    public var authors: [String]
    public var title: String?
    public var venue: String?
    public var year: Int?
    public var doi: String?
    public var pmid: String?
    public var url: String?
    /// Section anchors: id → section title, in the order written.
    public var sections: [(id: Located<String>, title: String)]
    public var span: SourceSpan

    public static func == (lhs: Self, rhs: Self) -> Bool {
        lhs.id == rhs.id && lhs.authors == rhs.authors && lhs.title == rhs.title && lhs.venue == rhs.venue
            && lhs.year == rhs.year && lhs.doi == rhs.doi && lhs.pmid == rhs.pmid && lhs.url == rhs.url
            && lhs.sections.map(\.id) == rhs.sections.map(\.id) && lhs.sections.map(\.title) == rhs.sections.map(\.title)
    }

    public func hash(into hasher: inout Hasher) { hasher.combine(id) }
}

/// A named, ordered grading scheme (strongest level first).
public struct SchemeDeclaration: Hashable, Sendable {
    public var id: Located<String>
    public var title: String?
    public var levels: [Level]
    public var span: SourceSpan

    /// One level of a scheme.
    public struct Level: Hashable, Sendable {
        public var id: Located<String>
        public var definition: String
    }
}

/// The declared type of a fact, as written.
public enum FactTypeSyntax: Hashable, Sendable {
    case boolean
    case integer
    /// `number`, optionally with a unit (then it behaves as a quantity).
    case number(unit: Located<String>?)
    case quantity(unit: Located<String>)
    case percentage
    case enumeration([Located<String>])
}

/// A bound of a fact's range, as written: a number, optionally with a unit.
public struct NumberSyntax: Hashable, Sendable {
    public var value: Rational
    public var unit: Located<String>?
    public var span: SourceSpan
}

/// A patient input.
public struct FactDeclaration: Hashable, Sendable {
    public var name: Located<String>
    public var type: FactTypeSyntax
    public var typeSpan: SourceSpan
    public var minimum: NumberSyntax?
    public var maximum: NumberSyntax?
    public var description: String?
    public var span: SourceSpan
}

/// A named expression over facts.
public struct DerivedFactDeclaration: Hashable, Sendable {
    public var name: Located<String>
    public var description: String?
    public var definition: Definition
    public var span: SourceSpan

    /// How the derived fact is computed.
    public enum Definition: Hashable, Sendable {
        /// A boolean derived fact: the condition itself.
        case boolean(Condition)
        /// An enumeration: the first case whose condition holds gives the value.
        case cases(values: [Located<String>], cases: [Case], otherwise: Located<String>?)
    }

    /// One case of an enumerated derived fact.
    public struct Case: Hashable, Sendable {
        public var when: Condition
        public var value: Located<String>
    }
}

/// `for` or `against`.
public enum Direction: String, Hashable, Sendable, CaseIterable {
    case `for`
    case against
}

/// A reference to a citation, optionally to one of its sections: `eads2023 § frontline`.
public struct CitationReference: Hashable, Sendable {
    public var citation: String
    public var section: String?
    public var span: SourceSpan

    /// Creates a reference.
    public init(citation: String, section: String?, span: SourceSpan) {
        self.citation = citation
        self.section = section
        self.span = span
    }
}

/// A note attached to a recommendation (toxicity, key data, remarks).
public struct RecommendationNote: Hashable, Sendable {
    public var kind: String
    public var text: String
    public var span: SourceSpan
}

/// A recommendation: what to do, how strongly, and on whose authority.
public struct RecommendationDeclaration: Hashable, Sendable {
    public var id: Located<String>
    public var text: Located<String>?
    public var direction: Located<Direction>?
    /// The level as written, `scheme.level`, split.
    public var level: (scheme: Located<String>, value: Located<String>)?
    public var citations: [CitationReference]
    public var quote: Located<String>?
    public var section: String?
    public var notes: [RecommendationNote]
    public var span: SourceSpan

    public static func == (lhs: Self, rhs: Self) -> Bool {
        lhs.id == rhs.id && lhs.text == rhs.text && lhs.direction == rhs.direction
            && lhs.level?.scheme == rhs.level?.scheme && lhs.level?.value == rhs.level?.value
            && lhs.citations == rhs.citations && lhs.quote == rhs.quote && lhs.section == rhs.section && lhs.notes == rhs.notes
    }

    public func hash(into hasher: inout Hasher) { hasher.combine(id) }
}

/// How a tree node chooses among its branches.
public enum BranchSelection: String, Hashable, Sendable {
    /// Every branch whose condition holds is taken.
    case all
    /// Only the first branch whose condition holds is taken.
    case first
}

/// A node of a decision tree.
public struct TreeNode: Hashable, Sendable {
    public var id: Located<String>
    public var title: String?
    public var section: String?
    /// The node's condition; `nil` means always (a root without `when`) or `otherwise`.
    public var when: Condition?
    /// Whether the node was written `when: otherwise`.
    public var isOtherwise: Bool
    public var select: BranchSelection
    public var recommend: [Located<String>]
    public var branches: [TreeNode]
    public var span: SourceSpan
}

/// How a decision table combines matching rows.
public enum HitPolicy: String, Hashable, Sendable, CaseIterable {
    case unique, first, collect, priority
}

/// A decision table.
public struct DecisionTable: Hashable, Sendable {
    public var id: Located<String>
    public var title: String?
    public var section: String?
    public var when: Condition?
    public var hitPolicy: Located<HitPolicy>
    public var inputs: [Located<String>]
    public var outputs: [Located<String>]
    public var rows: [Row]
    public var span: SourceSpan

    /// A row: cells tested with `and`, recommendations and output values.
    public struct Row: Hashable, Sendable {
        public var id: Located<String>
        /// The tested cells: column and condition (the cell as a condition on the column's fact).
        public var cells: [(column: Located<String>, condition: Condition)]
        public var recommend: [Located<String>]
        public var outputs: [(column: Located<String>, value: String)]
        /// An author's note explaining an intentional overlap or gap, honoured by the analyser.
        public var note: String?
        public var span: SourceSpan

        public static func == (lhs: Self, rhs: Self) -> Bool {
            lhs.id == rhs.id && lhs.cells.map(\.column) == rhs.cells.map(\.column)
                && lhs.cells.map(\.condition) == rhs.cells.map(\.condition) && lhs.recommend == rhs.recommend
                && lhs.outputs.map(\.column) == rhs.outputs.map(\.column) && lhs.outputs.map(\.value) == rhs.outputs.map(\.value)
                && lhs.note == rhs.note
        }

        public func hash(into hasher: inout Hasher) { hasher.combine(id) }
    }
}

/// An example patient and the outcome it must get.
public struct TestCase: Hashable, Sendable {
    public var id: Located<String>
    public var description: String?
    /// The patient's facts, as YAML, typed later against the fact declarations.
    public var patient: YAMLNode
    public var given: [Located<String>]
    public var notGiven: [Located<String>]
    public var undetermined: [Located<String>]
    public var span: SourceSpan
}
