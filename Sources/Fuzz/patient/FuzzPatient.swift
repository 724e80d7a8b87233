import FuzzSupport
import PathwayCompiler
import PathwayDiagnostics
import PathwayEvaluator
import PathwayYAML

/// Patient data (YAML or JSON, as `pathway eval --patient` reads it) decoded against the bundled
/// guidelines, evaluated and rendered as text (with traces) and JSON (every detail), with `explain`
/// for every outcome.
/// Oracle: no crash or hang; a decoded patient has no error; evaluation gives one outcome per
/// recommendation.
@_cdecl("fuzz_patient_main")
func fuzzPatientMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> CInt {
    let guidelines = FuzzInputs.bundled
    let evaluator = Evaluator(guidelines: guidelines)
    let decoders = [PatientDecoder(guidelines: guidelines), PatientDecoder(guidelines: guidelines, strict: true)]
    return FuzzDriver.run(argc, argv) { bytes in
        let loaded = YAMLLoader.load(bytes: bytes, path: "patient.yaml")
        guard let root = loaded.root else { return }
        // The strict decoder for inputs with an odd first byte, so both modes are explored.
        let decoded = decoders[Int(bytes.first ?? 0) & 1].decode(root)
        _ = JSONDiagnosticRenderer.render(decoded.diagnostics)
        guard let patient = decoded.patient else { return }
        FuzzDriver.check(!decoded.diagnostics.containsErrors, "a patient was decoded despite errors")
        let evaluation = evaluator.evaluate(patient)
        FuzzDriver.check(evaluation.outcomes.count == guidelines.recommendations.count,
                         "\(evaluation.outcomes.count) outcomes for \(guidelines.recommendations.count) recommendations")
        _ = EvaluationText.render(evaluation, guidelines: guidelines, trace: true)
        for detail in EvaluationJSON.Detail.allCases {
            _ = EvaluationJSON.object(evaluation, guidelines: guidelines, diagnostics: decoded.diagnostics, detail: detail, trace: true).serialized()
        }
        for outcome in evaluation.outcomes {
            _ = EvaluationText.explain(outcome, guidelines: guidelines)
        }
    }
}
