import Testing
import PathwayCompiler
import PathwayDiagnostics
import PathwayEvaluator
import PathwaySyntax

/// Points scores under missing data, against every completion of the missing facts: the bounds
/// hold every completion's exact score (and are exactly its least and greatest when each finding
/// reads its own fact), and a comparison on the score is decided only when every completion agrees.
@Suite struct ScoreBoundsPropertyTests {
    /// A generated score: findings over booleans b0…b(k-1) and thresholds on an integer `n` (0–6),
    /// with points from -2 to 3, and recommendations `score >= t`, `score < t`, `score == t`.
    struct Generated {
        let guidelines: CompiledGuidelines
        let findings: Int
        let sharesFacts: Bool
    }

    static func generate(seed: UInt64, sharesFacts: Bool) throws -> Generated {
        var rng = SplitMix64(seed: seed)
        let k = 2 + Int(rng.next() % 4)
        var facts = "facts:\n  n: { type: integer, range: { min: 0, max: 6 } }\n"
        for i in 0..<k { facts += "  b\(i): { type: boolean }\n" }
        var points = ""
        for i in 0..<k {
            let p = Int(rng.next() % 6) - 2
            points += "      - { when: b\(i), points: \(p) }\n"
        }
        // Findings on `n`: one when the facts are kept apart, two overlapping ones otherwise.
        points += "      - { when: n >= 3, points: \(Int(rng.next() % 4)) }\n"
        if sharesFacts { points += "      - { when: \"n in [2 .. 4]\", points: \(Int(rng.next() % 5) - 2) }\n" }
        var recommendations = "", trees = ""
        for t in -3...6 {
            for (name, op) in [("ge", ">="), ("lt", "<"), ("eq", "==")] {
                let id = "r\(name)\(t < 0 ? "m\(-t)" : "\(t)")"
                recommendations += "  \(id): { text: t, direction: for, level: s.l, citations: [c], quote: q }\n"
                trees += "  - id: t\(id)\n    when: score \(op) \(t)\n    recommend: [\(id)]\n"
            }
        }
        let text = """
        kind: guideline
        id: g
        \(facts)derived:
          score:
            type: integer
            points:
        \(points)citations: { c: { title: T } }
        schemes: { s: { levels: [ { id: l, definition: d } ] } }
        recommendations:
        \(recommendations)trees:
        \(trees)
        """
        let compilation = GuidelineCompiler.compile(texts: [("g.yaml", text)])
        let guidelines = try #require(compilation.guidelines, "\(TestFiles.render(compilation))\n\(text)")
        return Generated(guidelines: guidelines, findings: k, sharesFacts: sharesFacts)
    }

    @Test(arguments: [false, true])
    func boundsHoldEveryCompletionAndComparisonsNeverGuess(sharesFacts: Bool) throws {
        var checkedPatients = 0, decidedEarly = 0
        for seed in 0..<40 as Range<UInt64> {
            let g = try Self.generate(seed: seed * 7 + (sharesFacts ? 1 : 0), sharesFacts: sharesFacts)
            let guidelines = g.guidelines
            let evaluator = Evaluator(guidelines: guidelines)
            let score = try #require(guidelines.derived.first { $0.name == "score" }?.numeric?.program)
            let domains: [[FactValue]] = guidelines.facts.map { fact in
                fact.type == .boolean ? [FactValue(boolean: false), FactValue(boolean: true)] : (0...6).map { FactValue(Rational(integer: $0)) }
            }
            var rng = SplitMix64(seed: seed + 1000)
            for _ in 0..<30 {
                var patient = Patient(slotCount: guidelines.facts.count)
                for slot in 0..<guidelines.facts.count where rng.next() % 2 == 0 {
                    patient[slot] = domains[slot][Int(rng.next() % UInt64(domains[slot].count))]
                }
                // Every completion of the missing facts, with its exact score.
                var completions = [patient]
                for slot in 0..<guidelines.facts.count where !patient.isKnown(slot) {
                    completions = completions.flatMap { c in domains[slot].map { v in var d = c; d[slot] = v; return d } }
                }
                let scores: [Rational] = try completions.map { c in
                    guard case .exact(let x) = score.evaluate(ConeEvaluator(guidelines: guidelines, values: (0..<c.slotCount).map { c[$0] })) else {
                        throw BoundsError.notExact
                    }
                    return x
                }
                let bounds = score.evaluate(ConeEvaluator(guidelines: guidelines, values: (0..<patient.slotCount).map { patient[$0] }))
                let least = try #require(scores.min()), greatest = try #require(scores.max())
                #expect(bounds.low.map { $0 <= least } ?? true, "lower bound \(String(describing: bounds.low)) above a completion's \(least)")
                #expect(bounds.high.map { $0 >= greatest } ?? true, "upper bound \(String(describing: bounds.high)) below a completion's \(greatest)")
                if !g.sharesFacts {
                    #expect(bounds.low == least && bounds.high == greatest, "findings on their own facts: bounds \(bounds) are not [\(least), \(greatest)]")
                }
                let evaluation = evaluator.evaluate(patient, traces: false)
                for outcome in evaluation.outcomes {
                    let values = completions.map { c in evaluator.evaluate(c, recommendation: outcome.index).status }
                    switch outcome.status {
                    case .given: #expect(values.allSatisfy { $0 == .given }, "\(outcome.recommendation.id) given, but not for every completion")
                    case .notGiven: #expect(values.allSatisfy { $0 == .notGiven }, "\(outcome.recommendation.id) not given, but given for a completion")
                    case .undetermined:
                        #expect(Set(values).count > 1 || g.sharesFacts, "\(outcome.recommendation.id) undetermined although every completion agrees")
                        // `needs` lists exactly the facts that can still change the outcome.
                        for name in outcome.needs {
                            let slot = try #require(guidelines.fact(named: name)?.slot)
                            #expect(!patient.isKnown(slot))
                        }
                    }
                    if outcome.status != .undetermined && completions.count > 1 { decidedEarly += 1 }
                }
                checkedPatients += 1
            }
        }
        #expect(checkedPatients == 1200)
        #expect(decidedEarly > 0, "no comparison was ever decided with missing facts")
    }

    enum BoundsError: Error { case notExact }
}
