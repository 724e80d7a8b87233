import ArgumentParser
import Foundation
import PathwayCompiler
import PathwayDiagnostics
import PathwayEvaluator
import PathwaySyntax
import PathwayYAML

extension EvaluationJSON.Detail: ExpressibleByArgument {}

/// The options of `pathway eval --patients` beyond the detail and the line limit.
struct CohortOptions: ParsableArguments {
    @Option(help: "For --patients: evaluate blocks of lines on this many threads (default: every core); the output is the same for every value.")
    var jobs: Int?

    @Option(name: .customLong("id-field"),
            help: "For --patients: a field that is a record id, not a fact, echoed in each output line (repeatable; default: `id` when present).")
    var idFields: [String] = []

    @Option(name: .customLong("input-format"), help: "For --patients: jsonl or csv (default: csv for a `.csv` file, else jsonl).")
    var inputFormat: CohortFormat?

    @Option(name: .customLong("output-format"), help: "For --patients: jsonl, or csv (one column per recommendation: given, not_given or undetermined).")
    var outputFormat: CohortFormat = .jsonl

    @Flag(help: "For --patients: after the stream, print per recommendation the patients given, not given and undetermined, and the facts most often needed, to standard error.")
    var summary = false

    @Option(name: .customLong("summary-file"), help: "For --patients: write that summary as JSON to this file instead.")
    var summaryFile: String?

    @Flag(help: "For --patients: each line starts with its line number in the whole cohort and a tab (`12<TAB>{...}`), used in the output; for cohorts split across processes (examples/spark).")
    var numbered = false

    @Option(name: .customLong("input-name"), help: "For --patients: the file name diagnostics' locations give (default: the path, or `<stdin>`); with --numbered, the whole cohort's.")
    var inputName: String?

    func validate() throws {
        if let jobs, jobs < 1 { throw ValidationError("--jobs must be at least 1") }
    }
}

extension CohortFormat: ExpressibleByArgument {}

extension CohortOptions {
    /// The input format: as given, or from the file's extension.
    func inputFormat(of path: String) -> CohortFormat {
        inputFormat ?? (path.lowercased().hasSuffix(".csv") ? .csv : .jsonl)
    }
}

/// `pathway eval --patients cohort.jsonl`: streams a cohort through the evaluator, blocks of lines
/// in and the same lines' results out, in input order, in constant memory.
enum CohortCommand {
    /// The longest cohort line accepted by default, in bytes (4 MiB).
    static let defaultMaxLineBytes = 4 * 1024 * 1024

    static func run(guidelines: CompiledGuidelines, path: String, strict: Bool, detail: EvaluationJSON.Detail,
                    maxLineBytes: Int = defaultMaxLineBytes, options: CohortOptions = CohortOptions(), evaluationDate: Int64? = nil) throws {
        if let problem = CohortRunner.problem(withIdFields: options.idFields, guidelines: guidelines) {
            Output.writeError("error: --id-field: \(problem)\n")
            throw ExitCode(2)
        }
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
        let file = options.inputName ?? (path == "-" ? "<stdin>" : path)
        var runner = CohortRunner(guidelines: guidelines, strict: strict, detail: detail, file: file, evaluationDate: evaluationDate,
                                  idFields: options.idFields.isEmpty ? nil : options.idFields)
        runner.inputFormat = options.inputFormat(of: path)
        runner.outputFormat = options.outputFormat
        if options.outputFormat == .csv {
            guard detail == .compact else {
                Output.writeError("error: --output-format csv has one column per recommendation; --detail full is for jsonl only\n")
                throw ExitCode(2)
            }
            writeStandardOutput(CohortCSV.outputHeader(guidelines, idFields: runner.idFields) + [0x0A])
        }
        let jobs = options.jobs ?? ProcessInfo.processInfo.activeProcessorCount
        var stream = CohortStream(runner: runner, jobs: jobs, file: file, maxLineBytes: maxLineBytes, write: writeStandardOutput)
        stream.numbered = options.numbered
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
        if let problem = stream.headerProblem {
            Output.writeError("error: \(file): the CSV header is not usable: \(problem)\n")
            throw ExitCode(1)
        }
        if options.summary || options.summaryFile != nil {
            var summary = CohortSummary(guidelines)
            for r in stream.jobRunners { summary.merge(r.summary) }
            if let summaryFile = options.summaryFile {
                guard FileManager.default.createFile(atPath: summaryFile, contents: Data((summary.json(guidelines).serialized(pretty: true) + "\n").utf8)) else {
                    Output.writeError("error: cannot write the summary to `\(Excerpt.truncated(summaryFile))`\n")
                    throw ExitCode(1)
                }
            } else {
                Output.writeError(summary.text(guidelines))
            }
        }
        if stream.failed > 0 {
            Output.writeError("error: \(stream.failed) of \(stream.count) patient lines failed\n")
            throw ExitCode(1)
        }
    }

    /// Writes all of `bytes` to standard output.
    static func writeStandardOutput(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { raw in
            guard let base = raw.baseAddress else { return }
            var offset = 0
            while offset < raw.count {
                let n = Glibc.write(STDOUT_FILENO, base + offset, raw.count - offset)
                if n < 0, errno == EINTR { continue }
                if n <= 0 { return }
                offset += n
            }
        }
    }
}
