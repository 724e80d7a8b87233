import PathwayCompiler
import PathwayDiagnostics
import PathwayEvaluator

/// Evaluates a patient given as FHIR data: map through the bindings, then evaluate; one function
/// serves `eval --fhir` and the service, so both give the same answer.
public enum FHIREvaluation {
    /// The mapped patient and, when it has no errors, its evaluation.
    /// `evaluator` is built from `guidelines` when not given; a server passes the one it keeps, as
    /// building an evaluator costs far more than evaluating a patient.
    /// With `recommendations` (indices in ``CompiledGuidelines/recommendations``), only those are
    /// evaluated, with traces of the given ones (``Evaluator/evaluate(_:recommendations:)``).
    public static func evaluate(_ read: FHIRReader.Result, guidelines: CompiledGuidelines, bindings: FHIRBindings,
                                evaluator: Evaluator? = nil, recommendations: [Int]? = nil) -> (FHIRPatient, Evaluation?) {
        let evaluator = evaluator ?? Evaluator(guidelines: guidelines)
        let mapped = FHIRPatientMapper(guidelines: guidelines, bindings: bindings).map(read, evaluator: evaluator)
        guard let patient = mapped.patient else { return (mapped, nil) }
        if let recommendations { return (mapped, evaluator.evaluate(patient, recommendations: recommendations)) }
        return (mapped, evaluator.evaluate(patient))
    }

    /// The JSON contract of `eval --format json`, with each trace step's `sources` and the `fhir` report.
    public static func json(_ mapped: FHIRPatient, _ evaluation: Evaluation?, guidelines: CompiledGuidelines) -> JSONValue {
        guard let evaluation else {
            return .object([("recommendations", .array([])), ("undetermined", .array([])),
                            ("diagnostics", .array(mapped.diagnostics.map(EvaluationJSON.diagnostic))), ("fhir", FHIRReport.json(mapped))])
        }
        return FHIRReport.annotate(EvaluationJSON.object(evaluation, guidelines: guidelines, diagnostics: mapped.diagnostics, trace: true), mapped)
    }
}
