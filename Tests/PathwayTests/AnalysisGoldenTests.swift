import Foundation
import Testing
import PathwayAnalysis
import PathwayDiff
import PathwayCompiler
import PathwayDiagnostics
import PathwayEvaluator

/// `pathway check --analyze` findings, rendered exactly, one fixture per kind in `Fixtures/analysis/`.
@Suite struct AnalysisGoldenTests {
    static let fixtureNames: [String] = {
        let dir = TestFiles.fixtures.appendingPathComponent("analysis")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []
        return names.filter { $0.hasSuffix(".yaml") }.map { String($0.dropLast(5)) }.sorted()
    }()

    static func analyze(_ name: String) throws -> (Compilation, [Diagnostic]) {
        let compilation = try TestFiles.compile(try TestFiles.fixture("analysis/\(name).yaml"), path: "\(name).yaml")
        let guidelines = try #require(compilation.guidelines, "fixture \(name) must compile: \(TestFiles.render(compilation))")
        return (compilation, GuidelineAnalyzer(guidelines: guidelines).analyze())
    }

    @Test(arguments: fixtureNames)
    func rendersFindings(name: String) throws {
        let (compilation, findings) = try Self.analyze(name)
        #expect(compilation.diagnostics.isEmpty, "fixture \(name) compiles with diagnostics")
        try TestFiles.assertGolden(TextDiagnosticRenderer(sources: compilation.sources).render(findings), "analysis/\(name).txt")
    }

    /// Each fixture is named after the finding it must produce, and produces it with the right severity.
    @Test func eachKindIsDetected() throws {
        let expected: [(fixture: String, code: DiagnosticCode, severity: Severity)] = [
            ("gap", .tableGap, .warning), ("intentional-gap", .tableGap, .note),
            ("overlap", .tableOverlap, .warning), ("intentional-overlap", .tableOverlap, .note),
            ("shadowed-row", .shadowed, .warning), ("shadowed-branch", .shadowed, .warning),
            ("contradiction", .contradiction, .warning), ("intentional-contradiction", .contradiction, .note),
            ("unsatisfiable", .unsatisfiable, .warning), ("any-conflict", .tableConflict, .warning),
        ]
        for (fixture, code, severity) in expected {
            let (_, findings) = try Self.analyze(fixture)
            #expect(findings.contains { $0.code == code && $0.severity == severity }, "\(fixture): expected \(code.rawValue) as \(severity)")
        }
        let (_, clean) = try Self.analyze("clean")
        #expect(clean.isEmpty, "a complete, disjoint table has no findings: \(clean.map(\.message))")
    }

    /// The witness a finding names really has the property claimed: evaluated, it gets both rows, no row, etc.
    @Test func witnessesAreReal() throws {
        let (compilation, findings) = try Self.analyze("overlap")
        let guidelines = try #require(compilation.guidelines)
        let overlap = try #require(findings.first { $0.code == .tableOverlap })
        let example = try #require(overlap.notes.first { $0.message.hasPrefix("for example ") })
        let json = String(example.message.dropFirst("for example ".count))
        let patient = try #require(TestPatients.decode(json, guidelines: guidelines))
        let given = Set(Evaluator(guidelines: guidelines).evaluate(patient).given.map(\.recommendation.id))
        #expect(given == ["watch", "resect"])
    }

    /// The witness of an `any` conflict really is a patient whose evaluation stops with PW0608, and
    /// rows that give the same output are never reported.
    @Test func anyConflictWitnessesFailEvaluation() throws {
        let (compilation, findings) = try Self.analyze("any-conflict")
        let guidelines = try #require(compilation.guidelines)
        let conflicts = findings.filter { $0.code == .tableConflict }
        #expect(Set(conflicts.map(\.message)) == [
            "rows `proliferative` and `small` of `any` table `grade-table` give different outputs to some patients",
            "rows `large` and `small` of `any` table `grade-table` give different outputs to some patients",
        ])
        for conflict in conflicts {
            let example = try #require(conflict.notes.first { $0.message.hasPrefix("for example ") })
            let patient = try #require(TestPatients.decode(String(example.message.dropFirst("for example ".count)), guidelines: guidelines))
            #expect(Evaluator(guidelines: guidelines).evaluationError(in: patient)?.code == .patientTableConflict, "\(example.message)")
        }
    }

    /// A check that runs out of budget says so, rather than reporting a partial answer as complete.
    @Test func incompleteAnalysisIsReported() throws {
        let compilation = try TestFiles.compile(try TestFiles.fixture("analysis/overlap.yaml"), path: "overlap.yaml")
        let guidelines = try #require(compilation.guidelines)
        let findings = GuidelineAnalyzer(guidelines: guidelines, regionBudget: 1).analyze()
        #expect(findings.contains { $0.code == .analysisIncomplete })
        try TestFiles.assertGolden(TextDiagnosticRenderer(sources: compilation.sources).render(findings), "analysis/incomplete-budget-1.txt")
    }

    /// The bundled guidelines are analysed; every finding there is either fixed or marked intentional.
    @Test func bundledGuidelinesHaveNoUnexplainedFindings() throws {
        let compilation = GuidelineCompiler.compile(paths: [TestFiles.repositoryRoot.appendingPathComponent("guidelines").path])
        let guidelines = try #require(compilation.guidelines)
        let findings = GuidelineAnalyzer(guidelines: guidelines).analyze()
        let unexplained = findings.filter { $0.severity != .note }
        #expect(unexplained.isEmpty, "\(TextDiagnosticRenderer(sources: compilation.sources).render(unexplained))")
    }
}

/// Conditions without a small decision diagram stop at the diagram budget and are reported as
/// incomplete, instead of exhausting time and memory.
@Suite struct HostileConditionTests {
    /// A guideline with boolean facts `facts` (in that order) and an integer `k`, and one
    /// recommendation given `when` the condition holds.
    static func guideline(facts: [String], when condition: String) -> String {
        """
        kind: guideline
        id: hostile
        source: src
        facts:
        \(facts.map { "  \($0): { type: boolean }\n" }.joined())  k: { type: integer, range: { min: 0, max: 10 } }
        citations:
          src: { authors: [Doe J], title: A source, venue: Journal, year: 2025 }
        schemes:
          panel:
            levels: [{ id: consensus, definition: all }]
        recommendations:
          r: { text: R, direction: for, level: panel.consensus, citations: [src], quote: Q }
        trees:
          - id: t
            when: "\(condition)"
            recommend: [r]

        """
    }

    /// `(a1 and b1) or … or (aN and bN)` with every `a` declared before every `b`: its diagram in that
    /// order has about 2^N nodes.
    static func guideline(pairs n: Int, threshold: Int = 1) -> String {
        let condition = (1...n).map { "(a\($0) and b\($0))" }.joined(separator: " or ")
        return guideline(facts: (1...n).map { "a\($0)" } + (1...n).map { "b\($0)" }, when: "k > \(threshold) and (\(condition))")
    }

    @Test func analysisOfAnExponentialConditionIsIncomplete() throws {
        let compilation = GuidelineCompiler.compile(texts: [(path: "hostile.yaml", text: Self.guideline(pairs: 24))])
        let guidelines = try #require(compilation.guidelines, "\(compilation.diagnostics.map(\.message))")
        let findings = GuidelineAnalyzer(guidelines: guidelines).analyze()
        #expect(findings.contains { $0.code == .analysisIncomplete }, "\(findings.map(\.message))")
    }

    /// A conjunction over many facts has a diagram of one node per fact whatever the order of its
    /// operands: 200 facts fit in a budget of 1,000 nodes (combined in axis order, each operand would
    /// rebuild the chain below it, about 20,000 nodes).
    @Test func wideConjunctionsHaveLinearDiagrams() throws {
        let n = 200
        let text = Self.guideline(facts: (0..<n).map { "f\($0)" }, when: (0..<n).map { "f\($0)" }.joined(separator: " and "))
        let compilation = GuidelineCompiler.compile(texts: [(path: "wide.yaml", text: text)])
        let guidelines = try #require(compilation.guidelines, "\(compilation.diagnostics.map(\.message))")
        let space = PatientSpace([guidelines])
        let partitioner = Partitioner(space: space, diagramBudget: 1_000)
        let condition = VersionedNode(version: 0, node: guidelines.recommendations[0].condition)
        let found = partitioner.search(within: space.accepted(by: 0), where: [condition], are: [.true])
        #expect(found.region.map { space.describe($0, within: space.accepted(by: 0)) } == (0..<n).map { "f\($0)" }.joined(separator: " and "))
    }

    @Test func diffOfAnExponentialConditionIsUndecided() throws {
        let old = GuidelineCompiler.compile(texts: [(path: "old.yaml", text: Self.guideline(pairs: 24))])
        let new = GuidelineCompiler.compile(texts: [(path: "new.yaml", text: Self.guideline(pairs: 24, threshold: 2))])
        let diff = try #require(GuidelineDiff(old: old, new: new))
        #expect(diff.behaviour.classification == .undecided)
        #expect(!diff.isEmpty)
    }
}
