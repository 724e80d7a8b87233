import PathwayDiagnostics

/// Builders of the protocol's JSON shapes (LSP 3.17, "Basic JSON Structures").
enum LSP {
    /// `ErrorCodes` and `LSPErrorCodes` (LSP 3.17, "Response Message").
    enum ErrorCode: Int {
        case parseError = -32700
        case invalidRequest = -32600
        case methodNotFound = -32601
        case invalidParams = -32602
        case internalError = -32603
        case serverNotInitialized = -32002
        case requestFailed = -32803
        case contentModified = -32801
        case requestCancelled = -32800
    }

    static func response(id: JSONValue, result: JSONValue) -> JSONValue {
        .object([("jsonrpc", .string("2.0")), ("id", id), ("result", result)])
    }

    static func error(id: JSONValue, _ code: ErrorCode, _ message: String) -> JSONValue {
        .object([("jsonrpc", .string("2.0")), ("id", id),
                 ("error", .object([("code", .int(code.rawValue)), ("message", .string(message))]))])
    }

    static func notification(_ method: String, _ params: JSONValue) -> JSONValue {
        .object([("jsonrpc", .string("2.0")), ("method", .string(method)), ("params", params)])
    }

    static func position(line: Int, character: Int) -> JSONValue {
        .object([("line", .int(max(line, 0))), ("character", .int(max(character, 0)))])
    }

    static func range(_ start: JSONValue, _ end: JSONValue) -> JSONValue {
        .object([("start", start), ("end", end)])
    }

    static func location(uri: String, range: JSONValue) -> JSONValue {
        .object([("uri", .string(uri)), ("range", range)])
    }

    /// A `MarkupContent` in Markdown.
    static func markdown(_ text: String) -> JSONValue {
        .object([("kind", .string("markdown")), ("value", .string(text))])
    }
}
