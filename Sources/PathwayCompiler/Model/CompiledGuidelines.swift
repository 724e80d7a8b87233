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
    public let facts: [FactSymbol]
    /// The derived facts, in declaration order.
    public let derived: [DerivedSymbol]
    /// The atoms, indexed as in ``FormulaNode/atom(_:)``.
    public let atoms: [Atom]
    /// The formula graph; a node refers only to smaller indices.
    public let nodes: [FormulaNode]
    /// The guidelines, in the order their files were loaded.
    public let guidelines: [CompiledGuideline]
    /// Every recommendation of every guideline.
    public let recommendations: [CompiledRecommendation]
    /// The decision tables, for analysis.
    public let tables: [CompiledTable]

    /// The slot of each fact, by name.
    public let slotByName: [String: Int]

    /// The fact with this name, if declared.
    public func fact(named name: String) -> FactSymbol? { slotByName[name].map { facts[$0] } }

    /// The recommendations of one guideline.
    public func recommendations(ofGuideline index: Int) -> [CompiledRecommendation] {
        recommendations.filter { $0.guideline == index }
    }
}

/// A guideline's identity, as compiled.
public struct CompiledGuideline: Hashable, Sendable {
    public let id: String
    public let title: String?
    public let version: String?
    public let published: String?
    public let status: String?
    public let path: String
    /// The citation of the source it encodes.
    public let source: ResolvedCitation?
    /// The guideline's test cases, as written (typed against facts when run).
    public let tests: [TestCase]
}

/// A citation reference resolved to its declaration.
public struct ResolvedCitation: Hashable, Sendable {
    public let id: String
    /// A one-line reference: authors, title, venue, year.
    public let text: String
    public let doi: String?
    public let pmid: String?
    public let url: String?
    /// The cited section's title, when the reference names one.
    public let section: String?
}

/// A recommendation's level, resolved against its scheme.
public struct ResolvedLevel: Hashable, Sendable {
    public let scheme: String
    public let value: String
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

    public static func == (lhs: Self, rhs: Self) -> Bool {
        lhs.origin == rhs.origin && lhs.steps == rhs.steps && lhs.node == rhs.node
            && lhs.outputs.map(\.column) == rhs.outputs.map(\.column) && lhs.outputs.map(\.value) == rhs.outputs.map(\.value)
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(origin)
        hasher.combine(node)
    }
}

/// A note attached to a recommendation.
public struct CompiledNote: Hashable, Sendable {
    public let kind: String
    public let text: String
}

/// A recommendation, resolved and linked to the paths that give it.
public struct CompiledRecommendation: Hashable, Sendable {
    public let id: String
    /// The index of its guideline in ``CompiledGuidelines/guidelines``.
    public let guideline: Int
    public let text: String
    public let direction: Direction
    public let level: ResolvedLevel?
    public let citations: [ResolvedCitation]
    public let quote: String
    public let section: String?
    public let notes: [CompiledNote]
    public let span: SourceSpan
    /// The paths that lead to it.
    public let paths: [DecisionPath]
    /// The node that holds when any path holds.
    public let condition: Int
}

/// A decision table, kept for analysis: its policy and each row's own match condition.
public struct CompiledTable: Hashable, Sendable {
    public let id: String
    public let guideline: Int
    public let hitPolicy: HitPolicy
    public let span: SourceSpan
    /// The node of the table's applicability condition.
    public let applies: Int
    /// Each row: id, the node of its cells' conjunction, its recommendations, span and author note.
    public let rows: [Row]

    public struct Row: Hashable, Sendable {
        public let id: String
        public let match: Int
        public let recommendations: [String]
        public let span: SourceSpan
        public let note: String?
    }
}
