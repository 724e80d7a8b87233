import Pathway
import Testing

/// The README's embedding example, through the umbrella module only.
@Suite struct EmbeddingTests {
    @Test func oneImportIsEnoughToCompileAndEvaluate() throws {
        let compilation = GuidelineCompiler.compile(paths: [TestFiles.repositoryRoot.appendingPathComponent("examples/tiny/esd.yaml").path])
        let guidelines = try #require(compilation.guidelines)
        let node = try #require(YAMLLoader.load(text: #"{"t_category": "T1a", "tumor_size": "8 mm"}"#, path: "patient").root)
        let patient = try #require(PatientDecoder(guidelines: guidelines).decode(node).patient)
        let evaluation = Evaluator(guidelines: guidelines).evaluate(patient)
        #expect(evaluation.given.map(\.recommendation.id) == ["esd"])
        #expect(evaluation.given.first?.recommendation.level?.value == "case_reports")
    }
}
