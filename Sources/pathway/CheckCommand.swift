import ArgumentParser
import PathwayAnalysis
import PathwayCompiler
import PathwayDiagnostics
import PathwayEvaluator
import PathwaySyntax
import PathwayYAML

struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Load, type check and compile guidelines; report every problem.",
        usage: "pathway check <paths> ... [--format <format>] [--analyze]\n[--allow-imports-outside]",
        discussion: "Exit status: 0 without errors (warnings allowed), 1 with errors, 2 on usage errors."
    )

    @Argument(help: "Guideline files or folders.")
    var paths: [String]

    @Option(help: "Output format: text, json or sarif.")
    var format: DiagnosticFormat = .text

    @OptionGroup var loading: LoadOptions

    @Flag(help: "Also analyse the patients the guidelines partition: table gaps and overlaps, shadowed rows and branches, contradictions, unsatisfiable conditions.")
    var analyze = false

    func run() throws {
        let compilation = loading.compile(paths)
        var diagnostics = compilation.diagnostics
        if analyze, let guidelines = compilation.guidelines {
            diagnostics = (diagnostics + GuidelineAnalyzer(guidelines: guidelines.fixingEvaluationDate(try loading.evaluationDate() ?? CalendarDate.today())).analyze()).sorted()
        }
        Output.report(diagnostics, sources: compilation.sources, format: format)
        if format == .text {
            if let g = compilation.guidelines {
                let rules = g.recommendations.reduce(0) { $0 + $1.paths.count }
                Output.write("checked \(g.guidelines.count) guideline\(g.guidelines.count == 1 ? "" : "s"): \(g.recommendations.count) recommendations, \(rules) decision paths, \(g.facts.count) facts, \(g.atoms.count) atoms, \(g.nodes.count) graph nodes; \(Output.summary(diagnostics))\n")
            } else {
                Output.writeError("error: check failed (\(Output.summary(compilation.diagnostics)))\n")
            }
        }
        if compilation.diagnostics.containsErrors { throw ExitCode(1) }
    }
}
