import Foundation
import Testing
import PathwayCompiler
import PathwayDiagnostics
import PathwayEvaluator
import PathwaySyntax
import PathwayYAML

/// Every diagnostic kind, rendered exactly (location, excerpt, notes and suggestions), from one
/// fixture each in `Fixtures/diagnostics/`.
@Suite struct DiagnosticGoldenTests {
    static let fixtureNames: [String] = {
        let dir = TestFiles.fixtures.appendingPathComponent("diagnostics")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []
        return names.filter { $0.hasSuffix(".yaml") }.map { String($0.dropLast(5)) }.sorted()
    }()

    @Test func everyFixtureIsPresent() {
        #expect(Self.fixtureNames.count >= 40)
    }

    @Test(arguments: fixtureNames)
    func rendersDiagnostics(name: String) throws {
        let text = try TestFiles.fixture("diagnostics/\(name).yaml")
        let compilation = try TestFiles.compile(text, path: "\(name).yaml")
        #expect(!compilation.diagnostics.isEmpty, "fixture \(name) should produce a diagnostic")
        try TestFiles.assertGolden(TestFiles.render(compilation), "diagnostics/\(name).txt")
    }

    @Test func validFixtureHasNoDiagnostics() throws {
        let compilation = try TestFiles.compile(try TestFiles.fixture("valid-guideline.yaml"))
        #expect(compilation.diagnostics.isEmpty, "\(TestFiles.render(compilation))")
        #expect(compilation.guidelines != nil)
    }

    /// Each code of the catalogue is produced by some fixture or test, and documented.
    @Test func everyCodeIsDocumented() throws {
        let reference = try String(contentsOf: TestFiles.repositoryRoot.appendingPathComponent("docs/diagnostics.md"), encoding: .utf8)
        for code in DiagnosticCode.all {
            #expect(reference.contains("## \(code.rawValue)"), "docs/diagnostics.md lacks a section for \(code.rawValue)")
        }
    }

    @Test func everyGuidelineCodeIsExercisedByAFixture() throws {
        var seen = Set<String>()
        for name in Self.fixtureNames {
            let compilation = try TestFiles.compile(try TestFiles.fixture("diagnostics/\(name).yaml"), path: "\(name).yaml")
            seen.formUnion(compilation.diagnostics.map(\.code.rawValue))
        }
        // Covered in YAMLLoaderTests, the CLI tests and FileSystemTests: they need files on disk.
        let notFromFixtures: Set<String> = ["PW0106", "PW0109", "PW0110", "PW0111", "PW0112", "PW0701", "PW0702", "PW0703"]
        for code in DiagnosticCode.all where !code.rawValue.hasPrefix("PW06") && !code.rawValue.hasPrefix("PW08") && !code.rawValue.hasPrefix("PW09") && !code.rawValue.hasPrefix("PW10") && !notFromFixtures.contains(code.rawValue) {
            #expect(seen.contains(code.rawValue), "no fixture produces \(code.rawValue) (\(code.name))")
        }
    }

    @Test func jsonAndSarifCarryTheSameFields() throws {
        let compilation = try TestFiles.compile(try TestFiles.fixture("diagnostics/unknown-fact.yaml"), path: "unknown-fact.yaml")
        try TestFiles.assertGolden(JSONDiagnosticRenderer.render(compilation.diagnostics), "diagnostics/unknown-fact.json")
        try TestFiles.assertGolden(SARIFDiagnosticRenderer.render(compilation.diagnostics, toolVersion: "test"), "diagnostics/unknown-fact.sarif")
    }
}
