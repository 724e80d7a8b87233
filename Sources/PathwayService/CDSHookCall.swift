import Foundation
import PathwayDiagnostics
import PathwayFHIR
import PathwayYAML

/// A checked CDS Hooks `patient-view` call: the guideline it asks for, the prefetch it brings, and
/// the prefetch templates it leaves out, with what can be done about each.
///
/// CDS Hooks 2.0 (https://cds-hooks.hl7.org/2.0/#prefetch-template): a client "MUST NOT include any
/// prefetch template key that it chooses not to satisfy", leaves a key out when prefetching it
/// failed, and sends `null` for a key it has no data for. So a key given as `null` means "no such
/// data" and is not fetched; a key left out is fetched from `fhirServer` when the call also gives
/// `fhirAuthorization` (https://cds-hooks.hl7.org/2.0/#fhir-resource-access), the template's
/// tokens (`{{context.patientId}}`) filled from `context`. The specification lets a service answer
/// 412 when it cannot obtain required data; Pathway answers 200 with a card saying which data it
/// could not obtain and why, and evaluates with the rest (facts left unknown are listed as missing).
public struct CDSHookCall: Sendable {
    /// The guideline's index.
    public let guideline: Int
    /// The call's `hookInstance`.
    public let hookInstance: String
    /// The resources of the prefetch given (values that are not `null`).
    public let prefetched: [YAMLNode]
    /// The templates left out of `prefetch`, each with its query, tokens filled when they could be.
    public let missing: [Missing]
    /// `fhirServer`, when given.
    public let fhirServer: String?
    /// `fhirAuthorization.access_token`, when given.
    public let bearer: String?

    /// A prefetch template the call left out.
    public struct Missing: Sendable {
        /// The prefetch key (`observation`).
        public let key: String
        /// The template's query with its tokens filled, or the template when a token could not be.
        public let query: String
        /// Why it cannot be fetched even with a FHIR server (a token the context does not fill).
        public let unfillable: String?
    }

    /// What became of a template left out: fetched (the answer's bytes) or why not.
    public struct Obtained: Sendable {
        public let missing: Missing
        public let result: Result<[UInt8], Unobtainable>
    }

    /// Why data was not obtained.
    public enum Unobtainable: Error, Sendable, CustomStringConvertible {
        /// The call names no FHIR server.
        case noServer
        /// The call names a FHIR server but gives no `fhirAuthorization`.
        case noAuthorization(server: String)
        /// A token of the template is not in `context`.
        case unfillable(String)
        /// Fetching failed.
        case fetch(server: String, FHIRServerClient.Failure)
        /// The service was started without fetching (`--no-fhir-fetch`).
        case fetchingOff(server: String)

        public var description: String {
            switch self {
            case .noServer: "not in the prefetch, and the call names no `fhirServer`"
            case .noAuthorization(let server):
                "not in the prefetch; the call names the FHIR server `\(Excerpt.truncated(server))` but gives no `fhirAuthorization`, so it is not queried"
            case .unfillable(let why): "not in the prefetch, and its query cannot be built: \(why)"
            case .fetch(let server, let failure): "not in the prefetch, and fetching it from `\(Excerpt.truncated(server))` failed: \(failure.description)"
            case .fetchingOff(let server): "not in the prefetch; this service does not query FHIR servers (`--no-fhir-fetch`), so `\(Excerpt.truncated(server))` was not contacted"
            }
        }
    }

    /// Checks a call's body against CDS Hooks 2.0's request (hook, hookInstance, context.patientId,
    /// prefetch, fhirServer, fhirAuthorization); the problem details when it is not one.
    static func check(_ root: YAMLNode, guideline: Int, templates: [(key: String, query: String)]) -> Result<CDSHookCall, ServiceResponse> {
        guard case .mapping = root else {
            return .failure(.problem(400, .serviceBadRequest, "a CDS Hooks request is a JSON object",
                                     diagnostics: [Diagnostic(.serviceBadRequest, "expected a JSON object, found \(root.shapeDescription)", at: root.span)]))
        }
        var problems: [Diagnostic] = []
        func require(_ key: String) -> YAMLNode? {
            guard let node = root.member(key) else {
                problems.append(Diagnostic(.serviceBadRequest, "a CDS Hooks request needs `\(key)`", at: root.span))
                return nil
            }
            return node
        }
        let hook = require("hook")?.text
        let hookInstance = require("hookInstance")?.text ?? ""
        let context = require("context")
        if let hook, hook != "patient-view" {
            problems.append(Diagnostic(.serviceBadRequest, "this service answers the `patient-view` hook, not `\(Excerpt.truncated(hook))`", at: root.member("hook")?.span))
        }
        if let context, context.member("patientId")?.text == nil {
            problems.append(Diagnostic(.serviceBadRequest, "the `patient-view` context needs `patientId`", at: context.span))
        }
        let server = root.member("fhirServer")
        if let server, server.text?.isEmpty != false {
            problems.append(Diagnostic(.serviceBadRequest, "`fhirServer` must be a URL string, found \(server.shapeDescription)", at: server.span))
        }
        var bearer: String?
        if let authorization = root.member("fhirAuthorization") {
            // CDS Hooks 2.0, Passing the Access Token: `access_token` and `token_type` (`Bearer`) are
            // required; "if fhirAuthorization details are provided, a fhirServer SHALL be specified".
            if let token = authorization.member("access_token")?.text, !token.isEmpty, authorization.member("token_type")?.text?.lowercased() == "bearer" {
                bearer = token
            } else {
                problems.append(Diagnostic(.serviceBadRequest, "`fhirAuthorization` needs `access_token` and `token_type` `Bearer`", at: authorization.span))
            }
            if server == nil {
                problems.append(Diagnostic(.serviceBadRequest, "`fhirAuthorization` is given without `fhirServer`", at: authorization.span))
            }
        }
        guard problems.isEmpty else { return .failure(.problem(400, .serviceBadRequest, problems[0].message, diagnostics: problems)) }
        var prefetched: [YAMLNode] = []
        var given = Set<String>()
        if case .mapping(let entries, _)? = root.member("prefetch") {
            for entry in entries {
                given.insert(entry.key.value)
                if case .scalar(let s) = entry.value, s.style == .plain, s.value == "null" { continue }
                prefetched.append(entry.value)
            }
        }
        let missing = templates.filter { !given.contains($0.key) }.map { template -> Missing in
            switch fill(template.query, context: context) {
            case .success(let query): return Missing(key: template.key, query: query, unfillable: nil)
            case .failure(let why): return Missing(key: template.key, query: template.query, unfillable: why.message)
            }
        }
        return .success(CDSHookCall(guideline: guideline, hookInstance: hookInstance, prefetched: prefetched, missing: missing,
                                    fhirServer: server?.text, bearer: bearer))
    }

    struct Unfilled: Error { let message: String }

    /// A template with each `{{context.name}}` replaced by that context field's value, percent-encoded
    /// (CDS Hooks 2.0, Prefetch tokens: "only root-level fields with a primitive value within the
    /// `context` object are eligible").
    static func fill(_ template: String, context: YAMLNode?) -> Result<String, Unfilled> {
        var out = ""
        var rest = Substring(template)
        while let open = rest.range(of: "{{") {
            out += rest[..<open.lowerBound]
            guard let close = rest[open.upperBound...].range(of: "}}") else { return .failure(Unfilled(message: "an unclosed `{{` in `\(template)`")) }
            let token = rest[open.upperBound..<close.lowerBound].trimmingSpaces()
            guard token.hasPrefix("context."), let value = context?.member(String(token.dropFirst(8)))?.text else {
                return .failure(Unfilled(message: "the context has no `\(token.hasPrefix("context.") ? String(token.dropFirst(8)) : String(token))`"))
            }
            out += percentEncoded(value)
            rest = rest[close.upperBound...]
        }
        return .success(out + rest)
    }

    /// `value` with every byte but RFC 3986's unreserved characters percent-encoded.
    static func percentEncoded(_ value: String) -> String {
        var out = ""
        for byte in value.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
                out.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                let hex = String(byte, radix: 16, uppercase: true)
                out += "%" + (hex.count == 1 ? "0" : "") + hex
            }
        }
        return out
    }

    /// Fetches the templates left out, all at once, when the call allows it; otherwise says why not.
    func obtainMissing(with client: FHIRServerClient?) async -> [Obtained] {
        guard !missing.isEmpty else { return [] }
        func without(_ reason: Unobtainable) -> [Obtained] {
            missing.map { Obtained(missing: $0, result: .failure($0.unfillable.map { Unobtainable.unfillable($0) } ?? reason)) }
        }
        guard let server = fhirServer else { return without(.noServer) }
        guard let bearer else { return without(.noAuthorization(server: server)) }
        guard let client else { return without(.fetchingOff(server: server)) }
        return await withTaskGroup(of: (Int, Obtained).self) { group in
            for (index, item) in missing.enumerated() {
                group.addTask {
                    if let why = item.unfillable { return (index, Obtained(missing: item, result: .failure(.unfillable(why)))) }
                    let fetched = await client.fetch(server: server, query: item.query, bearer: bearer)
                    return (index, Obtained(missing: item, result: fetched.mapError { Unobtainable.fetch(server: server, $0) }))
                }
            }
            var results: [(Int, Obtained)] = []
            for await result in group { results.append(result) }
            return results.sorted { $0.0 < $1.0 }.map(\.1)
        }
    }
}

extension Substring {
    fileprivate func trimmingSpaces() -> Substring {
        var s = self
        while s.first == " " { s.removeFirst() }
        while s.last == " " { s.removeLast() }
        return s
    }
}
