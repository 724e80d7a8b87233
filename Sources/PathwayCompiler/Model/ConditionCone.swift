import PathwaySyntax

extension CompiledGuidelines {
    /// The fact slots a node depends on, through its atoms and the conditions of computed atoms, sorted.
    public func slots(readByNode node: Int) -> [Int] {
        var slots = Set<Int>(), visited = Set<Int>(), atomsSeen = Set<Int>()
        var stack = [node]
        while let n = stack.popLast() {
            guard visited.insert(n).inserted else { continue }
            switch nodes[n] {
            case .constant: break
            case .atom(let a):
                guard atomsSeen.insert(a).inserted else { continue }
                slots.formUnion(atoms[a].directSlots)
                stack.append(contentsOf: atoms[a].conditionNodes)
            case .not(let x): stack.append(x)
            case .and(let xs), .or(let xs): stack.append(contentsOf: xs)
            }
        }
        return slots.sorted()
    }

    /// The fact slots an atom depends on (for a computed atom, also those of the conditions it tests), sorted.
    public func slots(readBy atom: Int) -> [Int] {
        var result = Set(atoms[atom].directSlots)
        for c in atoms[atom].conditionNodes { result.formUnion(slots(readByNode: c)) }
        return result.sorted()
    }

    /// The atoms a node depends on, including those inside computed atoms' conditions.
    public func atoms(readByNode node: Int) -> Set<Int> {
        var result = Set<Int>(), visited = Set<Int>()
        var stack = [node]
        while let n = stack.popLast() {
            guard visited.insert(n).inserted else { continue }
            switch nodes[n] {
            case .constant: break
            case .atom(let a):
                guard result.insert(a).inserted else { continue }
                stack.append(contentsOf: atoms[a].conditionNodes)
            case .not(let x): stack.append(x)
            case .and(let xs), .or(let xs): stack.append(contentsOf: xs)
            }
        }
        return result
    }

    /// The slots whose presence some condition tests: by `known(fact)`, or by `known(derived)` through
    /// the facts the derived fact reads. Their missing values are facts about the record, not values
    /// to complete: evaluation and analysis never decide an outcome by trying values for them.
    public var recordTestedSlots: Set<Int> {
        var result = Set<Int>()
        for (index, atom) in atoms.enumerated() {
            switch atom.kind {
            case .fact(let slot, .known): result.insert(slot)
            case .decided, .exact: result.formUnion(slots(readBy: index))
            case .fact, .arithmetic, .determined: break
            }
        }
        return result
    }

    /// The declared bounds of each fact, by slot, as computations read them for unknown facts.
    public var factRanges: [(low: Rational?, high: Rational?)] {
        facts.map { ($0.minimum, $0.maximum) }
    }
}

/// The truth of any node for one patient, computed on demand through the node's cone only, with
/// the same atom semantics as every other path (``Atom/truth(_:)``). For the slow paths (needed
/// facts, hypothetical patients); the evaluator's linear pass is the fast one.
public final class ConeEvaluator: ComputationInputs {
    let guidelines: CompiledGuidelines
    let ranges: [(low: Rational?, high: Rational?)]
    /// The patient's values, by slot.
    public var values: [FactValue] {
        didSet { memo.removeAll(keepingCapacity: true) }
    }
    private var memo: [Int: Truth] = [:]

    /// An evaluator for `values` (one per fact slot of `guidelines`).
    public init(guidelines: CompiledGuidelines, values: [FactValue], ranges: [(low: Rational?, high: Rational?)]? = nil) {
        precondition(values.count == guidelines.facts.count, "one value per fact slot")
        self.guidelines = guidelines
        self.values = values
        self.ranges = ranges ?? guidelines.factRanges
    }

    public func value(_ slot: Int) -> FactValue { values[slot] }
    public func range(_ slot: Int) -> (low: Rational?, high: Rational?) { ranges[slot] }

    public func truth(ofNode node: Int) -> Truth {
        if let known = memo[node] { return known }
        let t: Truth
        switch guidelines.nodes[node] {
        case .constant(let b): t = b ? .true : .false
        case .atom(let a): t = guidelines.atoms[a].truth(self)
        case .not(let x): t = !truth(ofNode: x)
        case .and(let xs):
            // Kleene's `&&` and `||` (Formula.swift), stopping at the first operand that decides.
            var r = Truth.true
            for x in xs where r != .false { r = r && truth(ofNode: x) }
            t = r
        case .or(let xs):
            var r = Truth.false
            for x in xs where r != .true { r = r || truth(ofNode: x) }
            t = r
        }
        memo[node] = t
        return t
    }

    /// The truth of an atom for the current values.
    public func truth(ofAtom atom: Int) -> Truth { guidelines.atoms[atom].truth(self) }
}
