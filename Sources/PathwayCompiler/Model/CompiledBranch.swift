import PathwayDiagnostics

/// One node of a decision tree, as compiled: where it is and the condition under which a patient
/// reaches it (its own `when`, its ancestors' and, under `select: first`, no earlier sibling).
///
/// Kept for tools that ask which branches a patient takes: test coverage, graphs.
public struct CompiledBranch: Hashable, Sendable {
    /// The index of its guideline in ``CompiledGuidelines/guidelines``.
    public let guideline: Int
    /// The id of the tree's root node.
    public let tree: String
    /// The node's own id.
    public let id: String
    /// The path of ids from the root, e.g. `tree enec-localized › esd`.
    public let origin: String
    /// Where the node's id is written.
    public let span: SourceSpan
    /// The steps that lead to the node (its own `when` last, when it has one).
    public let steps: [PathStep]
    /// The node that holds when the patient reaches the tree node.
    public let reached: Int
    /// The recommendations the node gives, in the order written.
    public let recommendations: [String]
    /// Whether the node is `when: otherwise`.
    public let isOtherwise: Bool
    /// Its place among its siblings (1 for the first) when its parent has `select: first`, where
    /// the first branch that holds is taken; `nil` under `select: all` and for a root.
    public let firstOrder: Int?
}
