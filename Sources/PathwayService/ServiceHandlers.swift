import PathwayCompiler
import PathwayDiagnostics
import PathwayEvaluator
import PathwayFHIR
import PathwayYAML

/// The service's endpoints as functions from request bytes to a response, so that they are tested
/// without a server and the server library only routes.
public enum ServiceHandlers {
    /// `GET /cds-services`: one `patient-view` service per guideline, with the bindings' prefetch templates.
    public static func discovery(_ snapshot: ServiceSnapshot) -> ServiceResponse {
        let prefetch = JSONValue.object(snapshot.prefetchTemplates.map { ($0.key, .string($0.query)) })
        let services = snapshot.guidelines.guidelines.map { g -> JSONValue in
            let title = g.title ?? g.id
            return .object([
                ("hook", .string("patient-view")),
                ("id", .string(g.id)),
                ("title", .string(title)),
                ("description", .string("Recommendations of \(title) for the patient in context, each with its level, verbatim source quote and citation, and the data that would decide the undetermined ones.")),
                ("prefetch", prefetch),
            ])
        }
        return .json(.object([("services", .array(services))]))
    }

    static func load(_ body: [UInt8], _ name: String) -> Result<YAMLNode, ServiceResponse> {
        let loaded = YAMLLoader.load(json: body, path: name, limits: YAMLLimits(maxBytes: max(body.count, 1)))
        guard let root = loaded.root, !loaded.diagnostics.containsErrors else {
            return .failure(.problem(400, .serviceBadRequest, "the request body is not well-formed JSON", diagnostics: loaded.diagnostics))
        }
        return .success(root)
    }

    /// `POST /cds-services/{id}`: a CDS Hooks `patient-view` call. Prefetch templates the call
    /// leaves out are fetched from its FHIR server with `client`, when the call allows it
    /// (``CDSHookCall``); data that could not be obtained is named in a card.
    public static func cdsService(id: String, body: [UInt8], snapshot: ServiceSnapshot, baseURL: String,
                                  client: FHIRServerClient? = nil) async -> ServiceResponse {
        guard let guideline = snapshot.guidelines.guidelines.firstIndex(where: { $0.id == id }) else {
            return .problem(404, .serviceNotFound, "no CDS service `\(Excerpt.truncated(id))`",
                            diagnostics: [Diagnostic(.serviceNotFound, "no CDS service `\(Excerpt.truncated(id))`", at: nil,
                                                     suggestions: Suggest.closest(to: id, in: snapshot.guidelines.guidelines.map(\.id)).map { [.replace(with: $0)] } ?? [])])
        }
        let root: YAMLNode
        switch load(body, "<request>") {
        case .success(let r): root = r
        case .failure(let response): return response
        }
        let call: CDSHookCall
        switch CDSHookCall.check(root, guideline: guideline, templates: snapshot.prefetchTemplates) {
        case .success(let c): call = c
        case .failure(let response): return response
        }
        let obtained = await call.obtainMissing(with: client)
        return cdsAnswer(call, obtained: obtained, snapshot: snapshot, baseURL: baseURL)
    }

    /// The cards for a checked call, with the data it brought and the data fetched for it.
    static func cdsAnswer(_ call: CDSHookCall, obtained: [CDSHookCall.Obtained], snapshot: ServiceSnapshot, baseURL: String) -> ServiceResponse {
        var read = FHIRReader.Result()
        for node in call.prefetched {
            let one = FHIRReader.read(root: node)
            read.resources += one.resources
            read.diagnostics += one.diagnostics
        }
        var unobtained: [(CDSHookCall.Missing, String)] = []
        var fetchedAny = false
        for item in obtained {
            switch item.result {
            case .failure(let why): unobtained.append((item.missing, why.description))
            case .success(let bytes):
                let loaded = YAMLLoader.load(json: bytes, path: "<fhirServer \(item.missing.key)>", limits: YAMLLimits(maxBytes: max(bytes.count, 1)))
                guard let root = loaded.root, !loaded.diagnostics.containsErrors else {
                    unobtained.append((item.missing, "the FHIR server's answer is not JSON"))
                    continue
                }
                fetchedAny = true
                let one = FHIRReader.read(root: root)
                read.resources += one.resources
                read.diagnostics += one.diagnostics
            }
        }
        guard !call.prefetched.isEmpty || fetchedAny else {
            return .json(.object([("cards", .array([CDSCards.noData(unobtained, hookInstance: call.hookInstance)]))]))
        }
        let (mapped, evaluation) = FHIREvaluation.evaluate(read, guidelines: snapshot.guidelines, bindings: snapshot.bindings, evaluator: snapshot.evaluator,
                                                           recommendations: snapshot.recommendationsByGuideline[call.guideline])
        guard let evaluation else {
            return .problem(422, .fhirMalformed, "the prefetched FHIR data cannot be evaluated", diagnostics: mapped.diagnostics.filter { $0.severity == .error })
        }
        var cards = CDSCards.cards(evaluation, guideline: call.guideline, guidelines: snapshot.guidelines, mapped: mapped,
                                   bindings: snapshot.bindings, hookInstance: call.hookInstance, baseURL: baseURL)
        if !unobtained.isEmpty { cards.append(CDSCards.notObtained(unobtained, hookInstance: call.hookInstance)) }
        return .json(.object([("cards", .array(cards))]))
    }

    /// `POST /cds-services/{id}/feedback`: checked for the shape CDS Hooks 2.0 gives it (an object
    /// with a `feedback` array of entries with `card` and `outcome`), then logged as one JSON line.
    public static func feedback(id: String, body: [UInt8], snapshot: ServiceSnapshot, log: (String) -> Void) -> ServiceResponse {
        guard snapshot.guidelines.guidelines.contains(where: { $0.id == id }) else {
            return .problem(404, .serviceNotFound, "no CDS service `\(Excerpt.truncated(id))`")
        }
        let root: YAMLNode
        switch load(body, "<feedback>") {
        case .success(let r): root = r
        case .failure(let response): return response
        }
        guard case .sequence(let items, _)? = root.member("feedback") else {
            return .problem(400, .serviceBadRequest, "feedback is an object with a `feedback` array",
                            diagnostics: [Diagnostic(.serviceBadRequest, "expected `feedback`, an array of feedback entries", at: root.span)])
        }
        var entries: [JSONValue] = []
        for item in items {
            guard let card = item.member("card")?.text, let outcome = item.member("outcome")?.text, outcome == "accepted" || outcome == "overridden" else {
                return .problem(400, .serviceBadRequest, "each feedback entry needs `card` and `outcome` (`accepted` or `overridden`)",
                                diagnostics: [Diagnostic(.serviceBadRequest, "each feedback entry needs `card` and `outcome` (`accepted` or `overridden`)", at: item.span)])
            }
            var members: [(String, JSONValue)] = [("card", .string(card)), ("outcome", .string(outcome))]
            if let time = item.member("outcomeTimestamp")?.text { members.append(("outcomeTimestamp", .string(time))) }
            entries.append(.object(members))
        }
        log(JSONValue.object([("event", .string("feedback")), ("service", .string(id)), ("feedback", .array(entries))]).serialized())
        return ServiceResponse(status: 200, contentType: "application/json", body: Array("{}\n".utf8))
    }

    /// Evaluates one patient given as our patient JSON or as FHIR (a `resourceType` member): the
    /// `eval --format json` contract, or the diagnostics that stopped it.
    static func evaluate(_ root: YAMLNode, snapshot: ServiceSnapshot) -> (JSONValue, evaluated: Bool) {
        if root.member("resourceType") != nil {
            let (mapped, evaluation) = FHIREvaluation.evaluate(FHIRReader.read(root: root), guidelines: snapshot.guidelines, bindings: snapshot.bindings,
                                                             evaluator: snapshot.evaluator)
            return (FHIREvaluation.json(mapped, evaluation, guidelines: snapshot.guidelines), evaluation != nil)
        }
        let decoded = PatientDecoder(guidelines: snapshot.guidelines).decode(root)
        var diagnostics = decoded.diagnostics
        let evaluator = snapshot.evaluator
        if let patient = decoded.patient, let overflow = evaluator.evaluationError(in: patient) { diagnostics.append(overflow) }
        guard let patient = decoded.patient, !diagnostics.containsErrors else {
            return (.object([("recommendations", .array([])), ("undetermined", .array([])),
                             ("diagnostics", .array(diagnostics.map(EvaluationJSON.diagnostic)))]), false)
        }
        return (EvaluationJSON.object(evaluator.evaluate(patient), guidelines: snapshot.guidelines, diagnostics: diagnostics, trace: true), true)
    }

    /// `POST /evaluate`: one patient (our JSON or FHIR), answered as `eval --format json` answers.
    public static func evaluate(body: [UInt8], snapshot: ServiceSnapshot) -> ServiceResponse {
        let root: YAMLNode
        switch load(body, "<request>") {
        case .success(let r): root = r
        case .failure(let response): return response
        }
        let (value, evaluated) = evaluate(root, snapshot: snapshot)
        return .json(value, status: evaluated ? 200 : 422)
    }

    /// `POST /evaluate/batch` on a whole body: one patient per line (NDJSON) in, one result per line
    /// out, in order; a line that cannot be evaluated gets `{"line": N, "diagnostics": [...]}` and
    /// the rest go on. The server streams instead (``batchLine(_:snapshot:maxLineBytes:)`` as lines arrive).
    public static func evaluateBatch(body: [UInt8], snapshot: ServiceSnapshot, maxLineBytes: Int = PathwayServer.defaultMaxBodyBytes) -> ServiceResponse {
        var out: [UInt8] = []
        var lines = NDJSONLines(maxLineBytes: maxLineBytes)
        lines.feed(body) { out += batchLine($0, snapshot: snapshot, maxLineBytes: maxLineBytes) }
        lines.finish { out += batchLine($0, snapshot: snapshot, maxLineBytes: maxLineBytes) }
        return ServiceResponse(status: 200, contentType: "application/x-ndjson", body: out)
    }

    /// The answer to one line of a batch, with its line feed; nothing for a blank line.
    static func batchLine(_ line: NDJSONLines.Line, snapshot: ServiceSnapshot, maxLineBytes: Int) -> [UInt8] {
        let bytes: [UInt8], lineNumber: Int
        switch line {
        case .tooLong(let number):
            let message = "line \(number) is longer than the limit of \(maxLineBytes) bytes"
            return JSONValue.object([("line", .int(number)),
                                     ("diagnostics", .array([EvaluationJSON.diagnostic(Diagnostic(.serviceBodyTooLarge, message, at: nil))]))]).bytes() + [0x0A]
        case .text(let text, let number):
            bytes = text
            lineNumber = number
        }
        if bytes.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) { return [] }
        var out: [UInt8] = []
        let loaded = YAMLLoader.load(json: bytes, path: "<line \(lineNumber)>", limits: YAMLLimits(maxBytes: bytes.count))
        guard let root = loaded.root, !loaded.diagnostics.containsErrors else {
            out += JSONValue.object([("line", .int(lineNumber)), ("diagnostics", .array(loaded.diagnostics.map(EvaluationJSON.diagnostic)))]).bytes()
            out.append(0x0A)
            return out
        }
        let (value, evaluated) = evaluate(root, snapshot: snapshot)
        if evaluated, case .object(let members) = value {
            out += JSONValue.object([("line", .int(lineNumber))] + members).bytes()
        } else if case .object(let members) = value {
            out += JSONValue.object([("line", .int(lineNumber))] + members.filter { $0.0 == "diagnostics" || $0.0 == "fhir" }).bytes()
        }
        out.append(0x0A)
        return out
    }

    /// `GET /recommendations/{id}`: what a card links to — the recommendation, its level, quote,
    /// citations and the conditions of its decision paths.
    public static func recommendation(id: String, snapshot: ServiceSnapshot) -> ServiceResponse {
        guard let r = snapshot.guidelines.recommendations.first(where: { $0.id == id }) else {
            return .problem(404, .serviceNotFound, "no recommendation `\(Excerpt.truncated(id))`")
        }
        var members: [(String, JSONValue)] = [
            ("id", .string(r.id)), ("guideline", .string(snapshot.guidelines.guidelines[r.guideline].id)), ("text", .string(r.text)),
            ("direction", .string(r.direction.rawValue)),
        ]
        if let level = r.level {
            members.append(("level", .object([("scheme", .string(level.scheme)), ("value", .string(level.value)), ("definition", .string(level.definition))])))
        }
        members.append(("quote", .string(r.quote)))
        members.append(("citations", .array(r.citations.map { c in
            .object([("text", .string(c.text))] + (c.doi.map { [("doi", JSONValue.string($0))] } ?? []))
        })))
        members.append(("paths", .array(r.paths.map { p in
            .object([("origin", .string(p.origin)), ("conditions", .array(p.steps.map { .string($0.text) })), ("location", .string(r.span.description))])
        })))
        return .json(.object(members))
    }
}
