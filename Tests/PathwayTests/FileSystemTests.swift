import Foundation
import Testing
import PathwayCompiler
import PathwayDiagnostics
import PathwayYAML

/// Files and folders as the commands find them: symbolic links followed (loops and dangling links
/// reported), folders without guidelines refused, imports confined to the guideline's tree and
/// located at the import line, and nothing read that is not a regular file of bounded size.
@Suite struct FileSystemTests {
    typealias Run = PathwayProcess.Run

    func run(_ arguments: [String], in directory: URL) throws -> Run {
        try PathwayProcess.run(arguments, in: directory)
    }

    // MARK: Symbolic links

    /// A symlinked guideline folder checks its guidelines (it used to check "0 guidelines" and exit 0).
    @Test func symlinkedFolderIsFollowed() throws {
        let root = try Scratch.folder("links")
        defer { try? FileManager.default.removeItem(at: root) }
        let real = try Scratch.guidelineFolder()
        defer { try? FileManager.default.removeItem(at: real) }
        try Scratch.link("linked", to: real.path, in: root)
        for command in [["check", "linked"], ["test", "linked"], ["graph", "linked"]] {
            let r = try run(command, in: root)
            #expect(r.status == 0, "\(command): \(r.stderr)")
        }
        #expect(try run(["check", "linked"], in: root).stdout.hasPrefix("checked 1 guideline: 1 recommendations"))
        #expect(try run(["test", "linked"], in: root).stdout.hasSuffix("4 passed, 0 failed\n"))
        // A symlinked sub-folder and a symlinked file inside a folder are followed too.
        let outer = try Scratch.folder("outer")
        defer { try? FileManager.default.removeItem(at: outer) }
        try Scratch.link("sub", to: real.path, in: outer)
        #expect(try run(["check", outer.path], in: root).stdout.hasPrefix("checked 1 guideline"))
        let files = try Scratch.folder("files")
        defer { try? FileManager.default.removeItem(at: files) }
        try Scratch.link("guideline.yaml", to: real.appendingPathComponent("guideline.yaml").path, in: files)
        try Scratch.link("vocabulary.yaml", to: real.appendingPathComponent("vocabulary.yaml").path, in: files)
        #expect(try run(["check", files.path], in: root).stdout.hasPrefix("checked 1 guideline"))
    }

    /// The same folder reached through two links is read once: no duplicate declarations.
    @Test func aFolderReachedTwiceIsReadOnce() throws {
        let root = try Scratch.folder("twice")
        defer { try? FileManager.default.removeItem(at: root) }
        let inner = try Scratch.guidelineFolder()
        defer { try? FileManager.default.removeItem(at: inner) }
        try Scratch.link("again", to: inner.path, in: root)
        try Scratch.link("inner", to: inner.path, in: root)
        try Scratch.link("vocabulary-link.yaml", to: inner.appendingPathComponent("vocabulary.yaml").path, in: root)
        let r = try run(["check", "."], in: root)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stderr.isEmpty)
        #expect(r.stdout.hasPrefix("checked 1 guideline"))
    }

    /// `a/../v.yaml` imported and `v.yaml` found in the folder are one file.
    @Test func importsThroughDotDotAreTheSameFile() throws {
        let root = try Scratch.folder("dotdot")
        defer { try? FileManager.default.removeItem(at: root) }
        let text = try TestFiles.fixture("valid-guideline.yaml").replacingOccurrences(of: "imports: [vocabulary.yaml]", with: "imports: [../shared/vocabulary.yaml]")
        try Scratch.write(text, "tree/sub/guideline.yaml", in: root)
        try Scratch.write(try TestFiles.fixture("vocabulary.yaml"), "tree/shared/vocabulary.yaml", in: root)
        let r = try run(["check", "tree"], in: root)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stderr.isEmpty)
    }

    @Test func symlinkLoopsEndAndAreReported() throws {
        let root = try Scratch.folder("loops")
        defer { try? FileManager.default.removeItem(at: root) }
        let dir = root.appendingPathComponent("g")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        try Scratch.write(try TestFiles.fixture("vocabulary.yaml"), "vocabulary.yaml", in: dir)
        try Scratch.write(try TestFiles.fixture("valid-guideline.yaml"), "guideline.yaml", in: dir)
        try Scratch.link("up", to: "..", in: dir)
        try Scratch.link("self", to: ".", in: dir)
        let r = try run(["check", "g"], in: root)
        #expect(!r.timedOut)
        #expect(r.status == 0, "a loop of folders loses nothing: a warning: \(r.stderr)")
        #expect(r.stderr.contains("warning[PW0112]: `g/self` leads back to `g`, which contains it"), "\(r.stderr)")
        #expect(r.stderr.contains("warning[PW0112]: `g/up/g` leads back to `g`, which contains it"))
        #expect(r.stdout.hasPrefix("checked 1 guideline"))
        // Links between files that never reach one are errors for guideline names.
        try Scratch.link("a.yaml", to: "b.yaml", in: dir)
        try Scratch.link("b.yaml", to: "a.yaml", in: dir)
        let loop = try run(["check", "."], in: dir)
        #expect(loop.status == 1)
        #expect(loop.stderr.contains("error[PW0112]: symbolic link `./a.yaml` is part of a loop of links"))
        #expect(loop.stderr.contains("error[PW0112]: symbolic link `./b.yaml` is part of a loop of links"))
        let direct = try run(["check", "a.yaml"], in: dir)
        #expect(direct.status == 1)
        #expect(direct.stderr.contains("error[PW0112]: symbolic link `a.yaml` is part of a loop of links"))
    }

    /// A chain of folders each linking twice to the next would be walked 2^n times if folders were
    /// entered once per path; each is entered once.
    @Test func linkDiamondsCostLinearTime() throws {
        let dir = try Scratch.guidelineFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        for level in 0..<30 {
            let folder = dir.appendingPathComponent("d\(level)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try Scratch.link("a", to: "../d\(level + 1)", in: folder)
            try Scratch.link("b", to: "../d\(level + 1)", in: folder)
        }
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("d30"), withIntermediateDirectories: true)
        let r = try run(["check", "."], in: dir)
        #expect(!r.timedOut && r.seconds < 60, "\(r.seconds) s")
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.hasPrefix("checked 1 guideline"))
    }

    @Test func danglingLinksAreReported() throws {
        let dir = try Scratch.guidelineFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        try Scratch.link("old.yaml", to: "../gone/old.yaml", in: dir)
        try Scratch.link("notes.txt", to: "nowhere.txt", in: dir)
        let r = try run(["check", "."], in: dir)
        #expect(r.status == 1)
        #expect(r.stderr.contains("error[PW0111]: symbolic link `./old.yaml` points to `../gone/old.yaml`, which does not exist"))
        #expect(r.stderr.contains("warning[PW0111]: symbolic link `./notes.txt` points to `nowhere.txt`, which does not exist"))
        let direct = try run(["check", "old.yaml"], in: dir)
        #expect(direct.status == 1)
        #expect(direct.stderr.contains("error[PW0111]: symbolic link `old.yaml` points to `../gone/old.yaml`"))
        // An import through a dangling link is reported at the import.
        let importing = try Scratch.guidelineFolder { $0 }
        defer { try? FileManager.default.removeItem(at: importing) }
        try FileManager.default.removeItem(at: importing.appendingPathComponent("vocabulary.yaml"))
        try Scratch.link("vocabulary.yaml", to: "shared/vocabulary.yaml", in: importing)
        let viaImport = try run(["check", "."], in: importing)
        #expect(viaImport.status == 1)
        #expect(viaImport.stderr.contains("error[PW0111]: imported file `vocabulary.yaml` is a symbolic link to `shared/vocabulary.yaml`, which does not exist\n --> ./guideline.yaml:8:11"))
    }

    // MARK: Folders without guidelines

    @Test func aFolderWithoutGuidelinesIsAnErrorForEveryCommand() throws {
        let root = try Scratch.folder("empty")
        defer { try? FileManager.default.removeItem(at: root) }
        let empty = root.appendingPathComponent("empty")
        try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: true)
        try Scratch.write("not a guideline\n", "README.txt", in: empty)
        let vocabularies = root.appendingPathComponent("vocabularies")
        try Scratch.write(try TestFiles.fixture("vocabulary.yaml"), "vocabulary.yaml", in: vocabularies)
        let patient = try Scratch.write("{}", "patient.json", in: root)
        for folder in ["empty", "vocabularies"] {
            let check = try run(["check", folder], in: root)
            #expect(check.status == 1, "check \(folder)")
            #expect(check.stderr.contains("error[PW0110]"), "check \(folder): \(check.stderr)")
            #expect(!check.stdout.contains("checked 0 guidelines"))
            let test = try run(["test", folder], in: root)
            #expect(test.status == 1 && !test.stdout.contains("0 passed"), "test \(folder)")
            let eval = try run(["eval", folder, "--patient", patient.path], in: root)
            #expect(eval.status == 1 && eval.stdout.isEmpty, "eval \(folder)")
            let graph = try run(["graph", folder], in: root)
            #expect(graph.status == 1 && graph.stdout.isEmpty, "graph \(folder)")
        }
        #expect(try run(["check", "empty"], in: root).stderr.contains("error[PW0110]: no `.yaml` guideline files in `empty`"))
        // A folder of guidelines given twice yields its guidelines both times.
        let twice = try Scratch.guidelineFolder()
        defer { try? FileManager.default.removeItem(at: twice) }
        let both = try run(["check", twice.path, twice.path], in: root)
        #expect(both.status == 0 && both.stderr.isEmpty, "\(both.stderr)")
        #expect(try run(["check", "vocabularies"], in: root).stderr.contains("error[PW0110]: `vocabularies` holds no guideline, only vocabularies"))
        let fixture = try Scratch.guidelineFolder()
        defer { try? FileManager.default.removeItem(at: fixture) }
        let diff = try run(["diff", fixture.path, "empty"], in: root)
        #expect(diff.status == 2, "diff against an empty folder is an error, not `breaking`: \(diff.stdout)")
        #expect(diff.stderr.contains("PW0110"))
        // A vocabulary file given to eval is refused too: there is nothing to evaluate.
        let vocabularyOnly = try run(["eval", "vocabularies/vocabulary.yaml", "--patient", patient.path], in: root)
        #expect(vocabularyOnly.status == 1)
        #expect(vocabularyOnly.stderr.contains("error: no guideline in `vocabularies/vocabulary.yaml`, only vocabularies"))
    }

    // MARK: Imports

    @Test func importsStayInTheGuidelinesTree() throws {
        let root = try Scratch.folder("imports")
        defer { try? FileManager.default.removeItem(at: root) }
        try Scratch.write(try TestFiles.fixture("vocabulary.yaml"), "shared/vocabulary.yaml", in: root)
        let text = try TestFiles.fixture("valid-guideline.yaml").replacingOccurrences(of: "imports: [vocabulary.yaml]", with: "imports: [../shared/vocabulary.yaml]")
        try Scratch.write(text, "guidelines/guideline.yaml", in: root)
        let r = try run(["check", "guidelines"], in: root)
        #expect(r.status == 1)
        #expect(r.stderr.hasPrefix("""
        error[PW0310]: import `../shared/vocabulary.yaml` leaves the folder tree of `guidelines/guideline.yaml`
         --> guidelines/guideline.yaml:8:11
          |
        8 | imports: [../shared/vocabulary.yaml]
          |           ^^^^^^^^^^^^^^^^^^^^^^^^^ outside `guidelines`
        """))
        // The same for the file given directly; allowed with the flag, for every command.
        #expect(try run(["check", "guidelines/guideline.yaml"], in: root).stderr.contains("error[PW0310]"))
        let allowed = try run(["check", "guidelines", "--allow-imports-outside"], in: root)
        #expect(allowed.status == 0, "\(allowed.stderr)")
        #expect(try run(["test", "guidelines", "--allow-imports-outside"], in: root).status == 0)
        #expect(try run(["graph", "guidelines", "--allow-imports-outside"], in: root).status == 0)
        // Giving the common parent puts both in one tree.
        #expect(try run(["check", "."], in: root).status == 0)
    }

    /// `diff --git` applies the same tree as a folder on the command line: the folder listed from.
    @Test func importsInGitRevisionsStayInTheListedTree() throws {
        let root = try Scratch.folder("git-imports")
        defer { try? FileManager.default.removeItem(at: root) }
        let text = try TestFiles.fixture("valid-guideline.yaml").replacingOccurrences(of: "imports: [vocabulary.yaml]", with: "imports: [../vocabulary.yaml]")
        try Scratch.write(text, "guidelines/sub/guideline.yaml", in: root)
        try Scratch.write(try TestFiles.fixture("vocabulary.yaml"), "guidelines/vocabulary.yaml", in: root)
        let env = URL(fileURLWithPath: "/usr/bin/env")
        for arguments in [["init", "-q"], ["add", "."], ["-c", "user.name=T", "-c", "user.email=t@example.org", "-c", "commit.gpgsign=false", "commit", "-qm", "v1"]] {
            #expect(try PathwayProcess.run(env, ["git"] + arguments, in: root).status == 0)
        }
        #expect(try run(["check", "guidelines"], in: root).status == 0)
        let folder = try run(["diff", "--git", "HEAD", "guidelines"], in: root)
        #expect(folder.status == 0, "\(folder.stderr)")
        #expect(folder.stdout == "no differences\n")
        // Listed by file name, the file's folder is its tree, and `..` leaves it, as for `check FILE`.
        let file = try run(["diff", "--git", "HEAD", "guidelines/sub/guideline.yaml"], in: root)
        #expect(file.status == 2)
        #expect(file.stderr.contains("error[PW0310]: import `../vocabulary.yaml` leaves the folder tree of `guidelines/sub/guideline.yaml`"), "\(file.stderr)")
        #expect(try run(["check", "guidelines/sub/guideline.yaml"], in: root).stderr.contains("error[PW0310]"))
    }

    @Test func absoluteImportsAreRefusedAtTheImport() throws {
        let dir = try Scratch.guidelineFolder { $0.replacingOccurrences(of: "imports: [vocabulary.yaml]", with: "imports: [vocabulary.yaml, /etc/passwd]") }
        defer { try? FileManager.default.removeItem(at: dir) }
        for flags in [[], ["--allow-imports-outside"]] {
            let r = try run(["check", "."] + flags, in: dir)
            #expect(r.status == 1)
            #expect(r.stderr.contains("error[PW0310]: import `/etc/passwd` is an absolute path\n --> ./guideline.yaml:8:28"), "\(r.stderr)")
        }
    }

    /// `/dev/zero`, a folder or a FIFO imported: located at the import line, never opened or read.
    @Test func importsOfWhatIsNotARegularFileAreLocatedAtTheImport() throws {
        let dir = try Scratch.guidelineFolder {
            $0.replacingOccurrences(of: "imports: [vocabulary.yaml]", with: "imports: [vocabulary.yaml, zero.yaml, folder.yaml, fifo.yaml]")
        }
        defer { try? FileManager.default.removeItem(at: dir) }
        try Scratch.link("zero.yaml", to: "/dev/zero", in: dir)
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("folder.yaml"), withIntermediateDirectories: true)
        #expect(mkfifo(dir.appendingPathComponent("fifo.yaml").path, 0o600) == 0)
        let r = try run(["check", "guideline.yaml"], in: dir)
        #expect(!r.timedOut, "a FIFO must not be opened")
        #expect(r.status == 1)
        #expect(r.stderr.contains("error[PW0306]: imported `zero.yaml` is a character device, not a regular file\n --> guideline.yaml:8:28"), "\(r.stderr)")
        #expect(r.stderr.contains("error[PW0306]: imported `folder.yaml` is a folder, not a regular file\n --> guideline.yaml:8:39"))
        #expect(r.stderr.contains("error[PW0306]: imported `fifo.yaml` is a named pipe (FIFO), not a regular file\n --> guideline.yaml:8:52"))
        #expect(!r.stderr.contains("--> zero.yaml") && !r.stderr.contains("--> /dev/zero"))
        // Reached through `..` with the flag, `/dev/zero` is the same.
        let far = try Scratch.guidelineFolder {
            $0.replacingOccurrences(of: "imports: [vocabulary.yaml]", with: "imports: [vocabulary.yaml, ../../../../../../../../../../dev/zero]")
        }
        defer { try? FileManager.default.removeItem(at: far) }
        let outside = try run(["check", ".", "--allow-imports-outside"], in: far)
        #expect(outside.status == 1)
        #expect(outside.stderr.contains("is a character device, not a regular file\n --> ./guideline.yaml:8:28"), "\(outside.stderr)")
        // A guideline path on the command line that is a FIFO is refused unopened.
        let fifo = try run(["check", "fifo.yaml"], in: dir)
        #expect(!fifo.timedOut && fifo.status == 1)
        #expect(fifo.stderr.contains("error[PW0109]: `fifo.yaml` is a named pipe (FIFO), not a regular file"))
    }

    /// An imported file over the size limit is reported at the import, from its size, unread.
    @Test func oversizedImportsAreLocatedAtTheImport() throws {
        let dir = try Scratch.guidelineFolder { $0.replacingOccurrences(of: "imports: [vocabulary.yaml]", with: "imports: [vocabulary.yaml, huge.yaml]") }
        defer { try? FileManager.default.removeItem(at: dir) }
        // A sparse 500 MiB file: reading it whole would take seconds and half a gigabyte.
        let huge = dir.appendingPathComponent("huge.yaml")
        #expect(FileManager.default.createFile(atPath: huge.path, contents: nil))
        let handle = try FileHandle(forWritingTo: huge)
        try handle.truncate(atOffset: 500 * 1024 * 1024)
        try handle.close()
        let r = try PathwayProcess.run(PathwayProcess.binary, ["check", "."], stdin: nil, in: dir)
        #expect(r.status == 1)
        #expect(r.stderr.contains("error[PW0106]: imported file `huge.yaml` is 524288000 bytes, more than the limit of 4194304 bytes\n --> ./guideline.yaml:8:28"), "\(r.stderr)")
        #expect(r.seconds < 60)
        let direct = try bounded(["check", "huge.yaml"], in: dir)
        #expect(direct.status == 1)
        #expect(direct.stderr.contains("error[PW0106]: file is 524288000 bytes, more than the limit of 4194304 bytes\n --> huge.yaml:1:1"))
    }

    /// Runs `pathway` under a 256 MiB address-space limit, so that reading a large input whole fails the run.
    func bounded(_ arguments: [String], in directory: URL) throws -> Run {
        try PathwayProcess.run(URL(fileURLWithPath: "/bin/bash"), ["-c", "ulimit -v 262144; exec \"$0\" \"$@\"", PathwayProcess.binary.path] + arguments,
                               stdin: nil, in: directory)
    }

    // MARK: Library

    @Test func guidelineFilesFollowLinksAndListEachFileOnce() throws {
        let dir = try Scratch.guidelineFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        try Scratch.link("copy.yaml", to: "guideline.yaml", in: dir)
        try Scratch.link("loop", to: ".", in: dir)
        let files = try #require(DocumentLoader.guidelineFiles(at: dir.path))
        #expect(files == [dir.appendingPathComponent("copy.yaml").path, dir.appendingPathComponent("vocabulary.yaml").path],
                "the guideline and its link are one file, listed once (first in sorted order)")
        #expect(DocumentLoader.guidelineFiles(at: dir.appendingPathComponent("nowhere").path) == nil)
    }
}
