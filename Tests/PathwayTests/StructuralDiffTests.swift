import Foundation
import Testing
import PathwayCompiler
import PathwayDiagnostics
import PathwayDiff
import PathwaySyntax

/// The structural diff of two versions of a guideline, from fixture pairs in
/// `Fixtures/structural-diff/<case>/{old,new}.yaml`, rendered against `Golden/structural-diff/<case>.txt`.
@Suite struct StructuralDiffTests {
    static let cases = [
        "threshold-change", "level-change", "new-recommendation", "removed-recommendation", "rename",
        "enum-value-added", "reordered-no-change", "table-row-edited", "node-moved", "fact-range-changed", "typed-table-outputs",
    ]

    /// Decodes a guideline text, requiring it to compile cleanly so fixtures stay valid guidelines.
    static func documents(_ text: String, path: String, sourceLocation: SourceLocation = #_sourceLocation) -> [GuidelineDocument] {
        let compilation = GuidelineCompiler.compile(texts: [(path: path, text: text)])
        #expect(compilation.diagnostics.isEmpty, "\(path): \(TestFiles.render(compilation))", sourceLocation: sourceLocation)
        return compilation.documents
    }

    static func fixture(_ name: String, _ version: String) throws -> [GuidelineDocument] {
        documents(try TestFiles.fixture("structural-diff/\(name)/\(version).yaml"), path: "\(name)/\(version).yaml")
    }

    static func diff(_ name: String) throws -> [StructuralChange] {
        StructuralDiff.compare(old: try fixture(name, "old"), new: try fixture(name, "new"))
    }

    /// The base fixture with textual edits applied, each of which must apply exactly once.
    static func edited(_ edits: [(String, String)], sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
        var text = try TestFiles.fixture("structural-diff/base.yaml")
        for (old, new) in edits {
            #expect(text.components(separatedBy: old).count == 2, "edit `\(old)` should apply once", sourceLocation: sourceLocation)
            text = text.replacingOccurrences(of: old, with: new)
        }
        return text
    }

    static func diffBase(against edits: [(String, String)], sourceLocation: SourceLocation = #_sourceLocation) throws -> [StructuralChange] {
        let base = try TestFiles.fixture("structural-diff/base.yaml")
        return StructuralDiff.compare(old: documents(base, path: "old.yaml", sourceLocation: sourceLocation),
                                      new: documents(try edited(edits, sourceLocation: sourceLocation), path: "new.yaml", sourceLocation: sourceLocation))
    }

    static func text(_ changes: [StructuralChange]) -> String {
        changes.isEmpty ? "(no structural changes)\n" : changes.flatMap { $0.textLines() }.joined(separator: "\n") + "\n"
    }

    // MARK: Golden output

    @Test(arguments: cases)
    func rendersGolden(name: String) throws {
        try TestFiles.assertGolden(Self.text(try Self.diff(name)), "structural-diff/\(name).txt")
    }

    @Test func rendersJSONAndMarkdownGoldens() throws {
        let threshold = try Self.diff("threshold-change")
        try TestFiles.assertGolden(JSONValue.array(threshold.map(\.json)).serialized(pretty: true) + "\n", "structural-diff/threshold-change.json")
        let rows = try Self.diff("table-row-edited")
        try TestFiles.assertGolden(rows.flatMap { $0.markdownLines() }.joined(separator: "\n") + "\n", "structural-diff/table-row-edited.md")
    }

    // MARK: The acceptance criteria, asserted directly

    @Test func thresholdChangeIsShownAsSuch() throws {
        let changes = try Self.diff("threshold-change")
        #expect(changes.map(\.id) == ["small", "fit-row"])
        let node = try #require(changes.first { $0.id == "small" })
        #expect(node.kind == .changed && node.entity == .treeNode && node.container == "early")
        #expect(node.fields == [FieldChange(field: "when", old: "tumor_size < 1 cm", new: "tumor_size < 15 mm", detail: "threshold 1 cm → 15 mm")])
        let row = try #require(changes.first { $0.id == "fit-row" })
        #expect(row.entity == .tableRow && row.container == "advanced")
        #expect(row.fields == [FieldChange(field: "cells.ecog", old: "ecog <= 1", new: "ecog <= 2", detail: "threshold 1 → 2")])
    }

    @Test func valueListChangeIsShownAsSuch() throws {
        let changes = try Self.diffBase(against: [("when: t_category in [Tis, T1a]", "when: t_category in [Tis, T1a, T1b]")])
        #expect(changes.count == 1)
        #expect(changes.first?.entity == .tree)
        #expect(changes.first?.fields.first?.detail == "value list [Tis, T1a] → [Tis, T1a, T1b]")
    }

    @Test func reshapedConditionShowsOldAndNewText() throws {
        let changes = try Self.diffBase(against: [("when: tumor_size < 1 cm", "when: tumor_size < 1 cm and fit")])
        let field = try #require(changes.first?.fields.first)
        #expect(changes.count == 1)
        #expect(field.old == "tumor_size < 1 cm" && field.new == "tumor_size < 1 cm and fit" && field.detail == nil)
    }

    @Test func levelChange() throws {
        let changes = try Self.diff("level-change")
        #expect(changes == [StructuralChange(kind: .changed, entity: .recommendation, document: "fixture", id: "resect",
                                             fields: [FieldChange(field: "level", old: "panel.consensus", new: "panel.majority")],
                                             oldSpan: changes.first?.oldSpan, newSpan: changes.first?.newSpan)])
        #expect(changes.first?.textLines() == ["~ recommendation resect (fixture): level panel.consensus → panel.majority"])
    }

    @Test func newAndRemovedRecommendations() throws {
        let added = try Self.diff("new-recommendation")
        #expect(added.map { "\($0.kind) \($0.entity) \($0.id)" } == ["added recommendation observe", "added treeNode tiny", "added test tiny-t1a"])
        let removed = try Self.diff("removed-recommendation")
        #expect(removed.map { "\($0.kind) \($0.entity) \($0.id)" }
            == ["removed recommendation chemo", "removed tableRow fit-row", "removed test advanced-fit", "changed test advanced-unfit"])
        #expect(removed.allSatisfy { $0.kind != .removed || ($0.oldSpan != nil && $0.newSpan == nil) })
    }

    @Test func renameIsOneChangeAndReferencesFollowIt() throws {
        let changes = try Self.diff("rename")
        #expect(changes.count == 1)
        let rename = try #require(changes.first)
        #expect(rename.kind == .renamed && rename.entity == .recommendation)
        #expect(rename.oldID == "resect" && rename.id == "endoscopic-resection" && rename.fields.isEmpty)
        #expect(rename.textLines() == ["→ recommendation resect renamed to endoscopic-resection (fixture)"])
    }

    @Test func renamedFactIsFollowedIntoConditionsColumnsAndPatients() throws {
        let text = try TestFiles.fixture("structural-diff/base.yaml")
        let renamed = text.replacingOccurrences(of: "ecog", with: "ecog_ps")
        let changes = StructuralDiff.compare(old: Self.documents(text, path: "old.yaml"), new: Self.documents(renamed, path: "new.yaml"))
        #expect(changes.map { "\($0.kind) \($0.entity) \($0.oldID ?? "") \($0.id)" } == ["renamed fact ecog ecog_ps"])
    }

    @Test func renamedRowAndNodeAreOneChangeEach() throws {
        let changes = try Self.diffBase(against: [("- id: unfit-row", "- id: poor-performance-row"), ("- id: medium", "- id: mid-size")])
        #expect(changes.flatMap { $0.textLines() } == [
            "→ tree_node early › medium renamed to mid-size (fixture)",
            "→ table_row advanced › unfit-row renamed to poor-performance-row (fixture)",
        ])
        #expect(changes.last?.markdownLines() == ["- **renamed** table_row `advanced` › `unfit-row` → `poor-performance-row` in `fixture`"])
    }

    @Test func lookAlikesAreNotGuessedAsRenames() throws {
        // One removed row and two added rows with its content: no pairing is certain, so none is made.
        let changes = try Self.diffBase(against: [
            ("      - id: fit-row\n        if: { ecog: \"<= 1\" }", "      - id: fit-a\n        if: { ecog: \"<= 1\" }\n        recommend: [chemo]\n      - id: fit-b\n        if: { ecog: \"<= 1\" }"),
        ])
        #expect(changes.map { "\($0.kind) \($0.id)" } == ["added fit-a", "added fit-b", "removed fit-row"])
    }

    @Test func renameWithOtherChangesIsRemovalAndAddition() throws {
        let changes = try Self.diffBase(against: [
            ("  resect:\n    text: Resect the tumour endoscopically.", "  endoscopic-resection:\n    text: Resect the tumour endoscopically!"),
            ("recommend: [resect]", "recommend: [endoscopic-resection]"),
            ("    given: [resect]", "    given: [endoscopic-resection]"),
            ("    not_given: [resect]", "    not_given: [endoscopic-resection]"),
            ("    undetermined: [resect]", "    undetermined: [endoscopic-resection]"),
        ])
        let recommendations = changes.filter { $0.entity == .recommendation }
        #expect(recommendations.map { "\($0.kind) \($0.id)" } == ["added endoscopic-resection", "removed resect"])
        #expect(changes.contains { $0.entity == .treeNode && $0.id == "small" && $0.fields.first?.field == "recommend" })
    }

    @Test func enumValueAdded() throws {
        let changes = try Self.diff("enum-value-added")
        #expect(changes.count == 1)
        #expect(changes.first?.entity == .fact && changes.first?.id == "t_category")
        #expect(changes.first?.fields == [FieldChange(field: "values", old: "[T1a, T1b, T2, Tis]", new: "[T1a, T1b, T1c, T2, Tis]", detail: "added value T1c")])
    }

    @Test func enumValueRemovedAndAddedAreListedEach() throws {
        let changes = try Self.diffBase(against: [("values: [Tis, T1a, T1b, T2]", "values: [T1a, T1b, T2, T3]"),
                                                  ("when: t_category in [Tis, T1a]", "when: t_category in [T1a]")])
        #expect(changes.map(\.entity) == [.fact, .tree])
        #expect(changes.first?.fields.first?.detail == "added value T3; removed value Tis")
    }

    @Test func reorderingAndFormattingGiveNoChange() throws {
        let changes = try Self.diff("reordered-no-change")
        #expect(changes.isEmpty, "\(Self.text(changes))")
    }

    @Test func tableRowEdited() throws {
        let changes = try Self.diff("table-row-edited")
        #expect(changes.map { "\($0.kind) \($0.id)" } == ["added borderline-row", "changed unfit-row"])
        let edited = try #require(changes.first { $0.id == "unfit-row" })
        #expect(edited.fields.map(\.field) == ["cells.ecog", "note"])
        #expect(edited.fields.first?.detail == nil, "`> 1` → `>= 3` changes the operator, so old and new are shown whole")
    }

    @Test func nodeMovedToAnotherParentAndAmongFirstMatchSiblings() throws {
        let changes = try Self.diff("node-moved")
        let moved = try #require(changes.first { $0.id == "t1b-fit" })
        #expect(moved.kind == .moved && moved.fields == [FieldChange(field: "parent", old: "t1b", new: "t1b-staged")])
        let reordered = try #require(changes.first { $0.id == "small" })
        #expect(reordered.kind == .moved && reordered.fields.map(\.field) == ["position"])
        #expect(reordered.fields.first.map { ($0.old, $0.new) } ?? (nil, nil) == ("1", "2"))
        #expect(changes.contains { $0.kind == .added && $0.id == "t1b-staged" })
        #expect(changes.count == 3)
    }

    @Test func rowOrderMattersOnlyForFirstAndPriorityTables() throws {
        let swapped = ("""
              - id: fit-row
                if: { ecog: "<= 1" }
                recommend: [chemo]
              - id: unfit-row
                if: { ecog: "> 1" }
                recommend: [supportive]
        """, """
              - id: unfit-row
                if: { ecog: "> 1" }
                recommend: [supportive]
              - id: fit-row
                if: { ecog: "<= 1" }
                recommend: [chemo]
        """)
        let first = try Self.diffBase(against: [swapped])
        #expect(first.count == 1 && first.first?.kind == .moved && first.first?.fields.first?.field == "position")
        let unique = try Self.diffBase(against: [swapped, ("hit_policy: first", "hit_policy: unique")])
        #expect(unique.map { "\($0.kind) \($0.entity) \($0.fields.map(\.field))" } == ["changed table [\"hit_policy\"]"])
    }

    @Test func branchOrderUnderSelectAllIsNoChange() throws {
        let changes = try Self.diffBase(against: [("""
                  - id: t1b-fit
                    when: fit
                    recommend: [surgery]
                  - id: t1b-unfit
                    when: not fit
                    recommend: [supportive]
            """, """
                  - id: t1b-unfit
                    when: not fit
                    recommend: [supportive]
                  - id: t1b-fit
                    when: fit
                    recommend: [surgery]
            """)])
        #expect(changes.isEmpty, "\(Self.text(changes))")
    }

    @Test func factRangeChanged() throws {
        let changes = try Self.diff("fact-range-changed")
        #expect(changes.map(\.id) == ["ecog", "tumor_size"])
        #expect(changes.map { $0.fields.first?.detail } == ["max 4 → 5", "max 20 → 30"])
        #expect(changes.first?.fields.first?.old == "0 .. 4" && changes.first?.fields.first?.new == "0 .. 5")
    }

    @Test func patientChangesAreListedPerFact() throws {
        let changes = try Self.diffBase(against: [("patient: { t_category: T1a, tumor_size: 8 mm }", "patient: { tumor_size: 9 mm, t_category: T1a, ecog: 0 }")])
        #expect(changes.count == 1 && changes.first?.id == "small-t1a")
        #expect(changes.first?.fields.first?.detail == "added ecog: 0; tumor_size 8 mm → 9 mm")
    }

    @Test func citationsSchemesDerivedFactsAndDocumentFields() throws {
        let changes = try Self.diffBase(against: [
            ("version: 1.0.0", "version: 1.1.0"),
            ("      advanced: Advanced disease", "      advanced: Advanced or metastatic disease"),
            ("        definition: most agreed", "        definition: most agreed\n      - id: minority\n        definition: some agreed"),
            ("when: ecog <= 1", "when: ecog <= 1 and known(ecog)"),
            ("    citations: [\"src2025 § advanced\"]\n    quote: Chemotherapy", "    citations: [\"src2025 § early\", \"src2025 § advanced\"]\n    quote: Chemotherapy"),
        ])
        #expect(changes.map { "\($0.entity.rawValue) \($0.id) \($0.fields.map(\.field))" } == [
            "document fixture [\"version\"]",
            "derived_fact fit [\"when\"]",
            "citation src2025 [\"sections\"]",
            "scheme panel [\"levels\", \"levels.minority\"]",
            "recommendation chemo [\"citations\"]",
        ])
        #expect(changes.first { $0.entity == .citation }?.fields.first?.detail
            == "added section advanced: Advanced or metastatic disease; removed section advanced: Advanced disease")
        #expect(changes.first { $0.entity == .scheme }?.fields.first?.detail == "added level minority")
        #expect(changes.first { $0.entity == .recommendation }?.fields.first?.detail == "added citation src2025 § early")
    }

    @Test func longTextIsShownAroundItsFirstDifference() {
        let old = "Patients with resectable tumours and no lymph node metastasis may undergo surgery first, followed by adjuvant chemoradiotherapy."
        let new = old.replacingOccurrences(of: "adjuvant chemoradiotherapy", with: "adjuvant chemotherapy")
        let change = StructuralChange(kind: .changed, entity: .recommendation, document: "g", id: "r", fields: [FieldChange(field: "quote", old: old, new: new)])
        #expect(change.textLines() == [
            "~ recommendation r (g): quote \"…followed by adjuvant chemoradiotherapy.\" → \"…followed by adjuvant chemotherapy.\"",
        ])
        #expect(change.markdownLines() == [
            "- **changed** recommendation `r` in `g`: quote `…followed by adjuvant chemoradiotherapy.` → `…followed by adjuvant chemotherapy.`",
        ])
    }

    // MARK: Whole sets of documents

    @Test func bundledGuidelinesComparedWithThemselvesGiveNoChange() throws {
        let old = GuidelineCompiler.compile(paths: [TestFiles.repositoryRoot.appendingPathComponent("guidelines").path]).documents
        let new = GuidelineCompiler.compile(paths: [TestFiles.repositoryRoot.appendingPathComponent("guidelines").path]).documents
        #expect(old.count >= 6)
        let changes = StructuralDiff.compare(old: old, new: new.reversed())
        #expect(changes.isEmpty, "\(Self.text(changes))")
    }

    @Test func documentsAddedAndRemovedAreMatchedById() throws {
        let old = GuidelineCompiler.compile(paths: [TestFiles.repositoryRoot.appendingPathComponent("guidelines").path]).documents
        let vocabulary = old.filter { $0.kind == .vocabulary }
        let guidelines = old.filter { $0.kind == .guideline }
        let changes = StructuralDiff.compare(old: vocabulary + guidelines.dropFirst(), new: vocabulary + guidelines.dropLast())
        #expect(changes.count == 2)
        #expect(Set(changes.map(\.kind)) == [.added, .removed] && changes.allSatisfy { $0.entity == .document })
    }

    @Test func outputIsDeterministicWhateverTheInputOrder() throws {
        func other(_ version: String) throws -> [GuidelineDocument] {
            let text = try TestFiles.fixture("structural-diff/threshold-change/\(version).yaml")
            return Self.documents(text.replacingOccurrences(of: "id: fixture", with: "id: other"), path: "other-\(version).yaml")
        }
        let old = try Self.fixture("node-moved", "old") + other("new")
        let new = try Self.fixture("node-moved", "new") + other("old")
        let forward = StructuralDiff.compare(old: old, new: new)
        let backward = StructuralDiff.compare(old: old.reversed(), new: new.reversed())
        #expect(Set(forward.map(\.document)) == ["fixture", "other"])
        #expect(forward == backward)
        #expect(JSONValue.array(forward.map(\.json)).bytes() == JSONValue.array(backward.map(\.json)).bytes())
    }
}
