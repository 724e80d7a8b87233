import Foundation
import Testing

/// The test helpers themselves cannot pass by accident.
@Suite struct TestSupportTests {
    func scratch() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("pathway-golden-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }

    /// Recording a golden writes it and fails the test, so a recording run never passes as a check.
    @Test func recordingAGoldenWritesItAndFails() throws {
        let dir = try scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        withKnownIssue("recording must fail the test") {
            try TestFiles.assertGolden("recorded text\n", "sub/case.txt", in: dir, recording: true)
        }
        #expect(try String(contentsOf: dir.appendingPathComponent("sub/case.txt"), encoding: .utf8) == "recorded text\n")
        // Checking against what was recorded then passes, and a different text fails.
        try TestFiles.assertGolden("recorded text\n", "sub/case.txt", in: dir, recording: false)
        withKnownIssue("a different text must fail") {
            try TestFiles.assertGolden("other text\n", "sub/case.txt", in: dir, recording: false)
        }
    }

    @Test func aMissingGoldenFails() throws {
        let dir = try scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        withKnownIssue("a missing golden must fail") {
            try TestFiles.assertGolden("text\n", "absent.txt", in: dir, recording: false)
        }
    }
}
