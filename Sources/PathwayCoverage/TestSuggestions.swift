import PathwayAnalysis
import PathwayCompiler
import PathwayDiagnostics
import PathwayEvaluator
import PathwaySyntax
import PathwayYAML

/// A test case suggested for uncovered items: a patient found by the region analysis and the
/// outcome the guideline gives that patient now, for the author to review and paste in.
public struct SuggestedTest: Sendable {
    /// The guideline it belongs to, by index.
    public let guideline: Int
    /// The new test's id.
    public let id: String
    /// The items it covers, in words with their places.
    public let covers: [String]
    /// The patient as a YAML flow mapping, facts in declaration order.
    public let patient: String
    /// The recommendations of its guideline given, undetermined, and expected not given.
    public let given: [String], undetermined: [String], notGiven: [String]
}

/// Suggests test cases for the items a coverage report leaves uncovered.
///
/// Each suggestion is checked before it is offered: its patient, written as YAML, is decoded as a
/// test's patient and must exercise the item it is for. Items no patient can exercise (a branch
/// never taken, a side of a test that earlier conditions rule out) get no suggestion; they are
/// listed as such.
public struct TestSuggester: Sendable {
    let model: CoverageModel
    let space: PatientSpace
    let partitioner: Partitioner
    let domain: Region

    /// Creates a suggester for the guidelines of `model`.
    public init(model: CoverageModel) {
        self.model = model
        space = PatientSpace([model.guidelines])
        partitioner = Partitioner(space: space)
        domain = space.accepted(by: 0)
    }

    /// The suggestions for a report's uncovered items, and the items for which none was found.
    /// Items a suggestion covers along the way get no suggestion of their own.
    public func suggest(for report: CoverageReport) -> (tests: [SuggestedTest], unreachable: [CoverageItem]) {
        let guidelines = model.guidelines
        var items = report.items
        var tests: [SuggestedTest] = []
        var unreachable: [CoverageItem] = []
        var usedIds = guidelines.guidelines.map { Set($0.tests.map(\.id.value)) }
        var counters = guidelines.guidelines.map { _ in 0 }
        for index in items.indices where !items[index].isCovered {
            let item = items[index]
            guard !item.isCovered else { continue }
            for attempt in attempts(for: item) {
                guard let candidate = candidate(attempt, for: item, items: items) else { continue }
                let (observation, test) = candidate
                var covers: [String] = []
                for k in items.indices where !items[k].isCovered {
                    let sides = model.sides(of: items[k], in: observation)
                    guard !sides.subtracting(items[k].reached).isEmpty else { continue }
                    items[k].reached.formUnion(sides)
                    covers.append("\(items[k].kind.rawValue) \(items[k].name) (\(items[k].span.file):\(items[k].span.start))")
                }
                guard !covers.isEmpty else { continue }
                var id: String
                repeat {
                    counters[test.guideline] += 1
                    id = "suggested-\(counters[test.guideline])"
                } while usedIds[test.guideline].contains(id)
                usedIds[test.guideline].insert(id)
                tests.append(SuggestedTest(guideline: test.guideline, id: id, covers: covers, patient: test.patient,
                                           given: test.given, undetermined: test.undetermined, notGiven: test.notGiven))
                if items[index].isCovered { break }
            }
        }
        unreachable = items.filter { !$0.isCovered }
        return (tests, unreachable)
    }

    /// A search for patients: conditions with wanted truths, and a fact to set to a value afterwards.
    struct Attempt {
        var nodes: [Int] = []
        var truths: [Truth] = []
        var setting: (slot: Int, value: Rational)? = nil
        var guideline: Int? = nil
    }

    /// The searches that may find a patient for an item, the most direct first.
    func attempts(for item: CoverageItem) -> [Attempt] {
        let guidelines = model.guidelines
        func all(_ nodes: [Int], _ truth: Truth = .true, guideline: Int? = nil) -> Attempt {
            Attempt(nodes: nodes, truths: nodes.map { _ in truth }, guideline: guideline)
        }
        switch item.target {
        case .branch(let b):
            let branch = guidelines.branches[b]
            return [all(branch.steps.isEmpty ? [branch.reached] : branch.steps.map(\.node), guideline: branch.guideline)]
        case .row(let t, let r):
            let table = guidelines.tables[t]
            var attempt = all([table.applies, table.rows[r].match], guideline: table.guideline)
            switch table.hitPolicy {
            case .first, .priority:
                for e in table.order.prefix(while: { $0 != r }) { attempt.nodes.append(table.rows[e].match); attempt.truths.append(.false) }
            case .unique, .any, .collect, .ruleOrder, .outputOrder: break
            }
            return [attempt]
        case .derivedTruth(let d, let value):
            guard let node = guidelines.derived[d].booleanNode else { return [] }
            return [all([node], value ? .true : .false)]
        case .derivedValue(let d, let v):
            return [all([guidelines.derived[d].valueNodes[v].node])]
        case .derivedCase(let d, let k):
            guard case .cases(let cases, _)? = guidelines.derived[d].numeric?.program else { return [] }
            let conditions = cases.map(\.condition)
            guard let k else { return [all(conditions, .false)] }
            var attempt = all(Array(conditions[..<k]), .false)
            attempt.nodes.append(conditions[k])
            attempt.truths.append(.true)
            return [attempt]
        case .finding(let d, let k):
            guard let findings = guidelines.derived[d].numeric?.findings, findings.indices.contains(k) else { return [] }
            return [all([findings[k].node])]
        case .given(let r):
            let recommendation = guidelines.recommendations[r]
            return recommendation.paths.map { all($0.steps.isEmpty ? [$0.node] : $0.steps.map(\.node), guideline: recommendation.guideline) }
        case .withheld(let r):
            let recommendation = guidelines.recommendations[r]
            return [Attempt(nodes: [recommendation.condition], truths: [.false], guideline: recommendation.guideline)]
        case .boundary(let g, let a):
            guard let node = model.atomNodes[a] else { return [] }
            var attempts: [Attempt] = []
            for context in model.contexts[item.target] ?? [] {
                var base = all(context, guideline: g)
                if let threshold = item.threshold, !item.reached.contains(.atThreshold),
                   case .fact(_, .compare(let op, _)) = guidelines.atoms[a].kind {
                    var at = base
                    at.nodes.append(node)
                    at.truths.append(op.holds(0) ? .true : .false)
                    at.setting = threshold
                    attempts.append(at)
                }
                for (side, truth) in [(CoverageItem.Sides.trueSide, Truth.true), (.falseSide, .false)] where !item.reached.contains(side) {
                    base.nodes.append(node)
                    base.truths.append(truth)
                    attempts.append(base)
                    base.nodes.removeLast()
                    base.truths.removeLast()
                }
            }
            return attempts
        }
    }

    /// A patient for an attempt, written as a test and read back as one would be; `nil` when
    /// the search finds none or the patient does not decode.
    func candidate(_ attempt: Attempt, for item: CoverageItem, items: [CoverageItem]) -> (CoverageObservation, SuggestedTest)? {
        let guidelines = model.guidelines
        let search = partitioner.search(within: domain, where: attempt.nodes.map { VersionedNode(version: 0, node: $0) }, are: attempt.truths)
        guard let region = search.region, var patient = space.patient(space.witness(in: region, within: domain), version: 0) else { return nil }
        if let setting = attempt.setting { patient[setting.slot] = FactValue(setting.value) }
        let g = attempt.guideline ?? Self.guideline(using: item, in: guidelines) ?? 0
        guard guidelines.guidelines.indices.contains(g) else { return nil }
        let text = Self.yaml(patient, guidelines)
        // Read the patient back exactly as `pathway test` will, so a suggestion that does not
        // decode (or decodes to another patient) is never offered.
        let loaded = YAMLLoader.load(text: text, path: "suggestion")
        guard let root = loaded.root, let decoded = PatientDecoder(guidelines: guidelines, strict: true).decode(root).patient, decoded == patient else { return nil }
        let evaluator = model.evaluator
        guard evaluator.evaluationError(in: decoded) == nil else { return nil }
        let statuses = evaluator.evaluate(decoded, traces: false).outcomes.map(\.status)
        var given: [String] = [], undetermined: [String] = [], notGiven: [String] = []
        for (r, recommendation) in guidelines.recommendations.enumerated() where recommendation.guideline == g {
            switch statuses[r] {
            case .given: given.append(recommendation.id)
            case .undetermined: undetermined.append(recommendation.id)
            case .notGiven:
                let withheld = items.first { $0.target == .withheld(r) }
                if withheld?.isCovered == false { notGiven.append(recommendation.id) }
            }
        }
        if given.isEmpty && undetermined.isEmpty && notGiven.isEmpty {
            // A test must expect something: the patient gets nothing, so say so for every recommendation.
            notGiven = guidelines.recommendations.enumerated().filter { $0.element.guideline == g && statuses[$0.offset] == .notGiven }.map(\.element.id)
        }
        let observation = CoverageObservation(guideline: g, patient: decoded, evaluator: evaluator,
                                              expectedGiven: Set(given), expectedNotGiven: Set(notGiven))
        return (observation, SuggestedTest(guideline: g, id: "", covers: [], patient: text, given: given, undetermined: undetermined, notGiven: notGiven))
    }

    /// The guideline a derived-fact item's test belongs to: the first whose conditions name it.
    static func guideline(using item: CoverageItem, in guidelines: CompiledGuidelines) -> Int? {
        let d: Int
        switch item.target {
        case .derivedTruth(let x, _), .derivedValue(let x, _), .derivedCase(let x, _), .finding(let x, _): d = x
        case .branch, .row, .given, .withheld, .boundary: return nil
        }
        let name = guidelines.derived[d].name
        if let owner = item.guideline, let g = guidelines.guidelines.firstIndex(where: { $0.id == owner }) { return g }
        return guidelines.recommendations.first { $0.paths.contains { $0.steps.contains { $0.derived.contains(name) } } }?.guideline
    }

    /// A patient as a YAML flow mapping, facts in declaration order, every value quoted but booleans
    /// and plain numbers.
    static func yaml(_ patient: Patient, _ guidelines: CompiledGuidelines) -> String {
        let members = guidelines.facts.filter { patient.isKnown($0.slot) }.map { fact -> String in
            let text = patient.describe(fact)
            switch fact.type {
            case .boolean: return "\(fact.name): \(text)"
            case .integer, .number where fact.type.unit == nil && !text.contains("/"): return "\(fact.name): \(text)"
            default: return "\(fact.name): \(JSONValue.string(text).serialized())"
            }
        }
        return "{ " + members.joined(separator: ", ") + " }"
    }

    /// The suggestions as YAML test cases, grouped by guideline, each group headed by a comment
    /// naming the file to paste it into.
    public static func render(_ tests: [SuggestedTest], unreachable: [CoverageItem], guidelines: CompiledGuidelines) -> String {
        var out = ""
        for (g, guideline) in guidelines.guidelines.enumerated() {
            let own = tests.filter { $0.guideline == g }
            guard !own.isEmpty else { continue }
            out += "# \(guideline.path) [\(guideline.id)]: \(own.count) suggested test\(own.count == 1 ? "" : "s"); "
                + "review each outcome, then paste under `tests:`\n"
            for test in own {
                for line in test.covers { out += "  # covers \(line)\n" }
                out += "  - id: \(test.id)\n"
                out += "    patient: \(test.patient)\n"
                if !test.given.isEmpty { out += "    given: [\(test.given.joined(separator: ", "))]\n" }
                if !test.undetermined.isEmpty { out += "    undetermined: [\(test.undetermined.joined(separator: ", "))]\n" }
                if !test.notGiven.isEmpty { out += "    not_given: [\(test.notGiven.joined(separator: ", "))]\n" }
                out += "\n"
            }
        }
        if !unreachable.isEmpty {
            out += "# no patient found for \(unreachable.count) item\(unreachable.count == 1 ? "" : "s") (never reachable as written, or beyond the analysis):\n"
            for item in unreachable {
                out += "#   \(item.span.file):\(item.span.start): \(item.kind.rawValue) \(item.name)" + (item.missing.map { " — \($0)" } ?? "") + "\n"
            }
        }
        return out
    }
}
