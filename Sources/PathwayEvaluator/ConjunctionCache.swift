import PathwayCompiler
import Synchronization

/// Each recommendation's condition as conjunctions of literals (for needed facts), computed the first
/// time a patient leaves the recommendation undetermined and then shared.
///
/// Computing them up front made every ``Evaluator`` pay for all recommendations, which for long
/// `select: first` chains costs far more than evaluating patients; most evaluations need few or none.
final class ConjunctionCache: Sendable {
    private let guidelines: CompiledGuidelines
    /// By recommendation index; a stored `nil` means too many conjunctions to list.
    private let entries: Mutex<[Int: [[Literal]]?]> = Mutex([:])

    init(guidelines: CompiledGuidelines) { self.guidelines = guidelines }

    /// The conjunctions of recommendation `index`'s condition; `nil` when there are too many.
    subscript(index: Int) -> [[Literal]]? {
        if let known = entries.withLock({ $0[index] }) { return known }
        let computed = guidelines.conjunctions(of: guidelines.recommendations[index].condition)
        entries.withLock { $0[index] = .some(computed) }
        return computed
    }
}
