import Foundation
@testable import PathwayCompiler
import PathwayDiagnostics
import PathwayEvaluator
import Testing

/// "Did you mean" draws from the author's own file first: between two names as close to a typo, the
/// one the guideline declares itself is suggested over the one of a vocabulary it imports, whatever
/// their alphabetical order (which alone decided before).
@Suite struct OwnFileSuggestionTests {
    static let vocabulary = """
    kind: vocabulary
    id: v
    citations: { smith2021: { title: Imported } }
    facts:
      stage_a: { type: boolean }
    """

    static func guideline(condition: String, citation: String) -> String {
        """
        kind: guideline
        id: g
        version: 2.1.0
        imports: [v.yaml]
        citations: { smyth2021: { title: Own } }
        schemes: { s: { levels: [ { id: l, definition: d } ] } }
        facts:
          stage_b: { type: boolean }
        recommendations:
          r: { text: t, direction: for, level: s.l, citations: [\(citation)], quote: q }
        trees:
          - id: t
            when: "\(condition)"
            recommend: [r]
        """
    }

    static func suggestion(_ compilation: Compilation, _ message: String) -> String? {
        compilation.diagnostics.first { $0.message.contains(message) }?.suggestions.first?.replacement
    }

    @Test func theGuidelinesOwnNamesAreSuggestedFirst() {
        let compilation = GuidelineCompiler.compile(texts: [("g.yaml", Self.guideline(condition: "stage_c", citation: "smth2021")), ("v.yaml", Self.vocabulary)])
        #expect(Self.suggestion(compilation, "unknown fact `stage_c`") == "stage_b", "\(TestFiles.render(compilation))")
        #expect(Self.suggestion(compilation, "unknown citation `smth2021`") == "smyth2021", "\(TestFiles.render(compilation))")
    }

    /// Where the imported name is closer, it is still the one suggested: preference breaks ties only.
    @Test func aCloserImportedNameStillWins() {
        let compilation = GuidelineCompiler.compile(texts: [("g.yaml", Self.guideline(condition: "stage_aa", citation: "smith202")), ("v.yaml", Self.vocabulary)])
        #expect(Self.suggestion(compilation, "unknown fact `stage_aa`") == "stage_a", "\(TestFiles.render(compilation))")
        #expect(Self.suggestion(compilation, "unknown citation `smith202`") == "smith2021", "\(TestFiles.render(compilation))")
    }

    /// Every text output names the guideline applied by id and version; `explain --format json` too.
    @Test func textHeadersAndExplainNameTheVersion() throws {
        let compilation = GuidelineCompiler.compile(texts: [("g.yaml", Self.guideline(condition: "stage_b", citation: "smyth2021")), ("v.yaml", Self.vocabulary)])
        let guidelines = try #require(compilation.guidelines, "\(TestFiles.render(compilation))")
        var patient = Patient(slotCount: guidelines.facts.count)
        patient[try #require(guidelines.facts.firstIndex { $0.name == "stage_b" })] = FactValue(boolean: true)
        let evaluation = Evaluator(guidelines: guidelines).evaluate(patient)
        #expect(EvaluationText.render(evaluation, guidelines: guidelines, trace: false).hasPrefix("g [g 2.1.0]\n"))
        let outcome = try #require(evaluation.outcomes.first)
        #expect(EvaluationText.explain(outcome, guidelines: guidelines).hasPrefix("r [g 2.1.0]: t\n"))
        let json = EvaluationJSON.explain(outcome, guidelines: guidelines).serialized()
        #expect(json.contains(#""guideline":"g","version":"2.1.0""#), "\(json)")
    }
}
