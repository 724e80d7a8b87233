import Foundation

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
    static func files(at revision: String, under paths: [String]) throws -> [(path: String, text: String)] {
        let listing = try git(["ls-tree", "-r", "-z", "--name-only", revision, "--"] + paths)
        let names = listing.split(separator: 0).map { String(decoding: $0, as: UTF8.self) }
            .filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") }.sorted()
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
