import Foundation
import JWTKit
import PathwayDiagnostics
import PathwayEvaluator
import PathwayYAML

/// Checks CDS Hooks bearer tokens (CDS Hooks 2.0 § Trusting CDS Clients): a JWT signed by a trusted
/// issuer's key (ES384 or RS384, as the specification requires of clients), whose `iss` is that
/// issuer, whose `aud` names this service, that has not expired (`exp`) and whose `jti` has not been
/// seen before (replay). Issuers and keys come from a JSON configuration file:
///
/// ```json
/// {"audience": ["http://127.0.0.1:8080/cds-services"],
///  "issuers": [{"iss": "https://ehr.example.org", "kid": "ehr-1", "alg": "ES384", "key": "-----BEGIN PUBLIC KEY-----\n..."}]}
/// ```
public final class TokenVerifier: Sendable {
    /// How many token ids are remembered for replay checks; when full, the expired ones are dropped
    /// and, if none has expired, a new token is refused (fail closed).
    public static let replayCapacity = 100_000

    struct Issuer: Sendable {
        let name: String
        let keys: JWTKeyCollection
    }

    let audiences: [String]
    let issuers: [String: Issuer]
    private let seen = NIOLockedSet()

    struct Claims: JWTPayload {
        var iss: IssuerClaim
        var aud: AudienceClaim
        var exp: ExpirationClaim
        var jti: IDClaim
        func verify(using algorithm: some JWTAlgorithm) async throws { try exp.verifyNotExpired() }
    }

    init(audiences: [String], issuers: [String: Issuer]) {
        self.audiences = audiences
        self.issuers = issuers
    }

    /// Loads the configuration file; every problem is a located PW1005.
    public static func load(path: String) async -> Result<TokenVerifier, ConfigurationFailure> {
        let file = PatientFile.read(path)
        guard let root = file.root else { return .failure(ConfigurationFailure(diagnostics: file.diagnostics)) }
        var problems: [Diagnostic] = []
        func fail(_ message: String, _ span: SourceSpan) { problems.append(Diagnostic(.serviceConfigInvalid, message, at: span)) }
        var audiences: [String] = []
        switch root.member("audience") {
        case .scalar(let s)?: audiences = [s.value]
        case .sequence(let items, _)?: audiences = items.compactMap(\.text)
        default: fail("the configuration needs `audience`: the URL (or URLs) of this service that tokens must name in `aud`", root.span)
        }
        var issuers: [String: Issuer] = [:]
        guard case .sequence(let list, _)? = root.member("issuers"), !list.isEmpty else {
            fail("the configuration needs `issuers`: a list of trusted issuers with their keys", root.span)
            return .failure(ConfigurationFailure(diagnostics: problems))
        }
        for item in list {
            guard let iss = item.member("iss")?.text, let alg = item.member("alg")?.text, let pem = item.member("key")?.text else {
                fail("each issuer needs `iss`, `alg` (`ES384` or `RS384`) and `key` (a PEM public key)", item.span)
                continue
            }
            let kid = item.member("kid")?.text.map { JWKIdentifier(string: $0) }
            let keys = issuers[iss]?.keys ?? JWTKeyCollection()
            do {
                switch alg {
                case "ES384": await keys.add(ecdsa: try ES384PublicKey(pem: pem), kid: kid)
                case "RS384": await keys.add(rsa: try Insecure.RSA.PublicKey(pem: pem), digestAlgorithm: DigestAlgorithm.sha384, kid: kid)
                default:
                    fail("`\(Excerpt.truncated(alg))` is not an algorithm CDS Hooks allows; use `ES384` or `RS384`", item.member("alg")?.span ?? item.span)
                    continue
                }
            } catch {
                fail("the key of issuer `\(Excerpt.truncated(iss))` is not a PEM public key for \(alg)", item.member("key")?.span ?? item.span)
                continue
            }
            issuers[iss] = Issuer(name: iss, keys: keys)
        }
        guard problems.isEmpty else { return .failure(ConfigurationFailure(diagnostics: problems)) }
        return .success(TokenVerifier(audiences: audiences, issuers: issuers))
    }

    /// `nil` when the `Authorization` header holds a valid token, else why not.
    public func check(authorization: String?) async -> String? {
        guard let authorization, authorization.hasPrefix("Bearer ") else { return "the request has no bearer token" }
        let token = String(authorization.dropFirst(7)).trimmingCharacters(in: .whitespaces)
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, let payload = Self.base64URL(parts[1]),
              let object = try? JSONSerialization.jsonObject(with: payload) as? [String: Any], let iss = object["iss"] as? String else {
            return "the bearer token is not a JWT with an `iss` claim"
        }
        guard let issuer = issuers[iss] else { return "the token's issuer `\(Excerpt.truncated(iss))` is not trusted" }
        let claims: Claims
        do {
            claims = try await issuer.keys.verify(token, as: Claims.self)
        } catch {
            return "the token is not valid: signature, `exp` or a required claim (`iss`, `aud`, `exp`, `jti`) failed"
        }
        guard claims.iss.value == iss else { return "the token's issuer does not match its key" }
        guard audiences.contains(where: { claims.aud.value.contains($0) }) else { return "the token's `aud` does not name this service" }
        guard seen.insert(claims.jti.value, expires: claims.exp.value) else { return "the token's `jti` was already used (replay)" }
        return nil
    }

    static func base64URL(_ text: Substring) -> Data? {
        var s = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while s.count % 4 != 0 { s += "=" }
        return Data(base64Encoded: s)
    }
}

/// Token ids seen, with their expiry, under a lock.
final class NIOLockedSet: @unchecked Sendable {
    private let lock = NSLock()
    private var expiries: [String: Date] = [:]

    /// Whether `id` was new (and is now remembered).
    func insert(_ id: String, expires: Date) -> Bool {
        lock.lock()
        defer { lock.unlock() }
        if expiries.count >= TokenVerifier.replayCapacity {
            let now = Date()
            expiries = expiries.filter { $0.value > now }
            if expiries.count >= TokenVerifier.replayCapacity { return false }
        }
        guard expiries[id] == nil else { return false }
        expiries[id] = expires
        return true
    }
}

/// Why the token configuration could not be loaded.
public struct ConfigurationFailure: Error, Sendable {
    public let diagnostics: [Diagnostic]
}
