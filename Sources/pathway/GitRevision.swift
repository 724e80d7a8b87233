import Foundation
import PathwayDiagnostics
import PathwayYAML

/// Reads guideline files from a revision of the git repository in the current directory.
enum GitRevision {
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    /// Runs git with arguments; its standard output, or a failure with its standard error.
    static func git(_ arguments: [String]) throws -> Data {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["git"] + arguments
        let output = Pipe(), errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        do { try process.run() } catch { throw Failure(description: "cannot run git: \(error.localizedDescription)") }
        // Both pipes are drained before waiting, and standard error on its own thread, so that neither a
        // large file nor a long error message can fill a pipe and block git.
        let errorReader = ErrorCollector(errors.fileHandleForReading)
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let message = errorReader.wait()
        guard process.terminationStatus == 0 else {
            let text = String(decoding: message, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            throw Failure(description: "git \(arguments.joined(separator: " ")) failed: \(text)")
        }
        return data
    }

    /// The `.yaml`/`.yml` files under `paths` at `revision`, as (path relative to the current directory, text).
    ///
    /// Sizes come from the listing, so a file over the guideline size limit is refused before git is
    /// asked for its content.
    static func files(at revision: String, under paths: [String], limit: Int = YAMLLimits.standard.maxBytes) throws -> [(path: String, text: String)] {
        // Each entry: `<mode> <type> <object> <size>\t<path>`, separated by NUL.
        let listing = try git(["ls-tree", "-r", "-l", "-z", revision, "--"] + paths)
        var names: [String] = []
        for entry in listing.split(separator: 0) {
            let text = String(decoding: entry, as: UTF8.self)
            guard let tab = text.firstIndex(of: "\t") else { continue }
            let name = String(text[text.index(after: tab)...])
            guard name.hasSuffix(".yaml") || name.hasSuffix(".yml") else { continue }
            let fields = text[..<tab].split(separator: " ", omittingEmptySubsequences: true)
            if fields.count == 4, let size = Int(fields[3]), size > limit {
                throw Failure(description: "`\(Excerpt.truncated(name))` at \(revision) is \(size) bytes, more than the limit of \(limit) bytes")
            }
            names.append(name)
        }
        names.sort()
        return try names.map { name in
            let data = try git(["show", "\(revision):./\(name)"])
            guard let text = String(data: data, encoding: .utf8) else { throw Failure(description: "`\(name)` at \(revision) is not UTF-8 text") }
            return (name, text)
        }
    }
}

/// Reads a pipe to its end on a thread of its own.
private final class ErrorCollector: @unchecked Sendable {
    private var data = Data()
    private let done = DispatchSemaphore(value: 0)

    init(_ handle: FileHandle) {
        Thread.detachNewThread { [self] in
            data = handle.readDataToEndOfFile()
            done.signal()
        }
    }

    /// Everything the pipe carried; blocks until the writer has closed it.
    func wait() -> Data {
        done.wait()
        return data
    }
}
