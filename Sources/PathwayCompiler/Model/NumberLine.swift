import PathwaySyntax

/// Cutting a fact's number line at thresholds, exactly: the cells no threshold test can tell apart
/// and one representative value in each. Used by needed facts (which values to try) and by the
/// analysis' fact axes (which patients to show), so both see the same cells.
public enum CellPoints {
    /// A value strictly between `low` and `high` (`nil`: unbounded), an integer when `integer`;
    /// `nil` when there is none that Pathway's numbers can hold.
    public static func representative(between low: Rational?, _ high: Rational?, integer: Bool) -> Rational? {
        let candidate: Rational?
        switch (low, high) {
        case (nil, nil): candidate = .zero
        case (let lo?, nil): candidate = integer ? lo.floor.adding(.one) : lo.adding(.one)
        case (nil, let hi?): candidate = integer ? hi.ceiling.subtracting(.one) : hi.subtracting(.one)
        case (let lo?, let hi?):
            if integer {
                candidate = lo.floor.adding(.one)
            } else if let sum = lo.adding(hi), let mid = sum.divided(by: Rational(integer: 2)) {
                candidate = mid
            } else if let half = hi.subtracting(lo).flatMap({ $0.divided(by: Rational(integer: 2)) }), let mid = lo.adding(half) {
                candidate = mid
            } else {
                candidate = nil
            }
        }
        guard let value = candidate else { return nil }
        if let low, !(low < value) { return nil }
        if let high, !(value < high) { return nil }
        return value
    }

    /// One value per cell of the number line cut at `thresholds` (each threshold is a cell of its
    /// own, and so is each open interval between and beyond them), limited to `[minimum, maximum]`
    /// and to whole numbers when `integer`, in increasing order; cells with no such value are left out.
    public static func representatives(cutAt thresholds: Set<Rational>, integer: Bool, minimum: Rational?, maximum: Rational?) -> [Rational] {
        representatives(cutAtSorted: thresholds.sorted(), integer: integer, minimum: minimum, maximum: maximum)
    }

    /// ``representatives(cutAt:integer:minimum:maximum:)`` for thresholds already in increasing
    /// order without repeats.
    public static func representatives(cutAtSorted sorted: [Rational], integer: Bool, minimum: Rational?, maximum: Rational?) -> [Rational] {
        func allowed(_ x: Rational) -> Bool {
            (minimum.map { !(x < $0) } ?? true) && (maximum.map { !($0 < x) } ?? true) && (!integer || x.isInteger)
        }
        var result: [Rational] = []
        for i in 0...sorted.count {
            let low = i > 0 ? sorted[i - 1] : nil, high = i < sorted.count ? sorted[i] : nil
            if let x = value(in: low, high, integer: integer, minimum: minimum, maximum: maximum), allowed(x) { result.append(x) }
            if let high, allowed(high) { result.append(high) }
        }
        return result
    }

    /// A value of the open interval `(low, high)` within the inclusive bounds: a bound itself when
    /// it lies inside, else ``representative(between:_:integer:)``.
    public static func value(in low: Rational?, _ high: Rational?, integer: Bool, minimum: Rational?, maximum: Rational?) -> Rational? {
        func inside(_ x: Rational) -> Bool { (low.map { $0 < x } ?? true) && (high.map { x < $0 } ?? true) }
        if let minimum, inside(minimum), !integer || minimum.isInteger { return minimum }
        if let maximum, inside(maximum), !integer || maximum.isInteger {
            // Prefer a value strictly inside when there is room below the maximum.
            return representative(between: low, maximum, integer: integer) ?? maximum
        }
        return representative(between: low, high, integer: integer)
    }
}
