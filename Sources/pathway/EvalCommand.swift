import ArgumentParser
import PathwayCompiler
import PathwayDiagnostics
import PathwayEvaluator
import PathwaySyntax
import PathwayYAML

/// Reads and types one patient; shared by `eval` and `explain`.
struct PatientOptions: ParsableArguments {
    init() {}

    init(patient: String, strict: Bool) {
        self.patient = patient
        self.strict = strict
    }

    @Option(name: .long, help: "Patient file (JSON or YAML object from fact names to values); `-` reads standard input.")
    var patient: String

    @Flag(help: "Treat patient keys that no guideline declares as errors.")
    var strict = false

    func load(_ guidelines: CompiledGuidelines, sources: SourceFileStore, evaluationDate: Int64?) -> (Patient?, [Diagnostic], SourceFileStore) {
        var sources = sources
        let file = PatientFile.read(patient)
        if let source = file.source { sources.add(source) }
        guard let root = file.root else { return (nil, file.diagnostics, sources) }
        let decoded = PatientDecoder(guidelines: guidelines, strict: strict, evaluationDate: evaluationDate).decode(root)
        if let patient = decoded.patient, let overflow = Evaluator(guidelines: guidelines).evaluationError(in: patient) {
            return (nil, file.diagnostics + decoded.diagnostics + [overflow], sources)
        }
        return (decoded.patient, file.diagnostics + decoded.diagnostics, sources)
    }
}

struct EvalCommand: ParsableCommand {
    enum Format: String, ExpressibleByArgument, CaseIterable { case text, json }

    static let configuration = CommandConfiguration(
        commandName: "eval",
        abstract: "Evaluate a patient against guidelines: recommendations with level, citation and trace.",
        usage: """
            pathway eval <paths> ... --patient <file|-> [--trace | --brief]
            [--format text|json] [--strict] [--allow-imports-outside]
            pathway eval <paths> ... --patients <cohort.jsonl|->
            [--detail compact|full] [--max-line-bytes <n>] [--strict]
            """
    )

    @Argument(help: "Guideline files or folders.")
    var paths: [String]

    @Option(name: .long, help: "Patient file (JSON or YAML object from fact names to values); `-` reads standard input.")
    var patient: String?

    @Option(name: .long, help: "Cohort file, one JSON object per line (`-` reads standard input); one JSON result per line out.")
    var patients: String?

    @Option(name: .long, help: "FHIR R4 data instead of --patient: a Bundle or resource (JSON), or a folder of them; needs --bindings.")
    var fhir: String?

    @Option(name: .long, help: "For --fhir: the bindings document that says where each fact is found (e.g. bindings/nen-fhir.yaml).")
    var bindings: String?

    @Option(help: "For --patients: compact (ids, direction, level, needs) or full (the whole JSON contract).")
    var detail: EvaluationJSON.Detail = .compact

    @Option(name: .customLong("max-line-bytes"),
            help: "For --patients: the longest line accepted, in bytes; a longer line is that line's error and the run goes on.")
    var maxLineBytes: Int = CohortCommand.defaultMaxLineBytes

    @Flag(help: "Treat patient keys that no guideline declares as errors.")
    var strict = false

    @OptionGroup(title: "Cohort options") var cohort: CohortOptions

    @Option(help: "text or json.")
    var format: Format = .text

    @OptionGroup var loading: LoadOptions

    @Flag(help: "In text output, show the conditions that led to each recommendation (JSON always has them).")
    var trace = false

    @Flag(help: "In text output, one line per recommendation (direction, id, level), citations once at the end.")
    var brief = false

    func validate() throws {
        guard [patient, patients, fhir].compactMap({ $0 }).count == 1 else {
            throw ValidationError("give exactly one of --patient <file>, --patients <cohort.jsonl> and --fhir <bundle.json>")
        }
        guard (fhir == nil) == (bindings == nil) else { throw ValidationError("--fhir and --bindings go together") }
        guard maxLineBytes > 0 else { throw ValidationError("--max-line-bytes must be at least 1") }
    }

    func run() throws {
        let (guidelines, compilation) = try Output.compile(paths, loading: loading)
        if let patients {
            try CohortCommand.run(guidelines: guidelines, path: patients, strict: strict, detail: detail, maxLineBytes: maxLineBytes, options: cohort,
                                  evaluationDate: try loading.evaluationDate())
            return
        }
        if let fhir, let bindings {
            try FHIREval.run(guidelines: guidelines, compilation: compilation, fhir: fhir, bindings: bindings, json: format == .json, trace: trace)
            return
        }
        let options = PatientOptions(patient: patient ?? "-", strict: strict)
        let (patient, diagnostics, sources) = options.load(guidelines, sources: compilation.sources, evaluationDate: try loading.evaluationDate())
        guard let patient else {
            if format == .json {
                Output.write(JSONValue.object([("recommendations", .array([])), ("undetermined", .array([])),
                                               ("diagnostics", .array(diagnostics.map(EvaluationJSON.diagnostic)))]).serialized(pretty: true) + "\n")
            } else {
                Output.writeError(Output.text(diagnostics, sources: sources))
                Output.writeError("error: patient not evaluated (\(Output.summary(diagnostics)))\n")
            }
            throw ExitCode(1)
        }
        let evaluation = Evaluator(guidelines: guidelines).evaluate(patient)
        switch format {
        case .json:
            Output.write(EvaluationJSON.object(evaluation, guidelines: guidelines, diagnostics: diagnostics, trace: true).serialized(pretty: true) + "\n")
        case .text:
            if !diagnostics.isEmpty { Output.writeError(Output.text(diagnostics, sources: sources)) }
            Output.write(brief ? EvaluationText.brief(evaluation, guidelines: guidelines) : EvaluationText.render(evaluation, guidelines: guidelines, trace: trace))
        }
    }
}

struct ExplainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "explain",
        abstract: "Explain why a recommendation was given to a patient, or why not; or show a derived fact's value and what it rests on.",
        usage: "pathway explain <path> <name> --patient <file|-> [--format text|json]\n[--strict] [--allow-imports-outside]"
    )

    @Argument(help: "A guideline file or folder.")
    var path: String

    @Argument(help: "A recommendation id, or the name of a derived fact.")
    var name: String

    @OptionGroup var patientOptions: PatientOptions

    @Option(help: "Output format: text or json.")
    var format: EvalCommand.Format = .text

    @OptionGroup var loading: LoadOptions

    func run() throws {
        let (guidelines, compilation) = try Output.compile([path], loading: loading)
        let isRecommendation = guidelines.recommendations.contains { $0.id == name }
        let isDerived = guidelines.derived.contains { $0.name == name }
        guard isRecommendation || isDerived else {
            let suggestion = Suggest.closest(to: name, in: guidelines.recommendations.map(\.id) + guidelines.derived.map(\.name))
            Output.writeError("error: no recommendation or derived fact `\(name)`" + (suggestion.map { "; did you mean `\($0)`?" } ?? "") + "\n")
            throw ExitCode(2)
        }
        let (patient, diagnostics, sources) = patientOptions.load(guidelines, sources: compilation.sources, evaluationDate: try loading.evaluationDate())
        if !diagnostics.isEmpty { Output.writeError(Output.text(diagnostics, sources: sources)) }
        guard let patient else { throw ExitCode(1) }
        let evaluator = Evaluator(guidelines: guidelines)
        if format == .text, let day = patient.evaluationDate { Output.write("as of \(CalendarDate.text(day))\n\n") }
        if isRecommendation {
            let outcomes = evaluator.evaluate(patient).outcomes.filter { $0.recommendation.id == name }
            switch format {
            case .text: for outcome in outcomes { Output.write(EvaluationText.explain(outcome, guidelines: guidelines)) }
            case .json:
                let values = outcomes.map { EvaluationJSON.stating(patient.evaluationDate, in: EvaluationJSON.explain($0, guidelines: guidelines)) }
                Output.write((values.count == 1 ? values[0] : .array(values)).serialized(pretty: true) + "\n")
            }
            return
        }
        guard let value = evaluator.derivedValue(name, for: patient) else { throw ExitCode(2) }
        let facts = evaluator.facts(ofDerived: name)
        let reads = facts.map { ($0.name, patient.describe($0)) }
        let needs = facts.filter { !patient.isKnown($0.slot) }.map(\.name)
        switch format {
        case .text: Output.write(EvaluationText.explain(value, reads: reads, needs: needs))
        case .json: Output.write(EvaluationJSON.stating(patient.evaluationDate, in: EvaluationJSON.explain(value, reads: reads, needs: needs)).serialized(pretty: true) + "\n")
        }
    }
}
