import AsyncHTTPClient
import NIOCore

/// Fetches the prefetch queries a CDS client left out from its FHIR server, as CDS Hooks 2.0 allows
/// (https://cds-hooks.hl7.org/2.0/#fhir-resource-access: "If the CDS Client provides both
/// `fhirServer` and `fhirAuthorization` request parameters, the CDS Service MAY use the FHIR server
/// to obtain any FHIR resources for which it's authorized, beyond those provided by the CDS Client as
/// prefetched data"; the access token is presented as an OAuth 2.0 bearer token).
///
/// Every fetch is limited: `timeout` for the whole exchange (connecting, sending, reading the body),
/// `maxBytes` for the body, redirects not followed (a token is never sent to a host the client did
/// not name), only `http` and `https` URLs. A failure is a value (``Failure``), never an error the
/// request fails with: the service says in a card which data it could not obtain.
public final class FHIRServerClient: Sendable {
    /// Why a query could not be answered.
    public enum Failure: Error, Hashable, Sendable, CustomStringConvertible {
        /// The FHIR server's URL is not an `http` or `https` URL.
        case badURL(String)
        /// Connecting or sending failed (the server is down, the name does not resolve, ...).
        case unreachable(String)
        /// The server answered with a status other than 200.
        case status(Int)
        /// The answer is larger than the limit.
        case tooLarge(Int)
        /// The answer did not come within the time limit.
        case timeout(Duration)

        public var description: String {
            switch self {
            case .badURL(let url): "`\(url)` is not an http or https URL"
            case .unreachable(let why): "the FHIR server could not be reached (\(why))"
            case .status(let code): "the FHIR server answered HTTP \(code)"
            case .tooLarge(let limit): "the answer is larger than the limit of \(limit) bytes"
            case .timeout(let limit): "no answer within the limit of \(limit)"
            }
        }
    }

    let client: HTTPClient
    /// The longest one fetch may take.
    public let timeout: Duration
    /// The largest answer accepted, in bytes.
    public let maxBytes: Int

    public init(timeout: Duration, maxBytes: Int) {
        var configuration = HTTPClient.Configuration(redirectConfiguration: .disallow)
        configuration.timeout = .init(connect: TimeAmount(timeout), read: TimeAmount(timeout))
        self.client = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
        self.timeout = timeout
        self.maxBytes = maxBytes
    }

    /// Stops the client (after the server stopped taking requests).
    public func shutdown() async {
        try? await client.shutdown()
    }

    /// `GET {server}/{query}` with `Accept: application/fhir+json` and the bearer token, if any.
    public func fetch(server: String, query: String, bearer: String?) async -> Result<[UInt8], Failure> {
        guard let url = Self.url(server: server, query: query) else { return .failure(.badURL(server)) }
        var request = HTTPClientRequest(url: url)  // GET
        request.headers.add(name: "Accept", value: "application/fhir+json")
        if let bearer { request.headers.add(name: "Authorization", value: "Bearer \(bearer)") }
        let limit = maxBytes, timeout = timeout, client = client, prepared = request
        return await withTaskGroup(of: Result<[UInt8], Failure>?.self) { group in
            group.addTask {
                do {
                    let response = try await client.execute(prepared, timeout: TimeAmount(timeout))
                    guard response.status == .ok else {
                        _ = try? await response.body.collect(upTo: limit)
                        return .failure(.status(Int(response.status.code)))
                    }
                    let body = try await response.body.collect(upTo: limit)
                    return .success(Array(body.readableBytesView))
                } catch let error as NIOTooManyBytesError {
                    _ = error
                    return .failure(.tooLarge(limit))
                } catch let error as HTTPClientError where error == .deadlineExceeded || error == .readTimeout || error == .connectTimeout {
                    return .failure(.timeout(timeout))
                } catch {
                    return .failure(.unreachable(Self.describe(error)))
                }
            }
            group.addTask {
                try? await Task.sleep(for: timeout)
                return nil
            }
            let first = await group.next() ?? nil
            group.cancelAll()
            return first ?? .failure(.timeout(timeout))
        }
    }

    /// The URL of `query` (`Observation?patient=p&code=a|b`) on `server`, percent-encoding what a
    /// URL cannot hold as it is (`|` among them); `nil` unless `server` is an http or https URL.
    static func url(server: String, query: String) -> String? {
        let lower = server.lowercased()
        guard lower.hasPrefix("http://") || lower.hasPrefix("https://"), !server.contains(where: { $0 == " " || $0 == "?" || $0 == "#" }) else { return nil }
        var base = server
        while base.hasSuffix("/") { base.removeLast() }
        var encoded = ""
        for byte in query.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"), UInt8(ascii: "/"), UInt8(ascii: "?"),
                 UInt8(ascii: "&"), UInt8(ascii: "="), UInt8(ascii: ","), UInt8(ascii: ":"), UInt8(ascii: "%"):
                encoded.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                let hex = String(byte, radix: 16, uppercase: true)
                encoded += "%" + (hex.count == 1 ? "0" : "") + hex
            }
        }
        return base + "/" + encoded
    }

    /// A short reason for a transport error (`connection refused`), without a stack of types.
    static func describe(_ error: any Error) -> String {
        let text = String(describing: error)
        if text.lowercased().contains("connection refused") || text.contains("ECONNREFUSED") { return "connection refused" }
        if let error = error as? HTTPClientError { return String(describing: error) }
        return text.count > 120 ? String(text.prefix(119)) + "…" : text
    }
}
