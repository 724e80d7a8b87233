import ArgumentParser
import PathwayCompiler
import PathwayEvaluator

struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Reports for reviewing guidelines against their sources.",
        subcommands: [PopulationsCommand.self]
    )
}

struct PopulationsCommand: ParsableCommand {
    enum Format: String, ExpressibleByArgument, CaseIterable { case markdown }

    static let configuration = CommandConfiguration(
        commandName: "populations",
        abstract: "Who each recommendation reaches: the population in the source's words, the encoded condition, and the tests at its edges.",
        discussion: """
        Prints one Markdown table per guideline (the table of guidelines/README.md). With --uncovered, prints instead each \
        recommendation and fact it gates on that no test withholds it because of, and exits 1 if there is any.
        """
    )

    @Argument(help: "Guideline files or folders.")
    var paths: [String]

    @Option(help: "markdown.")
    var format: Format = .markdown

    @Flag(help: "List the recommendations and facts without a test that withholds the recommendation because of the fact.")
    var uncovered = false

    @OptionGroup var loading: LoadOptions

    func run() throws {
        let (guidelines, _) = try Output.compile(paths, loading: loading)
        let report = PopulationReport(guidelines: guidelines)
        if uncovered {
            let text = report.uncoveredText()
            Output.write(text + "\(report.uncovered.count) uncovered of \(report.entries.map(\.gatingFacts.count).reduce(0, +)) recommendation–fact pairs\n")
            if !report.uncovered.isEmpty { throw ExitCode(1) }
            return
        }
        switch format {
        case .markdown: Output.write(report.markdown())
        }
    }
}
