import Foundation
import Testing

/// `pathway graph`: clusters, labelled edges, derived facts, `--guideline`, `--recommendation`,
/// and the image formats through Graphviz.
@Suite struct GraphCommandTests {
    static let fixture = "Fixtures/coverage"

    @Test func dotOfAGuideline() throws {
        let r = try PathwayProcess.run(["graph", Self.fixture])
        #expect(r.status == 0, "\(r.stderr)")
        try TestFiles.assertGolden(r.stdout, "graph/surveillance.dot")
        #expect(r.stdout.contains("subgraph \"cluster_g0_t_follow_up\""))
        #expect(r.stdout.contains("[label=\"otherwise\"]"))
        #expect(r.stdout.contains("[label=\"1st\"]"))
        #expect(r.stdout.contains("\"d_grade\" -> "))
    }

    @Test func mermaidOfAGuideline() throws {
        let r = try PathwayProcess.run(["graph", Self.fixture, "--format", "mermaid"])
        #expect(r.status == 0, "\(r.stderr)")
        try TestFiles.assertGolden(r.stdout, "graph/surveillance.mmd")
    }

    @Test func onlyWhatLeadsToARecommendation() throws {
        let r = try PathwayProcess.run(["graph", Self.fixture, "--recommendation", "adjuvant"])
        #expect(r.status == 0, "\(r.stderr)")
        try TestFiles.assertGolden(r.stdout, "graph/surveillance-adjuvant.dot")
        #expect(!r.stdout.contains("ct_yearly"))
        #expect(!r.stdout.contains("follow_up"))
        let unknown = try PathwayProcess.run(["graph", Self.fixture, "--recommendation", "adjuvnat"])
        #expect(unknown.status == 64 || unknown.status == 2 || unknown.status == 1)
        #expect(unknown.stderr.contains("did you mean `adjuvant`?"))
    }

    @Test func onlyOneGuideline() throws {
        let r = try PathwayProcess.run(["graph", "guidelines", "--guideline", "shi-2025-enec"], in: TestFiles.repositoryRoot)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("[shi-2025-enec"))
        #expect(!r.stdout.contains("[nanets-2023"))
        let unknown = try PathwayProcess.run(["graph", "guidelines", "--guideline", "shi-2025"], in: TestFiles.repositoryRoot)
        #expect(unknown.status != 0)
        #expect(unknown.stderr.contains("did you mean `shi-2025-enec`?"))
    }

    @Test func imageWithoutGraphvizNamesThePackage() throws {
        let empty = try Scratch.folder("no-dot")
        defer { try? FileManager.default.removeItem(at: empty) }
        let r = try PathwayProcess.run(PathwayProcess.binary, ["graph", Self.fixture, "--format", "png"], stdin: nil, in: TestFiles.testsDirectory,
                                       environment: ["PATH": empty.path])
        #expect(r.status == 1)
        #expect(r.stderr.contains("install the `graphviz` package"))
        #expect(r.stdout.isEmpty)
    }

    static var hasDot: Bool {
        ["/usr/bin/dot", "/usr/local/bin/dot", "/opt/homebrew/bin/dot"].contains { FileManager.default.isExecutableFile(atPath: $0) }
    }

    @Test(.enabled(if: hasDot, "SKIPPED: Graphviz `dot` is not installed (apt-get install graphviz); images not rendered"))
    func imagesThroughGraphviz() throws {
        let png = try PathwayProcess.run(["graph", Self.fixture, "--format", "png"])
        #expect(png.status == 0, "\(png.stderr)")
        let svg = try PathwayProcess.run(["graph", Self.fixture, "--format", "svg"])
        #expect(svg.status == 0)
        #expect(svg.stdout.contains("<svg"))
        #expect(svg.stdout.contains("months_since_resection &lt; 36 month"))
    }
}
