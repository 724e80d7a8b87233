import PathwayCompiler

/// `needs` at the cost of a lookup: per recommendation, the resolutions of its undetermined
/// condition already computed, keyed by everything ``Evaluator/resolve(_:patient:conjunctions:maxCombinations:)``
/// reads of the patient.
///
/// The key of a patient for a recommendation is exact, so a hit returns what the computation would:
/// - which conjunctions of the condition are still alive (no literal false) and, in those, which
///   literals are unknown — the residual condition the computation starts from;
/// - whether each slot a residual one-fact literal tests is known;
/// - when the condition has computed atoms (scores, arithmetic, derived facts), the values of every
///   slot they read, since their truth under a completion depends on the known values too.
/// Everything else the computation uses (representative values, declared ranges, `known(…)` tests) is
/// fixed by the guidelines. Each recommendation keeps at most ``maxEntries`` answers; beyond that
/// patients are computed as before, so memory is bounded and results never change.
struct NeedsCache {
    /// The most answers kept per recommendation.
    static let maxEntries = 2048
    /// Conditions with more literals than this are computed every time (their keys would rarely repeat).
    static let maxLiterals = 1024

    /// What a recommendation's key is made of.
    struct Plan {
        /// The node of each literal's atom (where ``Evaluator/truths(for:into:)`` leaves its truth),
        /// its polarity, and the slot it tests (-1 for a computed atom), conjunction after conjunction.
        var nodes: [Int32] = []
        var positive: [Bool] = []
        var slots: [Int32] = []
        /// Where each conjunction's literals end in the arrays above.
        var ends: [Int32] = []
        /// The slots whose values enter the key (those computed atoms read), sorted.
        var valueSlots: [Int] = []
        /// The key's length in words.
        var words = 0
        var cacheable = true
    }

    /// Open addressing over the keys seen, for one recommendation.
    struct Table {
        /// Entry index per bucket, -1 when empty; allocated at the first lookup.
        var buckets: [Int32] = []
        var keys: [UInt64] = []
        var results: [Evaluator.Resolution] = []
    }

    private var plans: [Plan?]
    private var tables: [Table]
    private var key: [UInt64] = []
    /// The node of each atom, by atom index (-1 when no node is the atom alone).
    private let atomNodes: [Int32]
    /// Lookups answered from the cache and computed, for measuring.
    private(set) var hits = 0
    private(set) var misses = 0

    init(guidelines: CompiledGuidelines) {
        plans = [Plan?](repeating: nil, count: guidelines.recommendations.count)
        tables = [Table](repeating: Table(), count: guidelines.recommendations.count)
        atomNodes = Evaluator.atomNodes(of: guidelines).map { Int32($0) }
        key.reserveCapacity(64)
    }

    /// The resolution of recommendation `index`, whose condition is unknown for `patient` (`truths`
    /// are the patient's node truths; `node` is the recommendation's condition).
    mutating func resolve(_ index: Int, node: Int, patient: Patient, truths: [Truth], evaluator: Evaluator) -> Evaluator.Resolution {
        let conjunctions = evaluator.conjunctions[index]
        guard let conjunctions else { return evaluator.resolve(node, patient: patient, conjunctions: nil) }
        if plans[index] == nil { plans[index] = plan(conjunctions, evaluator: evaluator) }
        guard let plan = plans[index], plan.cacheable else {
            return evaluator.resolve(node, patient: patient, conjunctions: conjunctions)
        }
        fillKey(plan, patient: patient, truths: truths)
        let mask = 2 * Self.maxEntries - 1
        var bucket = Int(truncatingIfNeeded: Self.hash(key)) & mask
        if tables[index].buckets.isEmpty { tables[index].buckets = [Int32](repeating: -1, count: 2 * Self.maxEntries) }
        while true {
            let entry = Int(tables[index].buckets[bucket])
            if entry < 0 { break }
            if Self.equal(tables[index].keys, at: entry * plan.words, key) {
                hits += 1
                return tables[index].results[entry]
            }
            bucket = (bucket + 1) & mask
        }
        misses += 1
        let resolution = evaluator.resolve(node, patient: patient, conjunctions: conjunctions, truths: truths)
        if tables[index].results.count < Self.maxEntries {
            tables[index].buckets[bucket] = Int32(tables[index].results.count)
            tables[index].keys.append(contentsOf: key)
            tables[index].results.append(resolution)
        }
        return resolution
    }

    private func plan(_ conjunctions: [[Literal]], evaluator: Evaluator) -> Plan {
        var plan = Plan()
        let atoms = evaluator.guidelines.atoms
        var values = Set<Int>()
        for conjunction in conjunctions {
            for literal in conjunction {
                let node = atomNodes[literal.atom]
                guard node >= 0 else { plan.cacheable = false; return plan }
                plan.nodes.append(node)
                plan.positive.append(literal.positive)
                if case .fact(let slot, _) = atoms[literal.atom].kind {
                    plan.slots.append(Int32(slot))
                } else {
                    plan.slots.append(-1)
                    values.formUnion(evaluator.atomSlots[literal.atom])
                }
            }
            plan.ends.append(Int32(plan.nodes.count))
        }
        plan.valueSlots = values.sorted()
        let bits = plan.ends.count + 2 * plan.nodes.count
        plan.words = (bits + 63) / 64 + 2 * plan.valueSlots.count
        plan.cacheable = plan.nodes.count <= Self.maxLiterals
        return plan
    }

    /// Writes the patient's key for `plan` into `key`.
    private mutating func fillKey(_ plan: Plan, patient: Patient, truths: [Truth]) {
        // Index loops and the bit writer inline: in a debug build a range iterator or a closure
        // over the key costs more than the key (a cohort fills one per undetermined outcome).
        key.removeAll(keepingCapacity: true)
        var word: UInt64 = 0, bit: UInt64 = 0
        var start = 0, c = 0
        while c < plan.ends.count {
            let e = Int(plan.ends[c])
            c += 1
            var alive = true
            var k = start
            while k < e {
                let t = truths[Int(plan.nodes[k])]
                k += 1
                if t == .unknown { continue }
                if (t == .true) != plan.positive[k - 1] { alive = false; break }
            }
            if alive { word |= 1 << bit }
            bit += 1
            if bit == 64 { key.append(word); word = 0; bit = 0 }
            k = start
            while k < e {
                // Dead conjunctions contribute only zeros: what their literals were does not matter.
                let unknown = alive && truths[Int(plan.nodes[k])] == .unknown
                if unknown { word |= 1 << bit }
                bit += 1
                if bit == 64 { key.append(word); word = 0; bit = 0 }
                let slot = Int(plan.slots[k])
                if unknown && slot >= 0 && patient.isKnown(slot) { word |= 1 << bit }
                bit += 1
                if bit == 64 { key.append(word); word = 0; bit = 0 }
                k += 1
            }
            start = e
        }
        if bit > 0 { key.append(word) }
        var v = 0
        while v < plan.valueSlots.count {
            let value = patient[plan.valueSlots[v]]
            v += 1
            key.append(UInt64(bitPattern: value.numerator))
            key.append(UInt64(bitPattern: value.denominator))
        }
    }

    static func hash(_ words: [UInt64]) -> UInt64 {
        var h: UInt64 = 0x9E37_79B9_7F4A_7C15
        var i = 0
        while i < words.count {
            h = (h ^ words[i]) &* 0xBF58_476D_1CE4_E5B9
            h ^= h >> 31
            i += 1
        }
        return h
    }

    static func equal(_ keys: [UInt64], at offset: Int, _ key: [UInt64]) -> Bool {
        var k = 0
        while k < key.count {
            if keys[offset + k] != key[k] { return false }
            k += 1
        }
        return true
    }
}
