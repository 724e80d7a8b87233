import PathwaySyntax

/// What a computation reads: each fact's value, the declared bounds of a fact that is unknown,
/// and the truth of a condition (a formula node evaluated earlier in the same pass).
public protocol ComputationInputs {
    /// The value of the fact in `slot`.
    func value(_ slot: Int) -> FactValue
    /// The declared inclusive bounds of the fact in `slot` (`nil`: unbounded on that side).
    func range(_ slot: Int) -> (low: Rational?, high: Rational?)
    /// The truth of formula node `node`.
    func truth(ofNode node: Int) -> Truth
}

/// A computed value: arithmetic over facts, functions, conditional values, points scores and
/// table aggregations. Every value is exact; with unknown facts the value is known only within
/// bounds, and a comparison is decided as soon as the bounds decide it.
public indirect enum NumericProgram: Hashable, Sendable {
    case constant(Rational)
    case slot(Int)
    case binary(ArithmeticOperator, NumericProgram, NumericProgram)
    case negate(NumericProgram)
    /// `min`, `max`, `abs`, `floor`, `ceil`, `round(x, digits)` (digits a constant).
    case function(NumericFunction, [NumericProgram])
    /// The value of the first case whose condition holds, else `otherwise`.
    case cases([NumericCase], otherwise: NumericProgram)
    /// The sum of the values of the cases whose condition holds (a points score; a count when every value is 1).
    case sum([NumericCase])
    /// The least (`isMax: false`) or greatest value among the cases whose condition holds, else `otherwise`.
    case extreme(isMax: Bool, [NumericCase], otherwise: NumericProgram)

    /// The slots read directly (not through conditions), without duplicates, in order.
    public var directSlots: [Int] {
        var result: [Int] = []
        visit { if case .slot(let s) = $0, !result.contains(s) { result.append(s) } }
        return result
    }

    /// The formula nodes of the conditions the program tests, in order.
    public var conditions: [Int] {
        var result: [Int] = []
        visit { p in
            switch p {
            case .cases(let cs, _), .sum(let cs), .extreme(_, let cs, _): result += cs.map(\.condition)
            default: break
            }
        }
        return result
    }

    /// Calls `body` on the program and every subprogram, outermost first.
    public func visit(_ body: (NumericProgram) -> Void) {
        body(self)
        switch self {
        case .constant, .slot: break
        case .binary(_, let a, let b): a.visit(body); b.visit(body)
        case .negate(let a): a.visit(body)
        case .function(_, let args): for a in args { a.visit(body) }
        case .cases(let cs, let otherwise), .extreme(_, let cs, let otherwise):
            for c in cs { c.value.visit(body) }
            otherwise.visit(body)
        case .sum(let cs): for c in cs { c.value.visit(body) }
        }
    }

    /// The value for a patient: exact when everything it reads is known, else bounds that every
    /// completion of the unknown facts lies within.
    public func evaluate(_ inputs: some ComputationInputs) -> ComputedValue {
        switch self {
        case .constant(let c): return .exact(c)
        case .slot(let s):
            if let v = inputs.value(s).rational { return .exact(v) }
            let r = inputs.range(s)
            return .between(r.low, r.high)
        case .negate(let a): return a.evaluate(inputs).negated
        case .binary(let op, let a, let b): return ComputedValue.combine(op, a.evaluate(inputs), b.evaluate(inputs))
        case .function(let f, let args): return f.apply(args.map { $0.evaluate(inputs) })
        case .cases(let cs, let otherwise):
            var result: ComputedValue?
            for c in cs {
                switch inputs.truth(ofNode: c.condition) {
                case .true: return ComputedValue.hull(result, c.value.evaluate(inputs))
                case .false: continue
                case .unknown: result = ComputedValue.hull(result, c.value.evaluate(inputs))
                }
            }
            return ComputedValue.hull(result, otherwise.evaluate(inputs))
        case .sum(let cs):
            var total = ComputedValue.exact(.zero)
            for c in cs {
                switch inputs.truth(ofNode: c.condition) {
                case .true: total = ComputedValue.combine(.add, total, c.value.evaluate(inputs))
                case .false: continue
                case .unknown: total = ComputedValue.combine(.add, total, ComputedValue.hull(.exact(.zero), c.value.evaluate(inputs)))
                }
            }
            return total
        case .extreme(let isMax, let cs, let otherwise):
            // Certain members give a bound of the extreme; possible ones may move the other bound.
            var certain: [ComputedValue] = [], possible: [ComputedValue] = []
            for c in cs {
                switch inputs.truth(ofNode: c.condition) {
                case .true: certain.append(c.value.evaluate(inputs))
                case .false: continue
                case .unknown: possible.append(c.value.evaluate(inputs))
                }
            }
            if certain.isEmpty {
                // No member (the value is `otherwise`), or any non-empty subset of the possible ones.
                return possible.reduce(otherwise.evaluate(inputs)) { ComputedValue.hull($0, $1) }
            }
            let f: NumericFunction = isMax ? .max : .min
            let definite = f.apply(certain)
            if possible.isEmpty { return definite }
            return ComputedValue.hull(definite, f.apply(certain + possible))
        }
    }
}

/// One case of a conditional value, a score's term, or a table row's output.
public struct NumericCase: Hashable, Sendable {
    /// The formula node of the condition.
    public let condition: Int
    /// The value when the condition holds.
    public let value: NumericProgram

    public init(condition: Int, value: NumericProgram) {
        self.condition = condition
        self.value = value
    }
}

/// The functions of the expression language.
public enum NumericFunction: String, Hashable, Sendable, CaseIterable {
    case min, max, abs, floor, ceil, round
    /// Date arithmetic (Model/Dates), produced by `time_since`, `time_between`, `next_due` and
    /// `date ± duration`, never called by name: days from the first date to the second; whole
    /// calendar months from the first to the second; a date plus whole calendar months; the next
    /// due date of a schedule (start, evaluation date, then interval and end pairs in months).
    case daysBetween = "days_between", monthsBetween = "months_between", addMonths = "add_months", nextDue = "next_due"

    /// The functions an author calls by name.
    public static let callable: [NumericFunction] = [.min, .max, .abs, .floor, .ceil, .round]

    /// The number of arguments: `min` and `max` take two or more, `round` takes the value and a
    /// constant number of decimal places, the others one.
    public var arity: ClosedRange<Int> {
        switch self {
        case .min, .max: 2...64
        case .abs, .floor, .ceil: 1...1
        case .round: 1...2
        case .daysBetween, .monthsBetween, .addMonths: 2...2
        case .nextDue: 4...64
        }
    }

    /// The function applied to computed arguments (for `round`, the second is the digits).
    func apply(_ args: [ComputedValue]) -> ComputedValue {
        if args.contains(.overflow) { return .overflow }
        if args.contains(.undefined) { return .undefined }
        switch self {
        case .min, .max:
            guard var result = args.first else { return .undefined }
            for a in args.dropFirst() {
                result = ComputedValue.between(
                    Bound.pick(result.low, a.low, max: self == .max, unboundedIsLow: true),
                    Bound.pick(result.high, a.high, max: self == .max, unboundedIsLow: false))
            }
            return result
        case .abs:
            let a = args[0]
            if let lo = a.low, !lo.isNegative { return a }
            if let hi = a.high, hi.isNegative || hi == .zero { return a.negated }
            let m: Rational? = if let lo = a.low, let hi = a.high { Swift.max(lo.negated, hi) } else { nil }
            return .between(.zero, m)
        case .floor: return args[0].monotone { $0.floor }
        case .ceil: return args[0].monotone { $0.ceiling }
        case .round:
            var digits = 0
            if args.count == 2 {
                guard case .exact(let d) = args[1], d.isInteger, let n = Int(exactly: d.numerator), (-18...18).contains(n) else { return .undefined }
                digits = n
            }
            return args[0].monotone { $0.rounded(toPlaces: digits) }
        case .daysBetween, .monthsBetween, .addMonths, .nextDue:
            return DateArithmetic.apply(self, args)
        }
    }
}

/// The value of a computation: exact, within bounds, undefined (a division by zero), or too large
/// to hold (an overflow: that patient's error).
public enum ComputedValue: Hashable, Sendable {
    /// Exactly this number.
    case exact(Rational)
    /// Somewhere in `[low, high]` (`nil`: unbounded), depending on facts that are unknown.
    case range(Rational?, Rational?)
    /// No value: a division by zero, or a round with digits out of range.
    case undefined
    /// The exact result does not fit Pathway's numbers.
    case overflow

    /// Bounds, collapsed to `exact` when they meet.
    static func between(_ low: Rational?, _ high: Rational?) -> ComputedValue {
        if let low, let high, low == high { return .exact(low) }
        return .range(low, high)
    }

    /// The lower bound (`nil`: unbounded or no value).
    public var low: Rational? {
        switch self {
        case .exact(let v): v
        case .range(let lo, _): lo
        case .undefined, .overflow: nil
        }
    }

    /// The upper bound (`nil`: unbounded or no value).
    public var high: Rational? {
        switch self {
        case .exact(let v): v
        case .range(_, let hi): hi
        case .undefined, .overflow: nil
        }
    }

    var negated: ComputedValue {
        switch self {
        case .exact(let v): .exact(v.negated)
        case .range(let lo, let hi): .range(hi?.negated, lo?.negated)
        case .undefined, .overflow: self
        }
    }

    /// A non-decreasing function applied to both bounds.
    func monotone(_ f: (Rational) -> Rational?) -> ComputedValue {
        switch self {
        case .exact(let v): return f(v).map(ComputedValue.exact) ?? .overflow
        case .range(let lo, let hi): return .between(lo.flatMap(f), hi.flatMap(f))
        case .undefined, .overflow: return self
        }
    }

    /// The smallest value set holding both (`nil` is the empty set).
    static func hull(_ a: ComputedValue?, _ b: ComputedValue) -> ComputedValue {
        guard let a else { return b }
        if a == .overflow || b == .overflow { return .overflow }
        // Possibly undefined: nothing certain can be said.
        if a == .undefined || b == .undefined { return .range(nil, nil) }
        let lo: Rational? = if let x = a.low, let y = b.low { Swift.min(x, y) } else { nil }
        let hi: Rational? = if let x = a.high, let y = b.high { Swift.max(x, y) } else { nil }
        return .between(lo, hi)
    }

    /// `a op b`, exactly for exact operands (overflow reported), as bounds otherwise (a bound that
    /// overflows is dropped, which only widens them).
    static func combine(_ op: ArithmeticOperator, _ a: ComputedValue, _ b: ComputedValue) -> ComputedValue {
        if a == .overflow || b == .overflow { return .overflow }
        if a == .undefined || b == .undefined { return .undefined }
        if case .exact(let x) = a, case .exact(let y) = b {
            let r: Rational?
            switch op {
            case .add: r = x.adding(y)
            case .subtract: r = x.subtracting(y)
            case .multiply: r = x.multiplied(by: y)
            case .divide:
                guard y != .zero else { return .undefined }
                r = x.divided(by: y)
            }
            return r.map(ComputedValue.exact) ?? .overflow
        }
        switch op {
        case .add: return .between(Bound.add(a.low, b.low), Bound.add(a.high, b.high))
        case .subtract: return .between(Bound.add(a.low, b.high?.negated), Bound.add(a.high, b.low?.negated))
        case .multiply: return Bound.multiply(a, b)
        case .divide:
            if b == .exact(.zero) { return .undefined }
            // A divisor that may be zero (or change sign) leaves the quotient unbounded.
            if let lo = b.low, lo > .zero { return Bound.multiply(a, Bound.reciprocal(b)) }
            if let hi = b.high, hi < .zero { return Bound.multiply(a, Bound.reciprocal(b)) }
            return .range(nil, nil)
        }
    }

    /// The truth of `value op 0`: decided when the bounds decide it, unknown otherwise (and for no value).
    public func truth(_ op: ComparisonOperator) -> Truth {
        switch self {
        case .exact(let v): return op.holds(v, .zero) ? .true : .false
        case .undefined, .overflow: return .unknown
        case .range(let lo, let hi):
            let above = lo.map { $0 > .zero } ?? false, atLeast = lo.map { $0 >= .zero } ?? false
            let below = hi.map { $0 < .zero } ?? false, atMost = hi.map { $0 <= .zero } ?? false
            switch op {
            case .greater: return above ? .true : (atMost ? .false : .unknown)
            case .greaterOrEqual: return atLeast ? .true : (below ? .false : .unknown)
            case .less: return below ? .true : (atLeast ? .false : .unknown)
            case .lessOrEqual: return atMost ? .true : (above ? .false : .unknown)
            case .equal: return above || below ? .false : .unknown
            case .notEqual: return above || below ? .true : .unknown
            }
        }
    }
}

/// Arithmetic on bounds, where `nil` is unbounded (−∞ for a low bound, +∞ for a high one).
enum Bound {
    static func add(_ a: Rational?, _ b: Rational?) -> Rational? {
        guard let a, let b else { return nil }
        return a.adding(b)
    }

    static func pick(_ a: Rational?, _ b: Rational?, max: Bool, unboundedIsLow: Bool) -> Rational? {
        switch (a, b) {
        case let (x?, y?): return max ? Swift.max(x, y) : Swift.min(x, y)
        case let (x?, nil): return (max == unboundedIsLow) ? x : nil
        case let (nil, y?): return (max == unboundedIsLow) ? y : nil
        case (nil, nil): return nil
        }
    }

    /// An extended number: −∞, finite or +∞.
    enum Extended: Comparable {
        case negativeInfinity, finite(Rational), positiveInfinity
        var sign: Int {
            switch self {
            case .negativeInfinity: -1
            case .positiveInfinity: 1
            case .finite(let r): r.isNegative ? -1 : (r == .zero ? 0 : 1)
            }
        }
        /// The product, with 0 × ∞ = 0 (right for the hull of closed intervals); `nil` on overflow.
        func times(_ o: Extended) -> Extended? {
            if case .finite(let x) = self, case .finite(let y) = o { return x.multiplied(by: y).map(Extended.finite) }
            let s = sign * o.sign
            return s == 0 ? .finite(.zero) : (s > 0 ? .positiveInfinity : .negativeInfinity)
        }
    }

    static func multiply(_ a: ComputedValue, _ b: ComputedValue) -> ComputedValue {
        let xs: [Extended] = [a.low.map(Extended.finite) ?? .negativeInfinity, a.high.map(Extended.finite) ?? .positiveInfinity]
        let ys: [Extended] = [b.low.map(Extended.finite) ?? .negativeInfinity, b.high.map(Extended.finite) ?? .positiveInfinity]
        var products: [Extended] = []
        for x in xs { for y in ys { guard let p = x.times(y) else { return .range(nil, nil) }; products.append(p) } }
        guard let lo = products.min(), let hi = products.max() else { return .range(nil, nil) }
        let low: Rational? = if case .finite(let v) = lo { v } else { nil }
        let high: Rational? = if case .finite(let v) = hi { v } else { nil }
        return .between(low, high)
    }

    /// `1 / b` for bounds of one sign, excluding zero: within `[1/high, 1/low]`, where an unbounded
    /// side gives 0 (the hull of the open end).
    static func reciprocal(_ b: ComputedValue) -> ComputedValue {
        .between(b.high.flatMap { Rational.one.divided(by: $0) } ?? .zero, b.low.flatMap { Rational.one.divided(by: $0) } ?? .zero)
    }
}

extension NumericProgram {
    /// Whether the program is a constant at most zero (for `round(x, -1)`, which gives tens).
    var isNonPositiveConstant: Bool {
        if case .constant(let c) = self { return !(c > .zero) && c.isInteger }
        return false
    }
}
