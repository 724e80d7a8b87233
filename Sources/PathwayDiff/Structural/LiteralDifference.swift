import PathwaySyntax

/// Finds how two conditions differ when they have the same shape and differ only in literals,
/// so a reviewer reads `threshold 1 cm → 2 cm` instead of two long conditions to compare by eye.
enum LiteralDifference {
    /// `threshold 1 cm → 2 cm; value list [a] → [a, b]` when `old` and `new` (both canonical) differ
    /// only in literals; `nil` when their shapes differ or they are equal.
    ///
    /// An identifier counts as a literal (an enumeration value) unless it is in `factNames`: the
    /// grammar cannot tell `T1a` from a fact name, but the declarations can.
    static func detail(old: Expression, new: Expression, factNames: Set<String>) -> String? {
        var differences: [String] = []
        guard walk(old, new, factNames: factNames, into: &differences), !differences.isEmpty else { return nil }
        return differences.joined(separator: "; ")
    }

    private static func walk(_ a: Expression, _ b: Expression, factNames: Set<String>, into differences: inout [String]) -> Bool {
        if let labelA = literalLabel(a, factNames: factNames), let labelB = literalLabel(b, factNames: factNames) {
            let (oldText, newText) = (a.description, b.description)
            if oldText != newText {
                differences.append("\(labelA == labelB ? labelA : "value") \(oldText) → \(newText)")
            }
            return true
        }
        func both(_ pairs: [(Expression, Expression)]) -> Bool {
            pairs.allSatisfy { walk($0.0, $0.1, factNames: factNames, into: &differences) }
        }
        switch (a.kind, b.kind) {
        case (.identifier(let x), .identifier(let y)): return x == y
        case (.not(let x), .not(let y)), (.negate(let x), .negate(let y)): return both([(x, y)])
        case (.logical(let o1, let l1, let r1), .logical(let o2, let l2, let r2)): return o1 == o2 && both([(l1, l2), (r1, r2)])
        case (.arithmetic(let o1, let l1, let r1), .arithmetic(let o2, let l2, let r2)): return o1 == o2 && both([(l1, l2), (r1, r2)])
        case (.comparison(let o1, let l1, let r1), .comparison(let o2, let l2, let r2)): return o1 == o2 && both([(l1, l2), (r1, r2)])
        case (.membership(let e1, let c1, let n1), .membership(let e2, let c2, let n2)): return n1 == n2 && both([(e1, e2), (c1, c2)])
        case (.call(let n1, let a1, _), .call(let n2, let a2, _)): return n1 == n2 && a1.count == a2.count && both(Array(zip(a1, a2)))
        default: return false
        }
    }

    /// How a literal is named in a detail, or `nil` if the expression is not a literal.
    private static func literalLabel(_ e: Expression, factNames: Set<String>) -> String? {
        switch e.kind {
        case .number: return "threshold"
        case .negate(let inner):
            if case .number = inner.kind { return "threshold" }
            return nil
        case .boolean: return "value"
        case .identifier(let name): return factNames.contains(name) ? nil : "value"
        case .list: return "value list"
        case .range: return "range"
        default: return nil
        }
    }
}
