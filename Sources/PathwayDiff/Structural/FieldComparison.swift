/// Compares the canonical fields of two versions of a declaration.
enum FieldComparison {
    /// The changed fields, in the entity's field order (fields present in one version only are
    /// placed after the field that precedes them).
    static func changes(old: [FieldValue], new: [FieldValue], factNames: Set<String>) -> [FieldChange] {
        let oldByName = Dictionary(old.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        let newByName = Dictionary(new.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        var result: [FieldChange] = []
        for name in mergedOrder(old.map(\.name), new.map(\.name)) {
            let o = oldByName[name], n = newByName[name]
            guard o?.text != n?.text else { continue }
            result.append(FieldChange(field: name, old: o?.text, new: n?.text, detail: detail(old: o, new: n, factNames: factNames)))
        }
        return result
    }

    /// The content of a declaration present in one version only, as changes from or to nothing.
    static func content(_ fields: [FieldValue], added: Bool) -> [FieldChange] {
        fields.compactMap { f in
            guard let text = f.text else { return nil }
            return added ? FieldChange(field: f.name, old: nil, new: text) : FieldChange(field: f.name, old: text, new: nil)
        }
    }

    /// The old names, with each new-only name inserted after the name that precedes it in the new order.
    static func mergedOrder(_ old: [String], _ new: [String]) -> [String] {
        var order = old
        var seen = Set(old)
        var previous: String?
        for name in new {
            if !seen.contains(name) {
                let at = previous.flatMap { p in order.firstIndex(of: p).map { $0 + 1 } } ?? 0
                order.insert(name, at: at)
                seen.insert(name)
            }
            previous = name
        }
        return order
    }

    private static func detail(old: FieldValue?, new: FieldValue?, factNames: Set<String>) -> String? {
        guard let old, let new else { return nil }
        switch (old.shape, new.shape) {
        case (.members(let noun, let a), .members(_, let b)):
            return membership(noun: noun, old: a, new: b)
        case (.sequence(let noun, let a), .sequence(_, let b)):
            return membership(noun: noun, old: a, new: b) ?? (a == b ? nil : "reordered \(noun)s")
        case (.condition(let a?), .condition(let b?)):
            return LiteralDifference.detail(old: a, new: b, factNames: factNames)
        case (.range(let oldMin, let oldMax), .range(let newMin, let newMax)):
            var parts: [String] = []
            if oldMin != newMin { parts.append("min \(oldMin ?? "none") → \(newMin ?? "none")") }
            if oldMax != newMax { parts.append("max \(oldMax ?? "none") → \(newMax ?? "none")") }
            return parts.isEmpty ? nil : parts.joined(separator: "; ")
        case (.entries(let a), .entries(let b)):
            let parts = Set(a.keys).union(b.keys).sorted().compactMap { key -> String? in
                switch (a[key], b[key]) {
                case (nil, let n?): "added \(key): \(n)"
                case (let o?, nil): "removed \(key): \(o)"
                case (let o?, let n?) where o != n: "\(key) \(o) → \(n)"
                default: nil
                }
            }
            return parts.isEmpty ? nil : parts.joined(separator: "; ")
        default:
            return nil
        }
    }

    /// `added value T1c; removed value X`, or `nil` when both hold the same members.
    private static func membership(noun: String, old: [String], new: [String]) -> String? {
        let oldSet = Set(old), newSet = Set(new)
        let added = new.filter { !oldSet.contains($0) }, removed = old.filter { !newSet.contains($0) }
        let parts = added.map { "added \(noun) \($0)" } + removed.map { "removed \(noun) \($0)" }
        return parts.isEmpty ? nil : parts.joined(separator: "; ")
    }
}
