import Testing
import PathwayAnalysis
import PathwayCompiler
import PathwayDiagnostics
import PathwayEvaluator

/// Analysis and diff over computed values: scores and values that read facts only through their
/// conditions are cut into the facts' cells exactly; arithmetic on a number's value is an axis of its
/// own, marked approximate, named by the condition as written (valid syntax that compiles back).
@Suite struct ComputedAnalysisTests {
    static func compile(_ text: String, path: String = "g.yaml") throws -> CompiledGuidelines {
        let compilation = GuidelineCompiler.compile(texts: [(path: path, text: text)])
        return try #require(compilation.guidelines, "\(compilation.diagnostics.map(\.message))")
    }

    static func guideline(facts: String, derived: String = "", when: String) -> String {
        """
        kind: guideline
        id: g
        source: src
        citations:
          src: { authors: [Doe J], title: A source, venue: Journal, year: 2025 }
        schemes:
          panel:
            levels: [{ id: consensus, definition: all }]
        facts:
        \(facts)
        \(derived)
        recommendations:
          r: { text: R, direction: for, level: panel.consensus, citations: [src], quote: Q }
        trees:
          - { id: t, when: "\(when)", recommend: [r] }
        """
    }

    static let scoreFacts = """
          stroke: { type: boolean }
          diabetes: { type: boolean }
          age: { type: integer, range: { min: 0, max: 120 } }
        """
    static let score = """
        derived:
          score:
            type: integer
            points:
              - { when: stroke, points: 2 }
              - { when: diabetes }
              - { when: age >= 75, points: 2 }
        """

    /// Moving a score threshold: every region is exact and written in the findings, and every
    /// witness gets exactly the reported outcomes from both versions.
    @Test func scoreThresholdChangeIsExactInTheFindings() throws {
        let old = try Self.compile(Self.guideline(facts: Self.scoreFacts, derived: Self.score, when: "score >= 2"))
        let new = try Self.compile(Self.guideline(facts: Self.scoreFacts, derived: Self.score, when: "score >= 3"))
        let diff = BehaviouralDiff.compare(old: old, new: new)
        #expect(!diff.regions.isEmpty)
        for region in diff.regions {
            #expect(!region.witness.isApproximate, "region \(region.condition)")
            #expect(!region.condition.contains("score"), "the region is written in the findings: \(region.condition)")
            for (v, guidelines) in [old, new].enumerated() {
                let patient = try #require(diff.space.patient(region.witness, version: v))
                let evaluation = Evaluator(guidelines: guidelines).evaluate(patient, traces: false)
                let status = try #require(evaluation.outcomes.first { $0.recommendation.id == "r" }).status
                let change = try #require(region.changes.first)
                #expect("\(status)" == "\(v == 0 ? change.old.status : change.new.status)", "region \(region.condition), version \(v)")
            }
        }
        // A prior stroke alone (2 points) is exactly what moves: with diabetes too (3 points) nothing changes.
        #expect(diff.regions.contains { $0.condition.contains("stroke") && $0.condition.contains("not diabetes") })
        #expect(!diff.regions.contains { $0.condition.hasPrefix("stroke and diabetes") })
    }

    /// A comparison on a sum of two numbers varies inside the facts' cells: its region is approximate,
    /// marked so, and written as the condition, which compiles back in the guideline.
    @Test func arithmeticOnValuesIsApproximateAndWrittenAsTheCondition() throws {
        let facts = """
              a: { type: number, range: { min: 0, max: 10 } }
              b: { type: number, range: { min: 0, max: 10 } }
            """
        let old = try Self.compile(Self.guideline(facts: facts, when: "a + b > 3"))
        let new = try Self.compile(Self.guideline(facts: facts, when: "a + b > 4"))
        let diff = BehaviouralDiff.compare(old: old, new: new)
        #expect(!diff.regions.isEmpty)
        #expect(diff.regions.allSatisfy { $0.witness.isApproximate })
        for region in diff.regions {
            #expect(region.condition.contains("a + b > 3") || region.condition.contains("a + b > 4"), "\(region.condition)")
            _ = try Self.compile(Self.guideline(facts: facts, when: region.condition), path: "probe.yaml")
        }
    }

    /// `check --analyze` finds a branch a score makes unreachable, with the region in the findings.
    @Test func shadowingByAScoreIsFound() throws {
        let (_, findings) = try AnalysisGoldenTests.analyze("score-shadowed")
        let shadowed = findings.filter { $0.code == .shadowed }
        #expect(shadowed.count == 1, "\(findings.map(\.message))")
        #expect(shadowed.first?.message.contains("four-or-more") == true, "\(shadowed.map(\.message))")
        #expect(!findings.contains { $0.notes.contains { $0.message.contains("(approximate)") } })
    }
}
