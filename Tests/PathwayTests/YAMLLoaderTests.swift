import Foundation
import Testing
import PathwayCompiler
import PathwayDiagnostics
import PathwayEvaluator
import PathwaySyntax
import PathwayYAML

@Suite struct YAMLLoaderTests {
    @Test func keepsSpansAndStylesOnEveryNode() throws {
        let text = "a: plain\nb: 'single'\nc: \"double\"\nd: |\n  block\nlist:\n  - x\n  - { k: v }\n"
        let result = YAMLLoader.load(text: text, path: "t.yaml")
        #expect(result.diagnostics.isEmpty)
        guard case .mapping(let entries, let span)? = result.root else { Issue.record("expected a mapping"); return }
        #expect(span.start == SourcePosition(line: 1, column: 1))
        #expect(entries.map(\.key.value) == ["a", "b", "c", "d", "list"])
        let styles = entries.prefix(4).compactMap { entry -> ScalarStyle? in
            if case .scalar(let s) = entry.value { return s.style } else { return nil }
        }
        #expect(styles == [.plain, .singleQuoted, .doubleQuoted, .literal])
        guard case .scalar(let b) = entries[1].value else { return }
        #expect(b.value == "single")
        #expect(b.span.start == SourcePosition(line: 2, column: 4))
        #expect(b.span.end == SourcePosition(line: 2, column: 12))
        #expect(entries[1].key.span.start == SourcePosition(line: 2, column: 1))
        guard case .sequence(let items, _) = entries[4].value, case .mapping(let inner, let innerSpan) = items[1] else {
            Issue.record("expected a list with a mapping"); return
        }
        #expect(inner.first?.key.value == "k")
        #expect(innerSpan.start == SourcePosition(line: 8, column: 5))
    }

    @Test func scalarsStayStrings() throws {
        let result = YAMLLoader.load(text: "a: yes\nb: 010\nc: 1e3\nd: ~\n", path: "t.yaml")
        guard case .mapping(let entries, _)? = result.root else { Issue.record("expected a mapping"); return }
        let values = entries.compactMap { entry -> String? in
            if case .scalar(let s) = entry.value { return s.value } else { return nil }
        }
        #expect(values == ["yes", "010", "1e3", "~"])
    }

    @Test func rejectsAliasExpansionBombQuickly() {
        var text = "a: &a [x, x, x, x, x, x, x, x, x]\n"
        for i in 1...9 { text += "a\(i): &a\(i) [*a\(i == 1 ? "" : String(i - 1)), *a\(i == 1 ? "" : String(i - 1))]\n" }
        let result = YAMLLoader.load(text: text, path: "bomb.yaml")
        #expect(result.root == nil)
        #expect(result.diagnostics.map(\.code) == [.aliasNotAllowed])
        #expect(result.diagnostics.first?.span?.start == SourcePosition(line: 1, column: 4))
    }

    @Test func rejectsDeepNestingWithoutRecursion() {
        let text = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        let result = YAMLLoader.load(text: text, path: "deep.yaml")
        #expect(result.root == nil)
        #expect(result.diagnostics.map(\.code) == [.nestingTooDeep])
        #expect(result.diagnostics.first?.message == "nesting is deeper than the limit of 64")
    }

    @Test func acceptsNestingUpToTheLimit() {
        let text = String(repeating: "[", count: 64) + String(repeating: "]", count: 64)
        #expect(YAMLLoader.load(text: text, path: "ok.yaml").diagnostics.isEmpty)
        let over = String(repeating: "[", count: 65) + String(repeating: "]", count: 65)
        #expect(YAMLLoader.load(text: over, path: "over.yaml").diagnostics.map(\.code) == [.nestingTooDeep])
    }

    @Test func rejectsOversizedFilesBeforeParsing() {
        let text = "a: " + String(repeating: "x", count: 5 * 1024 * 1024) + "\n"
        let result = YAMLLoader.load(text: text, path: "big.yaml")
        #expect(result.diagnostics.map(\.code) == [.fileTooLarge])
    }

    @Test func rejectsTooManyNodes() {
        let text = "[" + Array(repeating: "1", count: 2_000).joined(separator: ",") + "]"
        let result = YAMLLoader.load(text: text, path: "many.yaml", limits: YAMLLimits(maxNodes: 1_000))
        #expect(result.diagnostics.map(\.code) == [.fileTooLarge])
    }

    @Test func reportsAllDuplicateKeysWithTheFirstOccurrence() {
        let result = YAMLLoader.load(text: "a: 1\nb: 2\na: 3\nb: 4\n", path: "dup.yaml")
        #expect(result.diagnostics.map(\.code) == [.duplicateKey, .duplicateKey])
        #expect(result.diagnostics.first?.notes.first?.span?.start == SourcePosition(line: 1, column: 1))
    }

    @Test func rejectsNonScalarKeysTagsAndEmptyFiles() {
        #expect(YAMLLoader.load(text: "? [a]\n: 1\n", path: "k.yaml").diagnostics.map(\.code) == [.wrongValueType])
        #expect(YAMLLoader.load(text: "a: !custom x\n", path: "t.yaml").diagnostics.map(\.code) == [.tagNotAllowed])
        #expect(YAMLLoader.load(text: "# only a comment\n", path: "e.yaml").diagnostics.map(\.code) == [.documentCount])
    }

    @Test func reportsSyntaxErrorsWithPosition() {
        let result = YAMLLoader.load(text: "a: [1, 2\nb: 3\n", path: "s.yaml")
        #expect(result.diagnostics.map(\.code) == [.yamlSyntax])
        // At the `[` left open (where the author edits), with a note where libyaml noticed it.
        #expect(result.diagnostics.first?.span?.start == SourcePosition(line: 1, column: 4))
        #expect(result.diagnostics.first?.notes.first?.span?.start.line == 2)
    }

    @Test func invalidUTF8FileIsReported() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("pathway-utf8-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try Data([0x6B, 0x69, 0x6E, 0x64, 0x3A, 0x20, 0xFF, 0xFE, 0x0A]).write(to: dir.appendingPathComponent("bad.yaml"))
        let compilation = GuidelineCompiler.compile(paths: [dir.path])
        #expect(compilation.diagnostics.map(\.code) == [.unreadableFile])
    }

    @Test func largeFlatInputsLoadInLinearTime() {
        // 200,000 items: a quadratic builder would take minutes here.
        let text = "[" + Array(repeating: "1", count: 200_000).joined(separator: ",") + "]"
        guard case .sequence(let items, _)? = YAMLLoader.load(text: text, path: "big.yaml").root else {
            Issue.record("expected a list"); return
        }
        #expect(items.count == 200_000)
    }

    @Test func brokenVocabularyImportedTwiceIsReportedOnce() {
        let guideline = { (id: String) in "kind: guideline\nid: \(id)\nimports: [v.yaml]\n" }
        let compilation = GuidelineCompiler.compile(texts: [("a.yaml", guideline("a")), ("b.yaml", guideline("b")),
                                                            ("v.yaml", "kind: vocabulary\nid: v\nfacts: [unclosed\n")])
        #expect(compilation.guidelines == nil)
        #expect(compilation.diagnostics.map(\.code) == [.yamlSyntax])
    }
}
