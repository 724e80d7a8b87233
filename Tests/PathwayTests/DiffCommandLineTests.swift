import Foundation
import Testing

/// End-to-end: `pathway diff` on files, folders and git revisions, and as a git diff driver, with its
/// exit statuses (0 no difference, 1 differences, 2 errors).
@Suite struct DiffCommandLineTests {
    static let fixtures = TestFiles.fixtures.appendingPathComponent("diff")

    func fixture(_ name: String, _ side: String) -> String { Self.fixtures.appendingPathComponent("\(name)/\(side).yaml").path }

    @Test func differencesExitOne() throws {
        let r = try PathwayProcess.run(["diff", fixture("threshold-change", "old"), fixture("threshold-change", "new"), "--no-traces"])
        #expect(r.status == 1, "\(r.stderr)")
        #expect(r.stdout.hasPrefix("classification: breaking"))
        #expect(r.stdout.contains("region 1: t_category in [Tis, T1a] and 1 cm <= tumor_size < 2 cm"))
        #expect(!r.stdout.contains("old trace"))
        #expect(r.stderr.isEmpty)
    }

    @Test func noDifferenceExitsZero() throws {
        let r = try PathwayProcess.run(["diff", fixture("reordered-no-change", "old"), fixture("reordered-no-change", "new")])
        #expect(r.status == 0)
        #expect(r.stdout == "no differences\n")
    }

    @Test func everyFormatIsDeterministic() throws {
        for format in ["text", "json", "markdown"] {
            let arguments = ["diff", fixture("threshold-change", "old"), fixture("threshold-change", "new"), "--format", format]
            let first = try PathwayProcess.run(arguments), second = try PathwayProcess.run(arguments)
            #expect(first.status == 1 && first.stdout == second.stdout && !first.stdout.isEmpty, "\(format)")
        }
        let json = try PathwayProcess.run(["diff", fixture("threshold-change", "old"), fixture("threshold-change", "new"), "--format", "json"])
        let object = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any]
        #expect(object?["classification"] as? String == "breaking")
        #expect(object?["different"] as? Bool == true)
    }

    @Test func aVersionThatDoesNotCompileExitsTwo() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("pathway-diff-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let broken = dir.appendingPathComponent("broken.yaml")
        try (try TestFiles.fixture("diff/threshold-change/new.yaml")).replacingOccurrences(of: "tumor_size < 2 cm", with: "tumour_size < 2 cm")
            .write(to: broken, atomically: true, encoding: .utf8)
        let r = try PathwayProcess.run(["diff", fixture("threshold-change", "old"), broken.path])
        #expect(r.status == 2)
        #expect(r.stdout.isEmpty)
        #expect(r.stderr.contains("error: the new version does not compile"))
        #expect(r.stderr.contains("tumour_size"))

        let missing = try PathwayProcess.run(["diff", fixture("threshold-change", "old"), dir.appendingPathComponent("nowhere.yaml").path])
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("no such file or folder"))
    }

    /// A scratch git repository holding the threshold fixture's old version, committed.
    func repository() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("pathway-git-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("guidelines"), withIntermediateDirectories: true)
        try (try TestFiles.fixture("diff/threshold-change/old.yaml"))
            .write(to: dir.appendingPathComponent("guidelines/esd.yaml"), atomically: true, encoding: .utf8)
        try git(["init", "-q"], in: dir)
        try git(["add", "."], in: dir)
        try git(["commit", "-q", "-m", "old"], in: dir)
        return dir
    }

    @discardableResult
    func git(_ arguments: [String], in dir: URL) throws -> PathwayProcess.Run {
        let r = try PathwayProcess.run(URL(fileURLWithPath: "/usr/bin/env"),
                                       ["git", "-c", "user.name=Test", "-c", "user.email=test@example.org", "-c", "commit.gpgsign=false"] + arguments, in: dir)
        #expect(r.status == 0, "git \(arguments): \(r.stderr)")
        return r
    }

    @Test func gitRevisionsAgainstTheWorkingTree() throws {
        let dir = try repository()
        defer { try? FileManager.default.removeItem(at: dir) }
        let unchanged = try PathwayProcess.run(["diff", "--git"], in: dir)
        #expect(unchanged.status == 0, "\(unchanged.stderr)")
        #expect(unchanged.stdout == "no differences\n")

        try (try TestFiles.fixture("diff/threshold-change/new.yaml"))
            .write(to: dir.appendingPathComponent("guidelines/esd.yaml"), atomically: true, encoding: .utf8)
        let changed = try PathwayProcess.run(["diff", "--git", "--no-traces"], in: dir)
        #expect(changed.status == 1, "\(changed.stderr)")
        #expect(changed.stdout.contains("when: threshold 1 cm → 2 cm"))

        try git(["commit", "-q", "-am", "new"], in: dir)
        let revisions = try PathwayProcess.run(["diff", "--git", "HEAD~1..HEAD", "guidelines", "--no-traces"], in: dir)
        #expect(revisions.status == 1, "\(revisions.stderr)")
        #expect(revisions.stdout == changed.stdout)

        let badRevision = try PathwayProcess.run(["diff", "--git", "no-such-revision..HEAD"], in: dir)
        #expect(badRevision.status == 2)
        #expect(badRevision.stderr.contains("error: git ls-tree"))
    }

    @Test func gitDiffDriver() throws {
        let dir = try repository()
        defer { try? FileManager.default.removeItem(at: dir) }
        try "guidelines/**/*.yaml diff=pathway\n".write(to: dir.appendingPathComponent(".gitattributes"), atomically: true, encoding: .utf8)
        try (try TestFiles.fixture("diff/threshold-change/new.yaml"))
            .write(to: dir.appendingPathComponent("guidelines/esd.yaml"), atomically: true, encoding: .utf8)
        let r = try git(["-c", "diff.pathway.command=\(PathwayProcess.binary.path) diff --git-driver --no-traces", "diff"], in: dir)
        #expect(r.stdout.hasPrefix("pathway diff a/guidelines/esd.yaml b/guidelines/esd.yaml\nclassification: breaking"), "\(r.stdout)")
        #expect(r.stdout.contains("region 1: t_category in [Tis, T1a] and 1 cm <= tumor_size < 2 cm"))
    }
    /// The README's git-driver set-up, run verbatim (its `sh` block) in a repository with `pathway`
    /// on the `PATH` as an install puts it: `git diff` then shows Pathway's diff of a guideline file.
    @Test func readmeGitDriverSetUpWorksVerbatim() throws {
        let readme = try String(contentsOf: TestFiles.repositoryRoot.appendingPathComponent("README.md"), encoding: .utf8)
        let anchor = try #require(readme.range(of: "to have `git diff` itself show this"), "README no longer has the git-driver set-up")
        let rest = readme[anchor.upperBound...]
        let open = try #require(rest.range(of: "```sh\n"))
        let close = try #require(rest[open.upperBound...].range(of: "```"))
        let commands = String(rest[open.upperBound..<close.lowerBound])
        #expect(commands.contains("git config diff.pathway.command"), "\(commands)")
        let dir = try repository()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = PathwayProcess.binary.deletingLastPathComponent().path + ":" + (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin")
        let setUp = try PathwayProcess.run(URL(fileURLWithPath: "/bin/sh"), ["-e", "-c", commands], stdin: nil, in: dir, environment: ["PATH": path])
        #expect(setUp.status == 0, "\(setUp.stderr)")
        try (try TestFiles.fixture("diff/threshold-change/new.yaml"))
            .write(to: dir.appendingPathComponent("guidelines/esd.yaml"), atomically: true, encoding: .utf8)
        let r = try PathwayProcess.run(URL(fileURLWithPath: "/usr/bin/env"), ["git", "diff"], stdin: nil, in: dir, environment: ["PATH": path])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.hasPrefix("pathway diff a/guidelines/esd.yaml b/guidelines/esd.yaml\nclassification: breaking"), "\(r.stdout.prefix(400))")
    }
}
