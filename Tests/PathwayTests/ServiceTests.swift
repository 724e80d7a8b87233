import Foundation
import JWTKit
import Testing

/// `pathway serve` over real HTTP on a free local port: CDS Hooks discovery and patient-view per
/// example Bundle, JSON evaluation, problem details, JWT authentication, reload under load, shutdown.
@Suite(.serialized) struct ServiceTests {
    static let guidelines = ["guidelines", "--bindings", "bindings/nen-fhir.yaml"]

    static func bundle(_ name: String) throws -> Data {
        try Data(contentsOf: TestFiles.repositoryRoot.appendingPathComponent("examples/fhir/\(name).json"))
    }

    static func hookRequest(_ bundle: Data) throws -> Data {
        let resources = try JSONSerialization.jsonObject(with: bundle)
        return try JSONSerialization.data(withJSONObject: [
            "hook": "patient-view", "hookInstance": "d1577c69-dfbe-44ad-ba6d-3e05e953b2ea",
            "context": ["userId": "Practitioner/1", "patientId": "p"], "prefetch": ["observation": resources, "condition": NSNull()],
        ] as [String: Any], options: [.sortedKeys])
    }

    /// A card as CDS Hooks 2.0 defines it (Card attributes): required summary (< 140 characters),
    /// indicator (info, warning, critical) and source with a label; optional uuid, detail, links.
    static func checkCard(_ card: [String: Any]) {
        let summary = card["summary"] as? String ?? ""
        #expect(!summary.isEmpty && summary.count < 140, "summary: \(summary)")
        #expect(["info", "warning", "critical"].contains(card["indicator"] as? String ?? ""))
        let source = card["source"] as? [String: Any]
        #expect(source?["label"] is String)
        if let url = source?["url"] { #expect((url as? String)?.hasPrefix("https://doi.org/") == true) }
        #expect(card["detail"] is String)
        #expect((card["uuid"] as? String)?.count == 36)
        for link in card["links"] as? [[String: Any]] ?? [] {
            #expect(link["label"] is String && link["url"] is String && ["absolute", "smart"].contains(link["type"] as? String ?? ""))
        }
        let allowed: Set<String> = ["uuid", "summary", "detail", "indicator", "source", "suggestions", "selectionBehavior", "overrideReasons", "links"]
        #expect(Set(card.keys).isSubset(of: allowed), "\(card.keys)")
    }

    @Test func discoveryPatientViewAndJSONEvaluation() throws {
        let server = try ServerProcess(Self.guidelines)
        defer { _ = server.stop() }
        let discovery = try HTTPTestClient.request(port: server.port, "GET", "/cds-services")
        #expect(discovery.status == 200)
        let services = try #require((discovery.json as? [String: Any])?["services"] as? [[String: Any]])
        #expect(services.map { $0["id"] as? String ?? "" }.sorted() == ["benini-2025-ep-nec", "bmc-2019-esophageal-nec", "droracle-2025-nec", "nanets-2023", "shi-2025-enec"])
        for service in services {
            #expect(service["hook"] as? String == "patient-view" && service["description"] is String)
            let prefetch = try #require(service["prefetch"] as? [String: String])
            #expect(prefetch["observation"]?.hasPrefix("Observation?patient={{context.patientId}}") == true)
            #expect(prefetch["condition"] == "Condition?patient={{context.patientId}}")
        }
        for name in FHIRTests.examples {
            // The recommendations `eval --patient` gives, by guideline.
            let cli = try PathwayProcess.run(["eval", "guidelines", "--patient", "examples/\(name).yaml", "--format", "json"], in: TestFiles.repositoryRoot)
            let expected = try #require(try JSONSerialization.jsonObject(with: Data(cli.stdout.utf8)) as? [String: Any])
            let given = expected["recommendations"] as? [[String: Any]] ?? []
            let undetermined = expected["undetermined"] as? [[String: Any]] ?? []
            for service in services {
                let id = service["id"] as? String ?? ""
                let reply = try HTTPTestClient.request(port: server.port, "POST", "/cds-services/\(id)", body: try Self.hookRequest(try Self.bundle(name)))
                #expect(reply.status == 200, "\(name) \(id): \(reply.text)")
                let cards = try #require((reply.json as? [String: Any])?["cards"] as? [[String: Any]])
                cards.forEach(Self.checkCard)
                let ids = cards.compactMap { ($0["links"] as? [[String: Any]])?.first?["url"] as? String }
                    .compactMap { $0.components(separatedBy: "/recommendations/").last }
                #expect(ids.sorted() == given.filter { $0["guideline"] as? String == id }.compactMap { $0["id"] as? String }.sorted(), "\(name) \(id)")
                let missing = cards.filter { ($0["source"] as? [String: Any])?["label"] as? String == "Pathway: missing data" }
                #expect(missing.count == (undetermined.contains { $0["guideline"] as? String == id } ? 1 : 0), "\(name) \(id)")
            }
            // POST /evaluate with the Bundle: the same contract and outcome as the CLI.
            let evaluated = try HTTPTestClient.request(port: server.port, "POST", "/evaluate", body: try Self.bundle(name))
            #expect(evaluated.status == 200)
            #expect(try FHIRTests.outcomes(evaluated.text) == FHIRTests.outcomes(cli.stdout))
        }
        // Our patient JSON, and a batch of two lines (one bad).
        let plain = try HTTPTestClient.request(port: server.port, "POST", "/evaluate", body: Data(#"{"t_category": "T1a", "tumor_size": "8 mm"}"#.utf8))
        #expect(plain.status == 200 && (plain.json as? [String: Any])?["recommendations"] is [Any])
        let batch = try HTTPTestClient.request(port: server.port, "POST", "/evaluate/batch",
                                               body: Data("{\"t_category\": \"T1a\"}\n{\"t_category\": \"T9\"}\n".utf8))
        let lines = batch.text.split(separator: "\n").compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
        #expect(batch.status == 200 && lines.count == 2 && lines[0]["line"] as? Int == 1 && lines[1]["diagnostics"] is [Any])
        // No prefetch and no FHIR server: a card says so.
        let empty = try HTTPTestClient.request(port: server.port, "POST", "/cds-services/shi-2025-enec",
                                               body: Data(#"{"hook": "patient-view", "hookInstance": "x", "context": {"patientId": "p"}}"#.utf8))
        let cards = (empty.json as? [String: Any])?["cards"] as? [[String: Any]] ?? []
        #expect(empty.status == 200 && cards.count == 1 && (cards.first?["summary"] as? String ?? "").hasPrefix("No patient data"))
        // Feedback is accepted and logged.
        let feedback = try HTTPTestClient.request(port: server.port, "POST", "/cds-services/shi-2025-enec/feedback",
                                                  body: Data(#"{"feedback": [{"card": "abc", "outcome": "accepted", "outcomeTimestamp": "2026-01-01T00:00:00Z"}]}"#.utf8))
        #expect(feedback.status == 200)
        let health = try HTTPTestClient.request(port: server.port, "GET", "/health")
        #expect(health.status == 200)
        let metrics = try HTTPTestClient.request(port: server.port, "GET", "/metrics")
        #expect(metrics.status == 200 && metrics.text.contains("pathway_requests_total{") && metrics.text.contains("pathway_request_duration_seconds_bucket"))
        #expect(server.stop() == 0, "SIGTERM ends the server cleanly")
        #expect(server.log.contains(#""event":"feedback","service":"shi-2025-enec","feedback":[{"card":"abc","outcome":"accepted""#), "\(server.log)")
    }

    @Test func badRequestsGetProblemDetails() throws {
        let server = try ServerProcess(Self.guidelines + ["--max-body-bytes", "2000", "--request-timeout", "1"])
        defer { _ = server.stop() }
        func problem(_ reply: HTTPTestClient.Reply) -> [String: Any] {
            #expect(reply.headers["content-type"] == "application/problem+json")
            return reply.json as? [String: Any] ?? [:]
        }
        let big = try HTTPTestClient.request(port: server.port, "POST", "/evaluate", body: Data(repeating: 0x20, count: 5000))
        #expect(big.status == 413 && problem(big)["code"] as? String == "PW1002")
        let malformed = try HTTPTestClient.request(port: server.port, "POST", "/cds-services/shi-2025-enec", body: Data(#"{"hook": "patient-view", "#.utf8))
        let p = problem(malformed)
        #expect(malformed.status == 400 && p["code"] as? String == "PW1001" && p["status"] as? Int == 400)
        let diagnostics = p["diagnostics"] as? [[String: Any]] ?? []
        #expect(diagnostics.first?["code"] as? String == "PW0101" && (diagnostics.first?["location"] as? String)?.hasPrefix("<request>:") == true, "\(diagnostics)")
        let wrongHook = try HTTPTestClient.request(port: server.port, "POST", "/cds-services/shi-2025-enec",
                                                   body: Data(#"{"hook": "order-sign", "hookInstance": "x", "context": {"patientId": "p"}}"#.utf8))
        #expect(wrongHook.status == 400 && problem(wrongHook)["code"] as? String == "PW1001")
        let unknown = try HTTPTestClient.request(port: server.port, "POST", "/cds-services/shi-2025", body: Data("{}".utf8))
        #expect(unknown.status == 404 && problem(unknown)["code"] as? String == "PW1006")
        let badFHIR = try HTTPTestClient.request(port: server.port, "POST", "/evaluate", body: Data(#"{"resourceType": "Observaton"}"#.utf8))
        #expect(badFHIR.status == 422)
        // A body that never arrives in full: answered when the time limit passes, not held open.
        let started = Date()
        let slow = try HTTPTestClient.request(port: server.port, "POST", "/evaluate", body: Data("{".utf8), contentLength: 100)
        #expect(slow.status == 408 && problem(slow)["code"] as? String == "PW1004")
        #expect(Date().timeIntervalSince(started) < 10)
    }

    struct Token: JWTPayload {
        var iss: IssuerClaim
        var aud: AudienceClaim
        var exp: ExpirationClaim
        var jti: IDClaim
        func verify(using algorithm: some JWTAlgorithm) async throws {}
    }

    @Test func jwtIsRequiredWhenConfigured() async throws {
        let key = ES384PrivateKey()
        let other = ES384PrivateKey()
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("pathway-auth-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let config = dir.appendingPathComponent("auth.json")
        let pem = key.publicKey.pemRepresentation
        try JSONSerialization.data(withJSONObject: ["audience": ["http://127.0.0.1/cds-services"],
                                                    "issuers": [["iss": "https://ehr.example.org", "kid": "k1", "alg": "ES384", "key": pem]]])
            .write(to: config)
        let server = try ServerProcess(Self.guidelines + ["--auth-config", config.path])
        defer { _ = server.stop() }
        func token(_ signer: ES384PrivateKey, iss: String = "https://ehr.example.org", aud: String = "http://127.0.0.1/cds-services",
                   expires: TimeInterval = 300, jti: String = UUID().uuidString) async throws -> String {
            let keys = JWTKeyCollection()
            await keys.add(ecdsa: signer, kid: "k1")
            return try await keys.sign(Token(iss: .init(value: iss), aud: .init(value: [aud]), exp: .init(value: Date().addingTimeInterval(expires)), jti: .init(value: jti)), kid: "k1")
        }
        let body = try Self.hookRequest(try Self.bundle("t1a-esophageal-nec"))
        func call(_ token: String?) throws -> Int {
            try HTTPTestClient.request(port: server.port, "POST", "/cds-services/shi-2025-enec", body: body,
                                       headers: token.map { ["Authorization": "Bearer \($0)"] } ?? [:]).status
        }
        let none = try HTTPTestClient.request(port: server.port, "POST", "/cds-services/shi-2025-enec", body: body)
        #expect(none.status == 401 && (none.json as? [String: Any])?["code"] as? String == "PW1003")
        let good = try await token(key, jti: "once")
        #expect(try call(good) == 200)
        #expect(try call(good) == 401, "a jti is accepted once")
        #expect(try call(try await token(other)) == 401, "signed by an untrusted key")
        #expect(try call(try await token(key, iss: "https://other.example.org")) == 401, "untrusted issuer")
        #expect(try call(try await token(key, aud: "https://elsewhere/cds-services")) == 401, "another audience")
        #expect(try call(try await token(key, expires: -60)) == 401, "expired")
        #expect(try HTTPTestClient.request(port: server.port, "GET", "/health").status == 200, "health needs no token")
    }

    /// SIGHUP while requests are in flight: every request is answered, with the guidelines of before
    /// or after the reload, and none fails.
    @Test func reloadUnderLoadLosesNoRequest() async throws {
        let server = try ServerProcess(Self.guidelines)
        defer { _ = server.stop() }
        let body = try Self.hookRequest(try Self.bundle("t1a-esophageal-nec"))
        let port = server.port
        let statuses = await withTaskGroup(of: [Int].self) { group in
            for _ in 0..<4 {
                group.addTask {
                    (0..<40).map { _ in (try? HTTPTestClient.request(port: port, "POST", "/cds-services/shi-2025-enec", body: body).status) ?? -1 }
                }
            }
            group.addTask {
                for _ in 0..<5 {
                    try? await Task.sleep(for: .milliseconds(150))
                    server.signal(SIGHUP)
                }
                return []
            }
            var all: [Int] = []
            for await s in group { all += s }
            return all
        }
        #expect(statuses.count == 160)
        #expect(statuses.allSatisfy { $0 == 200 }, "statuses: \(Dictionary(grouping: statuses, by: { $0 }).mapValues(\.count))")
        #expect(try HTTPTestClient.request(port: port, "GET", "/health").status == 200)
        #expect(server.log.contains(#"{"event":"reload","result":"ok","guidelines":5}"#), "\(server.log)")
    }
}
