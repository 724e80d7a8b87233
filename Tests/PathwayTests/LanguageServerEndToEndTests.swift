import Foundation
import Testing

/// `pathway lsp` driven through its standard input and output by a real LSP client: pytest-lsp
/// (on pygls), running the scripted editor sessions of Tests/e2e/lsp/test_pathway_lsp.py.
///
/// Skipped with a printed reason where the client is not installed; with `PATHWAY_REQUIRE_E2E` set
/// (as `.ci/run` does) a missing client fails instead.
@Suite struct LanguageServerEndToEndTests {
    static let python = URL(fileURLWithPath: "/usr/bin/env")

    static var clientAvailable: Bool {
        if ProcessInfo.processInfo.environment["PATHWAY_REQUIRE_E2E"] != nil { return true }
        let probe = try? PathwayProcess.run(python, ["python3", "-c", "import pytest_lsp"], stdin: nil, in: TestFiles.repositoryRoot)
        if probe?.status == 0 { return true }
        print("SKIPPED LanguageServerEndToEndTests: pytest-lsp is not installed (python3 -m pip install pytest-lsp==1.0.1)")
        return false
    }

    @Test(.enabled(if: clientAvailable, "SKIPPED: pytest-lsp is not installed (python3 -m pip install pytest-lsp==1.0.1)"))
    func scriptedEditorSessions() throws {
        let folder = TestFiles.repositoryRoot.appendingPathComponent("Tests/e2e/lsp")
        let run = try PathwayProcess.run(Self.python, ["python3", "-m", "pytest", "-q", "-p", "no:cacheprovider", "test_pathway_lsp.py"],
                                         stdin: nil, in: folder,
                                         environment: ["PATHWAY_BINARY": PathwayProcess.binary.path,
                                                       "PATHWAY_GUIDELINES": TestFiles.repositoryRoot.appendingPathComponent("guidelines").path],
                                         timeLimit: 600)
        #expect(run.status == 0, "pytest-lsp session failed:\n\(run.stdout.suffix(6_000))\n\(run.stderr.suffix(2_000))")
        #expect(run.stdout.contains(" passed"), "no test ran:\n\(run.stdout.suffix(2_000))")
    }
}
