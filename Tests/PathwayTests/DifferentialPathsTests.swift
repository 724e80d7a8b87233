import Foundation
import Testing
import PathwayAnalysis
import PathwayCompiler
import PathwayDiagnostics
import PathwayEvaluator
import PathwaySyntax
import PathwayYAML

/// One semantics, checked across every evaluation path on a large generated corpus over the bundled
/// guidelines: the cohort fast path, the cohort full path, the single-patient evaluator, the
/// 64-patient batch program and the analysis' regions must all give the same answer for every patient.
@Suite struct DifferentialPathsTests {
    /// Generated patient lines over the bundled vocabulary: each fact present with probability
    /// `known` percent, values drawn from the fact's type, thresholds' neighbourhoods included.
    static func lines(count: Int, seed: UInt64, guidelines g: CompiledGuidelines) -> [String] {
        var rng = SplitMix64(seed: seed)
        var thresholds: [Int: [Rational]] = [:]
        for atom in g.atoms { if case .fact(let slot, .compare(_, let t)) = atom.kind { thresholds[slot, default: []].append(t) } }
        return (0..<count).map { _ in
            let known = 20 + Int(rng.next() % 80)
            var fields: [String] = []
            for fact in g.facts where Int(rng.next() % 100) < known {
                let value: String
                switch fact.type {
                case .boolean: value = rng.next() % 2 == 0 ? "true" : "false"
                case .enumeration(let values): value = "\"\(values[Int(rng.next() % UInt64(values.count))])\""
                case .integer, .number:
                    // Near a threshold of the fact (at it, a tenth below or above), or a plain small number.
                    var x: Rational
                    if let ts = thresholds[fact.slot], !ts.isEmpty, rng.next() % 4 != 0 {
                        let t = ts[Int(rng.next() % UInt64(ts.count))]
                        let step = fact.type == .integer ? Rational.one : (Rational(1, 10) ?? .one)
                        x = [t, t.subtracting(step) ?? t, t.adding(step) ?? t][Int(rng.next() % 3)]
                    } else {
                        x = Rational(integer: Int64(rng.next() % 120))
                    }
                    if let lo = fact.minimum, x < lo { x = lo }
                    if let hi = fact.maximum, x > hi { x = hi }
                    if fact.type == .integer { x = x.floor }
                    let unit = fact.type.unit
                    value = unit == nil || unit?.isPercent == true ? x.description : "\"\(PhysicalUnit.text(x, unit))\""
                }
                fields.append("\"\(fact.name)\": \(value)")
            }
            return "{" + fields.joined(separator: ", ") + "}"
        }
    }

    /// Patients per run: 10,000 by default (about two and a half minutes in a debug build);
    /// `PATHWAY_DIFFERENTIAL_PATIENTS=100000` for the full corpus (about 25 minutes in a debug build).
    static let patientCount = ProcessInfo.processInfo.environment["PATHWAY_DIFFERENTIAL_PATIENTS"].flatMap { Int($0) } ?? 10_000

    @Test func everyPathAgreesOnAGeneratedCorpus() throws {
        let compilation = GuidelineCompiler.compile(paths: [TestFiles.repositoryRoot.appendingPathComponent("guidelines").path])
        let guidelines = try #require(compilation.guidelines, "\(TestFiles.render(compilation))")
        let evaluator = Evaluator(guidelines: guidelines)
        let decoder = PatientDecoder(guidelines: guidelines)
        var fast = CohortRunner(guidelines: guidelines, strict: false, detail: .compact, file: "cohort.jsonl")
        var full = CohortRunner(guidelines: guidelines, strict: false, detail: .compact, file: "cohort.jsonl")
        full.usesFastPath = false
        let lines = Self.lines(count: Self.patientCount, seed: 2026, guidelines: guidelines)
        var batch: [Patient] = [], batchTruths = BatchTruths(), singleTruths: [Truth] = [], mismatches = 0, decidedByCompletion = 0
        func checkBatch() {
            evaluator.truths(forBatch: ArraySlice(batch), into: &batchTruths)
            for (k, patient) in batch.enumerated() {
                evaluator.truths(for: patient, into: &singleTruths)
                for r in guidelines.recommendations where batchTruths.truth(ofNode: r.condition, patient: k) != singleTruths[r.condition] {
                    mismatches += 1
                }
            }
            batch.removeAll(keepingCapacity: true)
        }
        for (i, line) in lines.enumerated() {
            let number = i + 1
            let a = fast.run(line: Array(line.utf8)[...], number: number)
            let b = full.run(line: Array(line.utf8)[...], number: number)
            if a.output != b.output {
                mismatches += 1
                Issue.record("fast and full cohort paths differ on \(line):\n\(String(decoding: a.output, as: UTF8.self))\n\(String(decoding: b.output, as: UTF8.self))")
                continue
            }
            // The single-patient path, as `pathway eval --patient` reads and reports it.
            let root = try #require(YAMLLoader.load(text: line, path: "p.json").root)
            let decoded = decoder.decode(root)
            guard let patient = decoded.patient else {
                #expect(a.failed, "only the single path rejects \(line)")
                continue
            }
            let evaluation = evaluator.evaluate(patient, traces: false)
            var members = [("line", JSONValue.int(number))]
            if case .object(let rest) = EvaluationJSON.object(evaluation, guidelines: guidelines, diagnostics: decoded.diagnostics, detail: .compact) {
                members += rest
            }
            let single = JSONValue.object(members).serialized()
            if single != String(decoding: a.output, as: UTF8.self) {
                mismatches += 1
                if mismatches < 5 { Issue.record("single and cohort paths differ on \(line):\n\(single)\n\(String(decoding: a.output, as: UTF8.self))") }
            }
            evaluator.truths(for: patient, into: &singleTruths)
            decidedByCompletion += evaluation.outcomes.filter { $0.status != .undetermined && singleTruths[$0.recommendation.condition] == .unknown }.count
            batch.append(patient)
            if batch.count == 64 { checkBatch() }
        }
        if !batch.isEmpty { checkBatch() }
        #expect(mismatches == 0, "\(mismatches) disagreements between evaluation paths")
        #expect(decidedByCompletion > 0, "the corpus never exercises outcomes decided by completing missing facts")
    }

    /// The analysis puts every patient in a region whose outcome for each recommendation is the
    /// evaluator's (a sample of the corpus: searching regions is slower than evaluating).
    @Test func analysisRegionsAgreeWithTheEvaluator() throws {
        let compilation = GuidelineCompiler.compile(paths: [TestFiles.repositoryRoot.appendingPathComponent("guidelines").path])
        let guidelines = try #require(compilation.guidelines)
        let evaluator = Evaluator(guidelines: guidelines)
        let decoder = PatientDecoder(guidelines: guidelines)
        let space = PatientSpace([guidelines])
        let partitioner = Partitioner(space: space)
        var checked = 0
        for line in Self.lines(count: 300, seed: 77, guidelines: guidelines) {
            guard let root = YAMLLoader.load(text: line, path: "p.json").root, let patient = decoder.decode(root).patient else { continue }
            let cells = space.cells(of: patient, version: 0)
            let region = TestRegions.exactly(cells, in: space)
            let evaluation = evaluator.evaluate(patient, traces: false)
            for outcome in evaluation.outcomes {
                let truth: Truth = outcome.status == .given ? .true : outcome.status == .notGiven ? .false : .unknown
                let search = partitioner.search(within: region, where: [.outcome(version: 0, node: outcome.recommendation.condition)], are: [truth])
                #expect(search.region != nil, "analysis and evaluator disagree on \(outcome.recommendation.id) for \(line): evaluator says \(outcome.status)")
                checked += 1
            }
        }
        #expect(checked > 10_000)
    }
}
