import PathwayDiagnostics
import PathwayEvaluator

/// An HTTP answer, independent of the server library.
public struct ServiceResponse: Error, Sendable {
    public var status: Int
    public var contentType: String
    public var body: [UInt8]

    static func json(_ value: JSONValue, status: Int = 200) -> ServiceResponse {
        ServiceResponse(status: status, contentType: "application/json", body: value.bytes(pretty: false) + [0x0A])
    }

    /// RFC 9457 problem details, carrying the same diagnostics the CLI prints (as in its JSON output).
    static func problem(_ status: Int, _ code: DiagnosticCode, _ detail: String, diagnostics: [Diagnostic] = []) -> ServiceResponse {
        let title: String
        switch status {
        case 400: title = "Bad Request"
        case 401: title = "Unauthorized"
        case 404: title = "Not Found"
        case 408: title = "Request Timeout"
        case 413: title = "Content Too Large"
        case 422: title = "Unprocessable Content"
        case 503: title = "Service Unavailable"
        default: title = "Error"
        }
        let value = JSONValue.object([
            ("type", .string("urn:pathway:diagnostic:\(code.rawValue)")),
            ("title", .string(title)),
            ("status", .int(status)),
            ("detail", .string(detail)),
            ("code", .string(code.rawValue)),
            ("diagnostics", .array(diagnostics.map(EvaluationJSON.diagnostic))),
        ])
        return ServiceResponse(status: status, contentType: "application/problem+json", body: value.bytes(pretty: false) + [0x0A])
    }
}
