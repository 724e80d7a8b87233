import PathwayCompiler
import PathwaySyntax

extension Evaluator {
    /// The unknown facts that can decide an undetermined condition: each listed fact, on its own,
    /// can change the outcome for some values of the other unknown facts; no other fact can.
    ///
    /// The condition's conjunctions are first reduced by the known facts (false ones dropped, true
    /// literals removed, subsumed ones absorbed). Then, for the few facts left, every combination
    /// of representative values (one per cell between the thresholds that matter) is tried. When
    /// that would be more than `maxCombinations`, the facts of the reduced conjunctions are listed,
    /// which may include a fact that cannot matter but never omits one that can.
    public func neededFacts(_ node: Int, patient: Patient, maxCombinations: Int = 4096) -> [String] {
        neededFacts(node, patient: patient, conjunctions: guidelines.conjunctions(of: node), maxCombinations: maxCombinations)
    }

    func neededFacts(_ node: Int, patient: Patient, conjunctions: [[Literal]]?, maxCombinations: Int = 4096) -> [String] {
        neededSlots(node, patient: patient, conjunctions: conjunctions, maxCombinations: maxCombinations).map { guidelines.facts[$0].name }
    }

    /// ``neededFacts(_:patient:maxCombinations:)`` as fact slots, in slot order.
    func neededSlots(_ node: Int, patient: Patient, conjunctions: [[Literal]]?, maxCombinations: Int = 4096) -> [Int] {
        if case .needs(let slots) = resolve(node, patient: patient, conjunctions: conjunctions, maxCombinations: maxCombinations) { return slots }
        return []
    }

    /// What an undetermined condition (unknown in Kleene logic) comes to once the missing facts are
    /// considered: either some missing facts can still change it (they are listed, exactly when the
    /// values that matter could all be tried, else a superset), or every completion of the missing
    /// facts gives the same truth (`a or not a`, a score whose possible values all fall on one side),
    /// and then it is decided.
    enum Resolution: Equatable {
        case needs([Int])
        case decided(Bool)
    }

    /// `truths`, when given, are the patient's node truths (``truths(for:into:)``): an atom's truth is
    /// then read from its node instead of computed again.
    func resolve(_ node: Int, patient: Patient, conjunctions: [[Literal]]?, truths: [Truth]? = nil, maxCombinations: Int = 4096) -> Resolution {
        guard let conjunctions else {
            return .needs(facts(of: node).map(\.slot).filter { !patient.isKnown($0) })
        }
        // One-fact atoms are asked directly; computed atoms through a cone evaluator (their
        // conditions need node truths for the assignment being tried).
        // The cone evaluator is made only when a computed atom is met (most conditions have none).
        var cone: ConeEvaluator?
        // Read once (in a debug build each `guidelines.atoms` copies the whole compiled guidelines).
        // With the patient's evaluation date known, a comparison of the time since a date is a
        // threshold on that date (as the analysis makes it), so dates around it are tried like numbers.
        let atoms = datedAtoms[patient.evaluationDate]
        func literalTruth(_ literal: Literal, _ p: Patient) -> Truth {
            let atom = atoms[literal.atom]
            let t: Truth
            if case .fact(let slot, let test) = atom.kind {
                t = test.truth(of: p[slot])
            } else {
                let inputs = cone ?? ConeEvaluator(guidelines: guidelines, values: p.values, ranges: ranges)
                cone = inputs
                if inputs.values != p.values { inputs.values = p.values }
                t = atom.truth(inputs)
            }
            return literal.positive ? t : !t
        }
        // Index loops, not `for … in`: in a debug build each iterator costs a generic metadata lookup.
        var residual: [[Literal]] = []
        let atomNodes = self.atomNodes
        var c = 0
        while c < conjunctions.count {
            let conjunction = conjunctions[c]
            c += 1
            var remaining: [Literal] = []
            var isFalse = false
            var l = 0
            while l < conjunction.count {
                let literal = conjunction[l]
                l += 1
                let t: Truth
                if let truths, atomNodes[literal.atom] >= 0 {
                    let v = truths[atomNodes[literal.atom]]
                    t = literal.positive ? v : !v
                } else {
                    t = literalTruth(literal, patient)
                }
                if t == .false { isFalse = true; break }
                if t == .unknown { remaining.append(literal) }
            }
            // Kleene said unknown, but the conjunctions (which drop `a and not a`) may already decide
            // it: a conjunction whose every literal holds.
            if !isFalse {
                if remaining.isEmpty { return .decided(true) }
                residual.append(remaining)
            }
        }
        if residual.isEmpty { return .decided(false) }
        if residual.count > 1 { residual = Self.absorb(residual) }
        // A value a text shows must be determined, not merely decided by its bounds: every unknown
        // fact it reads is needed (completing them always determines it, so trying values cannot tell).
        var shownValueSlots: [Int] = []
        var slots: [Int] = []
        var flat: [Literal] = []
        var allContingent = true
        c = 0
        while c < residual.count {
            flat.append(contentsOf: residual[c])
            c += 1
        }
        var f = 0
        while f < flat.count {
            let atom = flat[f].atom
            f += 1
            if !contingentAtoms[atom] { allContingent = false }
            let shown: Bool
            if case .determined = atoms[atom].kind { shown = true } else { shown = false }
            let read = atomSlots[atom]
            var r = 0
            while r < read.count {
                let slot = read[r]
                r += 1
                guard !patient.isKnown(slot) else { continue }
                if shown { Self.insert(slot, into: &shownValueSlots) }
                Self.insert(slot, into: &slots)
            }
        }
        slots.sort()
        if allContingent, Self.isMonotoneInIndependentFacts(residual, atoms: atoms) {
            // Each fact is tested by one atom, always with the same polarity: the absorbed form is the
            // minimal one, so every fact left in it is essential (and no other is).
            return .needs(slots)
        }
        // The atoms whose cells matter: the residual's, and those inside computed atoms' conditions.
        var relevant: [Int] = []
        f = 0
        while f < flat.count {
            let atom = flat[f].atom
            f += 1
            guard Self.insert(atom, into: &relevant) else { continue }
            let inside = atomsInside[atom]
            var i = 0
            while i < inside.count {
                Self.insert(inside[i], into: &relevant)
                i += 1
            }
        }
        let candidates = slots.map { representatives(of: $0, atoms: relevant, in: atoms) }
        let combinations = candidates.reduce(1) { $0 > maxCombinations ? $0 : $0 * max($1.count, 1) }
        guard combinations <= maxCombinations, !candidates.contains(where: \.isEmpty) else {
            return .needs(slots)
        }
        // Facts tested with `known(…)` are data about the record, not values to complete: they stay
        // unknown in every assignment tried (and are listed when they may matter).
        let completable = slots.indices.filter { !knownTestedSlots[slots[$0]] }
        var needed = shownValueSlots
        for slot in slots where knownTestedSlots[slot] { Self.insert(slot, into: &needed) }
        // Enumerate assignments of representative values to the completable facts; a fact is needed
        // when changing only it changes the outcome (true, false, or still unknown).
        //
        // A one-fact literal's truth depends on its fact's value alone, so it is tabled once per
        // candidate value (or once, when its fact is not completed); only literals of computed atoms
        // are evaluated on each whole assignment.
        var completedAt = [Int](repeating: -1, count: guidelines.facts.count)
        for (k, position) in completable.enumerated() { completedAt[slots[position]] = k }
        // Flat arrays walked with index loops (a debug build pays for every iterator and nested array).
        var conjunctionEnds: [Int] = []     // per residual conjunction: one past its last literal
        var tableStart: [Int] = []          // per literal: where its truths start in `table`
        var tableFact: [Int] = []           // per literal: the completable fact k it reads, -1 constant, -2 computed
        var table: [Truth] = []
        var literals: [Literal] = []
        for conjunction in residual {
            for literal in conjunction {
                tableStart.append(table.count)
                if case .fact(let slot, let test) = atoms[literal.atom].kind {
                    let k = completedAt[slot]
                    if k >= 0 {
                        for value in candidates[completable[k]] {
                            let t = test.truth(of: value)
                            table.append(literal.positive ? t : !t)
                        }
                        tableFact.append(k)
                    } else {
                        table.append(literalTruth(literal, patient))
                        tableFact.append(-1)
                    }
                } else {
                    tableFact.append(-2)
                }
                literals.append(literal)
            }
            conjunctionEnds.append(literals.count)
        }
        let readsAssignment = tableFact.contains(-2)
        var assignment = patient
        var outcomes: [Truth] = []
        let count = completable.reduce(1) { $0 * max(candidates[$1].count, 1) }
        outcomes.reserveCapacity(count)
        let radices = completable.map { candidates[$0].count }
        var index = [Int](repeating: 0, count: completable.count)
        var tried = 0
        while tried < count {
            tried += 1
            if readsAssignment {
                for (k, position) in completable.enumerated() { assignment[slots[position]] = candidates[position][index[k]] }
            }
            var outcome = Truth.false
            var l = 0, c = 0
            while c < conjunctionEnds.count {
                let end = conjunctionEnds[c]
                c += 1
                var t = Truth.true
                while l < end {
                    let k = tableFact[l]
                    let v = k >= 0 ? table[tableStart[l] + index[k]] : k == -1 ? table[tableStart[l]] : literalTruth(literals[l], assignment)
                    l += 1
                    if v == .false { t = .false; break }
                    if v == .unknown { t = .unknown }
                }
                l = end
                if t == .true { outcome = .true; break }
                if t == .unknown { outcome = .unknown }
            }
            outcomes.append(outcome)
            var k = completable.count - 1
            while k >= 0 {
                index[k] += 1
                if index[k] < radices[k] { break }
                index[k] = 0
                k -= 1
            }
        }
        // outcomes are in mixed-radix order; the stride of fact k is the product of later counts.
        var stride = 1
        var k = completable.count - 1
        while k >= 0 {
            let radix = radices[k]
            var i = 0
            while i < count {
                let digit = (i / stride) % radix
                if digit != 0, outcomes[i] != outcomes[i - digit * stride] {
                    Self.insert(slots[completable[k]], into: &needed)
                    break
                }
                i += 1
            }
            stride *= radix
            k -= 1
        }
        // Every value that matters was tried and all give the same definite truth: decided.
        // A value the text shows must be determined: completion may withhold the recommendation, never give it.
        if let first = outcomes.first, first != .unknown, outcomes.allSatisfy({ $0 == first }), first == .false || shownValueSlots.isEmpty {
            return .decided(first == .true)
        }
        return .needs(needed.sorted())
    }

    /// The slots some `known(fact)` atom tests: their missing values are facts about the record.
    static func knownTested(in guidelines: CompiledGuidelines) -> Set<Int> { guidelines.recordTestedSlots }

    /// For each atom, whether some value in its fact's declared range makes it true and some other
    /// false (`n <= 10` is not contingent when `n` is at most 10): the shortcut for monotone
    /// conditions holds only over contingent atoms.
    static func contingency(of guidelines: CompiledGuidelines) -> [Bool] {
        guidelines.atoms.map { atom in
            guard case .fact(let slot, let test) = atom.kind else { return true }
            let fact = guidelines.facts[slot]
            let values: [FactValue]
            switch fact.type {
            case .boolean, .enumeration: values = choiceValues(of: fact.type) ?? []
            case .integer, .number:
                let cuts: Set<Rational> = if case .compare(_, let t) = test { [t] } else { [] }
                values = CellPoints.representatives(cutAt: cuts, integer: fact.type == .integer, minimum: fact.minimum, maximum: fact.maximum)
                    .map(FactValue.init)
            }
            let truths = Set(values.map { test.truth(of: $0) })
            return truths.contains(.true) && truths.contains(.false)
        }
    }

    /// Every value of a boolean or enumerated fact type, in index order; `nil` for numbers.
    static func choiceValues(of type: FactType) -> [FactValue]? {
        switch type {
        case .boolean: [FactValue(boolean: false), FactValue(boolean: true)]
        case .enumeration(let values): values.indices.map { FactValue(index: $0) }
        case .integer, .number: nil
        }
    }

    /// Whether every literal is a one-fact atom, each fact has one atom, and each atom one polarity.
    static func isMonotoneInIndependentFacts(_ conjunctions: [[Literal]], atoms: [Atom]) -> Bool {
        // Residual conditions have few literals: a linear scan over what was seen beats hashing.
        var slots: [Int] = [], seenAtoms: [Int] = [], polarities: [Bool] = []
        var c = 0
        while c < conjunctions.count {
            let conjunction = conjunctions[c]
            c += 1
            var l = 0
            while l < conjunction.count {
                let literal = conjunction[l]
                l += 1
                guard case .fact(let slot, _) = atoms[literal.atom].kind else { return false }
                var s = 0
                while s < slots.count, slots[s] != slot { s += 1 }
                if s < slots.count {
                    if seenAtoms[s] != literal.atom || polarities[s] != literal.positive { return false }
                } else {
                    slots.append(slot)
                    seenAtoms.append(literal.atom)
                    polarities.append(literal.positive)
                }
            }
        }
        return true
    }

    /// Removes conjunctions that contain another one (they can never be the only way to hold); the
    /// rest are kept from the shortest, in their order.
    static func absorb(_ conjunctions: [[Literal]]) -> [[Literal]] {
        // Each conjunction as its sorted literals without repeats: as ``CompiledGuidelines/conjunctions(of:limit:)``
        // makes them (and dropping literals keeps them so), so only checked; sorted where not.
        var sets = conjunctions
        var c = 0
        while c < sets.count {
            if !isSortedWithoutRepeats(sets[c]) { sets[c] = Array(Set(sets[c])).sorted() }
            c += 1
        }
        // Shortest first, ties in order: a stable insertion sort of the indices (conjunctions are few).
        var order: [Int] = []
        order.reserveCapacity(sets.count)
        c = 0
        while c < sets.count {
            var j = order.count
            order.append(c)
            while j > 0, sets[order[j - 1]].count > sets[c].count {
                order[j] = order[j - 1]
                j -= 1
            }
            order[j] = c
            c += 1
        }
        var kept: [[Literal]] = []
        var o = 0
        while o < order.count {
            let candidate = sets[order[o]]
            o += 1
            var k = 0
            while k < kept.count, !isSubset(kept[k], of: candidate) { k += 1 }
            if k == kept.count { kept.append(candidate) }
        }
        return kept
    }

    private static func isSortedWithoutRepeats(_ literals: [Literal]) -> Bool {
        var i = 1
        while i < literals.count {
            guard literals[i - 1] < literals[i] else { return false }
            i += 1
        }
        return true
    }

    /// Appends `x` to `list` unless it is there; whether it was appended. (An index loop over the few
    /// slots or atoms of one condition: cheaper than hashing, and than a generic `contains` in a debug build.)
    @discardableResult
    static func insert(_ x: Int, into list: inout [Int]) -> Bool {
        var i = 0
        while i < list.count {
            if list[i] == x { return false }
            i += 1
        }
        list.append(x)
        return true
    }

    /// Whether sorted, repeat-free `a` is contained in sorted, repeat-free `b`.
    private static func isSubset(_ a: [Literal], of b: [Literal]) -> Bool {
        guard a.count <= b.count else { return false }
        var i = 0, j = 0
        while i < a.count {
            while j < b.count, b[j] < a[i] { j += 1 }
            guard j < b.count, b[j] == a[i] else { return false }
            i += 1
            j += 1
        }
        return true
    }

    /// One value per cell of a fact's domain, as cut by the thresholds and value sets of the atoms
    /// on it, within the fact's declared range: each threshold, and a value on either side of it
    /// (the next integer for integer facts; for numbers, a point between it and its neighbours).
    /// A fact read by arithmetic on its value (not only through thresholds) has no finite set of
    /// representatives: `[]`, and the caller lists the fact without trying values.
    func representatives(of slot: Int, atoms relevant: [Int], in atoms: [Atom]) -> [FactValue] {
        let fact = guidelines.facts[slot]
        switch fact.type {
        case .boolean, .enumeration: return choiceValues[slot] ?? []  // every value, made once
        case .integer, .number:
            // The thresholds in increasing order without repeats (few: an insertion into a sorted array).
            var thresholds: [Rational] = []
            var a = 0
            while a < relevant.count {
                let atom = atoms[relevant[a]]
                a += 1
                guard case .fact(let s, .compare(_, let t)) = atom.kind, s == slot else {
                    if atom.program != nil, atom.directSlots.contains(slot) { return [] }
                    continue
                }
                var i = 0
                while i < thresholds.count, thresholds[i] < t { i += 1 }
                if i == thresholds.count || thresholds[i] != t { thresholds.insert(t, at: i) }
            }
            // Dates are whole days, as integers are.
            let isInteger = fact.type == .integer || fact.type.unit?.isDate == true
            let points = CellPoints.representatives(cutAtSorted: thresholds, integer: isInteger, minimum: fact.minimum, maximum: fact.maximum)
            var values: [FactValue] = []
            values.reserveCapacity(points.count)
            var p = 0
            while p < points.count {
                values.append(FactValue(points[p]))
                p += 1
            }
            return values
        }
    }
}
