import Foundation
import Testing

/// `pathway init`: the scaffold checks without errors or warnings, its tests pass and cover it
/// fully, and existing files are never overwritten.
@Suite struct InitCommandTests {
    @Test func scaffoldChecksAndTestsClean() throws {
        let dir = try Scratch.folder("init")
        defer { try? FileManager.default.removeItem(at: dir) }
        let folder = dir.appendingPathComponent("new").path
        let created = try PathwayProcess.run(["init", folder, "--id", "esd-criteria"])
        #expect(created.status == 0, "\(created.stderr)")
        #expect(created.stdout.replacingOccurrences(of: folder, with: "<dir>") == """
            created <dir>/vocabulary.yaml
            created <dir>/esd-criteria.yaml
            next: pathway check <dir> && pathway test <dir> --coverage

            """)
        let check = try PathwayProcess.run(["check", folder])
        #expect(check.status == 0)
        #expect(check.stdout.contains("0 errors, 0 warnings"), "\(check.stdout)\(check.stderr)")
        let test = try PathwayProcess.run(["test", folder, "--min-coverage", "100"])
        #expect(test.status == 0, "\(test.stdout)\(test.stderr)")
        let text = try String(contentsOfFile: folder + "/esd-criteria.yaml", encoding: .utf8)
        #expect(text.hasPrefix("# yaml-language-server: $schema=../Grammar/guideline.schema.json\n"))
        let again = try PathwayProcess.run(["init", folder, "--id", "esd-criteria"])
        #expect(again.status == 1)
        #expect(again.stderr.contains("exists; nothing written"))
        let bad = try PathwayProcess.run(["init", folder, "--id", "Not An Id"])
        #expect(bad.status == 64 || bad.status == 2)
    }
}
