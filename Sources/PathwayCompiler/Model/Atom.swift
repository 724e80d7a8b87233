import PathwaySyntax

/// The smallest condition: a test on one fact (or, rarely, an arithmetic comparison of several).
///
/// Evaluation, analysis and diff all work from the same atoms and ask them for their truth through
/// the same two functions, ``Atom/Test/truth(of:)`` and ``NumericProgram/evaluate(_:)``, so they
/// cannot disagree. A test on an unknown fact is unknown, except `known`, which is then false.
public struct Atom: Hashable, Sendable {
    /// What an atom tests.
    public enum Test: Hashable, Sendable {
        /// `fact op threshold`, the threshold exactly in the fact's unit.
        case compare(ComparisonOperator, Rational)
        /// The enumeration value's index is in the set (bit `i` set for value `i`).
        case inSet(UInt64)
        /// The boolean fact is true.
        case isTrue
        /// The fact is known.
        case known

        /// The truth of the test for a fact's value: the one definition every evaluation path uses.
        @inlinable
        public func truth(of v: FactValue) -> Truth {
            if case .known = self { return v.isKnown ? .true : .false }
            guard v.isKnown else { return .unknown }
            switch self {
            case .compare(let op, let t):
                return op.holds(Rational.order(v.numerator, v.denominator, t.numerator, t.denominator)) ? .true : .false
            case .inSet(let mask):
                // An index outside 0..<64 is in no set (the decoders never produce one).
                return v.numerator >= 0 && v.numerator < 64 && mask & (1 << UInt64(v.numerator)) != 0 ? .true : .false
            case .isTrue: return v.numerator != 0 ? .true : .false
            case .known: return .true
            }
        }
    }

    /// The kind of atom.
    public enum Kind: Hashable, Sendable {
        /// A test on one fact.
        case fact(slot: Int, Test)
        /// `lhs op 0` for an arithmetic expression over several facts; opaque to per-fact analysis.
        case arithmetic(NumericProgram, ComparisonOperator)
    }

    /// What the atom is.
    public let kind: Kind

    /// Creates an atom.
    public init(_ kind: Kind) {
        self.kind = kind
    }

    /// The slots of the facts the atom reads.
    public var slots: [Int] {
        switch kind {
        case .fact(let slot, _): [slot]
        case .arithmetic(let program, _): program.slots
        }
    }

    /// The truth of the atom given each slot's value: the single semantics of an atom.
    /// An arithmetic atom whose computation overflows is unknown here; ``NumericProgram/evaluate(_:)``
    /// tells the overflow apart so evaluation can report it.
    @inlinable
    public func truth(_ value: (Int) -> FactValue) -> Truth {
        switch kind {
        case .fact(let slot, let test): return test.truth(of: value(slot))
        case .arithmetic(let program, let op):
            guard case .value(let v) = program.evaluate(value) else { return .unknown }
            return op.holds(v.numerator.signum() == 0 ? 0 : (v.numerator < 0 ? -1 : 1)) ? .true : .false
        }
    }
}

extension ComparisonOperator {
    /// Whether the operator holds for an order (negative: less, zero: equal, positive: greater).
    @inlinable
    public func holds(_ order: Int) -> Bool {
        switch self {
        case .equal: order == 0
        case .notEqual: order != 0
        case .less: order < 0
        case .lessOrEqual: order <= 0
        case .greater: order > 0
        case .greaterOrEqual: order >= 0
        }
    }

    /// Whether `a op b`, exactly.
    @inlinable
    public func holds(_ a: Rational, _ b: Rational) -> Bool {
        holds(Rational.order(a.numerator, a.denominator, b.numerator, b.denominator))
    }
}

/// The result of a computation over patient values.
public enum ComputedValue: Hashable, Sendable {
    /// The exact result.
    case value(Rational)
    /// A fact it needs is unknown, or it divides by zero.
    case unknown
    /// The exact result does not fit Pathway's numbers (see ``Rational``): an error for that patient.
    case overflow
}

/// An arithmetic expression over facts, for the rare conditions that relate two facts.
public indirect enum NumericProgram: Hashable, Sendable {
    case constant(Rational)
    case slot(Int)
    case binary(ArithmeticOperator, NumericProgram, NumericProgram)
    case negate(NumericProgram)

    /// The slots read, without duplicates, in order.
    public var slots: [Int] {
        var result: [Int] = []
        func visit(_ p: NumericProgram) {
            switch p {
            case .constant: break
            case .slot(let s): if !result.contains(s) { result.append(s) }
            case .binary(_, let a, let b): visit(a); visit(b)
            case .negate(let a): visit(a)
            }
        }
        visit(self)
        return result
    }

    /// The exact value; unknown when a fact is unknown or a divisor is zero, overflow when the
    /// exact result does not fit. Overflow wins over unknown only when it is certain (both operands known).
    public func evaluate(_ value: (Int) -> FactValue) -> ComputedValue {
        switch self {
        case .constant(let c): return .value(c)
        case .slot(let s): return value(s).rational.map(ComputedValue.value) ?? .unknown
        case .negate(let a):
            guard case .value(let x) = a.evaluate(value) else { return a.evaluate(value) }
            return .value(x.negated)
        case .binary(let op, let a, let b):
            let l = a.evaluate(value), r = b.evaluate(value)
            if l == .overflow || r == .overflow { return .overflow }
            guard case .value(let x) = l, case .value(let y) = r else { return .unknown }
            let result: Rational?
            switch op {
            case .add: result = x.adding(y)
            case .subtract: result = x.subtracting(y)
            case .multiply: result = x.multiplied(by: y)
            case .divide:
                guard y != .zero else { return .unknown }
                result = x.divided(by: y)
            }
            return result.map(ComputedValue.value) ?? .overflow
        }
    }
}
