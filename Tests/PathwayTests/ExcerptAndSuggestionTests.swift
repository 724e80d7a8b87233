import Foundation
import Testing
import PathwaySyntax
import PathwayCompiler
import PathwayDiagnostics
import PathwayEvaluator
import PathwayYAML

/// Diagnostics that do not mislead: bounded excerpts and echoed values, and unit suggestions that
/// stay within a factor of ten when they can.
@Suite struct ExcerptAndSuggestionTests {
    // MARK: Truncation

    @Test func truncatedKeepsShortTextAndMarksCuts() {
        #expect(Excerpt.truncated("abc", limit: 5) == "abc")
        #expect(Excerpt.truncated("abcde", limit: 5) == "abcde")
        #expect(Excerpt.truncated("abcdef", limit: 5) == "abcd…")
        #expect(Excerpt.truncated("ééééééé", limit: 3) == "éé…", "counts scalars, never cuts inside one")
        #expect(Excerpt.truncated("", limit: 3) == "")
    }

    @Test func truncatedCostsTheLimitNotTheText() {
        let huge = String(repeating: "x", count: 50_000_000)
        let start = Date()
        let cut = Excerpt.truncated(huge)
        #expect(cut.unicodeScalars.count == Excerpt.valueLimit && cut.hasSuffix("…"))
        #expect(Date().timeIntervalSince(start) < 5, "bounded by the limit, not by the 50 MB value")
    }

    @Test func windowShowsTheColumnWithMarks() {
        let line = Substring(String(repeating: "a", count: 500) + "XYZ" + String(repeating: "b", count: 500))
        let window = Excerpt.window(of: line, around: 501, width: 60)
        #expect(window.text.unicodeScalars.count == 60)
        #expect(window.text.hasPrefix("…") && window.text.hasSuffix("…"))
        #expect(window.leadingMark)
        let shown = Array(window.text.unicodeScalars)
        let caret = 501 - window.startColumn + 1
        #expect(String(String.UnicodeScalarView(shown[caret..<caret + 3])) == "XYZ")
        let short = Excerpt.window(of: "short line", around: 3, width: 60)
        #expect(short.text == "short line" && short.startColumn == 1 && !short.leadingMark)
        let end = Excerpt.window(of: line, around: 1_003, width: 60)
        #expect(end.text.hasPrefix("…") && !end.text.hasSuffix("…") && end.text.hasSuffix("bbb"))
        let start = Excerpt.window(of: line, around: 1, width: 60)
        #expect(!start.leadingMark && start.text.hasSuffix("…") && start.startColumn == 1)
    }

    /// A 20 KB line is excerpted around the problem, with the caret under it.
    @Test func rendererCutsLongLinesAroundTheSpan() {
        let value = String(repeating: "x", count: 20_000)
        let text = "a: \(value)\nb: 1\nkey: \(value) tail\n"
        var sources = SourceFileStore()
        sources.add(SourceFile(path: "long.yaml", text: text))
        let span = SourceSpan(file: "long.yaml", start: SourcePosition(line: 3, column: 20_007), end: SourcePosition(line: 3, column: 20_011))
        let rendered = TextDiagnosticRenderer(sources: sources).render(Diagnostic(.yamlSyntax, "problem", at: span, label: "here"))
        let lines = rendered.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(rendered.utf8.count < 1_000, "\(rendered.utf8.count) bytes")
        let source = lines[3], marker = lines[4]
        #expect(source.contains("… tail") == false && source.contains("tail"))
        #expect(source.contains("…"))
        let sourceScalars = Array(source.unicodeScalars), markerScalars = Array(marker.unicodeScalars)
        let caret = markerScalars.firstIndex(of: "^") ?? 0
        #expect(String(String.UnicodeScalarView(sourceScalars[caret..<caret + 4])) == "tail")
        #expect(marker.hasSuffix("^^^^ here"))
    }

    @Test func rendererLeavesShortLinesAlone() {
        var sources = SourceFileStore()
        sources.add(SourceFile(path: "s.yaml", text: "when: tumour_size < 1 cm\n"))
        let span = SourceSpan(file: "s.yaml", start: SourcePosition(line: 1, column: 7), end: SourcePosition(line: 1, column: 18))
        let rendered = TextDiagnosticRenderer(sources: sources).render(Diagnostic(.unknownFact, "unknown fact `tumour_size`", at: span))
        #expect(rendered == """
        error[PW0301]: unknown fact `tumour_size`
         --> s.yaml:1:7
          |
        1 | when: tumour_size < 1 cm
          |       ^^^^^^^^^^^

        """)
    }

    // MARK: Unit suggestions

    @Test func unitSuggestionsPreferTheNearestSpellingThenDimensionThenMagnitude() {
        #expect(PhysicalUnit.suggestion(for: "mmm") == "mm")
        #expect(PhysicalUnit.suggestion(for: "mmm", expected: PhysicalUnit.named("cm")) == "mm")
        #expect(PhysicalUnit.suggestion(for: "mmm", expected: PhysicalUnit.named("m")) == "mm", "edit distance first")
        #expect(PhysicalUnit.suggestion(for: "CM") == "cm")
        #expect(PhysicalUnit.suggestion(for: "km", expected: PhysicalUnit.named("cm")) == "cm", "same magnitude at equal distance")
        #expect(PhysicalUnit.suggestion(for: "km", expected: PhysicalUnit.named("mm")) == "mm")
        #expect(PhysicalUnit.suggestion(for: "km", expected: PhysicalUnit.named("mg")) == "kg", "same dimension at equal distance")
        #expect(PhysicalUnit.suggestion(for: "kgs") == "kg")
        #expect(PhysicalUnit.suggestion(for: "weeek") == "week")
        #expect(PhysicalUnit.suggestion(for: "furlong") == nil)
    }

    /// At equal edit distance a unit a factor of ten or more away is never chosen over a closer one.
    @Test func noTieCrossesAFactorOfTen() {
        for expected in PhysicalUnit.common.values {
            for typed in ["mmm", "km", "xm", "ccm", "mgg", "gm", "dm", "yeer", "%%", "monthh", "dya"] {
                guard let pick = PhysicalUnit.suggestion(for: typed, expected: expected), let picked = PhysicalUnit.named(pick) else { continue }
                let distance = Suggest.editDistance(typed.lowercased(), pick.lowercased())
                for (symbol, other) in PhysicalUnit.common where other.dimension == expected.dimension && picked.dimension == expected.dimension
                    && Suggest.editDistance(typed.lowercased(), symbol.lowercased()) == distance {
                    // How far apart in size, exactly: the ratio of the factors, or its inverse when below one.
                    let gap = { (u: PhysicalUnit) -> Rational in
                        let r = u.ratio(to: expected) ?? .one
                        return r < .one ? (Rational.one.divided(by: r) ?? r) : r
                    }
                    #expect(gap(picked) <= gap(other), "`\(typed)` for \(expected.symbol): picked \(pick), but \(symbol) is as near and closer in size")
                }
            }
        }
    }

    /// `8 mmm` for a quantity in cm: the patient decoder suggests `8 mm`, not `8 m`.
    @Test func patientUnitTypoSuggestsTheNearUnit() throws {
        let guidelines = try #require(try TestFiles.compile(try TestFiles.fixture("valid-guideline.yaml")).guidelines)
        let root = try #require(YAMLLoader.load(text: #"{"t_category": "T1a", "tumor_size": "8 mmm"}"#, path: "p.json").root)
        let decoded = PatientDecoder(guidelines: guidelines).decode(root)
        let diagnostic = try #require(decoded.diagnostics.first { $0.fact == "tumor_size" })
        #expect(diagnostic.suggestions.map(\.replacement) == ["8 mm"])
    }

    /// In a condition: `tumor_size < 8 mmm` suggests `mm`.
    @Test func conditionUnitTypoSuggestsTheNearUnit() throws {
        let text = try TestFiles.fixture("valid-guideline.yaml").replacingOccurrences(of: "tumor_size < 1 cm", with: "tumor_size < 8 mmm")
        #expect(text.contains("8 mmm"))
        let compilation = try TestFiles.compile(text)
        let diagnostic = try #require(compilation.diagnostics.first { $0.code == .unknownUnit })
        #expect(diagnostic.suggestions.map(\.replacement) == ["mm"])
    }
}
