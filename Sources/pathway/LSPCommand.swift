import ArgumentParser
import Foundation
import PathwayLanguageServer

struct LSPCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lsp",
        abstract: "Run the language server for guideline authors (Language Server Protocol over standard input and output).",
        discussion: "Editors start it; see docs/editors.md. Exit status: 0 after `shutdown` and `exit`, 1 otherwise."
    )

    @Option(help: "The page diagnostic codes link to (default: docs/diagnostics.md beside the pathway repository the binary was built in, if found).")
    var diagnosticsDocumentation: String?

    func run() throws {
        let link = diagnosticsDocumentation ?? LanguageServerDocumentation.defaultDiagnosticsPage()
        throw ExitCode(LanguageServerMain.run(options: .init(diagnosticsDocumentation: link)))
    }
}
