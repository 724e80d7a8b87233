import FuzzSupport
import PathwayDiagnostics
import PathwaySyntax
import PathwayYAML

/// Arbitrary bytes through the YAML loader, then the document decoder and the diagnostic renderers.
/// Oracle: no crash, no hang, no memory blow-up (the loader's limits hold).
@_cdecl("fuzz_yaml_main")
func fuzzYAMLMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> CInt {
    FuzzDriver.run(argc, argv) { bytes in
        let result = YAMLLoader.load(bytes: bytes, path: "fuzz.yaml")
        var diagnostics = result.diagnostics
        if let root = result.root {
            diagnostics += DocumentDecoder.decode(root, path: "fuzz.yaml").diagnostics
        }
        var sources = SourceFileStore()
        if let text = FuzzInputs.text(bytes) { sources.add(SourceFile(path: "fuzz.yaml", text: text)) }
        _ = TextDiagnosticRenderer(sources: sources).render(diagnostics)
        _ = JSONDiagnosticRenderer.render(diagnostics)
    }
}
