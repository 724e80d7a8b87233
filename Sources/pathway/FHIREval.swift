import ArgumentParser
import Foundation
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
        if FHIRCohort.isNDJSON(fhir) {
            try cohort(guidelines: guidelines, bindings: bindings, path: fhir)
            return
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

    /// NDJSON of Bundles: one result line per Bundle line.
    static func cohort(guidelines: CompiledGuidelines, bindings: FHIRBindings, path: String) throws {
        guard let handle = path == "-" ? FileHandle.standardInput : FileHandle(forReadingAtPath: path) else {
            Output.writeError("error: cannot read `\(Excerpt.truncated(path))`\n")
            throw ExitCode(1)
        }
        var cohort = FHIRCohort(guidelines: guidelines, bindings: bindings, file: path, maxLineBytes: CohortCommand.defaultMaxLineBytes)
        while true {
            let chunk = handle.readData(ofLength: 1 << 16)
            if chunk.isEmpty { break }
            let out = cohort.consume(ArraySlice(chunk))
            if !out.isEmpty { Output.write(String(decoding: out, as: UTF8.self)) }
        }
        Output.write(String(decoding: cohort.finish(), as: UTF8.self))
        if cohort.failed > 0 {
            Output.writeError("error: \(cohort.failed) of \(cohort.count) Bundle lines failed\n")
            throw ExitCode(1)
        }
    }
}
