import Foundation
import Testing
import PathwayAnalysis
import PathwayCompiler
import PathwayDiagnostics
import PathwayDiff
import PathwayEvaluator
import PathwaySyntax
import PathwayYAML

/// The exact-number conformance corpus (`Fixtures/conformance/numbers.txt`), one case a line with
/// its expected truth, run through every evaluation path: they must all give the expected answer.
@Suite struct NumberConformanceTests {
    struct Case: CustomStringConvertible, Sendable {
        let line: Int
        let condition: String
        let patient: String
        let expected: String
        var description: String { "line \(line): \(condition) with \(patient) → \(expected)" }
    }

    static func corpus() throws -> [Case] {
        let text = try TestFiles.fixture("conformance/numbers.txt")
        var cases: [Case] = []
        for (i, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") { continue }
            let parts = line.components(separatedBy: " | ")
            guard parts.count == 3 else { throw CorpusError.malformed(i + 1) }
            cases.append(Case(line: i + 1, condition: parts[0], patient: parts[1], expected: parts[2]))
        }
        return cases
    }

    enum CorpusError: Error { case malformed(Int), noGuidelines(String) }

    /// One guideline with one recommendation per case, reached when the case's condition holds.
    static func compile(_ cases: [Case]) throws -> CompiledGuidelines {
        var text = """
        kind: guideline
        id: conformance
        facts:
          x: { type: number }
          y: { type: number }
          n: { type: integer }
          m: { type: integer }
          a: { type: quantity, unit: mm }
          b: { type: quantity, unit: mm }
          c: { type: quantity, unit: cm }
          p: { type: percentage }
        citations: { c1: { title: T } }
        schemes: { s: { levels: [ { id: l, definition: d } ] } }
        recommendations:

        """
        for i in cases.indices { text += "  r\(i): { text: t, direction: for, level: s.l, citations: [c1], quote: q }\n" }
        text += "trees:\n"
        for (i, c) in cases.enumerated() { text += "  - id: t\(i)\n    when: \"\(c.condition)\"\n    recommend: [r\(i)]\n" }
        let compilation = GuidelineCompiler.compile(texts: [("conformance.yaml", text)])
        guard let guidelines = compilation.guidelines else { throw CorpusError.noGuidelines(TestFiles.render(compilation)) }
        return guidelines
    }

    static func word(_ t: Truth) -> String { t.description }

    @Test func corpusIsLargeAndCoversEveryOutcome() throws {
        let cases = try Self.corpus()
        #expect(cases.count >= 70)
        for outcome in ["true", "false", "unknown", "error"] { #expect(cases.contains { $0.expected == outcome }, "no case expects \(outcome)") }
    }

    @Test func everyPathGivesTheExpectedTruth() throws {
        let cases = try Self.corpus()
        let guidelines = try Self.compile(cases)
        let evaluator = Evaluator(guidelines: guidelines)
        let decoder = PatientDecoder(guidelines: guidelines)
        let conditions = guidelines.recommendations.map(\.condition)

        // 1. Single patient, the way `pathway eval --patient` reads it (YAML loader, decoder, overflow check).
        var patients: [Patient?] = []
        for (i, c) in cases.enumerated() {
            let root = YAMLLoader.load(text: c.patient, path: "patient.json").root
            let decoded = root.map { decoder.decode($0) }
            var patient = decoded?.patient
            if let p = patient, evaluator.overflow(in: p) != nil { patient = nil }
            patients.append(patient)
            guard let patient else {
                #expect(c.expected == "error", "single patient: \(c) was rejected: \(decoded?.diagnostics.map(\.message) ?? [])")
                continue
            }
            let outcome = evaluator.evaluate(patient, recommendation: i)
            let truth: Truth = outcome.status == .given ? .true : outcome.status == .notGiven ? .false : .unknown
            #expect(truth.description == c.expected, "single patient: \(c) gave \(truth)")
        }

        // 2. 64 patients per machine word: the same truths, patient by patient.
        let accepted = patients.indices.compactMap { i in patients[i].map { (i, $0) } }
        var batch = BatchTruths()
        for start in stride(from: 0, to: accepted.count, by: 64) {
            let chunk = accepted[start..<min(start + 64, accepted.count)]
            evaluator.truths(forBatch: ArraySlice(chunk.map(\.1)), into: &batch)
            for (k, (i, _)) in chunk.enumerated() {
                let truth = batch.truth(ofNode: conditions[i], patient: k)
                #expect(truth.description == cases[i].expected, "batch: \(cases[i]) gave \(truth)")
            }
        }

        // 3. Cohort lines: fast path, full path, and full detail, each line's outcome for its recommendation.
        for (fast, detail) in [(true, EvaluationJSON.Detail.compact), (false, .compact), (false, .full)] {
            var runner = CohortRunner(guidelines: guidelines, strict: false, detail: detail, file: "cohort.jsonl")
            runner.usesFastPath = fast
            for (i, c) in cases.enumerated() {
                let (output, failed) = runner.run(line: Array(c.patient.utf8)[...], number: i + 1)
                let object = try #require(try JSONSerialization.jsonObject(with: Data(output)) as? [String: Any])
                let path = fast ? "cohort fast path" : "cohort full path (\(detail))"
                if c.expected == "error" {
                    #expect(failed && object["error"] != nil, "\(path): \(c) was not rejected")
                    continue
                }
                #expect(!failed, "\(path): \(c) was rejected: \(object["error"] ?? "")")
                func ids(_ key: String) -> [String] { (object[key] as? [[String: Any]])?.compactMap { $0["id"] as? String } ?? [] }
                let truth = ids("recommendations").contains("r\(i)") ? "true" : ids("undetermined").contains("r\(i)") ? "unknown" : "false"
                #expect(truth == c.expected, "\(path): \(c) gave \(truth)")
            }
        }

        // 4. The analysis: the region the patient falls in has the expected truth, and its witness
        //    patient evaluates to it too. (Conditions relating several facts are opaque relations to
        //    the analysis, so only one-fact conditions are checked here.)
        let space = PatientSpace([guidelines])
        let partitioner = Partitioner(space: space)
        for (i, c) in cases.enumerated() where c.expected != "error" && !Self.relatesFacts(conditions[i], guidelines) {
            guard let patient = patients[i] else { continue }
            let cells = space.cells(of: patient, version: 0)
            let region = TestRegions.exactly(cells, in: space)
            let found = [Truth.true, .false, .unknown].compactMap { t -> (Truth, Region)? in
                partitioner.search(within: region, where: [VersionedNode(version: 0, node: conditions[i])], are: [t]).region.map { (t, $0) }
            }
            #expect(found.count == 1 && found.first?.0.description == c.expected, "analysis: \(c) gave \(found.map(\.0))")
            guard let (_, piece) = found.first else { continue }
            let witness = space.witness(in: piece, within: space.accepted(by: 0))
            let witnessPatient = try #require(space.patient(witness, version: 0), "analysis: \(c) has no witness patient")
            let outcome = evaluator.evaluate(witnessPatient, recommendation: i)
            let truth: Truth = outcome.status == .given ? .true : outcome.status == .notGiven ? .false : .unknown
            #expect(truth.description == c.expected, "analysis witness: \(c) gave \(truth) for \(space.json(witness).serialized())")
        }
    }

    /// A fact's unit changed from mm to cm with its threshold rewritten to match (`< 7 mm` → `< 0.7 cm`)
    /// is editorial: the rescaled threshold is exactly 7 mm, so no patient's outcome changes.
    @Test func unitChangeWithExactlyRescaledThresholdIsEditorial() throws {
        func version(_ unit: String, _ threshold: String) -> Compilation {
            GuidelineCompiler.compile(texts: [("g.yaml", """
            kind: guideline
            id: g
            facts:
              tumor_size: { type: quantity, unit: \(unit), range: { min: 0 } }
            citations: { c: { title: T } }
            schemes: { s: { levels: [ { id: l, definition: d } ] } }
            recommendations:
              r: { text: t, direction: for, level: s.l, citations: [c], quote: q }
            trees:
              - id: t
                when: tumor_size < \(threshold)
                recommend: [r]
            """)])
        }
        let same = try #require(GuidelineDiff(old: version("mm", "7 mm"), new: version("cm", "0.7 cm")))
        #expect(same.behaviour.regions.isEmpty && same.behaviour.incomplete.isEmpty)
        // A threshold that does move by a tenth of a millimetre is found, with the exact region.
        let moved = try #require(GuidelineDiff(old: version("mm", "7 mm"), new: version("cm", "0.71 cm")))
        let texts = moved.behaviour.regions.map(\.condition)
        #expect(texts == ["0.7 cm <= tumor_size < 0.71 cm"], "\(texts)")
    }

    /// `known(derived)` is a fact about the record, like `known(fact)`: true when the data determines
    /// the derived fact, false while it depends on missing facts, never unknown, and never decided by
    /// completing the missing facts (which would make every derived fact "known").
    @Test func knownOfADerivedFactIsTrueOrFalse() throws {
        let compilation = GuidelineCompiler.compile(texts: [("k.yaml", """
        kind: guideline
        id: k
        facts: { x: { type: number }, y: { type: number } }
        derived:
          big: { when: x > 2 }
          ratio: { type: number, value: x / y }
        citations: { c: { title: c } }
        schemes: { s: { levels: [ { id: l, definition: d } ] } }
        recommendations:
          kb: { text: t, direction: for, level: s.l, citations: [c], quote: q }
          nkb: { text: t, direction: for, level: s.l, citations: [c], quote: q }
          kr: { text: t, direction: for, level: s.l, citations: [c], quote: q }
        trees: [ { id: t1, when: known(big), recommend: [kb] }, { id: t2, when: not known(big), recommend: [nkb] },
                 { id: t3, when: known(ratio), recommend: [kr] } ]
        """)])
        let guidelines = try #require(compilation.guidelines, "\(TestFiles.render(compilation))")
        let evaluator = Evaluator(guidelines: guidelines)
        func given(_ json: String) throws -> [String] {
            let patient = try #require(TestPatients.decode(json, guidelines: guidelines))
            #expect(evaluator.evaluate(patient).undetermined.isEmpty, "known() is never unknown: \(json)")
            return evaluator.evaluate(patient).given.map(\.recommendation.id)
        }
        #expect(try given("{}") == ["nkb"])
        #expect(try given(#"{"x": 3}"#) == ["kb"])
        #expect(try given(#"{"x": 1, "y": 0}"#) == ["kb"])
        #expect(try given(#"{"x": 1, "y": 2}"#) == ["kb", "kr"])
    }

    static func relatesFacts(_ node: Int, _ guidelines: CompiledGuidelines) -> Bool {
        var stack = [node], seen = Set<Int>()
        while let n = stack.popLast() {
            guard seen.insert(n).inserted else { continue }
            switch guidelines.nodes[n] {
            case .constant: break
            case .atom(let a): if case .arithmetic = guidelines.atoms[a].kind { return true }
            case .not(let x): stack.append(x)
            case .and(let xs), .or(let xs): stack.append(contentsOf: xs)
            }
        }
        return false
    }
}
