import Foundation
import PathwayCompiler
import PathwayDiagnostics
import Testing

/// Compiling with a ``DocumentCache`` (as the language server does on every keystroke) reports
/// exactly what compiling without one reports, for clean and broken texts, edit after edit.
@Suite struct DocumentCacheTests {
    @Test func aCachedCompileSaysWhatAFreshOneSays() throws {
        let folder = TestFiles.repositoryRoot.appendingPathComponent("guidelines").path
        let path = folder + "/nanets-2023.yaml"
        let original = try String(contentsOfFile: path, encoding: .utf8)
        let cache = DocumentCache()
        let edits = [original,
                     original.replacingOccurrences(of: "when: disease_extent == metastatic", with: "when: disease_extnt == metastatic"),
                     original.replacingOccurrences(of: "kind: guideline", with: "kind: [guideline"),
                     original]
        for (step, text) in edits.enumerated() {
            let cached = GuidelineCompiler.compile(paths: [folder], overlay: [path: text], cache: cache)
            let fresh = GuidelineCompiler.compile(paths: [folder], overlay: [path: text])
            #expect(cached.diagnostics == fresh.diagnostics, "step \(step)")
            #expect(cached.documents == fresh.documents, "step \(step)")
            #expect((cached.guidelines == nil) == (fresh.guidelines == nil), "step \(step)")
            #expect(step == 0 || step == 3 || cached.diagnostics.containsErrors, "step \(step) should fail")
        }
    }
}
