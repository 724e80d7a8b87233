/// Splits a byte stream into NDJSON lines as it arrives, in memory bounded by the longest line
/// accepted: a line longer than `maxLineBytes` is not held but reported as too long, and skipped to
/// its end. Lines are numbered from 1, blank ones included; a carriage return before the line feed
/// is dropped.
struct NDJSONLines {
    /// One line read.
    enum Line {
        /// A line's bytes (without its line feed), and its number.
        case text([UInt8], number: Int)
        /// A line longer than the limit, and its number.
        case tooLong(number: Int)
    }

    let maxLineBytes: Int
    private var current: [UInt8] = []
    private var skipping = false
    private var number = 0

    init(maxLineBytes: Int) { self.maxLineBytes = maxLineBytes }

    /// Reads `bytes`, calling `each` for every line they complete.
    mutating func feed<C: Collection>(_ bytes: C, _ each: (Line) throws -> Void) rethrows where C.Element == UInt8 {
        var rest = bytes[...]
        while !rest.isEmpty {
            let end = rest.firstIndex(of: 0x0A)
            let piece = rest[..<(end ?? rest.endIndex)]
            if !skipping {
                if current.count + piece.count > maxLineBytes {
                    skipping = true
                    current = []
                } else {
                    current += piece
                }
            }
            guard let end else { return }
            try emit(each)
            rest = rest[rest.index(after: end)...]
        }
    }

    /// Ends the stream: the last line, if it has no line feed.
    mutating func finish(_ each: (Line) throws -> Void) rethrows {
        if skipping || !current.isEmpty { try emit(each) }
    }

    private mutating func emit(_ each: (Line) throws -> Void) rethrows {
        number += 1
        if skipping {
            skipping = false
            try each(.tooLong(number: number))
        } else {
            if current.last == 0x0D { current.removeLast() }
            let line = current
            current = []
            try each(.text(line, number: number))
        }
    }
}
