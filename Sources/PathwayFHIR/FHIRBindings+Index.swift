extension FHIRBindings {
    /// The bindings by resource type and exact code, so that a resource is checked against the few
    /// bindings that may select it rather than against every one (``FactBinding/matches(_:_:)``
    /// still decides).
    struct Index: Sendable {
        /// Per resource type (``ResourceType/allCases`` order): bindings that name no code, and
        /// bindings with a prefix code (`C15*`); both are checked for every resource of the type.
        private var always: [[Int]]
        /// Per resource type: for each exact `system|code`, the bindings that name it.
        private var byCode: [[String: [Int]]]

        init(_ bindings: [FactBinding]) {
            let types = ResourceType.allCases
            always = Array(repeating: [], count: types.count)
            byCode = Array(repeating: [:], count: types.count)
            for (b, binding) in bindings.enumerated() {
                guard let t = types.firstIndex(of: binding.resource) else { continue }
                if binding.codes.isEmpty || binding.codes.contains(where: \.isPrefix) { always[t].append(b) }
                for code in binding.codes where !code.isPrefix { byCode[t]["\(code.system)|\(code.code)", default: []].append(b) }
            }
        }

        /// The bindings that may select a resource with these keys, in binding order, without repeats.
        func candidates(_ keys: MatchKeys) -> [Int] {
            guard let type = keys.type, let t = ResourceType.allCases.firstIndex(of: type) else { return [] }
            var found = always[t]
            for coding in keys.codes {
                if let hits = byCode[t]["\(coding.system)|\(coding.code)"] { found += hits }
            }
            guard found.count > 1 else { return found }
            found.sort()
            var unique: [Int] = []
            unique.reserveCapacity(found.count)
            for b in found where unique.last != b { unique.append(b) }
            return unique
        }
    }
}
