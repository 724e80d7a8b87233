import Foundation
import PathwayDiagnostics

/// Runs a ``LanguageServer`` on standard input and output until `exit` or the end of input.
///
/// A reader thread frames and parses messages as they arrive and queues them; a `$/cancelRequest`
/// is recorded at once, so that a request still waiting is answered `RequestCancelled` (LSP 3.17,
/// "Cancellation Support"). The main thread handles the queue in order and, whenever the queue is
/// empty, compiles what changed and publishes diagnostics: a burst of keystrokes costs one compile.
public enum LanguageServerMain {
    /// Serves until `exit` (status 0 after `shutdown`, else 1) or the end of input (status 1).
    public static func run(options: LanguageServer.Options = .init()) -> Int32 {
        signal(SIGPIPE, SIG_IGN)
        let server = LanguageServer(options: options)
        let queue = MessageQueue()
        Thread.detachNewThread {
            var decoder = FrameDecoder()
            var buffer = [UInt8](repeating: 0, count: 65_536)
            while true {
                let count = buffer.withUnsafeMutableBytes { read(0, $0.baseAddress, $0.count) }
                if count < 0, errno == EINTR { continue }
                guard count > 0 else { break }
                for event in decoder.feed(buffer[0..<count]) { queue.push(event) }
            }
            queue.finish(truncated: decoder.hasPartialMessage)
        }
        while true {
            guard let item = queue.pop() else { return server.exitStatus ?? 1 }
            var out: [JSONValue]
            switch item {
            case .problem(let message):
                out = [LanguageServer.logError(message)]
            case .message(let value):
                if let id = queue.takeCancellation(for: value) { server.cancel(id) }
                out = server.receive(value)
            case .unparsable(let content):
                out = server.receive(content)
            }
            if let status = server.exitStatus { write(out); return status }
            if queue.isEmpty { out += server.idle() }
            write(out)
        }
    }

    private static func write(_ messages: [JSONValue]) {
        for message in messages {
            let framed = FrameEncoder.frame(message.bytes())
            framed.withUnsafeBytes { raw in
                var offset = 0
                while offset < raw.count {
                    let n = Foundation.write(1, raw.baseAddress.map { $0 + offset }, raw.count - offset)
                    if n < 0, errno == EINTR { continue }
                    guard n > 0 else { return }
                    offset += n
                }
            }
        }
    }
}

/// The messages read and not yet handled, shared by the reader thread and the main thread.
final class MessageQueue: @unchecked Sendable {
    enum Item {
        case message(JSONValue)
        case unparsable([UInt8])
        case problem(String)
    }

    private let condition = NSCondition()
    private var items: [Item] = []
    private var finished = false
    private var cancelledIDs: Set<String> = []

    func push(_ event: FrameDecoder.Event) {
        condition.lock()
        defer { condition.unlock(); condition.signal() }
        switch event {
        case .problem(let message): items.append(.problem(message))
        case .message(let content):
            switch JSONParser.parse(content) {
            case .failure: items.append(.unparsable(content))
            case .success(let value):
                if value["method"]?.string == "$/cancelRequest", let id = value["params"]?["id"] {
                    cancelledIDs.insert(LanguageServer.key(id))
                }
                items.append(.message(value))
            }
        }
    }

    func finish(truncated: Bool) {
        condition.lock()
        if truncated { items.append(.problem("the input ended inside a message")) }
        finished = true
        condition.unlock()
        condition.signal()
    }

    /// The next item, waiting for one; `nil` once the input ended and everything was handled.
    func pop() -> Item? {
        condition.lock()
        defer { condition.unlock() }
        while items.isEmpty && !finished { condition.wait() }
        return items.isEmpty ? nil : items.removeFirst()
    }

    var isEmpty: Bool {
        condition.lock()
        defer { condition.unlock() }
        return items.isEmpty
    }

    /// The id of a request that was cancelled while it waited, once.
    func takeCancellation(for message: JSONValue) -> JSONValueKey? {
        guard message["method"]?.string != "$/cancelRequest", let id = message["id"] else { return nil }
        let key = JSONValueKey(id)
        condition.lock()
        defer { condition.unlock() }
        return cancelledIDs.remove(key.rawValue) != nil ? key : nil
    }
}
