import ArgumentParser
import PathwayCompiler
import PathwayDiagnostics
import PathwayEvaluator
import PathwaySyntax
import PathwayYAML

struct TestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "test",
        abstract: "Run the test cases written in guideline documents.",
        discussion: "Prints one line per test and a closing `N passed, N failed`; exit 1 on any failure."
    )

    @Argument(help: "Guideline files or folders.")
    var paths: [String]

    @OptionGroup var loading: LoadOptions

    func run() throws {
        let (guidelines, compilation) = try Output.compile(paths, loading: loading)
        let results = GuidelineTestRunner(guidelines: guidelines, evaluationDate: try loading.evaluationDate()).run()
        let renderer = TextDiagnosticRenderer(sources: compilation.sources, colored: Output.colored)
        for result in results {
            Output.write("\(result.passed ? "PASS" : "FAIL") \(result.guideline) › \(result.test)\n")
            for failure in result.failures { Output.write(renderer.render(failure)) }
        }
        let failed = results.filter { !$0.passed }.count
        Output.write("\n\(results.count - failed) passed, \(failed) failed\n")
        if failed > 0 { throw ExitCode(1) }
    }
}
