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
/// 64-patient batch program and the analysis (the decision diagrams its regions, witnesses and diffs
/// are cut from) must all give the same answer for every patient.
@Suite struct DifferentialPathsTests {
    /// Generated patient lines over the bundled vocabulary: each fact present with probability
    /// `known` percent, values drawn from the fact's type, thresholds' neighbourhoods included.
    static func lines(count: Int, seed: UInt64, guidelines g: CompiledGuidelines) -> [String] {
        var rng = SplitMix64(seed: seed)
        var thresholds: [Int: [Rational]] = [:]
        // With the evaluation date fixed, a time since a date is a threshold on the date: dates are
        // drawn around those days too.
        for atom in g.fixingEvaluationDate(evaluationDay).atoms {
            if case .fact(let slot, .compare(_, let t)) = atom.kind { thresholds[slot, default: []].append(t) }
        }
        return (0..<count).map { _ in
            let known = 20 + Int(rng.next() % 80)
            var fields: [String] = []
            // The evaluation date is every path's own (`evaluationDay`), not a patient value.
            for fact in g.facts where fact.name != EvaluationDate.factName && Int(rng.next() % 100) < known {
                let value: String
                switch fact.type {
                case .boolean: value = rng.next() % 2 == 0 ? "true" : "false"
                case .enumeration(let values): value = "\"\(values[Int(rng.next() % UInt64(values.count))])\""
                case .integer, .number:
                    // Near a threshold of the fact (at it, a tenth below or above; a day for a date), or
                    // a plain small number (a day in the 11 years before the evaluation date).
                    let isDate = fact.type.unit?.isDate == true
                    var x: Rational
                    if let ts = thresholds[fact.slot], !ts.isEmpty, rng.next() % 4 != 0 {
                        let t = ts[Int(rng.next() % UInt64(ts.count))]
                        let step = fact.type == .integer || isDate ? Rational.one : (Rational(1, 10) ?? .one)
                        x = [t, t.subtracting(step) ?? t, t.adding(step) ?? t][Int(rng.next() % 3)]
                    } else if isDate {
                        x = Rational(integer: evaluationDay - Int64(rng.next() % 4_000))
                    } else {
                        x = Rational(integer: Int64(rng.next() % 120))
                    }
                    if let lo = fact.minimum, x < lo { x = lo }
                    if let hi = fact.maximum, x > hi { x = hi }
                    if fact.type == .integer || isDate { x = x.floor }
                    let unit = fact.type.unit
                    value = unit == nil || unit?.isPercent == true ? x.description : "\"\(PhysicalUnit.text(x, unit))\""
                }
                fields.append("\"\(fact.name)\": \(value)")
            }
            return "{" + fields.joined(separator: ", ") + "}"
        }
    }

    /// The evaluation date of every path (the analysis takes it fixed, as `check --analyze` does).
    static let evaluationDay = CalendarDate.parse("2026-06-01") ?? 0

    /// Patients per run, in two halves checked in parallel: 100,000 by default
    /// (`PATHWAY_DIFFERENTIAL_PATIENTS` sets another count; docs/fuzzing.md gives the cost).
    static let patientCount = ProcessInfo.processInfo.environment["PATHWAY_DIFFERENTIAL_PATIENTS"].flatMap { Int($0) } ?? 100_000

    /// What one part of the corpus gave: disagreements (with the first few described) and how many
    /// outcomes were decided by completing missing facts.
    struct Part: Sendable {
        var mismatches = 0
        var decidedByCompletion = 0
        var analysedOutcomes = 0
        var failures: [String] = []
        var rejectedOnlyBySinglePath: [String] = []

        mutating func record(_ message: String) {
            mismatches += 1
            if failures.count < 5 { failures.append(message) }
        }
    }

    /// Runs lines `first…` (numbered from `first + 1`) through every path; `analysis` partitions the
    /// guidelines with the evaluation date fixed (``evaluationDay``).
    static func check(_ lines: ArraySlice<String>, guidelines: CompiledGuidelines, analysis: Partitioner) -> Part {
        var part = Part()
        let evaluator = Evaluator(guidelines: guidelines)
        let decoder = PatientDecoder(guidelines: guidelines, evaluationDate: evaluationDay)
        var fast = CohortRunner(guidelines: guidelines, strict: false, detail: .compact, file: "cohort.jsonl", evaluationDate: evaluationDay)
        var full = CohortRunner(guidelines: guidelines, strict: false, detail: .compact, file: "cohort.jsonl", evaluationDate: evaluationDay)
        full.usesFastPath = false
        var batch: [Patient] = [], batchTruths = BatchTruths(), singleTruths: [Truth] = []
        // Each batched patient's single-patient truths of the recommendations' conditions, in order.
        var batchedSingle: [Truth] = []
        let conditions = guidelines.recommendations.map(\.condition)
        func checkBatch() {
            evaluator.truths(forBatch: ArraySlice(batch), into: &batchTruths)
            for k in batch.indices {
                for (j, node) in conditions.enumerated() where batchTruths.truth(ofNode: node, patient: k) != batchedSingle[k * conditions.count + j] {
                    part.record("batch and single truths differ on \(guidelines.recommendations[j].id) for patient \(k) of a batch")
                }
            }
            batch.removeAll(keepingCapacity: true)
            batchedSingle.removeAll(keepingCapacity: true)
        }
        for (i, line) in zip(lines.indices, lines) {
            let number = i + 1
            let a = fast.run(line: Array(line.utf8)[...], number: number)
            let b = full.run(line: Array(line.utf8)[...], number: number)
            if a.output != b.output {
                part.record("fast and full cohort paths differ on \(line):\n\(String(decoding: a.output, as: UTF8.self))\n\(String(decoding: b.output, as: UTF8.self))")
                continue
            }
            // The single-patient path, as `pathway eval --patient` reads and reports it.
            guard let root = YAMLLoader.load(text: line, path: "p.json").root else {
                part.record("the single path cannot load \(line)")
                continue
            }
            let decoded = decoder.decode(root)
            guard let patient = decoded.patient else {
                if !a.failed { part.rejectedOnlyBySinglePath.append(line) }
                continue
            }
            let evaluation = evaluator.evaluate(patient, traces: false)
            var members = [("line", JSONValue.int(number))]
            if case .object(let rest) = EvaluationJSON.object(evaluation, guidelines: guidelines, diagnostics: decoded.diagnostics, detail: .compact) {
                members += rest
            }
            let single = JSONValue.object(members).serialized()
            if single != String(decoding: a.output, as: UTF8.self) {
                part.record("single and cohort paths differ on \(line):\n\(single)\n\(String(decoding: a.output, as: UTF8.self))")
            }
            evaluator.truths(for: patient, into: &singleTruths)
            part.decidedByCompletion += evaluation.outcomes.filter { $0.status != .undetermined && singleTruths[$0.recommendation.condition] == .unknown }.count
            // The analysis: the patient's cell on every axis, and each outcome's diagram walked to its leaf.
            let cells = analysis.space.cells(of: patient, version: 0)
            for outcome in evaluation.outcomes {
                let truth: Truth = outcome.status == .given ? .true : outcome.status == .notGiven ? .false : .unknown
                let analysed = analysis.truth(of: .outcome(version: 0, node: outcome.recommendation.condition), at: cells)
                part.analysedOutcomes += 1
                if analysed != truth {
                    part.record("analysis and evaluator disagree on \(outcome.recommendation.id) for \(line): evaluator says \(outcome.status), analysis \(analysed.map { "\($0)" } ?? "has no diagram")")
                }
            }
            for node in conditions { batchedSingle.append(singleTruths[node]) }
            batch.append(patient)
            if batch.count == 64 { checkBatch() }
        }
        if !batch.isEmpty { checkBatch() }
        return part
    }

    @Test func everyPathAgreesOnAGeneratedCorpus() throws {
        let compilation = GuidelineCompiler.compile(paths: [TestFiles.repositoryRoot.appendingPathComponent("guidelines").path])
        let guidelines = try #require(compilation.guidelines, "\(TestFiles.render(compilation))")
        let lines = Self.lines(count: Self.patientCount, seed: 2026, guidelines: guidelines)
        let analysis = Partitioner(space: PatientSpace([guidelines.fixingEvaluationDate(Self.evaluationDay)]))
        // Two halves on two threads: every path is a value type or immutable, each half has its own.
        let halves = [lines[..<(lines.count / 2)], lines[(lines.count / 2)...]]
        let results = Locked([Part](repeating: Part(), count: halves.count))
        DispatchQueue.concurrentPerform(iterations: halves.count) { h in
            let part = Self.check(halves[h], guidelines: guidelines, analysis: analysis)
            results.withLock { $0[h] = part }
        }
        let parts = results.withLock { $0 }
        for part in parts {
            for failure in part.failures { Issue.record(Comment(rawValue: failure)) }
            for line in part.rejectedOnlyBySinglePath.prefix(5) { Issue.record("only the single path rejects \(line)") }
        }
        let mismatches = parts.reduce(0) { $0 + $1.mismatches + $1.rejectedOnlyBySinglePath.count }
        #expect(mismatches == 0, "\(mismatches) disagreements between evaluation paths in \(lines.count) patients")
        #expect(parts.allSatisfy { $0.decidedByCompletion > 0 }, "the corpus never exercises outcomes decided by completing missing facts")
        #expect(parts.reduce(0) { $0 + $1.analysedOutcomes } > lines.count * guidelines.recommendations.count / 2, "the analysis saw too few outcomes")
    }

    /// The analysis' searches find each patient's outcome, for each recommendation, in the patient's own
    /// region (a sample: a search per outcome costs far more than the diagram walk the corpus test makes
    /// for every patient).
    @Test func analysisRegionsAgreeWithTheEvaluator() throws {
        let compilation = GuidelineCompiler.compile(paths: [TestFiles.repositoryRoot.appendingPathComponent("guidelines").path])
        let guidelines = try #require(compilation.guidelines)
        let evaluator = Evaluator(guidelines: guidelines)
        let decoder = PatientDecoder(guidelines: guidelines, evaluationDate: Self.evaluationDay)
        let space = PatientSpace([guidelines.fixingEvaluationDate(Self.evaluationDay)])
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

/// A value shared between threads, read and written under a lock.
final class Locked<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Value

    init(_ value: Value) { self.value = value }

    func withLock<R>(_ body: (inout Value) -> R) -> R {
        lock.lock()
        defer { lock.unlock() }
        return body(&value)
    }
}
