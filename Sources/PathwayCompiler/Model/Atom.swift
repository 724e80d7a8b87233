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
        @inlinable @inline(__always)
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
        /// `value op 0` for a computed value: arithmetic over facts, a function, a score, a table's
        /// output. Opaque to per-fact analysis (a relation of its own there).
        case arithmetic(NumericProgram, ComparisonOperator)
        /// The computed value is determined: true when exact, unknown while it depends on unknown
        /// facts (or has no value). Guards a text that shows the value, and `known(derived)`.
        case determined(NumericProgram)
        /// `known(derived)` of a boolean or enumerated derived fact: whether the condition (formula
        /// node) is decided by the patient's data. A fact about the record, like `known(fact)`: never unknown.
        case decided(Int)
        /// `known(derived)` of a numeric derived fact: whether its value is exact. Never unknown.
        case exact(NumericProgram)
    }

    /// The formula nodes the atom reads the truth of: a computed value's conditions, or the
    /// condition a `known(derived)` asks about.
    public var conditionNodes: [Int] {
        switch kind {
        case .fact: []
        case .arithmetic(let p, _), .determined(let p), .exact(let p): p.conditions
        case .decided(let node): [node]
        }
    }

    /// The computation of a computed atom (`nil` for a one-fact test).
    public var program: NumericProgram? {
        switch kind {
        case .fact, .decided: nil
        case .arithmetic(let p, _), .determined(let p), .exact(let p): p
        }
    }

    /// What the atom is.
    public let kind: Kind

    /// Creates an atom.
    public init(_ kind: Kind) {
        self.kind = kind
    }

    /// The slots of the facts the atom reads directly (a computed atom also reads the facts of the
    /// conditions in its program: ``CompiledGuidelines/slots(readBy:)``).
    public var directSlots: [Int] {
        switch kind {
        case .fact(let slot, _): [slot]
        case .arithmetic(let program, _), .determined(let program), .exact(let program): program.directSlots
        case .decided: []
        }
    }

    /// The truth of the atom for a patient: the single semantics of an atom, used by every
    /// evaluation path. A computed comparison (`score >= 2`, `a + b < 3 cm`) is decided as soon as
    /// the bounds of its value, given what is known, decide it; one whose computation overflows is
    /// unknown here, and ``NumericProgram/evaluate(_:)`` tells the overflow apart so evaluation can
    /// report it as the patient's error.
    @inlinable
    public func truth(_ inputs: some ComputationInputs) -> Truth {
        switch kind {
        case .fact(let slot, let test): return test.truth(of: inputs.value(slot))
        case .arithmetic(let program, let op): return program.evaluate(inputs).truth(op)
        case .determined(let program):
            if case .exact = program.evaluate(inputs) { return .true }
            return .unknown
        case .exact(let program):
            if case .exact = program.evaluate(inputs) { return .true }
            return .false
        case .decided(let node):
            return inputs.truth(ofNode: node) == .unknown ? .false : .true
        }
    }
}

extension ComparisonOperator {
    /// Whether the operator holds for an order (negative: less, zero: equal, positive: greater).
    @inlinable @inline(__always)
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

