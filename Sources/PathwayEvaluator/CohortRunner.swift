import PathwayCompiler
import PathwayDiagnostics
import PathwayYAML

/// Evaluates a cohort, one JSON object per line, writing one JSON result per line in the same order.
///
/// Streaming: each line is read, evaluated and written before the next; memory does not grow with
/// the number of patients. A line that fails yields an error object with its line number and the run
/// goes on.
public struct CohortRunner {
    let guidelines: CompiledGuidelines
    let evaluator: Evaluator
    let decoder: PatientDecoder
    let detail: EvaluationJSON.Detail
    let file: String

    /// Creates a runner.
    public init(guidelines: CompiledGuidelines, strict: Bool, detail: EvaluationJSON.Detail, file: String) {
        self.guidelines = guidelines
        self.evaluator = Evaluator(guidelines: guidelines)
        self.decoder = PatientDecoder(guidelines: guidelines, strict: strict)
        self.detail = detail
        self.file = file
    }

    /// The output line for input line `number` (1-based), and whether it failed.
    public func run(line: Substring, number: Int) -> (output: String, failed: Bool) {
        let node: YAMLNode
        switch JSONLinePatient.parse(line.utf8, lineNumber: number, file: file) {
        case .failure(let diagnostic):
            return (error(number, [diagnostic]), true)
        case .success(let parsed):
            node = parsed
        }
        let decoded = decoder.decode(node)
        guard let patient = decoded.patient else { return (error(number, decoded.diagnostics), true) }
        if detail == .full {
            let evaluation = evaluator.evaluate(patient, traces: true)
            guard case .object(var members) = EvaluationJSON.object(evaluation, guidelines: guidelines, diagnostics: decoded.diagnostics,
                                                                   detail: .full, trace: true) else { return ("{}", false) }
            members.insert(("line", .int(number)), at: 0)
            return (JSONValue.object(members).serialized(), false)
        }
        return (compact(patient, line: number, diagnostics: decoded.diagnostics), false)
    }

    private func error(_ line: Int, _ diagnostics: [Diagnostic]) -> String {
        JSONValue.object([
            ("line", .int(line)),
            ("error", .string(diagnostics.first { $0.severity == .error }?.message ?? "invalid patient")),
            ("diagnostics", .array(diagnostics.map(EvaluationJSON.diagnostic))),
        ]).serialized()
    }

    /// The compact line, written directly: ids, guideline, direction and level; `needs` for undetermined.
    private func compact(_ patient: Patient, line: Int, diagnostics: [Diagnostic]) -> String {
        var truths: [Truth] = []
        evaluator.truths(for: patient, into: &truths)
        var given: [JSONValue] = []
        var undetermined: [JSONValue] = []
        for (index, r) in guidelines.recommendations.enumerated() {
            switch truths[r.condition] {
            case .true:
                given.append(.object([("id", .string(r.id)), ("guideline", .string(guidelines.guidelines[r.guideline].id)),
                                      ("direction", .string(r.direction.rawValue)),
                                      ("level", .optional(r.level.map { "\($0.scheme).\($0.value)" }))]))
            case .unknown:
                let needs = evaluator.neededFacts(r.condition, patient: patient, conjunctions: evaluator.conjunctions[index])
                undetermined.append(.object([("id", .string(r.id)), ("guideline", .string(guidelines.guidelines[r.guideline].id)),
                                             ("needs", .array(needs.map(JSONValue.string)))]))
            case .false:
                continue
            }
        }
        return JSONValue.object([
            ("line", .int(line)),
            ("recommendations", .array(given)),
            ("undetermined", .array(undetermined)),
            ("diagnostics", .array(diagnostics.map(EvaluationJSON.diagnostic))),
        ]).serialized()
    }
}
