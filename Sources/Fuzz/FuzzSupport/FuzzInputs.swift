import Foundation
import PathwayCompiler
import PathwayDiagnostics

/// The repository's files the harnesses read: the bundled guidelines and the vocabularies that fuzzed
/// guidelines may import.
public enum FuzzInputs {
    /// The repository root: `PATHWAY_FUZZ_ROOT`, or found from this source file.
    public static let root: String = ProcessInfo.processInfo.environment["PATHWAY_FUZZ_ROOT"]
        ?? URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().path

    /// The bundled guidelines in `guidelines/`, compiled once; stops the harness if they do not compile.
    public static let bundled = compiled(["guidelines"])

    /// The two smallest bundled guidelines (5 recommendations) over the whole bundled vocabulary: every
    /// fact and fact type of `bundled`, at a fraction of its evaluation cost per patient.
    public static let bundledSmall = compiled(["guidelines/benini-2025-ep-nec.yaml", "guidelines/bmc-2019-esophageal-nec.yaml"])

    /// The guidelines at `paths` (relative to ``root``), compiled; stops the harness if they do not compile.
    public static func compiled(_ paths: [String]) -> CompiledGuidelines {
        let compilation = GuidelineCompiler.compile(paths: paths.map { root + "/" + $0 })
        guard let guidelines = compilation.guidelines else {
            FuzzDriver.fail("\(paths) in \(root) do not compile:\n"
                            + TextDiagnosticRenderer(sources: compilation.sources).render(compilation.diagnostics))
        }
        return guidelines
    }

    /// The vocabularies a fuzzed guideline can import, by the import path the seeds use:
    /// the fixtures' `vocabulary.yaml` and the bundled `vocabulary/nen.yaml`.
    public static let vocabularies: [(path: String, text: String)] = [
        ("vocabulary.yaml", root + "/Tests/PathwayTests/Fixtures/vocabulary.yaml"),
        ("vocabulary/nen.yaml", root + "/guidelines/vocabulary/nen.yaml"),
    ].map { entry in
        guard let text = try? String(contentsOfFile: entry.1, encoding: .utf8) else {
            FuzzDriver.fail("cannot read the vocabulary \(entry.1)")
        }
        return (path: entry.0, text: text)
    }

    /// A fuzzed guideline as compiler input: the text at `guideline.yaml`, with each vocabulary whose
    /// import path the text mentions (only those, so the two vocabularies never meet).
    public static func texts(_ text: String, path: String = "guideline.yaml") -> [(path: String, text: String)] {
        [(path: path, text: text)] + vocabularies.filter { text.contains($0.path) && $0.path != path }
    }

    /// The input as text: `nil` unless it is valid UTF-8 (the loader rejects anything else before parsing).
    public static func text(_ bytes: [UInt8]) -> String? {
        String(validating: bytes, as: UTF8.self)
    }
}
