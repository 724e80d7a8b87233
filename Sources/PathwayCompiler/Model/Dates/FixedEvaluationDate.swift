import PathwaySyntax

extension CompiledGuidelines {
    /// These guidelines with the evaluation date fixed to `day`, for analysis and diff: the
    /// evaluation date's range is that one day, and each comparison of the time since a date with a
    /// duration becomes a threshold on that date (`time_since(resection_date) < 3 years` as of
    /// 2024-06-01 is `resection_date > 2021-06-01`), so regions, witnesses and the diff speak of
    /// dates on an axis, exactly. Evaluation never uses this: each patient has its own date.
    public func fixingEvaluationDate(_ day: Int64) -> CompiledGuidelines {
        guard let asOf = slotByName[EvaluationDate.factName] else { return self }
        var fixed = self
        let old = facts[asOf]
        fixed.facts[asOf] = FactSymbol(name: old.name, slot: old.slot, type: old.type, minimum: Rational(integer: day), maximum: Rational(integer: day),
                                       description: old.description, span: old.span, declaredIn: old.declaredIn)
        for index in atoms.indices {
            if let threshold = atom(index, fixingEvaluationDate: day) { fixed.atoms[index] = threshold }
        }
        return fixed
    }

    /// Atom `index` as a threshold on one date for the evaluation date `day`, when it is a comparison
    /// the date functions compile to (``DateThreshold``); `nil` for every other atom. The evaluator's
    /// `needs` uses it to try dates around the threshold, as the analysis does.
    public func atom(_ index: Int, fixingEvaluationDate day: Int64) -> Atom? {
        guard let asOf = slotByName[EvaluationDate.factName], case .arithmetic(let program, let op) = atoms[index].kind,
              let threshold = DateThreshold.threshold(program, op, asOf: asOf, day: day) else { return nil }
        return Atom(.fact(slot: threshold.slot, .compare(threshold.op, Rational(integer: threshold.value))))
    }

    /// The atoms that may be thresholds on a date once the evaluation date is fixed: comparisons that
    /// read the evaluation date.
    public var atomsReadingTheEvaluationDate: [Int] {
        guard let asOf = slotByName[EvaluationDate.factName] else { return [] }
        return atoms.indices.filter { index in
            if case .arithmetic = atoms[index].kind { return atoms[index].directSlots.contains(asOf) }
            return false
        }
    }
}

/// Recognises the comparisons the date functions compile to and turns them into thresholds on
/// the date, for a fixed evaluation date `D`:
/// - `days_between(add_months(d, n), as_of) op 0`, i.e. `D op d + n months`;
/// - `days_between(d, as_of) - k op 0`, i.e. `D - d op k`.
enum DateThreshold {
    static func threshold(_ p: NumericProgram, _ op: ComparisonOperator, asOf: Int, day: Int64) -> (slot: Int, op: ComparisonOperator, value: Int64)? {
        switch p {
        case .function(.daysBetween, let args) where args.count == 2 && args[1] == .slot(asOf):
            // D - (d + n months) op 0  ⟺  shift(d) op.flipped D.
            guard case .function(.addMonths, let inner) = args[0], inner.count == 2, case .slot(let d) = inner[0], d != asOf,
                  let n = constant(inner[1]), n.isInteger else { return nil }
            return calendar(slot: d, months: n.numerator, op.flipped, day)
        case .binary(.subtract, .function(.daysBetween, let args), let k) where args.count == 2 && args[1] == .slot(asOf):
            // D - d - k op 0  ⟺  d op.flipped D - k (d is a whole day: round the bound inward).
            guard case .slot(let d) = args[0], d != asOf, let k = constant(k), let bound = Rational(integer: day).subtracting(k) else { return nil }
            return whole(slot: d, op.flipped, bound)
        default:
            return nil
        }
    }

    /// `shift(d) op D` for the non-decreasing `shift(d) = d + n months`, as a threshold on `d`.
    private static func calendar(slot: Int, months n: Int64, _ op: ComparisonOperator, _ D: Int64) -> (slot: Int, op: ComparisonOperator, value: Int64)? {
        func shift(_ d: Int64) -> Int64? { CalendarDate.adding(months: n, to: d) }
        guard var c = CalendarDate.adding(months: -n, to: D) else { return nil }
        // L: the last d with shift(d) <= D; M: the first d with shift(d) >= D.
        while let s = shift(c), s > D { c -= 1 }
        while let s = shift(c + 1), s <= D { c += 1 }
        let L = c
        var m = L
        while let s = shift(m - 1), s >= D { m -= 1 }
        while let s = shift(m), s < D { m += 1 }
        let M = m
        switch op {
        case .greater: return (slot, .greater, L)
        case .lessOrEqual: return (slot, .lessOrEqual, L)
        case .greaterOrEqual: return (slot, .greaterOrEqual, M)
        case .less: return (slot, .less, M)
        case .equal, .notEqual: return L == M ? (slot, op, L) : nil
        }
    }

    /// `d op bound` for a whole-day `d`, with a whole-day bound.
    private static func whole(slot: Int, _ op: ComparisonOperator, _ bound: Rational) -> (slot: Int, op: ComparisonOperator, value: Int64)? {
        if bound.isInteger { return (slot, op, bound.numerator) }
        switch op {
        case .less, .lessOrEqual: return (slot, .lessOrEqual, bound.floor.numerator)
        case .greater, .greaterOrEqual: return (slot, .greaterOrEqual, bound.ceiling.numerator)
        case .equal, .notEqual: return nil
        }
    }

    /// The value of a program without facts.
    private static func constant(_ p: NumericProgram) -> Rational? {
        switch p {
        case .constant(let c): return c
        case .negate(let a): return constant(a)?.negated
        case .binary(let op, let a, let b):
            guard let x = constant(a), let y = constant(b) else { return nil }
            switch op {
            case .add: return x.adding(y)
            case .subtract: return x.subtracting(y)
            case .multiply: return x.multiplied(by: y)
            case .divide: return x.divided(by: y)
            }
        default: return nil
        }
    }
}
