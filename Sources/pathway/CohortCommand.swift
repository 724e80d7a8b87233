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
    static func run(guidelines: CompiledGuidelines, path: String, strict: Bool, detail: EvaluationJSON.Detail) throws {
        let input: FileHandle
        if path == "-" {
            input = FileHandle.standardInput
        } else {
            guard let handle = FileHandle(forReadingAtPath: path) else {
                Output.writeError("error: cannot read cohort file `\(path)`\n")
                throw ExitCode(1)
            }
            input = handle
        }
        var stream = CohortStream(runner: CohortRunner(guidelines: guidelines, strict: strict, detail: detail,
                                                       file: path == "-" ? "<stdin>" : path))
        while true {
            let chunk = input.readData(ofLength: 1 << 16)
            if chunk.isEmpty { break }
            stream.consume([UInt8](chunk))
        }
        stream.finish()
        if stream.failed > 0 {
            Output.writeError("error: \(stream.failed) of \(stream.count) patient lines failed\n")
            throw ExitCode(1)
        }
    }
}

/// Splits input into lines, runs each, and buffers the output.
struct CohortStream {
    var runner: CohortRunner
    private var pending: [UInt8] = []
    private var output: [UInt8] = []
    private var lineNumber = 0
    private(set) var failed = 0
    private(set) var count = 0

    init(runner: CohortRunner) {
        self.runner = runner
        output.reserveCapacity(1 << 17)
    }

    mutating func consume(_ bytes: [UInt8]) {
        var start = 0
        if !pending.isEmpty, let newline = bytes.firstIndex(of: 0x0A) {
            pending.append(contentsOf: bytes[..<newline])
            let line = pending
            pending.removeAll(keepingCapacity: true)
            handle(line[...])
            start = newline + 1
        }
        while start < bytes.count, let newline = bytes[start...].firstIndex(of: 0x0A) {
            handle(bytes[start..<newline])
            start = newline + 1
        }
        if start < bytes.count { pending.append(contentsOf: bytes[start...]) }
    }

    mutating func finish() {
        if !pending.isEmpty {
            let line = pending
            pending.removeAll()
            handle(line[...])
        }
        flush()
    }

    private mutating func handle(_ line: ArraySlice<UInt8>) {
        lineNumber += 1
        if line.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) { return }
        count += 1
        let result = runner.run(line: line, number: lineNumber)
        if result.failed { failed += 1 }
        output.append(contentsOf: result.output)
        output.append(0x0A)
        if output.count > 1 << 16 { flush() }
    }

    private mutating func flush() {
        FileHandle.standardOutput.write(Data(output))
        output.removeAll(keepingCapacity: true)
    }
}
