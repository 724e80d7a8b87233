import Foundation
import Testing
import PathwayCompiler
import PathwayDiagnostics
import PathwayEvaluator

/// A guideline's `scope`: patients outside it get nothing and are told so; an unknown scope leaves
/// every recommendation undetermined; within it nothing changes.
@Suite struct GuidelineScopeTests {
    static let text = """
    kind: guideline
    id: scoped
    title: Scoped guideline
    scope:
      when: site == stomach or site == colon
      text: gastric and colonic tumours
      quote: for gastric and colonic tumours
    facts:
      site: { type: enum, values: [stomach, colon, lung] }
      size: { type: number }
    citations:
      src: { authors: [A], title: T, year: 2025 }
    schemes:
      s: { levels: [{ id: a, definition: A }] }
    recommendations:
      resect:
        text: Resect
        direction: for
        level: s.a
        citations: [src]
        quote: resect
      observe:
        text: Observe
        direction: for
        level: s.a
        citations: [src]
        quote: observe
    trees:
      - id: small
        when: size < 2
        recommend: [resect]
    tables:
      - id: by-size
        hit_policy: collect
        inputs: [size]
        rows:
          - { id: large, if: { size: ">= 2" }, recommend: [observe] }
    """

    static func compiled() throws -> CompiledGuidelines {
        let compilation = GuidelineCompiler.compile(texts: [(path: "scoped.yaml", text: text)])
        #expect(compilation.diagnostics.isEmpty, "\(TextDiagnosticRenderer(sources: compilation.sources).render(compilation.diagnostics))")
        return try #require(compilation.guidelines)
    }

    static func evaluate(_ json: String, _ guidelines: CompiledGuidelines) throws -> Evaluation {
        let patient = try #require(TestPatients.decode(json, guidelines: guidelines))
        return Evaluator(guidelines: guidelines).evaluate(patient)
    }

    @Test func everyPathStartsWithTheScope() throws {
        let guidelines = try Self.compiled()
        let scope = try #require(guidelines.guidelines[0].scope)
        for r in guidelines.recommendations {
            #expect(r.paths.allSatisfy { $0.steps.first?.node == scope.node }, "\(r.id)")
        }
    }

    @Test func outsideTheScopeNothingIsGivenAndTheOutputSaysSo() throws {
        let guidelines = try Self.compiled()
        let evaluation = try Self.evaluate(#"{"site": "lung", "size": 1}"#, guidelines)
        #expect(evaluation.outcomes.allSatisfy { $0.status == .notGiven })
        let text = EvaluationText.render(evaluation, guidelines: guidelines, trace: false)
        #expect(text == """
        Scoped guideline [scoped]
          outside the scope of this guideline: it addresses gastric and colonic tumours
            scope: site == stomach or site == colon is false   [site = lung]
          no recommendation given


        """)
        let json = EvaluationJSON.object(evaluation, guidelines: guidelines, diagnostics: []).serialized()
        #expect(json.contains(#""scope":[{"guideline":"scoped","status":"outside_scope","scope":"gastric and colonic tumours","condition":"site == stomach or site == colon","facts":{"site":"lung"},"needs":[]}]"#), "\(json)")
    }

    @Test func anUnknownScopeLeavesEverythingUndetermined() throws {
        let guidelines = try Self.compiled()
        let evaluation = try Self.evaluate(#"{"size": 1}"#, guidelines)
        let resect = try #require(evaluation.outcomes.first { $0.recommendation.id == "resect" })
        #expect(resect.status == .undetermined && resect.needs == ["site"])
        #expect(evaluation.outcomes.first { $0.recommendation.id == "observe" }?.status == .notGiven)
        let text = EvaluationText.render(evaluation, guidelines: guidelines, trace: false)
        #expect(text.contains("  scope undetermined: this guideline addresses gastric and colonic tumours\n    scope: site == stomach or site == colon is unknown   [site = unknown]\n    needs: site\n"), "\(text)")
        let json = EvaluationJSON.object(evaluation, guidelines: guidelines, diagnostics: [], detail: .compact).serialized()
        #expect(json.contains(#""status":"scope_undetermined""#) && json.contains(#""needs":["site"]"#), "\(json)")
    }

    @Test func withinTheScopeTheOutputIsUnchanged() throws {
        let guidelines = try Self.compiled()
        let evaluation = try Self.evaluate(#"{"site": "colon", "size": 3}"#, guidelines)
        #expect(evaluation.given.map(\.recommendation.id) == ["observe"])
        let text = EvaluationText.render(evaluation, guidelines: guidelines, trace: false)
        #expect(!text.contains("scope:") && !text.contains("outside the scope") && !text.contains("scope undetermined"))
        let json = EvaluationJSON.object(evaluation, guidelines: guidelines, diagnostics: []).serialized()
        #expect(!json.contains(#""scope""#))
    }

    @Test func aScopeNeedsItsText() throws {
        let broken = Self.text.replacingOccurrences(of: "  text: gastric and colonic tumours\n", with: "")
        let compilation = GuidelineCompiler.compile(texts: [(path: "scoped.yaml", text: broken)])
        #expect(compilation.diagnostics.map(\.code.rawValue) == ["PW0203"])
        #expect(compilation.diagnostics.first?.message == "missing key `text` in the scope")
    }

    /// The bundled NANETS guideline: a G3 NET of a site outside its scope (`other`) gets none of its
    /// statements and is told why.
    @Test func bundledNanetsOutsideItsScope() throws {
        let guidelines = try #require(BundledGuidelinesTests.compilation.guidelines)
        let g = try #require(guidelines.guidelines.firstIndex { $0.id == "nanets-2023" })
        let evaluation = try Self.evaluate(#"{"newly_diagnosed": true, "differentiation": "well", "ki67_percent": 40, "primary_site": "other", "disease_extent": "metastatic"}"#, guidelines)
        #expect(evaluation.outcomes.filter { $0.recommendation.guideline == g }.allSatisfy { $0.status == .notGiven })
        #expect(evaluation.scope(ofGuideline: g)?.value == .false)
        #expect(EvaluationText.render(evaluation, guidelines: guidelines, trace: false).contains("outside the scope of this guideline: it addresses high-grade neuroendocrine neoplasms"))
    }
}
