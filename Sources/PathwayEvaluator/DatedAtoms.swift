import PathwayCompiler
import Synchronization

/// The guidelines' atoms as needed facts read them for one evaluation date: each comparison of the
/// time since a date becomes a threshold on that date (``CompiledGuidelines/fixingEvaluationDate(_:)``),
/// so dates around it are tried like numbers, as the analysis does.
///
/// Fixing the date costs date arithmetic on every such atom; a cohort's patients mostly share one
/// evaluation date (`--as-of`, or today), so the atoms are made once per date and shared between
/// patients and threads. At most ``capacity`` dates are kept (a cohort of per-line `as_of` dates
/// starts over when it has more), so memory stays bounded.
final class DatedAtoms: Sendable {
    private let atoms: [Atom]
    private let guidelines: CompiledGuidelines
    /// The atoms that read the evaluation date (``CompiledGuidelines/atomsReadingTheEvaluationDate``).
    private let dateAtoms: [Int]
    private let byDay: Mutex<[Int64: [Atom]]> = Mutex([:])
    /// The most evaluation dates kept at once.
    static let capacity = 64

    init(guidelines: CompiledGuidelines) {
        self.guidelines = guidelines
        self.atoms = guidelines.atoms
        self.dateAtoms = guidelines.atomsReadingTheEvaluationDate
    }

    /// The atoms for a patient evaluated on `day`; the compiled atoms when no atom reads the
    /// evaluation date or the patient has none.
    subscript(day: Int64?) -> [Atom] {
        guard !dateAtoms.isEmpty, let day else { return atoms }
        if let known = byDay.withLock({ $0[day] }) { return known }
        // The analysis' own fixing of the date (once per date: its cost does not matter here).
        let dated = guidelines.fixingEvaluationDate(day).atoms
        byDay.withLock {
            if $0.count >= Self.capacity { $0.removeAll() }
            $0[day] = dated
        }
        return dated
    }
}
