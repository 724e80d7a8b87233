import Foundation
@testable import PathwayCompiler
import PathwayDiagnostics
import PathwayYAML
import Testing

/// Positions inside scalars that are not a copy of one source line — block scalars (`when: >-` over
/// several lines), plain and quoted scalars folded over lines, escapes and doubled quotes — are
/// mapped back to the file: a diagnostic points at the name, not at the `>-` indicator.
@Suite struct ScalarPositionTests {
    @Test func aNameOnTheSecondLineOfAFoldedConditionIsLocated() throws {
        let text = ComputedAnalysisTests.guideline(facts: "  diabetes: { type: boolean }\n  stroke: { type: boolean }", when: "stroke")
            .replacingOccurrences(of: "  - { id: t, when: \"stroke\", recommend: [r] }",
                                  with: "  - id: t\n    when: >-\n      stroke\n      and diabetis\n    recommend: [r]")
        let compilation = GuidelineCompiler.compile(texts: [(path: "g.yaml", text: text)])
        let unknown = try #require(compilation.diagnostics.first { $0.message.contains("diabetis") })
        let line = (text.split(separator: "\n", omittingEmptySubsequences: false).firstIndex { $0.contains("and diabetis") } ?? -1) + 1
        #expect(unknown.span?.start.line == line && unknown.span?.start.column == 11, "at \(String(describing: unknown.span))")
        #expect(unknown.span?.end.line == line && unknown.span?.end.column == 19, "at \(String(describing: unknown.span))")
    }

    /// The source characters a span covers, from the text's lines (columns in Unicode scalars).
    static func covered(_ span: SourceSpan, in text: String) -> String {
        let lines = text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" }).map { Array($0.unicodeScalars) }
        guard span.start.line == span.end.line, span.start.line <= lines.count else { return "<\(span)>" }
        let l = lines[span.start.line - 1]
        let from = span.start.column - 1, to = span.end.column - 1
        guard from >= 0, from <= to, to <= l.count else { return "<\(span)>" }
        return String(String.UnicodeScalarView(l[from..<to]))
    }

    @Test(arguments: [
        ("literal", "v: |\n  first line\n  known(ki67) and stage\n", "stage"),
        ("folded", "v: >-\n  alpha beta\n  gamma délta\n\n  epsilon\n", "délta"),
        ("folded with a header comment", "v: >- # stage is not here\n    size\n    and stage\n", "stage"),
        ("plain over lines", "v: alpha\n  beta\n   gamma\n", "gamma"),
        ("single quoted with a doubled quote", "v: 'it''s\n  the stage'\n", "stage"),
        ("double quoted with escapes", "v: \"tab\\there \\u00e9t\\\n   \\\"stage\\\"\"\n", "stage"),
        ("CR LF line ends", "v: >-\r\n  alpha\r\n  stage\r\n", "stage"),
        ("non-ASCII before the name", "v: >-\n  ≥ größe\n  ünd stage\n", "stage"),
    ])
    func everyWordOfTheValueIsFoundWhereItWasWritten(name: String, yaml: String, word: String) throws {
        let root = try #require(YAMLLoader.load(text: yaml, path: "s.yaml").root, "\(name) does not load")
        guard case .mapping(let entries, _) = root, case .scalar(let scalar)? = entries.first?.value else {
            Issue.record("\(name): not a mapping of a scalar"); return
        }
        let plain = yaml.replacingOccurrences(of: "\r\n", with: "\n")
        let value = Array(scalar.value.unicodeScalars)
        // Every character that is not white space nor escaped maps to itself in the source.
        var mapped = 0
        for (k, c) in value.enumerated() where !c.properties.isWhitespace && c != "\"" && c != "é" && c != "'" {
            let span = scalar.span(ofValueOffset: k, length: 1)
            #expect(Self.covered(span, in: plain) == String(c), "\(name): character \(k) `\(c)` mapped to \(span)")
            mapped += 1
        }
        #expect(mapped > 0)
        let offset = try #require(scalar.value.range(of: word).map { scalar.value.unicodeScalars.distance(from: scalar.value.unicodeScalars.startIndex, to: $0.lowerBound) })
        let span = scalar.span(ofValueOffset: offset, length: word.unicodeScalars.count)
        #expect(Self.covered(span, in: plain) == word, "\(name): `\(word)` mapped to \(span) in \(scalar.source ?? "<no source>")")
    }

    /// A position is right or not given: where the source does not align with the value (a source
    /// the loader did not keep, or one that does not match), the scalar's whole span is the answer.
    @Test func aSourceThatDoesNotAlignGivesTheWholeSpan() {
        let span = SourceSpan(file: "s.yaml", start: SourcePosition(line: 1, column: 4), end: SourcePosition(line: 3, column: 1))
        let scalar = YAMLScalar(value: "alpha beta", style: .folded, span: span, source: ">-\n  alpha gamma\n")
        #expect(scalar.span(ofValueOffset: 6, length: 4) == span)
        let without = YAMLScalar(value: "alpha beta", style: .folded, span: span)
        #expect(without.span(ofValueOffset: 6, length: 4) == span)
    }
}
