import Testing
import PathwayCompiler
import PathwayDiagnostics
import PathwayEvaluator
import PathwaySyntax
import PathwayYAML

/// The guidelines we ship compile cleanly and pass their own test cases.
@Suite struct BundledGuidelinesTests {
    static let compilation = GuidelineCompiler.compile(paths: [TestFiles.repositoryRoot.appendingPathComponent("guidelines").path])

    @Test func compileWithoutErrorsOrWarnings() {
        #expect(Self.compilation.diagnostics.isEmpty, "\(TextDiagnosticRenderer(sources: Self.compilation.sources).render(Self.compilation.diagnostics))")
        #expect(Self.compilation.guidelines != nil)
    }

    @Test func everyTestCasePasses() throws {
        let guidelines = try #require(Self.compilation.guidelines)
        let results = GuidelineTestRunner(guidelines: guidelines).run()
        #expect(results.count >= 50)
        let renderer = TextDiagnosticRenderer(sources: Self.compilation.sources)
        for result in results where !result.passed {
            Issue.record("\(result.guideline) › \(result.test):\n\(renderer.render(result.failures))")
        }
    }

    @Test func everyRecommendationIsReachedAndCited() throws {
        let guidelines = try #require(Self.compilation.guidelines)
        for r in guidelines.recommendations {
            #expect(!r.paths.isEmpty, "\(r.id) is not reached")
            #expect(!r.citations.isEmpty && !r.quote.isEmpty && r.level != nil, "\(r.id) lacks citation, quote or level")
        }
    }

    @Test func nanetsPanelSchemeHasExactlyTheThreeLevels() throws {
        let guidelines = try #require(Self.compilation.guidelines)
        let levels = Set(guidelines.recommendations.compactMap(\.level).filter { $0.scheme == "nanets_panel" }.map(\.value))
        #expect(levels.isSubset(of: ["consensus", "majority", "lack_of_consensus"]))
        #expect(levels.contains("consensus"))
    }
}
