import PathwayDiagnostics
import PathwaySyntax

/// Guidelines compiled together into one evaluable graph.
///
/// Facts are numbered into slots; every condition is a node of one hash-consed formula graph over
/// atoms (``atoms``, ``nodes``), in dependency order, so shared conditions are evaluated once. Each
/// recommendation keeps the decision paths that lead to it, each a conjunction of steps with their
/// source spans, for traces and for analysis (see ``conjunctions(of:limit:)``).
public struct CompiledGuidelines: Sendable {
    /// The facts, indexed by slot.
    public internal(set) var facts: [FactSymbol]
    /// The derived facts, in declaration order.
    public let derived: [DerivedSymbol]
    /// The atoms, indexed as in ``FormulaNode/atom(_:)``.
    public internal(set) var atoms: [Atom]
    /// The formula graph; a node refers only to smaller indices.
    public let nodes: [FormulaNode]
    /// The guidelines, in the order their files were loaded.
    public let guidelines: [CompiledGuideline]
    /// Every recommendation of every guideline.
    public let recommendations: [CompiledRecommendation]
    /// The decision tables, for analysis.
    public let tables: [CompiledTable]
    /// Every node of every decision tree, in the order written (root first), for coverage and graphs.
    public internal(set) var branches: [CompiledBranch] = []

    /// The slot of each fact, by name.
    public let slotByName: [String: Int]
    /// Where each arithmetic atom is written (by atom index), to locate an overflow in evaluation.
    public let atomOrigins: [Int: SourceSpan]
    /// How each computed atom is written, as expression text in its guideline's names (by atom index).
    public let atomTexts: [Int: String]

    /// The fact with this name, if declared.
    public func fact(named name: String) -> FactSymbol? { slotByName[name].map { facts[$0] } }

    /// The recommendations of one guideline.
    public func recommendations(ofGuideline index: Int) -> [CompiledRecommendation] {
        recommendations.filter { $0.guideline == index }
    }
}

/// A guideline's identity, as compiled.
public struct CompiledGuideline: Hashable, Sendable {
    /// The guideline's id.
    public let id: String
    /// The title, if given.
    public let title: String?
    /// The version of the encoded guideline, e.g. `1.0.0`, if given.
    public let version: String?
    /// The publication date of the source (`YYYY-MM-DD`), if given.
    public let published: String?
    /// `draft` or `final`, if given.
    public let status: String?
    /// The path the guideline was loaded from.
    public let path: String
    /// The citation of the source it encodes.
    public let source: ResolvedCitation?
    /// The guideline's test cases, as written (typed against facts when run).
    public let tests: [TestCase]
    /// The patients the guideline addresses, if it declares a `scope`.
    public internal(set) var scope: CompiledScope? = nil

    /// The id and the version, as every text output names the guideline applied: `shi-2025-enec 1.0.0`
    /// (the id alone when no version is given).
    public var label: String { version.map { "\(id) \($0)" } ?? id }

    /// The id and, when given, the version, as JSON members (`"guideline"`, `"version"`).
    public var jsonMembers: [(String, JSONValue)] {
        [("guideline", .string(id))] + (version.map { [("version", JSONValue.string($0))] } ?? [])
    }
}

/// A citation reference resolved to its declaration.
public struct ResolvedCitation: Hashable, Sendable {
    /// The id of the cited work.
    public let id: String
    /// A one-line reference: authors, title, venue, year.
    public let text: String
    /// The DOI of the cited work, if given.
    public let doi: String?
    /// The PubMed id of the cited work, if given.
    public let pmid: String?
    /// A URL where the cited work can be found, if given.
    public let url: String?
    /// The cited section's title, when the reference names one.
    public let section: String?
}

/// A recommendation's level, resolved against its scheme.
public struct ResolvedLevel: Hashable, Sendable {
    /// The id of the grading scheme.
    public let scheme: String
    /// The id of the level within its scheme.
    public let value: String
    /// What the level means, as its scheme defines it.
    public let definition: String
    /// 0 for the scheme's strongest level, then 1, 2, …
    public let rank: Int
}

/// One condition along a decision path, with the text and place it came from.
public struct PathStep: Hashable, Sendable {
    /// The formula node of the step.
    public let node: Int
    /// The condition as the author wrote it, or a description such as `not (ki67_percent > 55)`.
    public let text: String
    /// Where the condition is written.
    public let span: SourceSpan
    /// Whether the step only says that earlier branches or rows did not match (`select: first`, `first`
    /// and `priority` policies), rather than a condition of the branch or row itself.
    public var isExclusion: Bool = false
    /// The derived facts the condition names, whose values traces show.
    public var derived: [String] = []
}

/// A way to reach a recommendation: the root-to-leaf steps of a tree, or a table row.
public struct DecisionPath: Hashable, Sendable {
    /// Where the path comes from, e.g. `tree enec-localized › esd` or `table second-line › rechallenge`.
    public let origin: String
    /// The steps, all of which must hold.
    public let steps: [PathStep]
    /// The node of the conjunction of all steps.
    public let node: Int
    /// Output columns of a table row, in order.
    public let outputs: [(column: String, value: String)]

    /// Whether two paths have the same origin, steps, node and outputs.
    public static func == (lhs: Self, rhs: Self) -> Bool {
        lhs.origin == rhs.origin && lhs.steps == rhs.steps && lhs.node == rhs.node
            && lhs.outputs.map(\.column) == rhs.outputs.map(\.column) && lhs.outputs.map(\.value) == rhs.outputs.map(\.value)
    }

    /// Hashes the path by its origin and node.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(origin)
        hasher.combine(node)
    }
}

/// A note attached to a recommendation.
public struct CompiledNote: Hashable, Sendable {
    /// The kind of note: `key_data`, `toxicity`, `prognosis`, `remark` or `evidence`.
    public let kind: String
    /// The note's text, as written.
    public let text: String
    /// The values the text shows, when it has `{…}` pieces.
    public var template: TextTemplate? = nil
}

/// A recommendation, resolved and linked to the paths that give it.
public struct CompiledRecommendation: Hashable, Sendable {
    /// The recommendation's id, unique within its guideline.
    public let id: String
    /// The index of its guideline in ``CompiledGuidelines/guidelines``.
    public let guideline: Int
    /// What to do, in one sentence, as written (with `{…}` pieces when it shows values).
    public let text: String
    /// The values the text shows, when it has `{…}` pieces; the outcome carries the text rendered for its patient.
    public var template: TextTemplate? = nil
    /// Whether it is for or against the action it describes.
    public let direction: Direction
    /// The id of the action, shared with recommendations for or against the same action, if given.
    public let action: String?
    /// Its level of evidence or consensus, resolved against its grading scheme.
    public let level: ResolvedLevel?
    /// The works it cites, resolved, in the order written.
    public let citations: [ResolvedCitation]
    /// The verbatim source text it encodes.
    public let quote: String
    /// The section it is grouped under in output: its own, or that of the first tree or table that reaches it.
    public let section: String?
    /// Its notes, such as key data or toxicity, in the order written.
    public let notes: [CompiledNote]
    /// Where its id is written in its declaration.
    public let span: SourceSpan
    /// The paths that lead to it.
    public let paths: [DecisionPath]
    /// The node that holds when any path holds.
    public let condition: Int
}

/// A decision table, kept for analysis: its policy and each row's own match condition.
public struct CompiledTable: Hashable, Sendable {
    /// The table's id.
    public let id: String
    /// The index of its guideline in ``CompiledGuidelines/guidelines``.
    public let guideline: Int
    /// How the table combines matching rows.
    public let hitPolicy: HitPolicy
    /// How `collect` combines the matching rows' outputs into one number, if it does.
    public let aggregation: Aggregation?
    /// Where the table's id is written.
    public let span: SourceSpan
    /// The node of the table's applicability condition.
    public let applies: Int
    /// Each row: id, the node of its cells' conjunction, its recommendations, span and author note.
    public internal(set) var rows: [Row]

    /// One row of a table: its match condition, recommendations and note.
    public struct Row: Hashable, Sendable {
        /// The row's id, unique within its table.
        public let id: String
        /// The node that holds when all the row's cells hold (regardless of the table's condition and hit policy).
        public let match: Int
        /// The ids of the recommendations the row gives.
        public let recommendations: [String]
        /// Where the row's id is written.
        public let span: SourceSpan
        /// The author's note explaining an intentional overlap or shadowing, if any.
        public let note: String?
        /// The row's output values, in the order written.
        public internal(set) var outputs: [DecisionTable.OutputEntry] = []
    }

    /// The rows' indices in the order the hit policy takes them: row order, or decreasing output
    /// priority under `priority` and `output_order` (ties in row order).
    public internal(set) var order: [Int] = []

    /// The author's note explaining an intentional gap, if any.
    public let note: String?
    /// Under `any`: the pairs of rows that give different outputs, each with the node that holds
    /// when both match (where the table applies), a patient's evaluation error.
    public let conflicts: [Conflict]

    /// Two rows of an `any` table that disagree, and when they both match.
    public struct Conflict: Hashable, Sendable {
        /// The index of the earlier row in ``CompiledTable/rows``.
        public let first: Int
        /// The index of the later row.
        public let second: Int
        /// The node that holds when both rows match and their outputs differ.
        public let node: Int
    }
}
