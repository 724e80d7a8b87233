import Foundation
import Testing
import PathwayAnalysis
import PathwayCompiler
import PathwayDiff

/// `pathway diff` reports, rendered exactly, for one change each in `Fixtures/diff/<case>/{old,new}.yaml`.
@Suite struct DiffGoldenTests {
    static let cases: [String] = {
        let dir = TestFiles.fixtures.appendingPathComponent("diff")
        return ((try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []).sorted()
    }()

    static func diff(_ name: String) throws -> GuidelineDiff {
        let old = GuidelineCompiler.compile(texts: [(path: "old/guideline.yaml", text: try TestFiles.fixture("diff/\(name)/old.yaml"))])
        let new = GuidelineCompiler.compile(texts: [(path: "new/guideline.yaml", text: try TestFiles.fixture("diff/\(name)/new.yaml"))])
        #expect(old.diagnostics.isEmpty && new.diagnostics.isEmpty, "fixture \(name) must compile cleanly")
        return try #require(GuidelineDiff(old: old, new: new))
    }

    @Test(arguments: cases)
    func rendersText(name: String) throws {
        try TestFiles.assertGolden(DiffTextRenderer().render(try Self.diff(name)), "diff/\(name).txt")
    }

    @Test func rendersJSONAndMarkdown() throws {
        let diff = try Self.diff("threshold-change")
        try TestFiles.assertGolden(DiffJSONRenderer.render(diff).serialized(pretty: true) + "\n", "diff/threshold-change.json")
        try TestFiles.assertGolden(DiffMarkdownRenderer.render(diff), "diff/threshold-change.md")
        let short = DiffMarkdownRenderer.render(diff, maxRegions: 1)
        #expect(short.contains("… and 1 more region; `pathway diff --format text` lists every one."))
        #expect(short.components(separatedBy: "\n").filter { $0.hasPrefix("| `t_category") || $0.hasPrefix("| `not known") }.count == 1)
    }

    /// What each change means for patients, as a whole.
    @Test func classifiesEachChange() throws {
        let expected: [String: ChangeClass] = [
            "threshold-change": .breaking, "level-change": .breaking, "new-recommendation": .additive,
            "removed-recommendation": .breaking, "rename": .editorial, "enum-value-added": .additive,
            "reordered-no-change": .editorial,
            // `tumor_size < 1 cm or tumor_size >= 1 cm` holds for every tumour size: a missing size changes nothing.
            "undetermined-only": .editorial,
        ]
        #expect(Set(expected.keys) == Set(Self.cases), "every diff fixture has an expected classification")
        for (name, classification) in expected {
            #expect(try Self.diff(name).behaviour.classification == classification, "\(name)")
        }
    }

    /// A diff that runs out of budget never claims that nothing changed.
    @Test func incompleteDiffIsNeverEmptyOrEditorial() throws {
        let old = GuidelineCompiler.compile(texts: [(path: "old/guideline.yaml", text: try TestFiles.fixture("diff/level-change/old.yaml"))])
        let new = GuidelineCompiler.compile(texts: [(path: "new/guideline.yaml", text: try TestFiles.fixture("diff/new-recommendation/new.yaml"))])
        let complete = try #require(GuidelineDiff(old: old, new: new))
        #expect(complete.behaviour.incomplete.isEmpty)
        let cut = try #require(GuidelineDiff(old: old, new: new, regionBudget: 1))
        #expect(!cut.behaviour.incomplete.isEmpty)
        #expect(!cut.isEmpty)
        #expect([.breaking, .undecided].contains(cut.behaviour.classification), "only a found breaking change is certain")
        let text = DiffTextRenderer(traces: false).render(cut)
        #expect(text.contains("warning: the search for changes stopped at its budget for"), "\(text)")
        #expect(DiffMarkdownRenderer.render(cut).contains("> **Warning:** the search for changes stopped at its budget for"))

        let same = GuidelineCompiler.compile(texts: [(path: "new/guideline.yaml", text: try TestFiles.fixture("diff/level-change/old.yaml"))])
        let unchanged = try #require(GuidelineDiff(old: old, new: same, regionBudget: 1))
        #expect(unchanged.isEmpty, "equal conditions need no search, so no budget")
    }

    @Test func reorderingAndRenamingChangeNoOutcome() throws {
        let reordered = try Self.diff("reordered-no-change")
        #expect(reordered.isEmpty)
        let renamed = try Self.diff("rename")
        #expect(renamed.behaviour.regions.isEmpty, "a rename is not a removal plus an addition")
        #expect(renamed.structural.contains { $0.kind == .renamed && $0.oldID == "esd" && $0.id == "endoscopic-resection" })
    }

    @Test func thresholdMoveIsTheExactRegion() throws {
        let diff = try Self.diff("threshold-change")
        #expect(diff.behaviour.regions.map(\.condition) == [
            "t_category in [Tis, T1a] and 1 cm <= tumor_size < 2 cm",
            "not known(t_category) and 1 cm <= tumor_size < 2 cm",
        ])
        let first = try #require(diff.behaviour.regions.first)
        #expect(first.changes.map { "\($0.recommendation.id): \($0.old) → \($0.new)" } == [
            "esd: not given → given (for, panel.consensus)",
            "surgery: given (for, panel.consensus) → not given",
        ])
    }

    /// The bundled guidelines against themselves, and against a copy with the ESD size threshold moved.
    @Test func bundledGuidelines() throws {
        let folder = TestFiles.repositoryRoot.appendingPathComponent("guidelines")
        let same = try #require(GuidelineDiff(old: GuidelineCompiler.compile(paths: [folder.path]), new: GuidelineCompiler.compile(paths: [folder.path])))
        #expect(same.isEmpty)

        var texts: [(path: String, text: String)] = []
        for file in try #require(DocumentLoader.guidelineFiles(at: folder.path)) {
            var text = try String(contentsOfFile: file, encoding: .utf8)
            if file.hasSuffix("shi-2025-enec.yaml") {
                text = text.replacingOccurrences(of: "when: t_category in [Tis, T1a] and tumor_size < 1 cm", with: "when: t_category in [Tis, T1a] and tumor_size < 2 cm")
            }
            texts.append((file, text))
        }
        let moved = try #require(GuidelineDiff(old: GuidelineCompiler.compile(paths: [folder.path]), new: GuidelineCompiler.compile(texts: texts)))
        #expect(moved.behaviour.classification == .additive)
        #expect(Set(moved.behaviour.regions.flatMap { $0.changes.map(\.recommendation.id) }) == ["esd-early-enec"])
        #expect(moved.behaviour.regions.first?.condition.contains("1 cm <= tumor_size < 2 cm") == true)
        // The report the README shows.
        try TestFiles.assertGolden(DiffTextRenderer(traces: false).render(moved), "diff/bundled-esd-threshold.txt")
    }
}
