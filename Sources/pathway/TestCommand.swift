import ArgumentParser
import PathwayCompiler
import PathwayCoverage
import PathwayDiagnostics
import PathwayEvaluator
import PathwaySyntax
import PathwayYAML

/// How `pathway test` writes its results.
enum TestFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json, junit
}

struct TestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "test",
        abstract: "Run the test cases written in guideline documents.",
        usage: "pathway test <paths> ... [--coverage] [--format text|json|junit]\n[--filter <pattern>] [--min-coverage <n>] [--suggest]\n[--allow-imports-outside]",
        discussion: """
            Prints one line per test and a closing `N passed, N failed`; exit 1 on any failure. \
            With --coverage, also which tree branches, table rows, derived-fact cases, \
            recommendations (given and withheld) and boundaries (both sides of each threshold, \
            enum or boolean test, one test exactly at a threshold) the tests exercise, and where \
            each uncovered item is written. With --suggest, a ready test case (YAML) for each \
            uncovered item instead, from the region analysis, with the outcome the guidelines give \
            now: review it, then paste it under `tests:`.
            """
    )

    @Argument(help: "Guideline files or folders.")
    var paths: [String]

    @Flag(help: "Measure what the tests exercise and list what they miss.")
    var coverage = false

    @Flag(help: "Print a suggested test case for every uncovered item (YAML).")
    var suggest = false

    @Option(help: "Output format: text, json or junit (JUnit XML for CI).")
    var format: TestFormat = .text

    @Option(help: ArgumentHelp("Run only tests whose `guideline/test` contains PATTERN (`*`: any characters).", valueName: "pattern"))
    var filter: String?

    @Option(help: ArgumentHelp("Exit 1 when coverage is below N percent (implies --coverage).", valueName: "n"))
    var minCoverage: Int?

    @OptionGroup var loading: LoadOptions

    func validate() throws {
        if let minCoverage, !(0...100).contains(minCoverage) { throw ValidationError("--min-coverage must be between 0 and 100, not \(minCoverage)") }
        if suggest && format != .text { throw ValidationError("--suggest prints YAML; it takes no --format") }
    }

    func run() throws {
        let (guidelines, compilation) = try Output.compile(paths, loading: loading)
        let selection = filter.map(TestFilter.init)
        let results = GuidelineTestRunner(guidelines: guidelines, evaluationDate: try loading.evaluationDate()).run { selection?.includes(guideline: $0, test: $1) ?? true }
        let renderer = TextDiagnosticRenderer(sources: compilation.sources, colored: Output.colored)
        if let filter, results.isEmpty {
            Output.writeError(Output.text([Diagnostic(.noTestSelected, "no test matches `\(Excerpt.truncated(filter))`",
                                                      at: nil, notes: [.init("tests are named `guideline/test`, e.g. `\(guidelines.guidelines.first.map { "\($0.id)/\($0.tests.first?.id.value ?? "…")" } ?? "")`")])],
                                          sources: compilation.sources))
            throw ExitCode(1)
        }
        let measuring = coverage || suggest || minCoverage != nil
        let model = measuring ? CoverageModel(guidelines: guidelines) : nil
        let report = TestReport(results: results, coverage: model?.measure(results))
        if suggest, let model, let coverage = report.coverage {
            let (tests, unreachable) = TestSuggester(model: model).suggest(for: coverage)
            Output.write(TestSuggester.render(tests, unreachable: unreachable, guidelines: guidelines))
            Output.writeError("\(tests.count) suggested test\(tests.count == 1 ? "" : "s") for \(coverage.uncovered.count) uncovered item\(coverage.uncovered.count == 1 ? "" : "s")\n")
        } else {
            switch format {
            case .text:
                for result in results {
                    Output.write("\(result.passed ? "PASS" : "FAIL") \(result.guideline) › \(result.test)\n")
                    for failure in result.failures { Output.write(renderer.render(failure)) }
                }
                if let coverage = report.coverage { Output.write("\n" + CoverageTextRenderer().render(coverage)) }
                Output.write("\n\(results.count - report.failed) passed, \(report.failed) failed\n")
            case .json:
                Output.write(CoverageJSONRenderer.render(report))
            case .junit:
                let plain = TextDiagnosticRenderer(sources: compilation.sources, colored: false)
                Output.write(JUnitRenderer(renderFailure: { plain.render($0) }).render(report))
            }
        }
        var belowMinimum = false
        if let minCoverage, let coverage = report.coverage, coverage.permille < minCoverage * 10 {
            let (covered, total) = coverage.count()
            Output.writeError(Output.text([Diagnostic(.coverageBelowMinimum,
                                                      "coverage \(CoverageReport.percent(covered, of: total)) is below the minimum of \(minCoverage)%",
                                                      at: nil, notes: [.init("\(covered) of \(total) items covered; `pathway test --suggest` proposes tests for the others")])],
                                          sources: compilation.sources))
            belowMinimum = true
        }
        if report.failed > 0 || belowMinimum { throw ExitCode(1) }
    }
}
