import Foundation
import Testing

/// `--help` of every command at 80 columns: golden text, no line wider than 80, every option listed.
@Suite struct HelpTextTests {
    static let commands = ["", "check", "eval", "explain", "test", "graph", "diff"]

    func help(_ command: String) throws -> String {
        let arguments = (command.isEmpty ? [] : [command]) + ["--help"]
        let r = try PathwayProcess.run(PathwayProcess.binary, arguments, stdin: nil, in: TestFiles.testsDirectory, environment: ["COLUMNS": "80"])
        #expect(r.status == 0)
        return r.stdout
    }

    @Test(arguments: commands)
    func helpReadsWellAt80Columns(command: String) throws {
        let text = try help(command)
        for line in text.split(separator: "\n") {
            #expect(line.count <= 80, "`pathway \(command) --help` has a line of \(line.count) characters: \(line)")
        }
        try TestFiles.assertGolden(text, "help/\(command.isEmpty ? "pathway" : command).txt")
    }

    @Test func everyOptionIsListed() throws {
        let expected: [String: [String]] = [
            "test": ["--coverage", "--suggest", "--format", "--filter", "--min-coverage", "--allow-imports-outside"],
            "graph": ["--format", "--guideline", "--recommendation", "--output", "--allow-imports-outside"],
            "diff": ["--git", "--git-driver", "--format", "--no-traces", "--allow-imports-outside"],
            "eval": ["--patient", "--patients", "--detail", "--max-line-bytes", "--strict", "--format", "--trace", "--brief"],
        ]
        for (command, options) in expected {
            let text = try help(command)
            let listed = text.components(separatedBy: "OPTIONS:").last ?? ""
            for option in options { #expect(listed.contains("  \(option)") || listed.contains(", \(option)"), "`\(command) --help` does not list \(option)") }
        }
    }
}
