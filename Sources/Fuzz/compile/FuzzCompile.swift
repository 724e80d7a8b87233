import FuzzSupport
import PathwayAnalysis
import PathwayCompiler
import PathwayDiagnostics
import PathwayEvaluator

/// A fuzzed guideline (with the vocabulary it imports) through the compiler, every diagnostic
/// renderer, the guideline's own tests and the analysis with small budgets.
/// Oracle: no crash or hang; a compilation without errors has guidelines, one with errors has none.
@_cdecl("fuzz_compile_main")
func fuzzCompileMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> CInt {
    FuzzDriver.run(argc, argv) { bytes in
        guard let text = FuzzInputs.text(bytes) else { return }
        let compilation = GuidelineCompiler.compile(texts: FuzzInputs.texts(text))
        _ = TextDiagnosticRenderer(sources: compilation.sources).render(compilation.diagnostics)
        _ = JSONDiagnosticRenderer.render(compilation.diagnostics)
        _ = SARIFDiagnosticRenderer.render(compilation.diagnostics, toolVersion: "fuzz")
        FuzzDriver.check((compilation.guidelines == nil) == compilation.diagnostics.containsErrors,
                         "guidelines \(compilation.guidelines == nil ? "missing" : "present") with errors \(compilation.diagnostics.containsErrors)")
        guard let guidelines = compilation.guidelines else { return }
        _ = guidelines.dump()
        for result in GuidelineTestRunner(guidelines: guidelines).run() {
            _ = TextDiagnosticRenderer(sources: compilation.sources).render(result.failures)
        }
        let analysis = GuidelineAnalyzer(guidelines: guidelines, regionBudget: 2_000).analyze()
        _ = TextDiagnosticRenderer(sources: compilation.sources).render(analysis)
    }
}
