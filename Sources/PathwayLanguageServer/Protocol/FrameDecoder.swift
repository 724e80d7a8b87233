/// Splits a byte stream into Language Server Protocol messages.
///
/// LSP 3.17, "Base Protocol": a message is a header part — `Name: value` fields, each ended by
/// `\r\n`, the part ended by an empty line — and a content part of exactly `Content-Length` bytes.
/// `Content-Type` is accepted and otherwise ignored (the content is always UTF-8 JSON).
///
/// The decoder is fed bytes as they arrive and never fails: a malformed header part is reported
/// and skipped up to its empty line; a header part longer than ``maxHeaderBytes`` is reported and
/// skipped up to the next empty line; a content longer than ``maxContentBytes`` is reported and its
/// bytes are counted off without being kept, so memory stays bounded whatever the stream says
/// (docs/limits.md, "Language server").
struct FrameDecoder {
    /// The largest content part accepted: 16 MiB, four times the guideline file limit.
    static let maxContentBytes = 16 * 1_048_576
    /// The largest header part accepted.
    static let maxHeaderBytes = 8_192

    /// What the decoder found in the stream.
    enum Event: Equatable {
        /// A message's content.
        case message([UInt8])
        /// A framing problem: the message it belonged to is lost, the stream goes on.
        case problem(String)
    }

    private enum State {
        case header
        case skippingHeader
        case content(length: Int)
        case discarding(remaining: Int)
    }

    private var state = State.header
    private var buffer: [UInt8] = []
    private var start = 0

    /// Adds bytes from the stream and returns the events they complete, in order.
    mutating func feed(_ bytes: some Sequence<UInt8>) -> [Event] {
        buffer.append(contentsOf: bytes)
        var events: [Event] = []
        while let event = step() { events.append(event) }
        if start > 65_536 || start == buffer.count {
            buffer.removeFirst(start)
            start = 0
        }
        return events
    }

    /// Whether bytes of an unfinished message are waiting (at the end of the stream, a truncated message).
    var hasPartialMessage: Bool {
        switch state {
        case .header: return start < buffer.count
        case .skippingHeader, .content, .discarding: return true
        }
    }

    private var available: Int { buffer.count - start }

    /// The offset of the next `\r\n\r\n` from `start`, if any.
    private func headerEnd() -> Int? {
        var i = start
        while i + 3 < buffer.count {
            if buffer[i] == 0x0D, buffer[i + 1] == 0x0A, buffer[i + 2] == 0x0D, buffer[i + 3] == 0x0A { return i }
            i += 1
        }
        return nil
    }

    /// Makes one step of progress, or returns `nil` when more bytes are needed. Every path that
    /// returns an event consumes at least one byte or changes state towards consuming one.
    private mutating func step() -> Event? {
        switch state {
        case .header:
            guard let end = headerEnd() else {
                if available > Self.maxHeaderBytes {
                    // Keep the last three bytes: they may begin the `\r\n\r\n` that ends this header.
                    start = buffer.count - 3
                    state = .skippingHeader
                    return .problem("header part longer than \(Self.maxHeaderBytes) bytes; skipped up to its empty line")
                }
                return nil
            }
            let header = Array(buffer[start..<end])
            start = end + 4
            switch Self.contentLength(header) {
            case .success(let length) where length > Self.maxContentBytes:
                state = .discarding(remaining: length)
                return .problem("Content-Length \(length) is more than the limit of \(Self.maxContentBytes) bytes; the message is skipped")
            case .success(let length):
                state = .content(length: length)
                return step()
            case .failure(let problem):
                return .problem(problem.message)
            }
        case .skippingHeader:
            guard let end = headerEnd() else {
                start = max(start, buffer.count - 3)
                return nil
            }
            start = end + 4
            state = .header
            return step()
        case .content(let length):
            guard available >= length else { return nil }
            let content = Array(buffer[start..<start + length])
            start += length
            state = .header
            return .message(content)
        case .discarding(let remaining):
            let taken = min(remaining, available)
            start += taken
            if taken == remaining { state = .header; return step() }
            state = .discarding(remaining: remaining - taken)
            return nil
        }
    }

    struct HeaderProblem: Error { var message: String }

    /// The `Content-Length` of a header part (without its final empty line).
    static func contentLength(_ header: [UInt8]) -> Result<Int, HeaderProblem> {
        var length: Int?
        for line in header.split(separator: 0x0A, omittingEmptySubsequences: false) {
            let text = String(decoding: line.last == 0x0D ? line.dropLast() : line, as: UTF8.self)
            guard let colon = text.firstIndex(of: ":") else {
                return .failure(HeaderProblem(message: "malformed header field `\(text.prefix(80))`; the message is skipped"))
            }
            let name = text[..<colon].trimmingSpaces.lowercased()
            let value = text[text.index(after: colon)...].trimmingSpaces
            if name == "content-length" {
                guard !value.isEmpty, value.utf8.count <= 18, value.utf8.allSatisfy({ (0x30...0x39).contains($0) }), let n = Int(value) else {
                    return .failure(HeaderProblem(message: "Content-Length `\(value.prefix(80))` is not a number of bytes; the message is skipped"))
                }
                length = n
            }
        }
        guard let length else { return .failure(HeaderProblem(message: "header part without Content-Length; the message is skipped")) }
        return .success(length)
    }
}

extension Substring {
    var trimmingSpaces: String {
        String(drop { $0 == " " || $0 == "\t" }.reversed().drop { $0 == " " || $0 == "\t" }.reversed())
    }
}

/// Frames a message's content for the wire.
enum FrameEncoder {
    static func frame(_ content: [UInt8]) -> [UInt8] {
        Array("Content-Length: \(content.count)\r\n\r\n".utf8) + content
    }
}
