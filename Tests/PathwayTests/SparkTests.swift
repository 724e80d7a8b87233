import Foundation
import Testing
import PathwayCompiler

/// The Spark recipe (examples/spark): a PySpark job streaming partitions through `pathway eval
/// --patients - --numbered` writes, line for line, what the CLI writes for the whole cohort.
///
/// Needs `python3` with `pyspark` and a Java runtime. Without them the test is skipped with that
/// reason shown; with `PATHWAY_REQUIRE_E2E` set (as `.ci/run` does), their absence fails it.
@Suite struct SparkTests {
    static var required: Bool { ProcessInfo.processInfo.environment["PATHWAY_REQUIRE_E2E"] != nil }

    static var pysparkPresent: Bool {
        guard let r = try? PathwayProcess.run(URL(fileURLWithPath: "/usr/bin/env"), ["python3", "-c", "import pyspark"], stdin: nil as Data?,
                                              in: TestFiles.repositoryRoot) else { return false }
        return r.status == 0
    }

    @Test(.enabled(if: required || pysparkPresent, "SKIPPED: pyspark is not installed (python3 -m pip install pyspark==4.3.0); the Spark recipe is not checked"))
    func sparkJobMatchesTheCommandLine() throws {
        let compilation = GuidelineCompiler.compile(paths: [TestFiles.repositoryRoot.appendingPathComponent("guidelines").path])
        let g = try #require(compilation.guidelines)
        var lines = CohortScaleTests.linesWithIds(10_000, seed: 10, guidelines: g)
        for k in stride(from: 500, to: lines.count, by: 1_500) { lines[k] = k % 3 == 0 ? "" : #"{"tumor_size": "big"}"# }
        let dir = try Scratch.folder("spark")
        let cohort = try Scratch.write(lines.joined(separator: "\n") + "\n", "cohort.jsonl", in: dir)
        let script = TestFiles.repositoryRoot.appendingPathComponent("Tests/e2e/spark/spark_test.py").path
        let r = try PathwayProcess.run(URL(fileURLWithPath: "/usr/bin/env"),
                                       ["python3", script, PathwayProcess.binary.path, TestFiles.repositoryRoot.appendingPathComponent("guidelines").path, cohort.path],
                                       stdin: nil as Data?, in: dir)
        #expect(r.status == 0, "the Spark job and the CLI differ:\n\(r.stdout)\n\(r.stderr.suffix(2000))")
    }
}
