import PathwayCompiler
import PathwaySyntax

/// A shown date whose existence is a test on one date fact: `{resection_date}`,
/// `{resection_date + 3 months}`, and, with the evaluation date fixed (`check`, `diff`),
/// `{next_due(resection_date, …)}`. Whether such a value is determined depends on that date alone,
/// monotonically: it is known and on one side of one day (`next_due` has a value until the
/// schedule's last date has passed; `d + n months` until it would pass 9999-12-31). The analysis
/// cuts the date's axis at that day and takes the determined atom's truth cell by cell (true where
/// the value exists, unknown elsewhere, as the evaluator's ``Atom/Kind/determined``), so a text
/// that shows a schedule's date gives exact regions rather than an axis of its own.
struct DeterminedDate {
    /// The date fact.
    let slot: Int
    /// Whether the value exists for a patient whose date is `day`.
    let exists: (Int64) -> Bool

    /// The shape of a determined atom's program, or `nil` when it is not one of the above.
    init?(_ program: NumericProgram, in guidelines: CompiledGuidelines) {
        func isDate(_ s: Int) -> Bool { guidelines.facts.indices.contains(s) && guidelines.facts[s].type.unit?.isDate == true }
        switch program {
        case .slot(let d) where isDate(d):
            slot = d
            exists = { _ in true }
        case .function(.addMonths, let args) where args.count == 2:
            guard case .slot(let d) = args[0], isDate(d), case .constant(let n) = args[1], n.isInteger else { return nil }
            slot = d
            exists = { CalendarDate.adding(months: n.numerator, to: $0) != nil }
        case .function(.nextDue, let args) where args.count >= 5 && args.count % 2 == 1:
            guard case .slot(let d) = args[0], isDate(d), case .slot(let asOf) = args[1], asOf != d,
                  let day = guidelines.facts[asOf].minimum, day == guidelines.facts[asOf].maximum, day.isInteger,
                  case .constant(let inDays) = args[2] else { return nil }
            var phases: [(interval: Int64, end: Int64)] = []
            var i = 3
            while i + 1 < args.count {
                guard case .constant(let interval) = args[i], case .constant(let end) = args[i + 1], interval.isInteger, end.isInteger else { return nil }
                phases.append((interval.numerator, end.numerator))
                i += 2
            }
            slot = d
            let evaluationDay = day.numerator, days = inDays != .zero
            exists = { Schedule.nextDue(start: $0, asOf: evaluationDay, phases: phases, inDays: days) != nil }
        default:
            return nil
        }
    }

    /// The first day on which existence differs from the day before, within the calendar; `nil`
    /// when it is the same on every day. Existence is monotone in the date, so there is at most one.
    var cut: Int64? {
        var low = CalendarDate.first, high = CalendarDate.last
        let atLow = exists(low)
        guard exists(high) != atLow else { return nil }
        // Invariant: exists(low) == atLow, exists(high) != atLow.
        while high - low > 1 {
            let mid = low + (high - low) / 2
            if exists(mid) == atLow { low = mid } else { high = mid }
        }
        return high
    }
}
