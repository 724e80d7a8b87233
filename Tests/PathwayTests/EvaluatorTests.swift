import Testing
import PathwayCompiler
import PathwayDiagnostics
import PathwayEvaluator
import PathwaySyntax
import PathwayYAML

@Suite struct EvaluatorTests {
    let guidelines: CompiledGuidelines

    init() throws {
        let compilation = try TestFiles.compile(try TestFiles.fixture("graph-guideline.yaml"), path: "graph-guideline.yaml")
        guidelines = try #require(compilation.guidelines)
    }

    func evaluate(_ yaml: String, strict: Bool = false) throws -> (Evaluation?, [Diagnostic]) {
        let root = try #require(YAMLLoader.load(text: yaml, path: "patient.yaml").root)
        let decoded = PatientDecoder(guidelines: guidelines, strict: strict).decode(root)
        return (decoded.patient.map { Evaluator(guidelines: guidelines).evaluate($0) }, decoded.diagnostics)
    }

    func statuses(_ yaml: String) throws -> [String: String] {
        let evaluation = try #require(try evaluate(yaml).0)
        var result: [String: String] = [:]
        for o in evaluation.outcomes {
            result[o.recommendation.id] = o.status == .undetermined ? "undetermined(\(o.needs.joined(separator: ",")))" : o.status.rawValue
        }
        return result
    }

    @Test func givenWhenEveryConditionHolds() throws {
        let s = try statuses("{t_category: T1a, tumor_size: 8 mm, ki67_percent: 30, progression_months: 9, ecog: 1}")
        #expect(s == ["esd": "given", "surgery": "not_given", "no-esd": "not_given", "rechallenge": "given", "chemo": "not_given"])
    }

    @Test func undeterminedNamesOnlyTheFactsThatDecide() throws {
        // Size unknown with a high grade: size decides both branches.
        let high = try statuses("{t_category: T1a, ki67_percent: 30}")
        #expect(high["esd"] == "undetermined(tumor_size)")
        #expect(high["surgery"] == "undetermined(tumor_size)")
        // With a low grade the size cannot change anything: no guess, no needless question.
        let low = try statuses("{t_category: T1a, ki67_percent: 10}")
        #expect(low["esd"] == "not_given")
        #expect(low["surgery"] == "given")
        // Nothing known: every fact on the way is needed, in declaration order.
        let none = try statuses("{}")
        #expect(none["esd"] == "undetermined(ki67_percent,tumor_size,t_category)")
        // A stage outside the tree decides everything, whatever else is unknown.
        let t2 = try statuses("{t_category: T2}")
        #expect(t2["esd"] == "not_given" && t2["surgery"] == "not_given")
    }

    @Test func explicitKnownTestsAreNeverUnknown() throws {
        let s = try statuses("{ecog: 1}")
        #expect(s["chemo"] == "not_given")
        #expect(s["rechallenge"] == "not_given")
        let partial = try statuses("{progression_months: 9}")
        #expect(partial["rechallenge"] == "undetermined(ecog)")
        #expect(partial["chemo"] == "undetermined(ecog)")
    }

    @Test func firstHitPolicyExcludesLaterRows() throws {
        let s = try statuses("{progression_months: 3, ecog: 0}")
        #expect(s["rechallenge"] == "not_given")
        #expect(s["chemo"] == "given")
    }

    @Test func nullMeansUnknown() throws {
        let s = try statuses("{t_category: T1a, ki67_percent: 30, tumor_size: null}")
        #expect(s["esd"] == "undetermined(tumor_size)")
    }

    @Test func patientDataErrors() throws {
        let cases: [(String, String)] = [
            ("wrong-type", "{ecog: two}"),
            ("out-of-range", "{ki67_percent: 150}"),
            ("unknown-enum-value", "{t_category: T1c}"),
            ("incompatible-unit", "{tumor_size: 3 months}"),
            ("unknown-unit", "{tumor_size: 3 inch}"),
            ("not-integer", "{ecog: 1.5}"),
            ("boolean-word", "{resected: yes}"),
            ("unknown-key", "{ki_67: 20}"),
            ("derived-key", "{grade: high}"),
            ("not-a-mapping", "[1, 2]"),
            ("nested-value", "{ecog: [1]}"),
        ]
        for (name, yaml) in cases {
            let (evaluation, diagnostics) = try evaluate(yaml)
            #expect(!diagnostics.isEmpty, "\(name)")
            if name == "unknown-key" { #expect(evaluation != nil, "unknown keys are warnings") } else { #expect(evaluation == nil, "\(name)") }
            var sources = SourceFileStore()
            sources.add(SourceFile(path: "patient.yaml", text: yaml))
            try TestFiles.assertGolden(TextDiagnosticRenderer(sources: sources).render(diagnostics), "patients/\(name).txt")
        }
    }

    @Test func strictModeMakesUnknownKeysErrors() throws {
        let root = try #require(YAMLLoader.load(text: "{ki_67: 20}", path: "p").root)
        let decoded = PatientDecoder(guidelines: guidelines, strict: true).decode(root)
        #expect(decoded.patient == nil)
        #expect(decoded.diagnostics.first?.suggestions.first?.replacement == "ki67_percent")
    }

    /// For random patients with missing data, against every completion of the missing facts:
    /// an undetermined recommendation really can go both ways, each needed fact can change it on
    /// its own, and no unneeded unknown fact can.
    @Test func needsAreExactlyTheFactsThatCanChangeTheOutcome() throws {
        let domains: [String: [String]] = [
            "ki67_percent": ["10", "20", "30"], "tumor_size": ["5 mm", "1 cm", "2 cm"], "t_category": ["Tis", "T1a", "T1b", "T2"],
            "resected": ["true", "false"], "ecog": ["1", "2", "3"], "progression_months": ["3", "6", "9"],
        ]
        let evaluator = Evaluator(guidelines: guidelines)
        let decoder = PatientDecoder(guidelines: guidelines)
        var encoded: [String: [FactValue]] = [:]
        for (name, values) in domains {
            let fact = try #require(guidelines.fact(named: name))
            encoded[name] = try values.map { text in
                let node = try #require(YAMLLoader.load(text: "v: \(text)", path: "v").root)
                guard case .mapping(let e, _) = node else { return .unknown }
                return try decoder.value(e[0].value, for: fact).get()
            }
        }
        var rng = SplitMix64(seed: 2026)
        var truths: [Truth] = []
        func outcome(_ p: Patient, _ r: CompiledRecommendation) -> Truth {
            evaluator.truths(for: p, into: &truths)
            return truths[r.condition]
        }
        for _ in 0..<150 {
            var patient = Patient(slotCount: guidelines.facts.count)
            for fact in guidelines.facts {
                let values = encoded[fact.name] ?? []
                let pick = Int(rng.next() % UInt64(values.count + 1))
                if pick < values.count { patient[fact.slot] = values[pick] }
            }
            let evaluation = evaluator.evaluate(patient)
            let unknownSlots = guidelines.facts.map(\.slot).filter { !patient.isKnown($0) }
            for o in evaluation.outcomes where o.status == .undetermined {
                var completions: [Patient] = [patient]
                for slot in unknownSlots {
                    let values = encoded[guidelines.facts[slot].name] ?? []
                    completions = completions.flatMap { c in values.map { v in var d = c; d[slot] = v; return d } }
                }
                let results = Set(completions.map { outcome($0, o.recommendation) })
                #expect(results.count > 1, "\(o.recommendation.id) undetermined but every completion agrees")
                for slot in unknownSlots {
                    let name = guidelines.facts[slot].name
                    let values = encoded[name] ?? []
                    let canChange = completions.contains { c in
                        let base = outcome(c, o.recommendation)
                        return values.contains { v in var d = c; d[slot] = v; return outcome(d, o.recommendation) != base }
                    }
                    #expect(canChange == o.needs.contains(name), "\(o.recommendation.id): `\(name)` needed=\(o.needs.contains(name)) but can change=\(canChange)")
                }
            }
        }
    }
}

/// A small deterministic random number generator for property tests.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// The word-parallel evaluator agrees with the one-patient evaluator on every node.
@Suite struct BatchEvaluationTests {
    @Test func batchesAgreeWithSinglePatients() throws {
        let compilation = BundledGuidelinesTests.compilation
        let guidelines = try #require(compilation.guidelines)
        let evaluator = Evaluator(guidelines: guidelines)
        var rng = SplitMix64(seed: 11)
        let patients: [Patient] = (0..<150).map { _ in
            var p = Patient(slotCount: guidelines.facts.count)
            for fact in guidelines.facts where rng.next() % 3 != 0 {
                switch fact.type {
                case .boolean: p[fact.slot] = FactValue(boolean: rng.next() % 2 == 1)
                case .enumeration(let values): p[fact.slot] = FactValue(index: Int(rng.next() % UInt64(values.count)))
                case .integer: p[fact.slot] = FactValue(Rational(integer: (fact.minimum?.floor.numerator ?? 0) + Int64(rng.next() % 4)))
                case .number: p[fact.slot] = FactValue(Rational(integer: Int64(rng.next() % 80)))
                }
            }
            return p
        }
        var batch = BatchTruths()
        var single: [Truth] = []
        for start in stride(from: 0, to: patients.count, by: 64) {
            let slice = patients[start..<min(start + 64, patients.count)]
            evaluator.truths(forBatch: slice, into: &batch)
            for (k, patient) in slice.enumerated() {
                evaluator.truths(for: patient, into: &single)
                for node in single.indices where batch.truth(ofNode: node, patient: k) != single[node] {
                    Issue.record("node \(node), patient \(start + k): batch \(batch.truth(ofNode: node, patient: k)) vs single \(single[node])")
                    return
                }
            }
        }
    }
}
