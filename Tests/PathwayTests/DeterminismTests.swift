import Foundation
import Testing

/// Output does not depend on the process: every command that prints a result is run twice, in two
/// separate `pathway` processes, and must print the same bytes. Swift seeds its hashing afresh in
/// each process, so an order taken from a `Set` or `Dictionary` would show here, which it cannot in
/// one process.
@Suite struct DeterminismTests {
    static let guidelines = TestFiles.repositoryRoot.appendingPathComponent("guidelines").path
    static let examples = TestFiles.repositoryRoot.appendingPathComponent("examples")

    /// Runs `arguments` in two fresh processes with per-process hash seeds, and compares.
    func twice(_ arguments: [String], status: Int32, stdin: String? = nil, sourceLocation: SourceLocation = #_sourceLocation) throws {
        var runs: [PathwayProcess.Run] = []
        for _ in 0..<2 {
            runs.append(try PathwayProcess.run(PathwayProcess.binary, arguments, stdin: stdin.map { Data($0.utf8) },
                                               in: TestFiles.testsDirectory, environment: ["SWIFT_DETERMINISTIC_HASHING": nil]))
        }
        #expect(runs[0].status == status, "\(arguments): status \(runs[0].status)\n\(runs[0].stderr)", sourceLocation: sourceLocation)
        #expect(!runs[0].stdout.isEmpty, "\(arguments) printed nothing", sourceLocation: sourceLocation)
        #expect(runs[0].stdout == runs[1].stdout, "\(arguments): standard output differs between two processes", sourceLocation: sourceLocation)
        #expect(runs[0].stderr == runs[1].stderr, "\(arguments): standard error differs between two processes", sourceLocation: sourceLocation)
    }

    @Test func checkAndAnalysis() throws {
        try twice(["check", Self.guidelines, "--format", "json"], status: 0)
        try twice(["check", Self.guidelines, "--format", "sarif"], status: 0)
        try twice(["check", "--analyze", Self.guidelines, "--format", "json"], status: 0)
        // A folder with findings of every kind: the fixtures of the analysis goldens with their vocabulary.
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("pathway-determinism-\(UUID().uuidString)")
        try FileManager.default.copyItem(at: TestFiles.fixtures.appendingPathComponent("analysis"), to: dir)
        defer { try? FileManager.default.removeItem(at: dir) }
        try TestFiles.fixture("vocabulary.yaml").write(to: dir.appendingPathComponent("vocabulary.yaml"), atomically: true, encoding: .utf8)
        try twice(["check", "--analyze", dir.path, "--format", "json"], status: 0)
    }

    @Test func evalOneAndMany() throws {
        for example in ["t1a-esophageal-nec.yaml", "pancreatic-g3-net.yaml"] {
            let patient = Self.examples.appendingPathComponent(example).path
            try twice(["eval", Self.guidelines, "--patient", patient, "--format", "json"], status: 0)
            try twice(["eval", Self.guidelines, "--patient", patient, "--trace"], status: 0)
            try twice(["explain", Self.guidelines, "esd-early-enec", "--patient", patient], status: 0)
        }
        let cohort = """
        {"primary_site": "esophagus", "t_category": "T1a", "tumor_size": "8 mm", "differentiation": "poor"}
        {"primary_site": "pancreas"}
        {}
        """
        try twice(["eval", Self.guidelines, "--patients", "-"], status: 0, stdin: cohort)
        try twice(["eval", Self.guidelines, "--patients", "-", "--detail", "full"], status: 0, stdin: cohort)
        try twice(["test", Self.guidelines], status: 0)
    }

    @Test func graphAndDiff() throws {
        try twice(["graph", Self.guidelines, "--format", "dot"], status: 0)
        try twice(["graph", Self.guidelines, "--format", "mermaid"], status: 0)
        let changed = FileManager.default.temporaryDirectory.appendingPathComponent("pathway-determinism-\(UUID().uuidString)")
        try FileManager.default.copyItem(at: URL(fileURLWithPath: Self.guidelines), to: changed)
        defer { try? FileManager.default.removeItem(at: changed) }
        let file = changed.appendingPathComponent("shi-2025-enec.yaml")
        let text = try String(contentsOf: file, encoding: .utf8)
        #expect(text.contains("and tumor_size < 1 cm"))
        try text.replacingOccurrences(of: "and tumor_size < 1 cm", with: "and tumor_size < 2 cm").write(to: file, atomically: true, encoding: .utf8)
        for format in ["text", "json", "markdown"] {
            try twice(["diff", Self.guidelines, changed.path, "--format", format], status: 1)
        }
    }
}
