import ArgumentParser
import PathwayCompiler
import PathwayDiagnostics
import PathwayEvaluator
import PathwaySyntax
import PathwayYAML

struct GraphCommand: ParsableCommand {
    enum Format: String, ExpressibleByArgument, CaseIterable { case dot, mermaid }

    static let configuration = CommandConfiguration(
        commandName: "graph",
        abstract: "Print the compiled decision graph as a flowchart (Graphviz dot or Mermaid)."
    )

    @Argument(help: "Guideline files or folders.")
    var paths: [String]

    @Option(help: "dot or mermaid.")
    var format: Format = .dot

    @OptionGroup var loading: LoadOptions

    func run() throws {
        let (guidelines, _) = try Output.compile(paths, loading: loading)
        let graph = DecisionGraph(guidelines)
        Output.write(format == .dot ? graph.dot() : graph.mermaid())
    }
}
