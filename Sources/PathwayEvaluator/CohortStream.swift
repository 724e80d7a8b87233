#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Dispatch
import PathwayDiagnostics
import PathwayYAML

/// Splits a cohort into lines, evaluates them in blocks (in parallel with more than one job), and
/// hands the output to `write` in input order.
///
/// A line longer than `maxLineBytes` is never held whole: from the moment it passes the limit its
/// bytes are only counted, up to its newline, and it becomes its own error object (PW0609) with the
/// start of the line as an excerpt; the next line is read as usual. A byte order mark at the start
/// of the stream is ignored. Memory is bounded by `jobs` blocks of at most ``blockLines`` lines and
/// ``blockBytes`` bytes (plus one line up to the limit), whatever the number of patients.
///
/// Each line's output depends on that line alone, and blocks are written in order, so the output is
/// byte-identical for every number of jobs.
public struct CohortStream {
    /// Lines per block.
    public static let blockLines = 2048
    /// Bytes per block, beyond which a block is closed early.
    public static let blockBytes = 1 << 20

    /// One line of a block: where it is in the block's bytes, or an overlong line's head and length.
    enum Item {
        case line(Range<Int>, number: Int)
        case tooLong(head: Range<Int>, length: Int, number: Int)
        /// With ``numbered``, a line without its number in front.
        case unnumbered(number: Int)
    }

    struct Block {
        var bytes: [UInt8] = []
        var items: [Item] = []
        var output: [UInt8] = []
        var failed = 0
        var count = 0
    }

    private var runners: [CohortRunner]
    let file: String
    let maxLineBytes: Int
    private let write: ([UInt8]) -> Void
    private var pending: [UInt8] = []
    /// The line being skipped because it is over the limit: its first bytes and its length so far.
    private var skipping: (head: [UInt8], length: Int)?
    private var blocks: [Block]
    private var filled = 0
    private var lineNumber = 0
    /// For CSV input: whether the header row is still to come, and why it was refused (then the rest
    /// of the input is ignored).
    private var awaitingHeader: Bool
    public private(set) var headerProblem: String?
    /// Whether each line starts with its line number in the original cohort and a tab (`12\t{...}`):
    /// the number is used for the output instead of the position in this stream, so that a cohort
    /// split across processes (Spark partitions) gives the lines the whole file would.
    public var numbered = false
    /// Lines that failed, and lines evaluated (blank lines are not counted).
    public private(set) var failed = 0
    public private(set) var count = 0

    /// How many bytes of an overlong line are kept for its excerpt.
    public static let excerptBytes = 4 * Excerpt.valueLimit

    /// A stream over `runner` (copied once per job); `write` receives the output, whole lines only.
    public init(runner: CohortRunner, jobs: Int = 1, file: String = "<stdin>", maxLineBytes: Int, write: @escaping ([UInt8]) -> Void) {
        self.runners = [CohortRunner](repeating: runner, count: max(1, jobs))
        self.file = file
        self.maxLineBytes = max(1, maxLineBytes)
        self.write = write
        self.blocks = [Block](repeating: Block(), count: max(1, jobs))
        self.awaitingHeader = runner.inputFormat == .csv
    }

    /// The runners, one per job (for their summaries).
    public var jobRunners: [CohortRunner] { runners }

    public mutating func consume(_ bytes: ArraySlice<UInt8>) {
        guard headerProblem == nil else { return }
        var start = bytes.startIndex
        while start < bytes.endIndex {
            let newline = Self.firstNewline(in: bytes, from: start)
            let end = newline ?? bytes.endIndex
            if skipping != nil {
                skipping?.length += end - start
            } else if pending.isEmpty, newline != nil, end - start <= maxLineBytes {
                // The common case: a whole line inside the chunk.
                addLine(bytes[start..<end])
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

    public mutating func consume(_ bytes: [UInt8]) {
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

    /// Ends the input: the last line (without newline) and every block still open are evaluated and written.
    public mutating func finish() {
        if !pending.isEmpty || skipping != nil { endLine() }
        runBlocks()
    }

    /// Ends the line collected in `pending` or being skipped, at a newline or the end of input.
    private mutating func endLine() {
        if let skipped = skipping {
            skipping = nil
            lineNumber += 1
            var head = skipped.head[...]
            if lineNumber == 1, TextEncoding.startsWithByteOrderMark(head) { head = head.dropFirst(3) }
            var number = lineNumber, length = skipped.length
            if numbered, let (n, rest) = Self.numberPrefix(head) {
                number = n
                length -= head.count - rest.count
                head = rest
            }
            let start = blocks[filled].bytes.count
            blocks[filled].bytes.append(contentsOf: head)
            blocks[filled].items.append(.tooLong(head: start..<blocks[filled].bytes.count, length: length, number: number))
            closeBlockIfFull()
            return
        }
        addLine(pending[...])
        pending.removeAll(keepingCapacity: true)
    }

    private mutating func addLine(_ line: ArraySlice<UInt8>) {
        lineNumber += 1
        var line = line
        if lineNumber == 1, TextEncoding.startsWithByteOrderMark(line) { line = line.dropFirst(3) }
        if line.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) { return }
        guard headerProblem == nil else { return }
        var number = lineNumber
        if numbered {
            guard let (n, rest) = Self.numberPrefix(line) else {
                blocks[filled].items.append(.unnumbered(number: lineNumber))
                closeBlockIfFull()
                return
            }
            if rest.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) { return }
            number = n
            line = rest
        }
        if awaitingHeader {
            awaitingHeader = false
            switch CohortCSV.header(line) {
            case .success(let names): for k in runners.indices { runners[k].csvHeader = names }
            case .failure(let problem): headerProblem = "line \(lineNumber), column \(problem.column): \(problem.message)"
            }
            return
        }
        let start = blocks[filled].bytes.count
        blocks[filled].bytes.append(contentsOf: line)
        blocks[filled].items.append(.line(start..<blocks[filled].bytes.count, number: number))
        closeBlockIfFull()
    }

    /// `N<TAB>rest`: the number (1 to 10^15) and the rest, or `nil`.
    static func numberPrefix(_ line: ArraySlice<UInt8>) -> (Int, ArraySlice<UInt8>)? {
        var n = 0, i = line.startIndex
        while i < line.endIndex, line[i] >= 0x30, line[i] <= 0x39, i - line.startIndex < 15 {
            n = n * 10 + Int(line[i] - 0x30)
            i += 1
        }
        guard i > line.startIndex, n > 0, i < line.endIndex, line[i] == 0x09 else { return nil }
        return (n, line[(i + 1)...])
    }

    private mutating func closeBlockIfFull() {
        guard blocks[filled].items.count >= Self.blockLines || blocks[filled].bytes.count >= Self.blockBytes else { return }
        filled += 1
        if filled == blocks.count { runBlocks() }
    }

    /// Evaluates the blocks filled so far (one per job, in parallel), writes their output in order
    /// and empties them.
    private mutating func runBlocks() {
        let used = filled < blocks.count && !blocks[filled].items.isEmpty ? filled + 1 : filled
        filled = 0
        guard used > 0 else { return }
        let file = self.file, limit = maxLineBytes
        if used == 1 {
            Self.run(&blocks[0], runner: &runners[0], file: file, maxLineBytes: limit)
        } else {
            runners.withUnsafeMutableBufferPointer { runners in
                blocks.withUnsafeMutableBufferPointer { blocks in
                    // Each job touches only its own block and runner.
                    nonisolated(unsafe) let r = runners, b = blocks
                    DispatchQueue.concurrentPerform(iterations: used) { k in
                        Self.run(&b[k], runner: &r[k], file: file, maxLineBytes: limit)
                    }
                }
            }
        }
        for k in 0..<used {
            write(blocks[k].output)
            failed += blocks[k].failed
            count += blocks[k].count
            blocks[k].bytes.removeAll(keepingCapacity: true)
            blocks[k].items.removeAll(keepingCapacity: true)
            blocks[k].output.removeAll(keepingCapacity: true)
            blocks[k].failed = 0
            blocks[k].count = 0
        }
    }

    private static func run(_ block: inout Block, runner: inout CohortRunner, file: String, maxLineBytes: Int) {
        for item in block.items {
            block.count += 1
            switch item {
            case .line(let range, let number):
                if runner.run(line: block.bytes[range], number: number, into: &block.output) { block.failed += 1 }
            case .tooLong(let head, let length, let number):
                block.failed += 1
                block.output.append(contentsOf: tooLong(block.bytes[head], length: length, number: number, file: file, maxLineBytes: maxLineBytes))
            case .unnumbered(let number):
                block.failed += 1
                let message = "expected the line's number in the cohort and a tab before the record (--numbered)"
                let diagnostic = Diagnostic(.patientMalformed, message, at: SourceSpan(
                    file: file, start: SourcePosition(line: number, column: 1), end: SourcePosition(line: number, column: 2)))
                block.output.append(contentsOf: JSONValue.object([("line", .int(number)), ("error", .string(message)),
                                                                  ("diagnostics", .array([EvaluationJSON.diagnostic(diagnostic)]))]).bytes())
            }
            block.output.append(0x0A)
        }
    }

    /// The error object of a line over the limit: its number, its length and its start, cut with `…`.
    static func tooLong(_ head: ArraySlice<UInt8>, length: Int, number: Int, file: String, maxLineBytes: Int) -> [UInt8] {
        var excerpt = Excerpt.truncated(String(decoding: head, as: UTF8.self))
        if !excerpt.hasSuffix(Excerpt.mark) { excerpt += Excerpt.mark }
        let message = "line is \(length) bytes, more than the limit of \(maxLineBytes) bytes"
        let diagnostic = Diagnostic(.patientTooLarge, message, at: SourceSpan(
            file: file, start: SourcePosition(line: number, column: 1), end: SourcePosition(line: number, column: 2)))
        return JSONValue.object([
            ("line", .int(number)),
            ("error", .string(message)),
            ("excerpt", .string(excerpt)),
            ("diagnostics", .array([EvaluationJSON.diagnostic(diagnostic)])),
        ]).bytes()
    }
}
