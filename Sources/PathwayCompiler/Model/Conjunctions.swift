/// A literal of a decision path: an atom that must be true (`positive`) or false.
public struct Literal: Hashable, Sendable, Comparable {
    /// The atom's index in ``CompiledGuidelines/atoms``.
    public let atom: Int
    /// Whether the atom must hold (`true`) or must not hold (`false`).
    public let positive: Bool

    /// Creates a literal.
    public init(atom: Int, positive: Bool) {
        self.atom = atom
        self.positive = positive
    }

    /// By atom, then the negative literal first. (Not a tuple comparison: in a debug build that is a
    /// generic call, and needed facts compare literals on every undetermined outcome.)
    public static func < (lhs: Literal, rhs: Literal) -> Bool {
        lhs.atom != rhs.atom ? lhs.atom < rhs.atom : !lhs.positive && rhs.positive
    }
}

extension CompiledGuidelines {
    /// The node as a disjunction of conjunctions of literals (each conjunction one way for it to
    /// hold), or `nil` when that form would have more than `limit` conjunctions.
    ///
    /// This is the analysable form of conditions: with each atom constraining one fact, every
    /// conjunction is a box of per-fact constraints. Conjunctions that contain an atom and its
    /// negation are dropped; literals within a conjunction are sorted.
    ///
    /// Under Kleene logic `not (a and b)` is `not a or not b` and double negation cancels, so the
    /// form has the same three-valued truth as the node.
    /// - Complexity: exponential in the worst case; bounded by `limit`.
    public func conjunctions(of node: Int, limit: Int = 4096) -> [[Literal]]? {
        var memo: [Int: [[Literal]]] = [:]
        var memoNegated: [Int: [[Literal]]] = [:]
        var overflow = false

        func product(_ a: [[Literal]], _ b: [[Literal]]) -> [[Literal]] {
            var result: [[Literal]] = []
            for x in a {
                for y in b {
                    var merged = Set(x)
                    var contradictory = false
                    for literal in y {
                        if merged.contains(Literal(atom: literal.atom, positive: !literal.positive)) { contradictory = true; break }
                        merged.insert(literal)
                    }
                    if !contradictory { result.append(merged.sorted()) }
                    if result.count > limit { overflow = true; return result }
                }
            }
            return result
        }

        func dnf(_ index: Int, negated: Bool) -> [[Literal]] {
            if overflow { return [] }
            if let cached = negated ? memoNegated[index] : memo[index] { return cached }
            let result: [[Literal]]
            switch nodes[index] {
            case .constant(let b): result = (b != negated) ? [[]] : []
            case .atom(let a): result = [[Literal(atom: a, positive: !negated)]]
            case .not(let inner): result = dnf(inner, negated: !negated)
            case .and(let operands) where !negated, .or(let operands) where negated:
                var acc: [[Literal]] = [[]]
                for operand in operands {
                    acc = product(acc, dnf(operand, negated: negated))
                    if acc.isEmpty || overflow { break }
                }
                result = acc
            case .and(let operands), .or(let operands):
                var acc: [[Literal]] = []
                var seen = Set<[Literal]>()
                for operand in operands {
                    for conjunction in dnf(operand, negated: negated) where seen.insert(conjunction).inserted {
                        acc.append(conjunction)
                    }
                    if acc.count > limit { overflow = true; break }
                }
                result = acc
            }
            if negated { memoNegated[index] = result } else { memo[index] = result }
            return result
        }

        let result = dnf(node, negated: false)
        return overflow ? nil : result
    }
}
