import ArgumentParser
import Foundation
import PathwayCompiler
import PathwayDiagnostics
import PathwayEvaluator
import PathwaySyntax
import PathwayYAML

extension EvaluationJSON.Detail: ExpressibleByArgument {}

/// `pathway eval --patients cohort.jsonl`: streams a cohort through the evaluator, one line in and
/// one line out at a time, in constant memory.
enum CohortCommand {
    /// The longest cohort line accepted by default, in bytes (4 MiB).
    static let defaultMaxLineBytes = 4 * 1024 * 1024

    static func run(guidelines: CompiledGuidelines, path: String, strict: Bool, detail: EvaluationJSON.Detail,
                    maxLineBytes: Int = defaultMaxLineBytes, evaluationDate: Int64? = nil) throws {
        let fd: Int32
        if path == "-" {
            fd = STDIN_FILENO
        } else {
            switch BoundedFile.status(path) {
            case .success(let status) where status.isRegular || status.isStream:
                fd = open(path, O_RDONLY | O_CLOEXEC)
            case .success(let status):
                Output.writeError("error: cannot read cohort file `\(Excerpt.truncated(path))`: it is \(status.kind)\n")
                throw ExitCode(1)
            case .failure:
                fd = -1
            }
            guard fd >= 0 else {
                Output.writeError("error: cannot read cohort file `\(Excerpt.truncated(path))`\n")
                throw ExitCode(1)
            }
        }
        defer { if fd != STDIN_FILENO { close(fd) } }
        let file = path == "-" ? "<stdin>" : path
        var stream = CohortStream(runner: CohortRunner(guidelines: guidelines, strict: strict, detail: detail, file: file, evaluationDate: evaluationDate),
                                  file: file, maxLineBytes: maxLineBytes)
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if count < 0, errno == EINTR { continue }
            if count < 0 {
                stream.finish()
                Output.writeError("error: reading the cohort failed: \(String(cString: strerror(errno)))\n")
                throw ExitCode(1)
            }
            if count == 0 { break }
            stream.consume(buffer[0..<count])
        }
        stream.finish()
        if stream.failed > 0 {
            Output.writeError("error: \(stream.failed) of \(stream.count) patient lines failed\n")
            throw ExitCode(1)
        }
    }
}
