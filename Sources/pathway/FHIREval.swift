import ArgumentParser
import PathwayCompiler
import PathwayDiagnostics
import PathwayEvaluator
import PathwayFHIR

/// `eval --fhir`: the patient comes from FHIR R4 data through a bindings document.
enum FHIREval {
    static func run(guidelines: CompiledGuidelines, compilation: Compilation, fhir: String, bindings path: String, json: Bool, trace: Bool) throws {
        var sources = compilation.sources
        let loaded = FHIRBindingsLoader.load(path: path, guidelines: guidelines)
        if let source = loaded.source { sources.add(source) }
        guard let bindings = loaded.bindings else {
            Output.writeError(Output.text(loaded.diagnostics, sources: sources))
            Output.writeError("error: bindings `\(path)` not loaded (\(Output.summary(loaded.diagnostics)))\n")
            throw ExitCode(1)
        }
        let read = FHIRReader.read(path: fhir)
        for source in read.sources { sources.add(source) }
        let (mapped, evaluation) = FHIREvaluation.evaluate(read, guidelines: guidelines, bindings: bindings)
        if json {
            Output.write(FHIREvaluation.json(mapped, evaluation, guidelines: guidelines).serialized(pretty: true) + "\n")
            if evaluation == nil { throw ExitCode(1) }
            return
        }
        if !mapped.diagnostics.isEmpty { Output.writeError(Output.text(mapped.diagnostics, sources: sources)) }
        guard let evaluation else {
            Output.writeError("error: patient not evaluated (\(Output.summary(mapped.diagnostics)))\n")
            throw ExitCode(1)
        }
        Output.write(EvaluationText.render(evaluation, guidelines: guidelines, trace: trace))
        Output.write("\n" + FHIRReport.text(mapped))
    }
}
