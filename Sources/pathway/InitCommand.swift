import ArgumentParser
import Foundation
import PathwaySyntax

struct InitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Create a new guideline to start from: vocabulary, citation, scheme, tree, test.",
        discussion: """
            Writes FOLDER/vocabulary.yaml and FOLDER/<id>.yaml (the folder is created if needed; \
            existing files are never overwritten). Both start with a `$schema` comment for \
            editors using yaml-language-server. Then: `pathway check FOLDER` and \
            `pathway test FOLDER`.
            """
    )

    @Argument(help: "The folder to create the guideline in.")
    var folder: String

    @Option(help: ArgumentHelp("The guideline's id and file name (lowercase, digits, `-`).", valueName: "id"))
    var id = "new-guideline"

    @Option(help: ArgumentHelp("Path of Grammar/guideline.schema.json as seen from the folder.", valueName: "path"))
    var schema = "../Grammar/guideline.schema.json"

    func validate() throws {
        guard GuidelineScaffold.isValid(id: id) else { throw ValidationError("`\(id)` is not a guideline id: use lowercase letters, digits and `-`, starting with a letter") }
    }

    func run() throws {
        let manager = FileManager.default
        let files = GuidelineScaffold(id: id, schemaPath: schema).files
        for file in files where manager.fileExists(atPath: (folder as NSString).appendingPathComponent(file.name)) {
            Output.writeError("error: `\((folder as NSString).appendingPathComponent(file.name))` exists; nothing written\n")
            throw ExitCode(1)
        }
        do {
            try manager.createDirectory(atPath: folder, withIntermediateDirectories: true)
            for file in files {
                try file.text.write(toFile: (folder as NSString).appendingPathComponent(file.name), atomically: true, encoding: .utf8)
            }
        } catch {
            Output.writeError("error: cannot write in `\(folder)`: \(error.localizedDescription)\n")
            throw ExitCode(1)
        }
        for file in files { Output.write("created \((folder as NSString).appendingPathComponent(file.name))\n") }
        Output.write("next: pathway check \(folder) && pathway test \(folder) --coverage\n")
    }
}
