import PathwayDiagnostics

extension LanguageServer {
    /// One message of a stream and what the server answered to it.
    public struct Exchange: Sendable {
        /// The id of the request, when the message was a request (a notification has none).
        public let requestID: JSONValue?
        /// The messages sent in reply (for a framing problem: the log message that reports it).
        public let replies: [JSONValue]
    }

    /// Feeds raw bytes of the wire protocol (framed messages, LSP 3.17 "Base Protocol") and returns
    /// each complete message's exchange, in order: the in-process form of the stdio transport, for
    /// tests and fuzzing. Bytes of an unfinished message wait for the next call.
    public func feed(_ bytes: [UInt8]) -> [Exchange] {
        frames.feed(bytes).map { event in
            switch event {
            case .problem(let message):
                return Exchange(requestID: nil, replies: [Self.logError(message)])
            case .message(let content):
                var id: JSONValue?
                if case .success(let value) = JSONParser.parse(content), value["method"]?.string != nil, let given = value["id"], !given.isNull { id = given }
                return Exchange(requestID: id, replies: receive(content))
            }
        }
    }

    /// `window/logMessage` of an error the transport found (LSP 3.17, "LogMessage Notification").
    static func logError(_ message: String) -> JSONValue {
        LSP.notification("window/logMessage", .object([("type", .int(1)), ("message", .string("pathway lsp: \(message)"))]))
    }
}

extension JSONValue {
    /// The member `key` of an object, if it is one and has it.
    public func member(_ key: String) -> JSONValue? { self[key] }
}
