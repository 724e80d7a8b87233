import PathwayDiagnostics
import PathwayYAML

/// Whether a document is a guideline or a shared vocabulary.
public enum DocumentKind: String, Hashable, Sendable, CaseIterable {
    /// A guideline: recommendations, decision trees and tables, and tests, with the facts they use.
    case guideline
    /// Facts, derived facts, citations and grading schemes shared by the guidelines that import them.
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
    /// The patients the guideline addresses, if it says (`scope:`).
    public var scope: ScopeDeclaration? = nil
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
    /// The citation's id, as cited by recommendations and by a guideline's `source`.
    public var id: Located<String>
    /// The authors, in the order written.
    public var authors: [String]
    /// The title of the cited work, if given.
    public var title: String?
    /// The journal or other venue (`venue` or `journal`), if given.
    public var venue: String?
    /// The year of publication, if given.
    public var year: Int?
    /// The DOI, if given.
    public var doi: String?
    /// The PubMed id, if given.
    public var pmid: String?
    /// A URL where the work can be found, if given.
    public var url: String?
    /// Section anchors: id → section title, in the order written.
    public var sections: [(id: Located<String>, title: String)]
    /// Where the citation is written.
    public var span: SourceSpan

    /// Whether two citations are declared alike, wherever they are written.
    public static func == (lhs: Self, rhs: Self) -> Bool {
        lhs.id == rhs.id && lhs.authors == rhs.authors && lhs.title == rhs.title && lhs.venue == rhs.venue
            && lhs.year == rhs.year && lhs.doi == rhs.doi && lhs.pmid == rhs.pmid && lhs.url == rhs.url
            && lhs.sections.map(\.id) == rhs.sections.map(\.id) && lhs.sections.map(\.title) == rhs.sections.map(\.title)
    }

    /// Hashes the citation by its id.
    public func hash(into hasher: inout Hasher) { hasher.combine(id) }
}

/// A named, ordered grading scheme (strongest level first).
public struct SchemeDeclaration: Hashable, Sendable {
    /// The scheme's id: the part before the dot in a recommendation's `level`.
    public var id: Located<String>
    /// The title, if given.
    public var title: String?
    /// The levels, strongest first.
    public var levels: [Level]
    /// Where the scheme is written.
    public var span: SourceSpan

    /// One level of a scheme.
    public struct Level: Hashable, Sendable {
        /// The level's id: the part after the dot in a recommendation's `level`.
        public var id: Located<String>
        /// What the level means, e.g. `Supported by a phase III trial`.
        public var definition: String
    }
}

/// The declared type of a fact, as written.
public enum FactTypeSyntax: Hashable, Sendable {
    /// `boolean`: `true` or `false`.
    case boolean
    /// `integer`: a whole number.
    case integer
    /// `number`, optionally with a unit (then it behaves as a quantity).
    case number(unit: Located<String>?)
    /// `quantity`: a number in the declared unit; values in other units of the same dimension convert.
    case quantity(unit: Located<String>)
    /// `percentage`: a number from 0 to 100.
    case percentage
    /// `date`: a calendar date, `YYYY-MM-DD` (ISO 8601).
    case date
    /// `enum`: one of the listed values, in the order written.
    case enumeration([Located<String>])
}

/// A bound of a fact's range, as written: a number, optionally with a unit.
public struct NumberSyntax: Hashable, Sendable {
    /// The number.
    public var value: Rational
    /// The unit written after the number, if any; the bound is converted to the fact's unit.
    public var unit: Located<String>?
    /// Where the bound is written.
    public var span: SourceSpan
}

/// A patient input.
public struct FactDeclaration: Hashable, Sendable {
    /// The fact's name, as used in conditions and patient data.
    public var name: Located<String>
    /// The fact's type, with its unit or enumeration values.
    public var type: FactTypeSyntax
    /// Where the fact's `type` is written.
    public var typeSpan: SourceSpan
    /// The inclusive lower bound (`range.min`), if given.
    public var minimum: NumberSyntax?
    /// The inclusive upper bound (`range.max`), if given.
    public var maximum: NumberSyntax?
    /// The substance's molar mass (`molar_mass: 113.12 g/mol`), if given: lets values convert
    /// between mass and substance concentration.
    public var molarMass: NumberSyntax? = nil
    /// What the fact means, for readers, if given.
    public var description: String?
    /// Where the fact's declaration is written.
    public var span: SourceSpan
}

/// A named expression over facts.
public struct DerivedFactDeclaration: Hashable, Sendable {
    /// The derived fact's name, as used in conditions.
    public var name: Located<String>
    /// What the derived fact means, for readers, if given.
    public var description: String?
    /// How the derived fact's value follows from other facts.
    public var definition: Definition
    /// Where the derived fact's declaration is written.
    public var span: SourceSpan

    /// How the derived fact is computed.
    public enum Definition: Hashable, Sendable {
        /// A boolean derived fact: the condition itself.
        case boolean(Condition)
        /// An enumeration: the first case whose condition holds gives the value.
        case cases(values: [Located<String>], cases: [Case], otherwise: Located<String>?)
        /// A number, integer or quantity computed from other facts.
        case numeric(NumericDefinition)
    }

    /// A numeric derived fact: its declared type and how its value is computed.
    public struct NumericDefinition: Hashable, Sendable {
        /// `number`, `integer`, `quantity` (with `unit`) or `percentage`.
        public var type: Located<String>
        /// The unit of a quantity.
        public var unit: Located<String>?
        /// How the value is computed.
        public var computation: Computation
        /// Decimal places to show the value with in texts and traces (the value itself stays exact).
        public var round: Located<Int>?
    }

    /// How a numeric derived fact's value follows from other facts.
    public enum Computation: Hashable, Sendable {
        /// `value: AUC * (gfr + 25)`: an expression.
        case value(Condition)
        /// `cases: [{when, value}]` and `otherwise`: the first case that holds gives the value.
        case cases([NumericCase], otherwise: Condition?)
        /// `points: [{when, points}]`: the sum of the points of the findings that hold (a score).
        case points([Points])
    }

    /// One case of a numeric derived fact.
    public struct NumericCase: Hashable, Sendable {
        /// When the case applies.
        public var when: Condition
        /// The value, an expression.
        public var value: Condition
    }

    /// One finding of a points score.
    public struct Points: Hashable, Sendable {
        /// When the finding is present.
        public var when: Condition
        /// Its points (1 when not written).
        public var points: NumberSyntax?
    }

    /// One case of an enumerated derived fact.
    public struct Case: Hashable, Sendable {
        /// The condition under which the case applies.
        public var when: Condition
        /// The value the derived fact takes when this is the first case whose condition holds.
        public var value: Located<String>
    }
}

/// `for` or `against`.
public enum Direction: String, Hashable, Sendable, CaseIterable {
    /// A recommendation in favour of the action it describes.
    case `for`
    /// A recommendation against the action it describes.
    case against
}

/// A reference to a citation, optionally to one of its sections: `eads2023 § frontline`.
public struct CitationReference: Hashable, Sendable {
    /// The id of the cited work.
    public var citation: String
    /// The id of the cited section anchor, if the reference names one.
    public var section: String?
    /// Where the reference is written.
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
    /// The kind of note: `key_data`, `toxicity`, `prognosis`, `remark` (the default), `evidence`, or
    /// `conflict` (explains why patients may get this and an opposite recommendation; honoured by the analyser).
    public var kind: String
    /// The note's text.
    public var text: String
    /// Where the note is written.
    public var span: SourceSpan
    /// The text's `{value}` pieces, when it shows computed values.
    public var template: TextTemplateSyntax? = nil
}

/// A recommendation: what to do, how strongly, and on whose authority.
public struct RecommendationDeclaration: Hashable, Sendable {
    /// The recommendation's id, as referred to by trees, tables and tests.
    public var id: Located<String>
    /// What to do, in one sentence.
    public var text: Located<String>?
    /// The text's `{value}` pieces, when it shows computed values.
    public var template: TextTemplateSyntax? = nil
    /// Whether the recommendation is for or against the action it describes.
    public var direction: Located<Direction>?
    /// A short id of the action, shared by the recommendations for and against it, so that the
    /// analyser can find patients who would get both.
    public var action: Located<String>?
    /// The level as written, `scheme.level`, split.
    public var level: (scheme: Located<String>, value: Located<String>)?
    /// The works cited as its source, each optionally narrowed to a section.
    public var citations: [CitationReference]
    /// The verbatim source text the recommendation encodes.
    public var quote: Located<String>?
    /// The section to group the recommendation under in output, if given (else its tree's or table's).
    public var section: String?
    /// Notes such as key data or toxicity, in the order written.
    public var notes: [RecommendationNote]
    /// Where the recommendation is written.
    public var span: SourceSpan

    /// Whether two recommendations are declared alike, wherever they are written.
    public static func == (lhs: Self, rhs: Self) -> Bool {
        lhs.id == rhs.id && lhs.text == rhs.text && lhs.direction == rhs.direction && lhs.action == rhs.action
            && lhs.level?.scheme == rhs.level?.scheme && lhs.level?.value == rhs.level?.value
            && lhs.citations == rhs.citations && lhs.quote == rhs.quote && lhs.section == rhs.section && lhs.notes == rhs.notes
    }

    /// Hashes the recommendation by its id.
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
    /// The node's id, unique among the guideline's tree nodes.
    public var id: Located<String>
    /// The title, if given.
    public var title: String?
    /// The section for recommendations reached through this node, if given; its branches inherit it.
    public var section: String?
    /// The node's condition; `nil` means always (a root without `when`) or `otherwise`.
    public var when: Condition?
    /// Whether the node was written `when: otherwise`.
    public var isOtherwise: Bool
    /// How the node chooses among its branches (`all` unless written otherwise).
    public var select: BranchSelection
    /// The ids of the recommendations given when the node is reached.
    public var recommend: [Located<String>]
    /// The child nodes, in the order written.
    public var branches: [TreeNode]
    /// Where the node is written.
    public var span: SourceSpan
}

/// An example patient and the outcome it must get.
public struct TestCase: Hashable, Sendable {
    /// The test's id, unique among the guideline's tests.
    public var id: Located<String>
    /// What the example patient is, for readers, if given.
    public var description: String?
    /// The patient's facts, as YAML, typed later against the fact declarations.
    public var patient: YAMLNode
    /// The recommendations the patient must be given.
    public var given: [Located<String>]
    /// The recommendations the patient must not be given (being undetermined fails the test).
    public var notGiven: [Located<String>]
    /// The recommendations that must be undetermined for the patient, for lack of data.
    public var undetermined: [Located<String>]
    /// The values derived facts must take for the patient, in the order written.
    public var derived: [DerivedExpectation] = []
    /// Where the test is written.
    public var span: SourceSpan
}

/// A test's expected value of one derived fact (`derived: { minen: true }`): `true`, `false` or
/// `unknown` for a boolean one; a value, `none` or `unknown` for an enumerated one; a number (with
/// its unit for a quantity) or `unknown` for a numeric one.
public struct DerivedExpectation: Hashable, Sendable {
    /// The derived fact's name, where written.
    public var name: Located<String>
    /// The expected value, as written (typed when the test runs).
    public var value: YAMLNode

    public init(name: Located<String>, value: YAMLNode) {
        self.name = name
        self.value = value
    }
}
