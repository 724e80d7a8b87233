import Foundation
import Testing
import PathwayCompiler
import PathwayDiagnostics
import PathwayEvaluator
import PathwaySyntax
import PathwayYAML

/// End-to-end: the built `pathway` binary on fixtures, comparing standard output, standard error
/// and exit status.
@Suite struct CommandLineTests {
    typealias Run = PathwayProcess.Run

    func run(_ arguments: [String], stdin: String? = nil) throws -> Run {
        try PathwayProcess.run(arguments, stdin: stdin)
    }

    /// A temporary folder with the fixture vocabulary and the given guideline.
    func folder(_ guideline: String) throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("pathway-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        try TestFiles.fixture("vocabulary.yaml").write(to: dir.appendingPathComponent("vocabulary.yaml"), atomically: true, encoding: .utf8)
        try guideline.write(to: dir.appendingPathComponent("guideline.yaml"), atomically: true, encoding: .utf8)
        return dir
    }

    @Test func checkExitsZeroOnAValidGuideline() throws {
        let dir = try folder(try TestFiles.fixture("valid-guideline.yaml"))
        defer { try? FileManager.default.removeItem(at: dir) }
        let r = try run(["check", dir.path])
        #expect(r.status == 0)
        #expect(r.stderr.isEmpty)
        #expect(r.stdout.hasPrefix("checked 1 guideline: 1 recommendations"))
    }

    @Test func checkExitsOneAndReportsEveryError() throws {
        let text = try TestFiles.fixture("valid-guideline.yaml")
            .replacingOccurrences(of: "tumor_size < 1 cm", with: "tumour_size < 1 cm")
            .replacingOccurrences(of: "direction: for", with: "direction: four")
        let dir = try folder(text)
        defer { try? FileManager.default.removeItem(at: dir) }
        let r = try run(["check", dir.path])
        #expect(r.status == 1)
        #expect(r.stderr.contains("error[PW0301]: unknown fact `tumour_size`"))
        #expect(r.stderr.contains("error[PW0206]: `four` is not a valid direction"))
        #expect(r.stderr.contains("guideline.yaml:"))
        #expect(r.stderr.hasSuffix("error: check failed (2 errors, 0 warnings)\n"))
    }

    @Test func usageErrorsExitTwo() throws {
        #expect(try run(["check"]).status == 2)
        #expect(try run(["check", "--format", "xml", "x"]).status == 2)
        #expect(try run(["frobnicate"]).status == 2)
    }

    @Test func missingPathIsAnError() throws {
        let r = try run(["check", "no/such/folder"])
        #expect(r.status == 1)
        #expect(r.stderr.contains("no such file or folder `no/such/folder`"))
    }

    @Test func sarifOutputIsValidJSONWithRuleIds() throws {
        let dir = try folder(try TestFiles.fixture("diagnostics/unknown-fact.yaml"))
        defer { try? FileManager.default.removeItem(at: dir) }
        let r = try run(["check", "--format", "sarif", dir.path])
        #expect(r.status == 1)
        let object = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any]
        #expect(object?["version"] as? String == "2.1.0")
        #expect(r.stdout.contains("\"ruleId\": \"PW0301\""))
        let json = try run(["check", "--format", "json", dir.path])
        #expect((try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])?["diagnostics"] != nil)
    }

    @Test func outputIsByteIdenticalAcrossRuns() throws {
        let root = TestFiles.repositoryRoot.appendingPathComponent("guidelines").path
        let first = try run(["graph", root, "--format", "mermaid"])
        let second = try run(["graph", root, "--format", "mermaid"])
        #expect(first.status == 0)
        #expect(first.stdout == second.stdout)
        #expect(!first.stdout.isEmpty)
    }

    @Test func testCommandReportsPassesAndFailures() throws {
        let passing = try folder(try TestFiles.fixture("valid-guideline.yaml"))
        defer { try? FileManager.default.removeItem(at: passing) }
        let ok = try run(["test", passing.path])
        #expect(ok.status == 0)
        #expect(ok.stdout.hasSuffix("4 passed, 0 failed\n"))
        let failing = try folder(try TestFiles.fixture("valid-guideline.yaml").replacingOccurrences(of: "tumor_size: 8 mm", with: "tumor_size: 18 mm"))
        defer { try? FileManager.default.removeItem(at: failing) }
        let bad = try run(["test", failing.path])
        #expect(bad.status == 1)
        try TestFiles.assertGolden(bad.stdout.replacingOccurrences(of: failing.path, with: "<dir>"), "cli/test-failure.txt")
    }

    @Test func evalTextJSONAndExplain() throws {
        let dir = try folder(try TestFiles.fixture("valid-guideline.yaml"))
        defer { try? FileManager.default.removeItem(at: dir) }
        let patient = "{t_category: T1a, tumor_size: 8 mm}"
        let text = try run(["eval", dir.path, "--patient", "-", "--trace"], stdin: patient)
        #expect(text.status == 0)
        try TestFiles.assertGolden(text.stdout.replacingOccurrences(of: dir.path, with: "<dir>"), "cli/eval-trace.txt")
        let json = try run(["eval", dir.path, "--patient", "-", "--format", "json", "--trace"], stdin: patient)
        try TestFiles.assertGolden(json.stdout.replacingOccurrences(of: dir.path, with: "<dir>"), "cli/eval-trace.json")
        let unknown = try run(["eval", dir.path, "--patient", "-", "--format", "json"], stdin: "{t_category: T1a}")
        try TestFiles.assertGolden(unknown.stdout, "cli/eval-undetermined.json")
        let explain = try run(["explain", dir.path, "resect", "--patient", "-"], stdin: "{t_category: T2, tumor_size: 5 mm}")
        #expect(explain.status == 0)
        try TestFiles.assertGolden(explain.stdout.replacingOccurrences(of: dir.path, with: "<dir>"), "cli/explain-not-given.txt")
        let badPatient = try run(["eval", dir.path, "--patient", "-"], stdin: "{t_category: T1c}")
        #expect(badPatient.status == 1)
        #expect(badPatient.stderr.contains("error[PW0603]: `T1c` is not a value of `t_category`"))
    }

    @Test func evalWithoutTraceAndExplainGiven() throws {
        let dir = try folder(try TestFiles.fixture("valid-guideline.yaml"))
        defer { try? FileManager.default.removeItem(at: dir) }
        let plain = try run(["eval", dir.path, "--patient", "-"], stdin: "{t_category: Tis, tumor_size: 0.5 cm}")
        #expect(plain.status == 0)
        try TestFiles.assertGolden(plain.stdout, "cli/eval-plain.txt")
        let explain = try run(["explain", dir.path, "resect", "--patient", "-"], stdin: "{t_category: Tis, tumor_size: 0.5 cm}")
        try TestFiles.assertGolden(explain.stdout.replacingOccurrences(of: dir.path, with: "<dir>"), "cli/explain-given.txt")
        let undetermined = try run(["explain", dir.path, "resect", "--patient", "-"], stdin: "{t_category: Tis}")
        try TestFiles.assertGolden(undetermined.stdout.replacingOccurrences(of: dir.path, with: "<dir>"), "cli/explain-undetermined.txt")
        let unknownKey = try run(["eval", dir.path, "--patient", "-"], stdin: "{t_category: Tis, tumor_sise: 5 mm}")
        #expect(unknownKey.status == 0)
        #expect(unknownKey.stderr.contains("help: did you mean `tumor_size`?"))
        let strict = try run(["eval", dir.path, "--strict", "--patient", "-"], stdin: "{t_category: Tis, tumor_sise: 5 mm}")
        #expect(strict.status == 1)
        #expect(try run(["eval", dir.path]).status == 2, "eval needs --patient or --patients")
    }

    @Test func cohortWithABadLineInTheMiddle() throws {
        let dir = try folder(try TestFiles.fixture("valid-guideline.yaml"))
        defer { try? FileManager.default.removeItem(at: dir) }
        let cohort = """
        {"t_category": "T1a", "tumor_size": "8 mm"}
        {"t_category": "T1a"}
        {"t_category": "T1c", "tumor_size": 2}
        not json at all

        {"t_category": "T2", "tumor_size": 0.5, "ecog": 1}
        {"tumor_size": "3 months"}
        {"t_category": "Tis", "tumor_size": "4 mm", "t_category": "T2"}
        """
        let compact = try run(["eval", dir.path, "--patients", "-"], stdin: cohort)
        #expect(compact.status == 1)
        #expect(compact.stderr == "error: 4 of 7 patient lines failed\n")
        try TestFiles.assertGolden(compact.stdout, "cli/cohort-compact.jsonl")
        let full = try run(["eval", dir.path, "--patients", "-", "--detail", "full"], stdin: cohort)
        try TestFiles.assertGolden(full.stdout.replacingOccurrences(of: dir.path, with: "<dir>"), "cli/cohort-full.jsonl")
        let lines = compact.stdout.split(separator: "\n")
        #expect(lines.count == 7, "one output line per non-empty input line, in order")
    }
}
