import ArgumentParser
import Foundation
import PathwayCompiler
import PathwayDiagnostics
import PathwayEvaluator
import PathwaySyntax
import PathwayYAML

/// `pathway`: check, evaluate, test and draw clinical practice guidelines written in the Pathway language.
struct PathwayCommand: ParsableCommand {
    static let version = "0.1.0"

    static let configuration = CommandConfiguration(
        commandName: "pathway",
        abstract: "Check, evaluate, test and draw clinical practice guidelines written as YAML.",
        version: version,
        subcommands: [CheckCommand.self, EvalCommand.self, ExplainCommand.self, TestCommand.self, GraphCommand.self, DiffCommand.self, InitCommand.self,
                      ReportCommand.self, LSPCommand.self, ServeCommand.self]
    )
}

/// How diagnostics are written.
enum DiagnosticFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json, sarif
}

/// Output helpers shared by the commands.
enum Output {
    static var colored: Bool {
        ProcessInfo.processInfo.environment["NO_COLOR"] == nil && isatty(STDOUT_FILENO) == 1
    }

    static var coloredErrors: Bool {
        ProcessInfo.processInfo.environment["NO_COLOR"] == nil && isatty(STDERR_FILENO) == 1
    }

    static func write(_ text: String) {
        FileHandle.standardOutput.write(Data(text.utf8))
    }

    static func writeError(_ text: String) {
        FileHandle.standardError.write(Data(text.utf8))
    }

    /// Writes diagnostics in a format: text to standard error, JSON and SARIF to standard output.
    static func report(_ diagnostics: [Diagnostic], sources: SourceFileStore, format: DiagnosticFormat) {
        switch format {
        case .text:
            guard !diagnostics.isEmpty else { return }
            writeError(text(diagnostics, sources: sources))
        case .json:
            write(JSONDiagnosticRenderer.render(diagnostics))
        case .sarif:
            write(SARIFDiagnosticRenderer.render(diagnostics, toolVersion: PathwayCommand.version))
        }
    }

    /// The most diagnostics printed as text; the rest are counted (JSON and SARIF carry them all).
    static let maxTextDiagnostics = 500

    /// Diagnostics as text for standard error, at most ``maxTextDiagnostics`` of them.
    static func text(_ diagnostics: [Diagnostic], sources: SourceFileStore) -> String {
        TextDiagnosticRenderer(sources: sources, colored: coloredErrors).render(diagnostics, limit: maxTextDiagnostics)
    }

    static func summary(_ diagnostics: [Diagnostic]) -> String {
        let errors = diagnostics.filter { $0.severity == .error }.count
        let warnings = diagnostics.filter { $0.severity == .warning }.count
        return "\(errors) error\(errors == 1 ? "" : "s"), \(warnings) warning\(warnings == 1 ? "" : "s")"
    }

    /// Compiles guidelines, reporting diagnostics as text when compilation fails.
    /// A compilation that holds vocabularies only (a vocabulary file given) is an error too: there
    /// is nothing to evaluate, test or draw.
    static func compile(_ paths: [String], loading: LoadOptions, format: DiagnosticFormat = .text) throws -> (CompiledGuidelines, Compilation) {
        let compilation = loading.compile(paths)
        guard let guidelines = compilation.guidelines else {
            report(compilation.diagnostics, sources: compilation.sources, format: format)
            if format == .text { writeError("error: guidelines do not compile (\(summary(compilation.diagnostics)))\n") }
            throw ExitCode(1)
        }
        guard !guidelines.guidelines.isEmpty else {
            report(compilation.diagnostics, sources: compilation.sources, format: format)
            writeError("error: no guideline in \(paths.map { "`\(Excerpt.truncated($0))`" }.joined(separator: ", ")), only vocabularies\n")
            throw ExitCode(1)
        }
        return (guidelines, compilation)
    }
}
