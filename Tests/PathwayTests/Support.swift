import Foundation
import Testing
import PathwayAnalysis
import PathwayCompiler
import PathwayDiagnostics
import PathwayEvaluator
import PathwaySyntax
import PathwayYAML

/// Locations and golden files of the test suite, found from this source file (no bundle resources,
/// so goldens can be re-recorded in place with `PATHWAY_RECORD=1 swift test`).
enum TestFiles {
    static let testsDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    static let fixtures = testsDirectory.appendingPathComponent("Fixtures")
    static let golden = testsDirectory.appendingPathComponent("Golden")
    static let repositoryRoot = testsDirectory.deletingLastPathComponent().deletingLastPathComponent()
    /// The source texts the bundled guidelines quote: `PATHWAY_SEEDS`, or `../shared/seeds` beside the repository.
    static var seeds: URL {
        if let path = ProcessInfo.processInfo.environment["PATHWAY_SEEDS"], !path.isEmpty { return URL(fileURLWithPath: path) }
        return repositoryRoot.deletingLastPathComponent().appendingPathComponent("shared/seeds")
    }

    /// Whether the seed documents can be checked here: they are present, or `PATHWAY_REQUIRE_SEEDS`
    /// is set (then a missing folder fails the quote check instead of skipping it).
    static var seedsCanBeChecked: Bool {
        if ProcessInfo.processInfo.environment["PATHWAY_REQUIRE_SEEDS"] != nil { return true }
        let names = (try? FileManager.default.contentsOfDirectory(atPath: seeds.path)) ?? []
        return names.contains { !$0.hasPrefix(".") }
    }

    static func fixture(_ name: String) throws -> String {
        try String(contentsOf: fixtures.appendingPathComponent(name), encoding: .utf8)
    }

    /// Whether this run records goldens (`PATHWAY_RECORD` set in the environment).
    static var recording: Bool { ProcessInfo.processInfo.environment["PATHWAY_RECORD"] != nil }

    /// Compares `actual` with the golden file `name`; when `PATHWAY_RECORD` is set, writes it instead
    /// and fails, so that a recording run can never pass as a checking one.
    static func assertGolden(_ actual: String, _ name: String, in directory: URL = golden, recording: Bool = recording,
                             sourceLocation: SourceLocation = #_sourceLocation) throws {
        let url = directory.appendingPathComponent(name)
        if recording {
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try actual.write(to: url, atomically: true, encoding: .utf8)
            Issue.record("golden \(name) recorded; rerun without PATHWAY_RECORD", sourceLocation: sourceLocation)
            return
        }
        guard let expected = try? String(contentsOf: url, encoding: .utf8) else {
            Issue.record("missing golden file \(name); run with PATHWAY_RECORD=1 to create it", sourceLocation: sourceLocation)
            return
        }
        #expect(actual == expected, "output differs from golden \(name)", sourceLocation: sourceLocation)
    }

    /// Compiles a fixture guideline (given as text) together with the shared fixture vocabulary.
    static func compile(_ text: String, path: String = "guideline.yaml") throws -> Compilation {
        GuidelineCompiler.compile(texts: [(path: path, text: text), (path: "vocabulary.yaml", text: try fixture("vocabulary.yaml"))])
    }

    /// Renders diagnostics without colour, as `pathway check` prints them.
    static func render(_ compilation: Compilation) -> String {
        TextDiagnosticRenderer(sources: compilation.sources).render(compilation.diagnostics)
    }
}

/// Patient data in tests.
enum TestPatients {
    /// Decodes a patient written as JSON or YAML; `nil` when it has errors.
    static func decode(_ text: String, guidelines: CompiledGuidelines) -> Patient? {
        guard let root = YAMLLoader.load(text: text, path: "patient.json").root else { return nil }
        let decoded = PatientDecoder(guidelines: guidelines).decode(root)
        return decoded.diagnostics.contains { $0.severity == .error } ? nil : decoded.patient
    }
}

/// Temporary folders for tests that need files on disk; each test removes its own.
enum Scratch {
    /// A fresh empty folder under the temporary directory.
    static func folder(_ label: String = "scratch") throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("pathway-\(label)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }

    /// A folder holding the fixture vocabulary and guideline (`vocabulary.yaml`, `guideline.yaml`),
    /// the guideline's text changed by `edit`.
    static func guidelineFolder(_ label: String = "guideline", edit: (String) -> String = { $0 }) throws -> URL {
        let dir = try folder(label)
        try TestFiles.fixture("vocabulary.yaml").write(to: dir.appendingPathComponent("vocabulary.yaml"), atomically: true, encoding: .utf8)
        try edit(try TestFiles.fixture("valid-guideline.yaml")).write(to: dir.appendingPathComponent("guideline.yaml"), atomically: true, encoding: .utf8)
        return dir
    }

    /// Writes `text` to `name` in `dir`, creating folders on the way; returns the file's URL.
    @discardableResult
    static func write(_ text: String, _ name: String, in dir: URL) throws -> URL {
        try write(Data(text.utf8), name, in: dir)
    }

    @discardableResult
    static func write(_ data: Data, _ name: String, in dir: URL) throws -> URL {
        let url = dir.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try data.write(to: url)
        return url
    }

    /// Makes `name` in `dir` a symbolic link to `target` (written as given, so relative targets stay relative).
    static func link(_ name: String, to target: String, in dir: URL) throws {
        try FileManager.default.createSymbolicLink(atPath: dir.appendingPathComponent(name).path, withDestinationPath: target)
    }
}

/// Regions of the analysis in tests.
enum TestRegions {
    /// The region of the patients of version 0 whose value on each axis lies in exactly the given cell.
    static func exactly(_ cells: [Int], in space: PatientSpace) -> Region {
        var region = space.accepted(by: 0)
        for (a, cell) in cells.enumerated() {
            var only = CellSet(count: space.axes[a].cells.count)
            only.insert(cell)
            region = region.restricting(a, to: only)
        }
        return region
    }
}
