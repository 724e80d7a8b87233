import ArgumentParser
import Foundation
import PathwayCompiler
import PathwayDiagnostics
import PathwayEvaluator
import PathwaySyntax
import PathwayYAML

struct GraphCommand: ParsableCommand {
    enum Format: String, ExpressibleByArgument, CaseIterable { case dot, mermaid, svg, png }

    static let configuration = CommandConfiguration(
        commandName: "graph",
        abstract: "Draw the compiled decision logic as a flowchart.",
        usage: "pathway graph <paths> ... [--format dot|mermaid|svg|png]\n[--guideline <id>] [--recommendation <id>] [-o <file>]\n[--allow-imports-outside]",
        discussion: """
            One cluster per guideline, tree and table; tree nodes and rows with their ids and \
            conditions; edges labelled true, otherwise, or 1st, 2nd… where the first match wins; \
            derived facts as nodes; recommendations coloured by direction (green for, red \
            against) and bordered by level (bold: the scheme's strongest). svg and png are drawn \
            by Graphviz's `dot`, which must be installed (package `graphviz`).
            """
    )

    @Argument(help: "Guideline files or folders.")
    var paths: [String]

    @Option(help: "dot, mermaid, svg or png (svg and png need Graphviz).")
    var format: Format = .dot

    @Option(help: ArgumentHelp("Draw only the guideline with this id.", valueName: "id"))
    var guideline: String?

    @Option(help: ArgumentHelp("Draw only what leads to this recommendation.", valueName: "id"))
    var recommendation: String?

    @Option(name: [.short, .long], help: ArgumentHelp("Write to this file instead of standard output.", valueName: "file"))
    var output: String?

    @OptionGroup var loading: LoadOptions

    func run() throws {
        let (guidelines, _) = try Output.compile(paths, loading: loading)
        if let guideline, !guidelines.guidelines.contains(where: { $0.id == guideline }) {
            let ids = guidelines.guidelines.map(\.id)
            throw ValidationError("no guideline `\(guideline)`" + (Suggest.closest(to: guideline, in: ids).map { "; did you mean `\($0)`?" } ?? "")
                                  + " (guidelines: " + ids.joined(separator: ", ") + ")")
        }
        var graph = DecisionGraph(guidelines, guideline: guideline)
        if let recommendation, !graph.keep(leadingTo: recommendation) {
            let ids = guidelines.recommendations.filter { r in guideline.map { guidelines.guidelines[r.guideline].id == $0 } ?? true }.map(\.id)
            throw ValidationError("no recommendation `\(recommendation)`" + (Suggest.closest(to: recommendation, in: ids).map { "; did you mean `\($0)`?" } ?? ""))
        }
        let data: Data
        switch format {
        case .dot: data = Data(graph.dot().utf8)
        case .mermaid: data = Data(graph.mermaid().utf8)
        case .svg, .png: data = try Self.render(graph.dot(), as: format.rawValue)
        }
        if let output {
            guard FileManager.default.createFile(atPath: output, contents: data) else {
                Output.writeError("error: cannot write `\(output)`\n")
                throw ExitCode(1)
            }
        } else {
            FileHandle.standardOutput.write(data)
        }
    }

    /// Runs Graphviz's `dot` on the text; a clear error naming the package when it is not installed.
    static func render(_ dot: String, as format: String) throws -> Data {
        let search = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":")
        guard let program = search.map({ "\($0)/dot" }).first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else {
            Output.writeError("error: `--format \(format)` needs Graphviz's `dot` program, which is not installed\n"
                              + "  = help: install the `graphviz` package (`apt-get install graphviz`, `brew install graphviz`), or use `--format dot` or `mermaid`\n")
            throw ExitCode(1)
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: program)
        process.arguments = ["-T\(format)"]
        let input = Pipe(), output = Pipe(), errors = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let writer = input.fileHandleForWriting
        let text = Data(dot.utf8)
        Thread.detachNewThread {
            try? writer.write(contentsOf: text)
            try? writer.close()
        }
        nonisolated(unsafe) var messages = Data()
        let drained = DispatchSemaphore(value: 0)
        Thread.detachNewThread {
            messages = errors.fileHandleForReading.readDataToEndOfFile()
            drained.signal()
        }
        let result = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        drained.wait()
        guard process.terminationStatus == 0 else {
            Output.writeError("error: Graphviz `dot` failed (exit \(process.terminationStatus)): \(String(decoding: messages.prefix(400), as: UTF8.self))\n")
            throw ExitCode(1)
        }
        return result
    }
}
