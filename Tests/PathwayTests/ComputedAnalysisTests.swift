import Foundation
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

/// A computation with no value (a division by zero) leaves a recommendation undetermined with
/// nothing to ask for: every output says why instead of an empty `needs`, the same in each path.
@Suite struct UndefinedValueTests {
    static let guideline = ComputedAnalysisTests.guideline(facts: """
          a: { type: number }
          b: { type: number }
        """, when: "a / b > 1")

    @Test func everyOutputSaysWhyNothingIsNeeded() throws {
        let dir = try Scratch.folder("undefined")
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("g.yaml")
        try Self.guideline.write(to: path, atomically: true, encoding: .utf8)
        let reason = RecommendationOutcome.undecidable
        let text = try PathwayProcess.run(["eval", path.path, "--patient", "-"], stdin: #"{"a": 2, "b": 0}"#)
        #expect(text.stdout.contains("needs: \(reason)"), "\(text.stdout)")
        let json = try PathwayProcess.run(["eval", path.path, "--patient", "-", "--format", "json"], stdin: #"{"a": 2, "b": 0}"#)
        let cohort = try PathwayProcess.run(["eval", path.path, "--patients", "-"], stdin: "{\"a\": 2, \"b\": 0}\n{\"a\": 2, \"b\": 1}\n")
        let lines = cohort.stdout.split(separator: "\n").map(String.init)
        #expect(lines.count == 2)
        #expect(lines.first?.contains("\"needs\":[],\"reason\":") == true, "\(cohort.stdout)")
        #expect(json.stdout.contains("\"reason\""), "\(json.stdout)\(json.stderr)")
        // With a divisor, the fact it reads decides as usual and no reason is given.
        #expect(lines.last?.contains("reason") == false)
    }
}
