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

    func load(_ guidelines: CompiledGuidelines, sources: SourceFileStore) -> (Patient?, [Diagnostic], SourceFileStore) {
        var sources = sources
        let file = PatientFile.read(patient)
        if let source = file.source { sources.add(source) }
        guard let root = file.root else { return (nil, file.diagnostics, sources) }
        let decoded = PatientDecoder(guidelines: guidelines, strict: strict).decode(root)
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
        abstract: "Evaluate a patient against guidelines: recommendations with level, citation and trace."
    )

    @Argument(help: "Guideline file or folder.")
    var paths: [String]

    @Option(name: .long, help: "Patient file (JSON or YAML object from fact names to values); `-` reads standard input.")
    var patient: String?

    @Option(name: .long, help: "Cohort file, one JSON object per line (`-` reads standard input); one JSON result per line out.")
    var patients: String?

    @Option(help: "For --patients: compact (ids, direction, level, needs) or full (the whole JSON contract).")
    var detail: EvaluationJSON.Detail = .compact

    @Flag(help: "Treat patient keys that no guideline declares as errors.")
    var strict = false

    @Option(help: "text or json.")
    var format: Format = .text

    @Flag(help: "In text output, show the conditions that led to each recommendation (JSON always has them).")
    var trace = false

    func validate() throws {
        guard (patient == nil) != (patients == nil) else {
            throw ValidationError("give exactly one of --patient <file> and --patients <cohort.jsonl>")
        }
    }

    func run() throws {
        let (guidelines, compilation) = try Output.compile(paths)
        if let patients {
            try CohortCommand.run(guidelines: guidelines, path: patients, strict: strict, detail: detail)
            return
        }
        let options = PatientOptions(patient: patient ?? "-", strict: strict)
        let (patient, diagnostics, sources) = options.load(guidelines, sources: compilation.sources)
        guard let patient else {
            if format == .json {
                Output.write(JSONValue.object([("recommendations", .array([])), ("undetermined", .array([])),
                                               ("diagnostics", .array(diagnostics.map(EvaluationJSON.diagnostic)))]).serialized(pretty: true) + "\n")
            } else {
                Output.writeError(TextDiagnosticRenderer(sources: sources, colored: Output.coloredErrors).render(diagnostics))
                Output.writeError("error: patient not evaluated (\(Output.summary(diagnostics)))\n")
            }
            throw ExitCode(1)
        }
        let evaluation = Evaluator(guidelines: guidelines).evaluate(patient)
        switch format {
        case .json:
            Output.write(EvaluationJSON.object(evaluation, guidelines: guidelines, diagnostics: diagnostics, trace: true).serialized(pretty: true) + "\n")
        case .text:
            if !diagnostics.isEmpty { Output.writeError(TextDiagnosticRenderer(sources: sources, colored: Output.coloredErrors).render(diagnostics)) }
            Output.write(EvaluationText.render(evaluation, guidelines: guidelines, trace: trace))
        }
    }
}

struct ExplainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "explain",
        abstract: "Explain why a recommendation was given to a patient, or why not."
    )

    @Argument(help: "Guideline file or folder.")
    var path: String

    @Argument(help: "The recommendation id.")
    var recommendation: String

    @OptionGroup var patientOptions: PatientOptions

    func run() throws {
        let (guidelines, compilation) = try Output.compile([path])
        guard guidelines.recommendations.contains(where: { $0.id == recommendation }) else {
            let suggestion = Suggest.closest(to: recommendation, in: guidelines.recommendations.map(\.id))
            Output.writeError("error: no recommendation `\(recommendation)`" + (suggestion.map { "; did you mean `\($0)`?" } ?? "") + "\n")
            throw ExitCode(2)
        }
        let (patient, diagnostics, sources) = patientOptions.load(guidelines, sources: compilation.sources)
        if !diagnostics.isEmpty { Output.writeError(TextDiagnosticRenderer(sources: sources, colored: Output.coloredErrors).render(diagnostics)) }
        guard let patient else { throw ExitCode(1) }
        let evaluation = Evaluator(guidelines: guidelines).evaluate(patient)
        for outcome in evaluation.outcomes where outcome.recommendation.id == recommendation {
            Output.write(EvaluationText.explain(outcome, guidelines: guidelines))
        }
    }
}
