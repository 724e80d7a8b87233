import Foundation
import Testing

/// The README's embedding example compiles as written: the Swift block under "### Embedding" is
/// type-checked with `swiftc` against the modules this build produced.
@Suite struct ReadmeEmbeddingTests {
    static func snippet() throws -> String {
        let readme = try String(contentsOf: TestFiles.repositoryRoot.appendingPathComponent("README.md"), encoding: .utf8)
        guard let section = readme.range(of: "### Embedding"),
              let start = readme.range(of: "```swift\n", range: section.upperBound..<readme.endIndex),
              let end = readme.range(of: "```", range: start.upperBound..<readme.endIndex) else {
            Issue.record("README.md has no Swift block under ### Embedding")
            return ""
        }
        return String(readme[start.upperBound..<end.lowerBound])
    }

    /// The folder of the built modules (`.build/<triple>/debug/Modules`), beside the test binary.
    static var modules: URL {
        URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("Modules")
    }

    static var canTypeCheck: Bool {
        FileManager.default.fileExists(atPath: modules.appendingPathComponent("Pathway.swiftmodule").path)
    }

    @Test(.enabled(if: canTypeCheck, "SKIPPED: the built Swift modules are not beside the test binary; README example not type-checked"))
    func embeddingExampleCompiles() throws {
        let dir = try Scratch.folder("embedding")
        defer { try? FileManager.default.removeItem(at: dir) }
        let source = dir.appendingPathComponent("main.swift")
        try Self.snippet().write(to: source, atomically: true, encoding: .utf8)
        let modulemap = TestFiles.repositoryRoot.appendingPathComponent("Sources/CYAML/module.modulemap").path
        let r = try PathwayProcess.run(URL(fileURLWithPath: "/usr/bin/env"),
                                       ["swiftc", "-typecheck", "-I", Self.modules.path, "-Xcc", "-fmodule-map-file=\(modulemap)", source.path],
                                       stdin: nil, in: dir)
        #expect(r.status == 0, "the README's embedding example does not compile:\n\(r.stderr)")
    }
}
