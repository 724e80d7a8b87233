import ArgumentParser
import Foundation
import Pathway

extension EvaluationJSON.Detail: ExpressibleByArgument {}

/// `pathway eval --patients cohort.jsonl`: streams a cohort through the evaluator.
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
        let runner = CohortRunner(guidelines: guidelines, strict: strict, detail: detail, file: path == "-" ? "<stdin>" : path)
        var output = Data()
        output.reserveCapacity(1 << 17)
        var failed = 0, count = 0
        var pending = Data()
        var lineNumber = 0
        func flush() {
            FileHandle.standardOutput.write(output)
            output.removeAll(keepingCapacity: true)
        }
        func handle(_ bytes: Data) {
            lineNumber += 1
            let text = String(decoding: bytes, as: UTF8.self)
            if text.allSatisfy(\.isWhitespace) { return }
            count += 1
            let result = runner.run(line: Substring(text), number: lineNumber)
            if result.failed { failed += 1 }
            output.append(contentsOf: Array(result.output.utf8))
            output.append(0x0A)
            if output.count > 1 << 16 { flush() }
        }
        while true {
            let chunk = input.readData(ofLength: 1 << 16)
            if chunk.isEmpty { break }
            pending.append(chunk)
            var start = pending.startIndex
            while let newline = pending[start...].firstIndex(of: 0x0A) {
                handle(pending[start..<newline])
                start = pending.index(after: newline)
            }
            pending = Data(pending[start...])
        }
        if !pending.isEmpty { handle(pending) }
        flush()
        if failed > 0 {
            Output.writeError("error: \(failed) of \(count) patient lines failed\n")
            throw ExitCode(1)
        }
    }
}
