import Foundation
import Testing
import PathwayCompiler
import PathwayDiagnostics
import PathwayEvaluator
import PathwayYAML

/// One mistake, one diagnostic: follow-on errors held back, errors before warnings, nothing twice,
/// examples fitted to the author's own file and fact. The rendered cases are goldens of
/// `DiagnosticGoldenTests` (fixtures `diagnostics/once-*.yaml` and `diagnostics/yaml-*.yaml`);
/// these tests state the rule each golden shows.
@Suite struct OnePerMistakeTests {
    func compile(_ name: String) throws -> Compilation {
        try TestFiles.compile(try TestFiles.fixture("diagnostics/\(name).yaml"), path: "\(name).yaml")
    }

    @Test(arguments: ["once-derived-typo", "once-hit-policy-typo", "once-select-first", "once-missing-citation-own", "once-flow-comma",
                      "yaml-tab", "yaml-unclosed-brace", "yaml-colon-in-value", "yaml-deeper-indentation", "yaml-misaligned-key",
                      "yaml-list-item", "yaml-unclosed-quote", "yaml-text-after-quote"])
    func oneDiagnosticPerMistake(name: String) throws {
        let diagnostics = try compile(name).diagnostics
        #expect(diagnostics.count == 1, "\(name): \(diagnostics.map(\.message))")
    }

    @Test func yamlErrorsPointWhereTheAuthorEdits() throws {
        let brace = try #require(try compile("yaml-unclosed-brace").diagnostics.first)
        #expect(brace.message == "invalid YAML: `{` is not closed with `}`")
        #expect(brace.span?.start == SourcePosition(line: 5, column: 11))
        let quote = try #require(try compile("yaml-unclosed-quote").diagnostics.first)
        #expect(quote.span?.start == SourcePosition(line: 3, column: 8))
        let tab = try #require(try compile("yaml-tab").diagnostics.first)
        #expect(tab.message == "invalid YAML: a tab character is used for indentation")
        let colon = try #require(try compile("yaml-colon-in-value").diagnostics.first)
        #expect(colon.notes.first?.message == "a value that contains `: ` must be quoted: `title: \"Ki-67: proliferation\"`")
    }

    @Test func missingCitationExampleComesFromTheAuthorsFile() throws {
        let d = try #require(try compile("once-missing-citation-own").diagnostics.first)
        #expect(d.notes.first?.message == "cite the source it encodes, e.g. `citations: [src2025]`")
    }

    @Test func patientTypeExampleUsesTheFactsUnit() throws {
        let compilation = try compile("once-missing-citation-own")
        _ = compilation
        let valid = try TestFiles.compile(try TestFiles.fixture("valid-guideline.yaml"))
        let guidelines = try #require(valid.guidelines)
        let root = try #require(YAMLLoader.load(text: #"{"progression_months": true}"#, path: "p.json").root)
        let d = try #require(PatientDecoder(guidelines: guidelines).decode(root).diagnostics.first)
        #expect(d.code == .patientWrongType)
        #expect(d.notes.map(\.message).joined().contains("\"2 month\"") || d.message.contains("\"2 month\""), "\(d.message) \(d.notes)")
        #expect(!(d.message + d.notes.map(\.message).joined()).contains("mm"))
    }

    @Test func errorsComeBeforeWarnings() throws {
        // An unreachable recommendation (a warning) in the first file, an error in the second.
        let warning = """
            kind: guideline
            id: a-first
            imports: [vocabulary.yaml]
            citations: { src: { title: S } }
            schemes: { panel: { levels: [{ id: consensus, definition: all }] } }
            recommendations:
              unused: { text: Unused, direction: for, level: panel.consensus, citations: [src], quote: q }
            """
        let error = warning.replacingOccurrences(of: "a-first", with: "b-second").replacingOccurrences(of: "unused: {", with: "used: {")
            + "\ntrees:\n  - { id: t, when: tumor_sise < 1 cm, recommend: [used] }\n"
        let compilation = GuidelineCompiler.compile(texts: [("a.yaml", warning), ("b.yaml", error), ("vocabulary.yaml", try TestFiles.fixture("vocabulary.yaml"))])
        let text = TestFiles.render(compilation)
        let errorAt = try #require(text.range(of: "error[PW0301]"))
        let warningAt = try #require(text.range(of: "warning[PW0502]"))
        #expect(errorAt.lowerBound < warningAt.lowerBound, "\(text)")
    }
}
