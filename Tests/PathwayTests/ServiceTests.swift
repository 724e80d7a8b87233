import Foundation
#if canImport(Glibc)
import Glibc
#endif
import JWTKit
import PathwayService
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
        // The discovery response the README shows (examples/fhir/cds-hooks/) is the server's own.
        let recorded = try JSONSerialization.jsonObject(with: Data(contentsOf: TestFiles.repositoryRoot.appendingPathComponent("examples/fhir/cds-hooks/discovery.response.json")))
        #expect(NSDictionary(dictionary: discovery.json as? [String: Any] ?? [:]).isEqual(to: recorded as? [String: Any] ?? ["stale": true]),
                "examples/fhir/cds-hooks/discovery.response.json differs from what the server answers: record it again")
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

    /// The documented example call (examples/fhir/cds-hooks/patient-view-t1a.json) answers exactly
    /// the documented response, handled in-process as the server handles it.
    @Test func exampleCallGivesTheDocumentedResponse() async throws {
        let root = TestFiles.repositoryRoot.appendingPathComponent("examples/fhir/cds-hooks")
        let snapshot = try ServiceSnapshot.load(paths: [TestFiles.repositoryRoot.appendingPathComponent("guidelines").path],
                                                bindingsPath: FHIRTests.bindingsPath, allowImportsOutside: false).get()
        let body = Array(try Data(contentsOf: root.appendingPathComponent("patient-view-t1a.json")))
        let reply = await ServiceHandlers.cdsService(id: "shi-2025-enec", body: body, snapshot: snapshot, baseURL: "http://localhost:8080")
        #expect(reply.status == 200)
        let got = try JSONSerialization.jsonObject(with: Data(reply.body)) as? NSDictionary
        let expected = try JSONSerialization.jsonObject(with: try Data(contentsOf: root.appendingPathComponent("patient-view-t1a.response.json"))) as? NSDictionary
        #expect(got != nil && got == expected, "\(String(decoding: reply.body, as: UTF8.self))")
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

/// CDS Hooks 2.0, FHIR Resource Access: prefetch templates the call leaves out are fetched from its
/// `fhirServer` with its `fhirAuthorization` token, from a small FHIR server the test starts on a
/// local port; an unreachable, slow or refusing server, or a call without authorization, gets a card
/// saying which data could not be obtained (never a failure).
@Suite(.serialized) struct FHIRFetchTests {
    /// A FHIR server on a free local port: `Observation?…` answers the Bundle given (only with
    /// `Authorization: Bearer secret`, else 401), `Condition?…` an empty searchset, `/slow/…` after
    /// 5 s; every request is logged on standard error as `GET <path> <authorization>`.
    static let script = #"""
    import http.server, json, sys, time
    bundle = open(sys.argv[1], "rb").read()
    class H(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            sys.stderr.write("GET %s %s\n" % (self.path, self.headers.get("Authorization", "-"))); sys.stderr.flush()
            if self.path.startswith("/slow/"): time.sleep(5)
            if self.headers.get("Authorization") != "Bearer secret":
                self.send_response(401); self.end_headers(); return
            body = bundle if "/Observation?" in self.path else json.dumps({"resourceType": "Bundle", "type": "searchset", "entry": []}).encode()
            self.send_response(200); self.send_header("Content-Type", "application/fhir+json"); self.send_header("Content-Length", str(len(body)))
            self.end_headers(); self.wfile.write(body)
        def log_message(self, *args): pass
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), H)
    print("listening on http://127.0.0.1:%d" % server.server_address[1], flush=True)
    server.serve_forever()
    """#

    static func fhirServer() throws -> (ServerProcess, URL) {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("pathway-fhir-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let file = dir.appendingPathComponent("fhir_server.py")
        try Self.script.write(to: file, atomically: true, encoding: .utf8)
        let bundle = TestFiles.repositoryRoot.appendingPathComponent("examples/fhir/t1a-esophageal-nec.json").path
        return (try ServerProcess(executable: URL(fileURLWithPath: "/usr/bin/env"), ["python3", file.path, bundle]), dir)
    }

    static func call(_ extra: [String: Any]) throws -> Data {
        try JSONSerialization.data(withJSONObject: ["hook": "patient-view", "hookInstance": "f-1", "context": ["patientId": "t1a esophageal"]]
            .merging(extra) { $1 }, options: [.sortedKeys])
    }

    static var authorization: [String: Any] { ["access_token": "secret", "token_type": "Bearer", "expires_in": 300, "scope": "patient/*.read", "subject": "pathway"] }

    static func cards(_ reply: HTTPTestClient.Reply) -> [[String: Any]] {
        #expect(reply.status == 200, "\(reply.text)")
        let cards = (reply.json as? [String: Any])?["cards"] as? [[String: Any]] ?? []
        cards.forEach(ServiceTests.checkCard)
        return cards
    }

    static func label(_ card: [String: Any]) -> String { (card["source"] as? [String: Any])?["label"] as? String ?? "" }

    @Test func missingPrefetchIsFetchedWithTheToken() throws {
        let (fhir, dir) = try Self.fhirServer()
        defer { _ = fhir.stop(); try? FileManager.default.removeItem(at: dir) }
        let server = try ServerProcess(ServiceTests.guidelines + ["--fhir-fetch-timeout", "2"])
        defer { _ = server.stop() }
        let base = "http://127.0.0.1:\(fhir.port)/fhir"
        // The answer with the data prefetched ...
        let prefetched = Self.cards(try HTTPTestClient.request(port: server.port, "POST", "/cds-services/shi-2025-enec",
                                                               body: try ServiceTests.hookRequest(try ServiceTests.bundle("t1a-esophageal-nec"))))
        // ... and with none, fetched from the FHIR server: the same recommendations and missing data.
        let fetched = Self.cards(try HTTPTestClient.request(port: server.port, "POST", "/cds-services/shi-2025-enec",
                                                            body: try Self.call(["fhirServer": base, "fhirAuthorization": Self.authorization])))
        #expect(!prefetched.isEmpty)
        #expect(fetched.map { $0["summary"] as? String ?? "" } == prefetched.map { $0["summary"] as? String ?? "" })
        #expect(fetched.map { $0["detail"] as? String ?? "" } == prefetched.map { $0["detail"] as? String ?? "" })
        // Both templates were asked for, with the patient id filled in and encoded, and the token.
        let requests = fhir.log.split(separator: "\n").filter { $0.hasPrefix("GET ") }
        #expect(requests.count == 2, "\(requests)")
        #expect(requests.contains { $0.hasPrefix("GET /fhir/Observation?patient=t1a%20esophageal&code=urn:pathway:nen%7Cdifferentiation,") && $0.hasSuffix(" Bearer secret") })
        #expect(requests.contains { $0 == "GET /fhir/Condition?patient=t1a%20esophageal Bearer secret" })
        // A wrong token: the server refuses, and a card says which data was not obtained and why.
        var wrong = Self.authorization
        wrong["access_token"] = "other"
        let refused = Self.cards(try HTTPTestClient.request(port: server.port, "POST", "/cds-services/shi-2025-enec",
                                                            body: try Self.call(["fhirServer": base, "fhirAuthorization": wrong])))
        #expect(refused.count == 1 && (refused.first?["summary"] as? String ?? "").hasPrefix("No patient data"))
        #expect((refused.first?["detail"] as? String ?? "").contains("- `observation` (`Observation?patient=t1a%20esophageal&code="))
        #expect((refused.first?["detail"] as? String ?? "").contains("fetching it from `\(base)` failed: the FHIR server answered HTTP 401"))
        // A server that does not answer in time.
        let started = Date()
        let slow = Self.cards(try HTTPTestClient.request(port: server.port, "POST", "/cds-services/shi-2025-enec",
                                                         body: try Self.call(["fhirServer": "http://127.0.0.1:\(fhir.port)/slow", "fhirAuthorization": Self.authorization])))
        #expect((slow.first?["detail"] as? String ?? "").contains("no answer within the limit of 2"), "\(slow)")
        #expect(Date().timeIntervalSince(started) < 4.5, "the fetch time limit holds")
    }

    @Test func unobtainableDataIsSaidInACard() throws {
        let server = try ServerProcess(ServiceTests.guidelines)
        defer { _ = server.stop() }
        // Nothing listens on port 1 of the loopback address: connection refused.
        let unreachable = Self.cards(try HTTPTestClient.request(port: server.port, "POST", "/cds-services/shi-2025-enec",
                                                                body: try Self.call(["fhirServer": "http://127.0.0.1:1/fhir", "fhirAuthorization": Self.authorization])))
        #expect(unreachable.count == 1 && Self.label(unreachable[0]) == "Pathway: FHIR data" && unreachable[0]["indicator"] as? String == "warning")
        // The HTTP client retries a refused connection until the fetch's time limit: either reason is right.
        let why = unreachable[0]["detail"] as? String ?? ""
        #expect(why.contains("fetching it from `http://127.0.0.1:1/fhir` failed: ") && (why.contains("could not be reached") || why.contains("no answer within the limit")), "\(unreachable)")
        // A FHIR server without authorization is not queried (CDS Hooks 2.0 asks for both).
        let unauthorized = Self.cards(try HTTPTestClient.request(port: server.port, "POST", "/cds-services/shi-2025-enec",
                                                                 body: try Self.call(["fhirServer": "http://127.0.0.1:1/fhir"])))
        #expect((unauthorized.first?["detail"] as? String ?? "").contains("gives no `fhirAuthorization`, so it is not queried"))
        // Part of the prefetch given, no server: evaluated with it, and a card names the rest.
        var request = try #require(try JSONSerialization.jsonObject(with: try ServiceTests.hookRequest(try ServiceTests.bundle("t1a-esophageal-nec"))) as? [String: Any])
        var prefetch = try #require(request["prefetch"] as? [String: Any])
        prefetch.removeValue(forKey: "condition")
        request["prefetch"] = prefetch
        let partial = Self.cards(try HTTPTestClient.request(port: server.port, "POST", "/cds-services/shi-2025-enec",
                                                            body: try JSONSerialization.data(withJSONObject: request)))
        let notObtained = partial.filter { ($0["summary"] as? String ?? "").hasPrefix("Patient data not obtained: condition") }
        #expect(notObtained.count == 1 && partial.count > 1, "\(partial.map { $0["summary"] ?? "" })")
        #expect((notObtained.first?["detail"] as? String ?? "").contains("- `condition` (`Condition?patient=p`): not in the prefetch, and the call names no `fhirServer`"))
        // `fhirAuthorization` without `fhirServer` is not a CDS Hooks request.
        let bad = try HTTPTestClient.request(port: server.port, "POST", "/cds-services/shi-2025-enec", body: try Self.call(["fhirAuthorization": Self.authorization]))
        #expect(bad.status == 400 && (bad.json as? [String: Any])?["code"] as? String == "PW1001")
    }
}

/// `/evaluate/batch` streams: lines are answered while the body is still arriving, a large body is
/// answered line by line, and a line over the limit is refused alone.
@Suite(.serialized) struct BatchStreamTests {
    static func lines(_ reply: HTTPTestClient.Reply) -> [[String: Any]] {
        reply.text.split(separator: "\n").compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
    }

    /// 100 patients, a bad line, a line over the limit, and 2 MB of blank lines before the last
    /// patient: one answer per patient line, numbered as the body is.
    @Test func aLargeBatchIsAnsweredLineByLine() throws {
        let server = try ServerProcess(ServiceTests.guidelines + ["--max-body-bytes", "2000"])
        defer { _ = server.stop() }
        var body = ""
        for i in 1...100 {
            switch i {
            case 50: body += "{\"t_category\": \"T9\"}\n"                                          // a bad value
            case 51: body += "{\"t_category\": \"" + String(repeating: "x", count: 5000) + "\"}\n"   // over the line limit
            case 52: body += "\r\n"                                                                 // blank
            default: body += "{\"t_category\": \"T1a\", \"tumor_size\": \"\(i % 20 + 1) mm\"}\r\n"
            }
        }
        body += String(repeating: String(repeating: " ", count: 99) + "\n", count: 20_000)   // lines 101 ... 20 100
        body += "{\"t_category\": \"T1b\"}"                                                      // line 20 101, no line feed
        let reply = try HTTPTestClient.request(port: server.port, "POST", "/evaluate/batch", body: Data(body.utf8))
        #expect(reply.status == 200 && reply.headers["content-type"] == "application/x-ndjson")
        let out = Self.lines(reply)
        #expect(out.map { $0["line"] as? Int ?? 0 } == Array(1...51) + Array(53...100) + [20_101], "one answer per patient line")
        guard out.count == 100 else { return }
        #expect(out[0]["recommendations"] is [Any] && out[99]["recommendations"] is [Any])
        #expect(((out[49]["diagnostics"] as? [[String: Any]])?.first?["code"] as? String)?.hasPrefix("PW06") == true, "\(out[49])")
        #expect((out[50]["diagnostics"] as? [[String: Any]])?.first?["code"] as? String == "PW1002")
        #expect(((out[50]["diagnostics"] as? [[String: Any]])?.first?["message"] as? String ?? "") == "line 51 is longer than the limit of 2000 bytes")
    }

    /// A chunked body sent in two parts: the first line's answer arrives before the second part is sent.
    @Test func linesAreAnsweredAsTheyArrive() throws {
        let server = try ServerProcess(ServiceTests.guidelines)
        defer { _ = server.stop() }
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #expect(fd >= 0)
        defer { close(fd) }
        var timeout = timeval(tv_sec: 30, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(server.port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
        #expect(connected == 0)
        func sendText(_ text: String) { _ = Array(text.utf8).withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) } }
        func chunk(_ text: String) -> String { String(text.utf8.count, radix: 16) + "\r\n" + text + "\r\n" }
        sendText("POST /evaluate/batch HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nContent-Type: application/x-ndjson\r\nTransfer-Encoding: chunked\r\n\r\n")
        sendText(chunk("{\"t_category\": \"T1a\"}\n"))
        // Read until the first answer line is there (the body has not ended).
        var received = Data()
        var buffer = [UInt8](repeating: 0, count: 65536)
        while !String(decoding: received, as: UTF8.self).contains("{\"line\":1,") {
            let n = recv(fd, &buffer, buffer.count, 0)
            guard n > 0 else { break }
            received.append(contentsOf: buffer[0..<n])
        }
        #expect(String(decoding: received, as: UTF8.self).contains("{\"line\":1,"), "the first line is answered before the body ends")
        sendText(chunk("{\"t_category\": \"T1b\"}\n") + "0\r\n\r\n")
        while true {
            let n = recv(fd, &buffer, buffer.count, 0)
            guard n > 0 else { break }
            received.append(contentsOf: buffer[0..<n])
        }
        let text = String(decoding: received, as: UTF8.self)
        #expect(text.hasPrefix("HTTP/1.1 200") && text.contains("{\"line\":2,"), "\(text.prefix(300))")
    }
}

/// `/evaluate/batch` has time limits of its own (docs/limits.md): a client that stops sending is cut
/// off after `--request-timeout`, one that sends for longer than `--batch-timeout` at that limit;
/// either way the lines read are answered, a PW1004 problem line ends the answer, and the server
/// closes the connection though the client asked for none to be closed.
@Suite(.serialized) struct BatchTimeLimitTests {
    /// The answer's lines (dechunked), whether the chunked answer was ended properly, and the seconds
    /// until the server closed the connection.
    static func readToClose(_ connection: RawConnection, since started: Date) -> (lines: [[String: Any]], complete: Bool, seconds: Double) {
        let received = connection.readToEnd()
        let seconds = Date().timeIntervalSince(started)
        guard let split = received.range(of: Data("\r\n\r\n".utf8)) else { return ([], false, seconds) }
        let payload = Data(received[split.upperBound...])
        let text = String(decoding: HTTPTestClient.dechunk(payload), as: UTF8.self)
        let lines = text.split(separator: "\n").compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
        return (lines, String(decoding: payload, as: UTF8.self).hasSuffix("0\r\n\r\n"), seconds)
    }

    static let head = "POST /evaluate/batch HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-ndjson\r\nTransfer-Encoding: chunked\r\n\r\n"

    @Test func aClientThatStopsSendingIsCutOffAfterTheIdleLimit() throws {
        let server = try ServerProcess(ServiceTests.guidelines + ["--request-timeout", "1", "--batch-timeout", "60"])
        defer { _ = server.stop() }
        let connection = try RawConnection(port: server.port)
        let started = Date()
        connection.send(Self.head + RawConnection.chunk("{\"t_category\": \"T1a\"}\n{\"t_category\": \"T1b\"}\n"))
        // … and nothing more, the body not ended.
        let (lines, complete, seconds) = Self.readToClose(connection, since: started)
        #expect(lines.count == 3 && lines.first?["line"] as? Int == 1 && lines.dropFirst().first?["line"] as? Int == 2, "\(lines)")
        let problem = lines.last ?? [:]
        #expect(problem["code"] as? String == "PW1004" && problem["status"] as? Int == 408, "\(problem)")
        #expect((problem["detail"] as? String ?? "").contains("`--request-timeout`"), "\(problem)")
        #expect(complete, "the chunked answer is ended")
        #expect(seconds >= 1 && seconds < 20, "closed after the idle limit: \(seconds) s")
    }

    @Test func aBatchLongerThanItsLimitIsCutOffThere() throws {
        let server = try ServerProcess(ServiceTests.guidelines + ["--request-timeout", "5", "--batch-timeout", "2"])
        defer { _ = server.stop() }
        let connection = try RawConnection(port: server.port)
        let started = Date()
        connection.send(Self.head)
        // A line every 0.25 s, never waiting as long as the idle limit, for longer than the batch limit.
        let sender = Thread {
            for _ in 0..<40 {
                guard connection.send(RawConnection.chunk("{\"t_category\": \"T1a\"}\n")) else { return }
                Thread.sleep(forTimeInterval: 0.25)
            }
        }
        sender.start()
        let (lines, complete, seconds) = Self.readToClose(connection, since: started)
        let answered = lines.dropLast()
        #expect(answered.count >= 2 && answered.allSatisfy { $0["recommendations"] is [Any] }, "\(lines.count) lines")
        let problem = lines.last ?? [:]
        #expect(problem["code"] as? String == "PW1004" && (problem["detail"] as? String ?? "").contains("`--batch-timeout`"), "\(problem)")
        #expect(complete, "the chunked answer is ended")
        #expect(seconds >= 2 && seconds < 9, "closed at the batch limit, before the sender is done: \(seconds) s")
    }
}
