import Foundation
import PathwayDiagnostics
import PathwayEvaluator
import PathwayYAML

/// Splits input into lines, runs each, and buffers the output.
///
/// A line longer than `maxLineBytes` is never held whole: from the moment it passes the limit its
/// bytes are only counted, up to its newline, and it becomes its own error object (PW0609) with the
/// start of the line as an excerpt; the next line is read as usual. Memory is bounded by the limit.
/// A byte order mark at the start of the stream is ignored.
struct CohortStream {
    var runner: CohortRunner
    let file: String
    let maxLineBytes: Int
    private var pending: [UInt8] = []
    /// The line being skipped because it is over the limit: its first bytes and its length so far.
    private var skipping: (head: [UInt8], length: Int)?
    private var output: [UInt8] = []
    private var lineNumber = 0
    private(set) var failed = 0
    private(set) var count = 0

    /// How many bytes of an overlong line are kept for its excerpt.
    static let excerptBytes = 4 * Excerpt.valueLimit

    init(runner: CohortRunner, file: String = "<stdin>", maxLineBytes: Int = CohortCommand.defaultMaxLineBytes) {
        self.runner = runner
        self.file = file
        self.maxLineBytes = max(1, maxLineBytes)
        output.reserveCapacity(1 << 17)
    }

    mutating func consume(_ bytes: ArraySlice<UInt8>) {
        var start = bytes.startIndex
        while start < bytes.endIndex {
            let newline = Self.firstNewline(in: bytes, from: start)
            let end = newline ?? bytes.endIndex
            if skipping != nil {
                skipping?.length += end - start
            } else if pending.isEmpty, newline != nil, end - start <= maxLineBytes {
                // The common case: a whole line inside the chunk, run without copying.
                handle(bytes[start..<end])
                start = end + 1
                continue
            } else if pending.count + (end - start) > maxLineBytes {
                var head = Array(pending.prefix(Self.excerptBytes))
                head += bytes[start..<min(end, start + max(0, Self.excerptBytes - head.count))]
                skipping = (head, pending.count + (end - start))
                pending = []
            } else {
                pending.append(contentsOf: bytes[start..<end])
            }
            guard let newline else { break }
            endLine()
            start = newline + 1
        }
    }

    mutating func consume(_ bytes: [UInt8]) {
        consume(bytes[...])
    }

    /// The index of the first `\n` in `bytes` from `start`, found with `memchr` (lines are searched
    /// at memory speed, which matters for overlong lines that are only skipped).
    static func firstNewline(in bytes: ArraySlice<UInt8>, from start: Int) -> Int? {
        bytes.withUnsafeBufferPointer { buffer -> Int? in
            guard let base = buffer.baseAddress else { return nil }
            let offset = start - bytes.startIndex
            guard let found = memchr(base + offset, 0x0A, buffer.count - offset) else { return nil }
            return bytes.startIndex + (UnsafeRawPointer(found) - UnsafeRawPointer(base))
        }
    }

    mutating func finish() {
        if !pending.isEmpty || skipping != nil { endLine() }
        flush()
    }

    /// Ends the line collected in `pending` or being skipped, at a newline or the end of input.
    private mutating func endLine() {
        if let skipped = skipping {
            skipping = nil
            tooLong(skipped.head, length: skipped.length)
            return
        }
        let line = pending
        pending.removeAll(keepingCapacity: true)
        handle(line[...])
    }

    private mutating func handle(_ line: ArraySlice<UInt8>) {
        lineNumber += 1
        var line = line
        if lineNumber == 1, TextEncoding.startsWithByteOrderMark(line) { line = line.dropFirst(3) }
        if line.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) { return }
        count += 1
        let result = runner.run(line: line, number: lineNumber)
        if result.failed { failed += 1 }
        emit(result.output)
    }

    /// The error object of a line over the limit: its number, its length and its start, cut with `…`.
    private mutating func tooLong(_ head: [UInt8], length: Int) {
        lineNumber += 1
        count += 1
        failed += 1
        var head = head[...]
        if lineNumber == 1, TextEncoding.startsWithByteOrderMark(head) { head = head.dropFirst(3) }
        var excerpt = Excerpt.truncated(String(decoding: head, as: UTF8.self))
        if !excerpt.hasSuffix(Excerpt.mark) { excerpt += Excerpt.mark }
        let message = "line is \(length) bytes, more than the limit of \(maxLineBytes) bytes"
        let diagnostic = Diagnostic(.patientTooLarge, message, at: SourceSpan(
            file: file, start: SourcePosition(line: lineNumber, column: 1), end: SourcePosition(line: lineNumber, column: 2)))
        emit(JSONValue.object([
            ("line", .int(lineNumber)),
            ("error", .string(message)),
            ("excerpt", .string(excerpt)),
            ("diagnostics", .array([EvaluationJSON.diagnostic(diagnostic)])),
        ]).bytes())
    }

    private mutating func emit(_ line: [UInt8]) {
        output.append(contentsOf: line)
        output.append(0x0A)
        if output.count > 1 << 16 { flush() }
    }

    private mutating func flush() {
        FileHandle.standardOutput.write(Data(output))
        output.removeAll(keepingCapacity: true)
    }
}
