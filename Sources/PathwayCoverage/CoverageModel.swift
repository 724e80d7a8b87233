import PathwayCompiler
import PathwayDiagnostics
import PathwayEvaluator
import PathwaySyntax

/// The coverage items of compiled guidelines and how a test patient exercises each.
///
/// ```swift
/// let results = GuidelineTestRunner(guidelines: compiled).run()
/// let report = CoverageModel(guidelines: compiled).measure(results)
/// print(CoverageTextRenderer().render(report))
/// ```
public struct CoverageModel: Sendable {
    /// The guidelines measured.
    public let guidelines: CompiledGuidelines
    /// Every item, unexercised.
    public let items: [CoverageItem]
    /// Where each boundary item's atom is reached: per occurrence, the nodes that must hold before it.
    let contexts: [CoverageItem.Target: [[Int]]]
    /// The formula node of each atom.
    let atomNodes: [Int: Int]
    let evaluator: Evaluator

    /// Builds the items of `guidelines`.
    public init(guidelines: CompiledGuidelines) {
        self.guidelines = guidelines
        evaluator = Evaluator(guidelines: guidelines)
        var atomNodes: [Int: Int] = [:]
        for (n, node) in guidelines.nodes.enumerated() {
            if case .atom(let a) = node, atomNodes[a] == nil { atomNodes[a] = n }
        }
        self.atomNodes = atomNodes
        var items: [CoverageItem] = []
        func item(_ kind: CoverageItem.Kind, _ target: CoverageItem.Target, _ guideline: String?, _ name: String, _ span: SourceSpan,
                  needed: CoverageItem.Sides = .trueSide, threshold: (slot: Int, value: Rational)? = nil) {
            items.append(CoverageItem(kind: kind, target: target, guideline: guideline, name: name, span: span, needed: needed, threshold: threshold))
        }
        let ids = guidelines.guidelines.map(\.id)
        for (b, branch) in guidelines.branches.enumerated() {
            item(.branch, .branch(b), ids[branch.guideline], branch.origin, branch.span)
        }
        for (t, table) in guidelines.tables.enumerated() {
            for (r, row) in table.rows.enumerated() {
                item(.row, .row(table: t, row: r), ids[table.guideline], "table \(table.id) › row \(row.id)", row.span)
            }
        }
        let tableOutputs = Set(guidelines.tables.flatMap { $0.rows.flatMap { $0.outputs.map(\.column.value) } })
        for (d, derived) in guidelines.derived.enumerated() where !tableOutputs.contains(derived.name) {
            let owner = guidelines.guidelines.first { $0.path == derived.span.file }?.id
            if derived.booleanNode != nil {
                item(.derived, .derivedTruth(d, true), owner, "\(derived.name) = true", derived.span)
                item(.derived, .derivedTruth(d, false), owner, "\(derived.name) = false", derived.span)
            }
            for (v, value) in derived.valueNodes.enumerated() {
                item(.derived, .derivedValue(d, value: v), owner, "\(derived.name) = \(value.value)", derived.span)
            }
            if let numeric = derived.numeric {
                switch numeric.program {
                case .cases(let cases, _):
                    for k in cases.indices { item(.derived, .derivedCase(d, case: k), owner, "\(derived.name): case \(k + 1) of \(cases.count)", derived.span) }
                    item(.derived, .derivedCase(d, case: nil), owner, "\(derived.name): otherwise", derived.span)
                case .sum:
                    for (k, finding) in numeric.findings.enumerated() {
                        item(.derived, .finding(d, finding: k), owner, "\(derived.name): finding `\(finding.text)`", derived.span)
                    }
                case .constant, .slot, .negate, .binary, .function, .extreme: break
                }
            }
        }
        for (r, recommendation) in guidelines.recommendations.enumerated() {
            item(.given, .given(r), ids[recommendation.guideline], recommendation.id, recommendation.span)
        }
        for (r, recommendation) in guidelines.recommendations.enumerated() {
            item(.withheld, .withheld(r), ids[recommendation.guideline], recommendation.id, recommendation.span)
        }
        // Boundaries: every atom a guideline's conditions test, with the steps that come before it.
        let atomsOf = AtomClosure(guidelines)
        var contexts: [CoverageItem.Target: [[Int]]] = [:]
        var boundaryItems: [CoverageItem] = []
        for g in guidelines.guidelines.indices {
            typealias Step = (node: Int, text: String, span: SourceSpan, isExclusion: Bool)
            func own(_ steps: [PathStep]) -> [Step] { steps.map { ($0.node, $0.text, $0.span, $0.isExclusion) } }
            var sequences: [[Step]] = guidelines.recommendations.filter { $0.guideline == g }.flatMap { $0.paths.map { own($0.steps) } }
            sequences += guidelines.branches.filter { $0.guideline == g }.map { own($0.steps) }
            for table in guidelines.tables where table.guideline == g {
                for row in table.rows {
                    sequences.append([(table.applies, "", table.span, true), (row.match, "table \(table.id) › row \(row.id)", row.span, false)])
                }
            }
            var seen: [Int: Int] = [:]
            for steps in sequences {
                for (k, step) in steps.enumerated() where !step.isExclusion {
                    let before = steps[..<k].map(\.node)
                    for a in atomsOf.atoms(of: step.node) {
                        let target = CoverageItem.Target.boundary(guideline: g, atom: a)
                        if contexts[target]?.contains(before) != true { contexts[target, default: []].append(before) }
                        guard seen[a] == nil else { continue }
                        seen[a] = boundaryItems.count
                        guard let (name, needed, threshold) = Self.boundary(guidelines, atom: a, writtenAs: step.text) else { continue }
                        boundaryItems.append(CoverageItem(kind: .boundary, target: target, guideline: ids[g], name: name, span: step.span,
                                                          needed: needed, threshold: threshold))
                    }
                }
            }
        }
        items += boundaryItems
        self.contexts = contexts
        self.items = items.sorted { a, b in
            if a.kind != b.kind { return a.kind < b.kind }
            if a.span != b.span { return a.span < b.span }
            return a.name < b.name
        }
    }

    /// The name, needed sides and threshold of an atom's boundary item; `nil` for atoms that test
    /// whether something is known (those are covered by the items that need the value).
    private static func boundary(_ guidelines: CompiledGuidelines, atom a: Int, writtenAs text: String)
        -> (String, CoverageItem.Sides, (slot: Int, value: Rational)?)? {
        let atom = guidelines.atoms[a]
        switch atom.kind {
        case .fact(let slot, let test):
            switch test {
            case .compare(_, let t): return (guidelines.describe(atom), [.trueSide, .falseSide, .atThreshold], (slot, t))
            case .inSet, .isTrue: return (guidelines.describe(atom), [.trueSide, .falseSide], nil)
            case .known: return nil
            }
        case .arithmetic: return ("computed comparison in `\(text)`", [.trueSide, .falseSide], nil)
        case .determined, .decided, .exact: return nil
        }
    }

    /// Measures the items against test results (those whose patient decoded and evaluated).
    public func measure(_ results: [GuidelineTestRunner.CaseResult]) -> CoverageReport {
        var items = self.items
        for result in results {
            guard let observation = observe(result) else { continue }
            for i in items.indices {
                let sides = sides(of: items[i], in: observation)
                guard !sides.isEmpty else { continue }
                items[i].reached.formUnion(sides)
                items[i].coveredBy.append("\(result.guideline)/\(result.test)")
            }
        }
        return CoverageReport(items: items, testCount: results.count, guidelineCount: guidelines.guidelines.count)
    }

    /// The observation of a test result, `nil` when its patient did not decode or evaluate.
    public func observe(_ result: GuidelineTestRunner.CaseResult) -> CoverageObservation? {
        guard let patient = result.patient, guidelines.guidelines.indices.contains(result.guidelineIndex),
              guidelines.guidelines[result.guidelineIndex].tests.indices.contains(result.testIndex) else { return nil }
        let test = guidelines.guidelines[result.guidelineIndex].tests[result.testIndex]
        return CoverageObservation(guideline: result.guidelineIndex, patient: patient, evaluator: evaluator,
                                   expectedGiven: Set(test.given.map(\.value)), expectedNotGiven: Set(test.notGiven.map(\.value)))
    }

    /// The sides of an item that one observed test exercises (empty when it does not).
    public func sides(of item: CoverageItem, in o: CoverageObservation) -> CoverageItem.Sides {
        let truths = o.truths
        func holds(_ node: Int) -> Bool { truths[node] == .true }
        func fails(_ node: Int) -> Bool { truths[node] == .false }
        func ownGuideline(_ g: Int) -> Bool { o.guideline == g }
        let yes: CoverageItem.Sides = .trueSide
        switch item.target {
        case .branch(let b):
            let branch = guidelines.branches[b]
            return ownGuideline(branch.guideline) && holds(branch.reached) ? yes : []
        case .row(let t, let r):
            let table = guidelines.tables[t]
            guard ownGuideline(table.guideline), holds(table.applies), holds(table.rows[r].match) else { return [] }
            switch table.hitPolicy {
            case .first, .priority:
                let earlier = table.order.prefix { $0 != r }
                return earlier.allSatisfy { fails(table.rows[$0].match) } ? yes : []
            case .unique, .any, .collect, .ruleOrder, .outputOrder: return yes
            }
        case .derivedTruth(let d, let value):
            guard let node = guidelines.derived[d].booleanNode else { return [] }
            return (value ? holds(node) : fails(node)) ? yes : []
        case .derivedValue(let d, let v):
            return holds(guidelines.derived[d].valueNodes[v].node) ? yes : []
        case .derivedCase(let d, let k):
            guard case .cases(let cases, _)? = guidelines.derived[d].numeric?.program else { return [] }
            let conditions = cases.map(\.condition)
            guard let k else { return conditions.allSatisfy(fails) ? yes : [] }
            return conditions[..<k].allSatisfy(fails) && holds(conditions[k]) ? yes : []
        case .finding(let d, let k):
            guard let findings = guidelines.derived[d].numeric?.findings, findings.indices.contains(k) else { return [] }
            return holds(findings[k].node) ? yes : []
        case .given(let r):
            let recommendation = guidelines.recommendations[r]
            return ownGuideline(recommendation.guideline) && o.expectedGiven.contains(recommendation.id) && o.statuses[r] == .given ? yes : []
        case .withheld(let r):
            let recommendation = guidelines.recommendations[r]
            return ownGuideline(recommendation.guideline) && o.expectedNotGiven.contains(recommendation.id) && o.statuses[r] == .notGiven ? yes : []
        case .boundary(let g, let a):
            guard ownGuideline(g), let node = atomNodes[a], let contexts = contexts[item.target],
                  contexts.contains(where: { $0.allSatisfy(holds) }) else { return [] }
            var sides: CoverageItem.Sides = []
            switch truths[node] {
            case .true: sides.insert(.trueSide)
            case .false: sides.insert(.falseSide)
            case .unknown: return []
            }
            if let threshold = item.threshold, let value = o.patient[threshold.slot].rational, value == threshold.value {
                sides.insert(.atThreshold)
            }
            return sides
        }
    }
}

/// The atoms each formula node reads, through `and`, `or`, `not` and computed values' conditions.
struct AtomClosure {
    private let guidelines: CompiledGuidelines

    init(_ guidelines: CompiledGuidelines) { self.guidelines = guidelines }

    /// The atoms of a node, each once, in the order first met (depth first, iterative).
    func atoms(of root: Int) -> [Int] {
        var result: [Int] = []
        var seenAtoms = Set<Int>()
        var seenNodes = Set<Int>()
        var stack = [root]
        while let n = stack.popLast() {
            guard guidelines.nodes.indices.contains(n), seenNodes.insert(n).inserted else { continue }
            switch guidelines.nodes[n] {
            case .constant: break
            case .atom(let a):
                if seenAtoms.insert(a).inserted { result.append(a) }
                stack += guidelines.atoms[a].conditionNodes.reversed()
            case .not(let m): stack.append(m)
            case .and(let ms), .or(let ms): stack += ms.reversed()
            }
        }
        return result
    }
}
