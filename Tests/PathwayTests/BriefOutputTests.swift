import Foundation
import Testing

/// `eval --brief` and the guidelines applied in JSON results.
@Suite struct BriefOutputTests {
    @Test func briefListsOneLinePerRecommendationAndCitationsOnce() throws {
        let r = try PathwayProcess.run(["eval", "guidelines/shi-2025-enec.yaml", "--patient", "examples/t1a-esophageal-nec.yaml", "--brief"],
                                       in: TestFiles.repositoryRoot)
        #expect(r.status == 0, "\(r.stderr)")
        try TestFiles.assertGolden(r.stdout, "cli/eval-brief.txt")
        let lines = r.stdout.split(separator: "\n")
        #expect(lines.first?.hasSuffix("[shi-2025-enec 1.0.0]") == true)
        let citationLines = lines.filter { $0.hasPrefix("  [") }
        #expect(Set(citationLines).count == citationLines.count)
    }

    @Test func jsonSaysWhichGuidelinesWereApplied() throws {
        let r = try PathwayProcess.run(["eval", "examples/tiny/esd.yaml", "--patient", "examples/tiny/patient.json", "--format", "json"],
                                       in: TestFiles.repositoryRoot)
        #expect(r.status == 0, "\(r.stderr)")
        let object = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any]
        let applied = object?["guidelines"] as? [[String: Any]]
        #expect(applied?.first?["id"] as? String == "tiny-esd")
        #expect(applied?.first?.keys.contains("version") == true)
    }
}
