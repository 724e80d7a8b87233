import Foundation
import Testing

/// `make install` as the README documents it, run for real against the repository's Makefile. A
/// release build takes many minutes, so `swift` on the `PATH` is a stand-in that records how it was
/// called and answers `--show-bin-path` with the folder of the `pathway` these tests run: the
/// Makefile's own recipe (its options, the folder it creates, the mode, `PREFIX`, `DESTDIR`,
/// `uninstall`) is what is tested, and the installed program must run.
@Suite struct InstallTests {
    /// A folder with the stand-in `swift`, which appends its arguments to `calls` in that folder.
    static func standIn() throws -> URL {
        let dir = try Scratch.folder("install")
        let bin = PathwayProcess.binary.deletingLastPathComponent().path
        let script = """
        #!/bin/sh
        echo "$*" >> "\(dir.path)/calls"
        case "$*" in
          *--show-bin-path*) echo "\(bin)" ;;
        esac
        """
        let url = try Scratch.write(script, "swift", in: dir)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: url.path)
        return dir
    }

    static func make(_ arguments: [String], standIn dir: URL) throws -> PathwayProcess.Run {
        let path = dir.path + ":" + (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin")
        return try PathwayProcess.run(URL(fileURLWithPath: "/usr/bin/env"), ["make", "--no-print-directory", "-C", TestFiles.repositoryRoot.path] + arguments,
                                      stdin: nil, in: dir, environment: ["PATH": path, "MAKEFLAGS": nil, "DESTDIR": nil, "PREFIX": nil])
    }

    @Test func makeInstallPutsARunnablePathwayInPrefixBin() throws {
        let dir = try Self.standIn()
        defer { try? FileManager.default.removeItem(at: dir) }
        let prefix = dir.appendingPathComponent("prefix with space")
        let installed = try Self.make(["install", "PREFIX=\(prefix.path)"], standIn: dir)
        #expect(installed.status == 0, "\(installed.stdout)\(installed.stderr)")
        let calls = try String(contentsOf: dir.appendingPathComponent("calls"), encoding: .utf8)
        // The release build of the `pathway` product, then its folder.
        #expect(calls == "build -c release --product pathway\nbuild -c release --show-bin-path\n", "\(calls)")
        let program = prefix.appendingPathComponent("bin/pathway")
        #expect(FileManager.default.isExecutableFile(atPath: program.path))
        let mode = try FileManager.default.attributesOfItem(atPath: program.path)[.posixPermissions] as? Int
        #expect(mode == 0o755)
        let version = try PathwayProcess.run(program, ["--version"], in: dir)
        let expected = try PathwayProcess.run(["--version"])
        #expect(version.status == 0 && !version.stdout.isEmpty && version.stdout == expected.stdout, "\(version.stdout) \(version.stderr)")
        // `uninstall` removes exactly what `install` put there.
        let removed = try Self.make(["uninstall", "PREFIX=\(prefix.path)"], standIn: dir)
        #expect(removed.status == 0, "\(removed.stderr)")
        #expect(!FileManager.default.fileExists(atPath: program.path))
        #expect(FileManager.default.fileExists(atPath: prefix.appendingPathComponent("bin").path))
    }

    /// A packager stages the install under `DESTDIR` with the final `PREFIX`.
    @Test func makeInstallHonoursDestdir() throws {
        let dir = try Self.standIn()
        defer { try? FileManager.default.removeItem(at: dir) }
        let stage = dir.appendingPathComponent("stage")
        let installed = try Self.make(["install", "DESTDIR=\(stage.path)", "PREFIX=/opt/pathway"], standIn: dir)
        #expect(installed.status == 0, "\(installed.stderr)")
        #expect(FileManager.default.isExecutableFile(atPath: stage.appendingPathComponent("opt/pathway/bin/pathway").path))
    }

    /// A failed build stops the install: nothing is copied.
    @Test func aFailedBuildInstallsNothing() throws {
        let dir = try Self.standIn()
        defer { try? FileManager.default.removeItem(at: dir) }
        let failing = "#!/bin/sh\necho \"$*\" >> \"\(dir.path)/calls\"\nexit 1\n"
        try failing.write(to: dir.appendingPathComponent("swift"), atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: dir.appendingPathComponent("swift").path)
        let prefix = dir.appendingPathComponent("prefix")
        let installed = try Self.make(["install", "PREFIX=\(prefix.path)"], standIn: dir)
        #expect(installed.status != 0)
        #expect(!FileManager.default.fileExists(atPath: prefix.appendingPathComponent("bin/pathway").path))
    }

    /// The README says how to install, with both ways the tests above exercise.
    @Test func readmeDocumentsTheInstall() throws {
        let readme = try String(contentsOf: TestFiles.repositoryRoot.appendingPathComponent("README.md"), encoding: .utf8)
        #expect(readme.contains("make install"))
        #expect(readme.contains("PREFIX=$HOME/.local"))
        #expect(readme.contains("install -m 755 \"$(swift build -c release --show-bin-path)/pathway\""))
    }
}
