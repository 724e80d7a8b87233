import ArgumentParser
import Foundation
import PathwayCompiler
import PathwayDiagnostics
import PathwayDiff
import PathwayYAML

struct DiffCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diff",
        abstract: "Compare two versions of guidelines: what changed in the text, and which patients get a different outcome.",
        usage: """
            pathway diff <old> <new> [--format text|json|markdown] [--no-traces]
            pathway diff --git [REV[..REV]] [<paths> ...] [--format <format>]
            pathway diff --git-driver <7 arguments from git>
            """,
        discussion: """
            OLD and NEW are files or folders. With --git, compares guideline files between \
            git revisions (default: HEAD against the working tree; paths default to \
            guidelines/).

            As a git diff driver: `git config diff.pathway.command 'pathway diff \
            --git-driver'` and, in .gitattributes, a line such as `*.yaml diff=pathway`.

            Exit status: 0 without differences, 1 with differences, 2 on errors (either \
            version does not compile).
            """
    )

    @Flag(help: "Compare revisions of the git repository in the current directory.")
    var git = false

    @Flag(name: .customLong("git-driver"), help: "Act as a git external diff driver (git passes 7 arguments).")
    var gitDriver = false

    @Argument(help: "OLD and NEW files or folders; with --git, an optional REV or REV..REV and then paths.")
    var arguments: [String] = []

    @Option(help: "Output format: text, json or markdown.")
    var format: DiffFormat = .text

    @Flag(help: "Leave the witnesses' traces out of text output.")
    var noTraces = false

    @OptionGroup var loading: LoadOptions

    func run() throws {
        let (old, new) = try load()
        var failed = false
        for (label, compilation) in [("old", old), ("new", new)] where compilation.guidelines == nil {
            Output.writeError("error: the \(label) version does not compile (\(Output.summary(compilation.diagnostics)))\n")
            Output.report(compilation.diagnostics, sources: compilation.sources, format: .text)
            failed = true
        }
        let asOf = try loading.evaluationDate() ?? CalendarDate.today()
        guard !failed, let diff = GuidelineDiff(old: old, new: new, evaluationDate: asOf) else { throw ExitCode(2) }
        // Git prints no header of its own for an external diff; several files' reports must stay apart.
        if gitDriver, let path = arguments.first {
            switch format {
            case .text: Output.write("pathway diff a/\(path) b/\(path)\n")
            case .markdown: Output.write("## `\(path)`\n\n")
            case .json: break
            }
        }
        switch format {
        case .text: Output.write(DiffTextRenderer(traces: !noTraces).render(diff))
        case .json: Output.write(DiffJSONRenderer.render(diff).serialized(pretty: true) + "\n")
        case .markdown: Output.write(DiffMarkdownRenderer.render(diff))
        }
        // Git stops at the first external diff that exits non-zero, so the driver always says 0.
        if !diff.isEmpty && !gitDriver { throw ExitCode(1) }
    }

    private func load() throws -> (Compilation, Compilation) {
        if gitDriver {
            // git runs the driver as: path old-file old-hex old-mode new-file new-hex new-mode
            guard arguments.count == 7 else { throw ValidationError("--git-driver expects the 7 arguments git passes to an external diff") }
            let path = arguments[0]
            return (try compile(file: arguments[1], as: path), try compile(file: arguments[4], as: path))
        }
        if git {
            var revisions = "HEAD"
            var paths = arguments
            if let first = arguments.first, !FileManager.default.fileExists(atPath: first) {
                revisions = first
                paths.removeFirst()
            }
            if paths.isEmpty { paths = ["guidelines"] }
            let parts = revisions.components(separatedBy: "..")
            do {
                // The paths listed from are the trees imports stay in, as for folders given directly.
                let old = loading.compile(texts: try GitRevision.files(at: parts[0].isEmpty ? "HEAD" : parts[0], under: paths), importRoots: paths)
                if parts.count == 2 {
                    let new = loading.compile(texts: try GitRevision.files(at: parts[1].isEmpty ? "HEAD" : parts[1], under: paths), importRoots: paths)
                    return (old, new)
                }
                return (old, loading.compile(paths))
            } catch let failure as GitRevision.Failure {
                Output.writeError("error: \(failure.description)\n")
                throw ExitCode(2)
            }
        }
        guard arguments.count == 2 else { throw ValidationError("expected OLD and NEW (files or folders), or --git") }
        for path in arguments where !FileManager.default.fileExists(atPath: path) {
            Output.writeError("error: no such file or folder `\(path)`\n")
            throw ExitCode(2)
        }
        return (loading.compile([arguments[0]]), loading.compile([arguments[1]]))
    }

    /// Compiles a file git extracted under the name of the file it is a version of, so its imports
    /// resolve from the working tree.
    private func compile(file: String, as path: String) throws -> Compilation {
        if file == "/dev/null" { return loading.compile(texts: []) }
        // Read as any guideline file is: bounded, UTF-8, a byte order mark ignored.
        let limit = YAMLLimits.standard.maxBytes
        switch BoundedFile.read(file, limit: limit) {
        case .success(let bytes):
            let text = TextEncoding.droppingByteOrderMark(bytes)
            guard let problem = TextEncoding.utf8Problem(in: text, path: path, code: .unreadableFile, what: "`\(path)`") else {
                // Git runs a diff driver at the top of the work tree: the repository is the tree imports stay in.
                return loading.compile(texts: [(path, String(decoding: text, as: UTF8.self))], readingImportsFromDisk: true, importRoots: ["."])
            }
            Output.writeError("error: \(problem.message) (at \(problem.span?.description ?? path))\n")
            throw ExitCode(2)
        case .failure(.tooLarge):
            Output.writeError("error: `\(path)` is more than the limit of \(limit) bytes\n")
            throw ExitCode(2)
        case .failure:
            Output.writeError("error: cannot read `\(file)`\n")
            throw ExitCode(2)
        }
    }
}

/// How a diff is written.
enum DiffFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json, markdown
}
