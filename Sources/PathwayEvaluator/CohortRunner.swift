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
    /// Per recommendation, its compact `recommendations` entry and the start of its `undetermined`
    /// entry, serialised once: a cohort line is then mostly a concatenation of ready bytes.
    let givenEntries: [[UInt8]]
    let undeterminedPrefixes: [[UInt8]]
    /// Each fact's name as a JSON string, by slot.
    let factNames: [[UInt8]]
    let fastReader: FastPatientReader
    private var truths: [Truth] = []
    private var seen: [Bool]
    /// Whether clean compact lines take the fast reader; `false` sends every line down the full
    /// path (for differential tests and fuzzing, which demand both give the same output).
    package var usesFastPath = true

    /// Creates a runner.
    public init(guidelines: CompiledGuidelines, strict: Bool, detail: EvaluationJSON.Detail, file: String, evaluationDate: Int64? = nil) {
        self.guidelines = guidelines
        self.evaluator = Evaluator(guidelines: guidelines)
        self.decoder = PatientDecoder(guidelines: guidelines, strict: strict, evaluationDate: evaluationDate)
        self.detail = detail
        self.file = file
        givenEntries = guidelines.recommendations.map { r in
            Array(JSONValue.object([("id", .string(r.id)), ("guideline", .string(guidelines.guidelines[r.guideline].id)),
                                    ("direction", .string(r.direction.rawValue)),
                                    ("level", .optional(r.level.map { "\($0.scheme).\($0.value)" }))]).serialized().utf8)
        }
        fastReader = FastPatientReader(guidelines)
        seen = [Bool](repeating: false, count: guidelines.facts.count)
        factNames = guidelines.facts.map { Array(JSONValue.string($0.name).serialized().utf8) }
        undeterminedPrefixes = guidelines.recommendations.map { r in
            let entry = JSONValue.object([("id", .string(r.id)), ("guideline", .string(guidelines.guidelines[r.guideline].id))]).serialized()
            return Array(entry.dropLast().utf8) + Array(",\"needs\":[".utf8)
        }
    }

    /// The output line (UTF-8, without newline) for input line `number` (1-based), and whether it failed.
    public mutating func run(line: ArraySlice<UInt8>, number: Int) -> (output: [UInt8], failed: Bool) {
        if detail == .compact && usesFastPath {
            var patient = Patient(slotCount: guidelines.facts.count)
            for k in seen.indices { seen[k] = false }
            if fastReader.read(line, into: &patient, seen: &seen) {
                if let overflow = evaluator.evaluationError(in: patient) { return (Array(error(number, [overflow]).utf8), true) }
                return (compact(patient, line: number, diagnostics: []), false)
            }
        }
        let node: YAMLNode
        switch JSONLinePatient.parse(line, lineNumber: number, file: file) {
        case .failure(let diagnostic):
            return (Array(error(number, [diagnostic]).utf8), true)
        case .success(let parsed):
            node = parsed
        }
        let decoded = decoder.decode(node)
        guard let patient = decoded.patient else { return (Array(error(number, decoded.diagnostics).utf8), true) }
        if let overflow = evaluator.evaluationError(in: patient) { return (Array(error(number, decoded.diagnostics + [overflow]).utf8), true) }
        if detail == .full {
            let evaluation = evaluator.evaluate(patient, traces: true, tracesOfGivenOnly: true)
            guard case .object(var members) = EvaluationJSON.object(evaluation, guidelines: guidelines, diagnostics: decoded.diagnostics,
                                                                   detail: .full, trace: true) else { return (Array("{}".utf8), false) }
            members.insert(("line", .int(number)), at: 0)
            return (JSONValue.object(members).bytes(), false)
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

    /// The compact line, assembled from the pre-serialised entries.
    /// `,"reason":…` of an undetermined recommendation that no missing fact would decide (as ``EvaluationJSON``).
    private static let undecidableMember = Array((",\"reason\":" + JSONValue.string(RecommendationOutcome.undecidable).serialized()).utf8)

    private mutating func compact(_ patient: Patient, line: Int, diagnostics: [Diagnostic]) -> [UInt8] {
        evaluator.truths(for: patient, into: &truths)
        let recommendations = guidelines.recommendations
        // Unknown conditions are resolved first: some are decided after all (every completion agrees).
        var decidedGiven: Set<Int> = [], undetermined: [(index: Int, needs: [Int])] = []
        for index in recommendations.indices where truths[recommendations[index].condition] == .unknown {
            switch evaluator.resolve(recommendations[index].condition, patient: patient, conjunctions: evaluator.conjunctions[index]) {
            case .decided(true): decidedGiven.insert(index)
            case .decided(false): break
            case .needs(let slots): undetermined.append((index, slots))
            }
        }
        var out: [UInt8] = Array("{\"line\":\(line),".utf8)
        if let day = patient.evaluationDate { out += Array("\"as_of\":\"\(CalendarDate.text(day))\",".utf8) }
        out += Array("\"recommendations\":[".utf8)
        out.reserveCapacity(4096)
        var first = true
        for index in recommendations.indices where truths[recommendations[index].condition] == .true || decidedGiven.contains(index) {
            if !first { out.append(UInt8(ascii: ",")) }
            first = false
            out.append(contentsOf: givenEntries[index])
        }
        out.append(contentsOf: Array("],\"undetermined\":[".utf8))
        first = true
        for (index, needs) in undetermined {
            if !first { out.append(UInt8(ascii: ",")) }
            first = false
            out.append(contentsOf: undeterminedPrefixes[index])
            for (k, slot) in needs.enumerated() {
                if k > 0 { out.append(UInt8(ascii: ",")) }
                out.append(contentsOf: factNames[slot])
            }
            out.append(UInt8(ascii: "]"))
            if needs.isEmpty { out.append(contentsOf: Self.undecidableMember) }
            out.append(UInt8(ascii: "}"))
        }
        out.append(contentsOf: Array("]".utf8))
        let scopes = EvaluationJSON.scopeEntries(evaluator.scopes(patient, truths: truths), guidelines: guidelines)
        if !scopes.isEmpty { out.append(contentsOf: Array(",\"scope\":\(JSONValue.array(scopes).serialized())".utf8)) }
        out.append(contentsOf: Array(",\"diagnostics\":".utf8))
        out.append(contentsOf: Array(JSONValue.array(diagnostics.map(EvaluationJSON.diagnostic)).serialized().utf8))
        out.append(UInt8(ascii: "}"))
        return out
    }
}
