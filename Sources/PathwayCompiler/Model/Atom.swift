import PathwaySyntax

/// The smallest condition: a test on one fact (or, rarely, an arithmetic comparison of several).
///
/// Evaluation, analysis and diff all work from the same atoms, so they cannot disagree. A test on
/// an unknown fact is unknown, except `known`, which is then false.
public struct Atom: Hashable, Sendable {
    /// What an atom tests.
    public enum Test: Hashable, Sendable {
        /// `fact op threshold`, the threshold in the fact's unit.
        case compare(ComparisonOperator, Double)
        /// The enumeration value's index is in the set (bit `i` set for value `i`).
        case inSet(UInt64)
        /// The boolean fact is true.
        case isTrue
        /// The fact is known.
        case known
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
}

/// An arithmetic expression over facts, for the rare conditions that relate two facts.
public indirect enum NumericProgram: Hashable, Sendable {
    case constant(Double)
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

    /// The value, or `nil` when a fact is unknown or the result is not finite.
    public func evaluate(_ value: (Int) -> Double?) -> Double? {
        switch self {
        case .constant(let c): return c
        case .slot(let s): return value(s)
        case .negate(let a): return a.evaluate(value).map { -$0 }
        case .binary(let op, let a, let b):
            guard let x = a.evaluate(value), let y = b.evaluate(value) else { return nil }
            let r: Double
            switch op {
            case .add: r = x + y
            case .subtract: r = x - y
            case .multiply: r = x * y
            case .divide: r = x / y
            }
            return r.isFinite ? r : nil
        }
    }
}
