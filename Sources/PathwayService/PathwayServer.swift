import Foundation
import Hummingbird
import Logging
import NIOCore
import PathwayDiagnostics
import Prometheus

/// `pathway serve`: CDS Hooks 2.0 and plain JSON over HTTP, on Hummingbird 2.
///
/// Binds 127.0.0.1 unless told otherwise; every request body is limited in size and every request
/// in time, a streamed batch by limits of its own (docs/limits.md); errors are RFC 9457 problem details carrying the CLI's diagnostics;
/// with a token configuration, every route but `/health` and `/metrics` needs a valid CDS Hooks
/// bearer token. SIGHUP reloads guidelines and bindings (a request in flight keeps the snapshot it
/// started with; a reload that fails keeps the old one); SIGTERM and SIGINT shut down gracefully.
public struct PathwayServer: Sendable {
    public struct Configuration: Sendable {
        public var paths: [String]
        public var bindingsPath: String
        public var host: String = "127.0.0.1"
        public var port: Int = 8080
        public var maxBodyBytes: Int = defaultMaxBodyBytes
        public var maxBatchBodyBytes: Int = defaultMaxBatchBodyBytes
        public var requestTimeout: Duration = .seconds(10)
        /// The longest a streamed `/evaluate/batch` may take, read and answered (``BatchLimits``).
        public var batchTimeout: Duration = .seconds(300)
        public var authConfigPath: String?
        public var allowImportsOutside = false
        /// Whether prefetch left out of a CDS call is fetched from the call's `fhirServer`.
        public var fhirFetch = true
        /// The longest one fetch from a FHIR server may take.
        public var fhirFetchTimeout: Duration = .seconds(3)

        public init(paths: [String], bindingsPath: String) {
            self.paths = paths
            self.bindingsPath = bindingsPath
        }
    }

    /// The largest request body, in bytes, but for `/evaluate/batch` (4 MiB, as a patient file).
    public static let defaultMaxBodyBytes = 4 * 1024 * 1024
    /// The largest `/evaluate/batch` body (64 MiB).
    public static let defaultMaxBatchBodyBytes = 64 * 1024 * 1024

    let configuration: Configuration
    let state: ServiceState
    let verifier: TokenVerifier?
    let metrics: ServiceMetrics
    /// Fetches what CDS calls leave out of their prefetch; `nil` with `--no-fhir-fetch`.
    let fhirClient: FHIRServerClient?

    /// Loads guidelines, bindings and token configuration, or says why not.
    public static func make(_ configuration: Configuration) async -> Result<PathwayServer, SnapshotFailure> {
        switch ServiceSnapshot.load(paths: configuration.paths, bindingsPath: configuration.bindingsPath, allowImportsOutside: configuration.allowImportsOutside) {
        case .failure(let failure): return .failure(failure)
        case .success(let snapshot):
            var verifier: TokenVerifier?
            if let path = configuration.authConfigPath {
                switch await TokenVerifier.load(path: path) {
                case .success(let v): verifier = v
                case .failure(let failure): return .failure(SnapshotFailure(diagnostics: failure.diagnostics, sources: SourceFileStore(), what: "token configuration"))
                }
            }
            let client = configuration.fhirFetch ? FHIRServerClient(timeout: configuration.fhirFetchTimeout, maxBytes: configuration.maxBodyBytes) : nil
            return .success(PathwayServer(configuration: configuration, state: ServiceState(snapshot), verifier: verifier, metrics: ServiceMetrics(),
                                          fhirClient: client))
        }
    }

    /// Runs until SIGTERM or SIGINT; `onListening` gets the bound port (useful with port 0).
    public func run(onListening: @escaping @Sendable (Int) -> Void, log: @escaping @Sendable (String) -> Void) async throws {
        let router = Router(context: ServiceRequestContext.self)
        let server = self
        router.get("/health") { _, _ in server.reply(.json(.object([("status", .string("ok"))])), route: "health", started: .now) }
        router.get("/metrics") { _, _ in
            server.reply(ServiceResponse(status: 200, contentType: "text/plain; version=0.0.4", body: server.metrics.registry.emitToBuffer()), route: "metrics", started: .now, count: false)
        }
        router.get("/cds-services") { request, _ in
            await server.handle(request, route: "discovery", limit: 0) { _, snapshot in ServiceHandlers.discovery(snapshot) }
        }
        router.post("/cds-services/:id") { request, context in
            let id = context.parameters.get("id") ?? ""
            let base = "http://\(request.head.authority ?? "\(server.configuration.host):\(server.configuration.port)")"
            return await server.handle(request, route: "patient-view", limit: server.configuration.maxBodyBytes) { body, snapshot in
                await ServiceHandlers.cdsService(id: id, body: body, snapshot: snapshot, baseURL: base, client: server.fhirClient)
            }
        }
        router.post("/cds-services/:id/feedback") { request, context in
            let id = context.parameters.get("id") ?? ""
            return await server.handle(request, route: "feedback", limit: server.configuration.maxBodyBytes) { body, snapshot in
                ServiceHandlers.feedback(id: id, body: body, snapshot: snapshot, log: log)
            }
        }
        router.get("/recommendations/:id") { request, context in
            let id = context.parameters.get("id") ?? ""
            return await server.handle(request, route: "recommendation", limit: 0) { _, snapshot in ServiceHandlers.recommendation(id: id, snapshot: snapshot) }
        }
        router.post("/evaluate") { request, _ in
            await server.handle(request, route: "evaluate", limit: server.configuration.maxBodyBytes) { body, snapshot in
                ServiceHandlers.evaluate(body: body, snapshot: snapshot)
            }
        }
        router.post("/evaluate/batch") { request, context in await server.batch(request, channel: context.channel) }
        let reload = SignalReloader(state: state, configuration: configuration, log: log)
        reload.start()
        var logger = Logger(label: "pathway-serve")
        logger.logLevel = .warning
        let app = Application(
            router: router,
            configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "pathway"),
            onServerRunning: { channel in onListening(channel.localAddress?.port ?? server.configuration.port) },
            logger: logger
        )
        try await app.runService()
        reload.stop()
        await fhirClient?.shutdown()
    }

    func reply(_ response: ServiceResponse, route: String, started: ContinuousClock.Instant, count: Bool = true) -> Response {
        if count { metrics.record(route: route, status: response.status, duration: .now - started) }
        var headers = HTTPFields()
        headers[.contentType] = response.contentType
        return Response(status: .init(code: response.status), headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: response.body)))
    }

    /// `POST /evaluate/batch`, streamed: each NDJSON line is answered as soon as it has been read, so
    /// memory stays bounded by the longest line (`--max-body-bytes`) whatever the body's size. The
    /// body is limited to `--max-batch-bytes`: a `Content-Length` over it is refused with 413 before
    /// anything is read; a chunked body that passes it ends the answer with a line carrying PW1002.
    /// Time (``BatchLimits``): the batch must be answered within `--batch-timeout`, and each wait for
    /// the next part of its body is at most `--request-timeout`; past either, the answer ends with a
    /// PW1004 problem line and the connection is closed (the rest of the body is not read). A client
    /// that does not read the answer holds its connection until the batch limit and one idle limit
    /// more have passed; then the connection is closed.
    func batch(_ request: Request, channel: any Channel) async -> Response {
        let started = ContinuousClock.now
        let route = "evaluate-batch"
        if let verifier, let problem = await verifier.check(authorization: request.headers[.authorization]) {
            return reply(.problem(401, .serviceUnauthorized, problem, diagnostics: [Diagnostic(.serviceUnauthorized, problem, at: nil)]), route: route, started: started)
        }
        let limit = configuration.maxBatchBodyBytes
        if let length = request.headers[.contentLength].flatMap({ Int($0) }), length > limit {
            return reply(Self.tooLarge(limit), route: route, started: started)
        }
        let snapshot = state.current
        let lineLimit = configuration.maxBodyBytes
        let limits = BatchLimits(started: started, batch: configuration.batchTimeout, idle: configuration.requestTimeout)
        let metrics = self.metrics
        var headers = HTTPFields()
        headers[.contentType] = "application/x-ndjson"
        return Response(status: .ok, headers: headers, body: ResponseBody { writer in
            let watchdog = Task {
                try await Task.sleep(until: limits.deadline + limits.idle, clock: .continuous)
                channel.close(promise: nil)
            }
            defer { watchdog.cancel() }
            let reader = BoundedBodyReader(request.body)
            var lines = NDJSONLines(maxLineBytes: lineLimit)
            var total = 0
            var status = 200
            var out: [UInt8] = []
            func answer(_ line: NDJSONLines.Line) throws {
                try limits.check()
                out += ServiceHandlers.batchLine(line, snapshot: snapshot, maxLineBytes: lineLimit)
            }
            do {
                reading: while true {
                    switch try await reader.next(before: limits.readDeadline()) {
                    case .late: throw limits.passedWaiting()
                    case .end: break reading
                    case .bytes(let buffer):
                        total += buffer.readableBytes
                        guard total <= limit else {
                            out += Self.tooLarge(limit).body
                            status = 413
                            break reading
                        }
                        try lines.feed(buffer.readableBytesView, answer)
                    }
                    if !out.isEmpty {
                        try await writer.write(ByteBuffer(bytes: out))
                        out = []
                    }
                }
                if status == 200 { try lines.finish(answer) }
                if !out.isEmpty { try await writer.write(ByteBuffer(bytes: out)) }
            } catch let passed as BatchLimits.Passed {
                // The lines answered so far, then the problem; the body is not read to its end, so
                // the connection cannot carry another request.
                status = 408
                try? await writer.write(ByteBuffer(bytes: out + passed.problem.body))
                metrics.record(route: route, status: status, duration: .now - started)
                try? await writer.finish(nil)
                channel.close(mode: .input, promise: nil)
                return
            } catch {
                status = 400
            }
            metrics.record(route: route, status: status, duration: .now - started)
            try await writer.finish(nil)
        })
    }

    /// The answer to a body over `limit` bytes (PW1002).
    static func tooLarge(_ limit: Int) -> ServiceResponse {
        .problem(413, .serviceBodyTooLarge, "the request body is more than the limit of \(limit) bytes",
                 diagnostics: [Diagnostic(.serviceBodyTooLarge, "the request body is more than the limit of \(limit) bytes", at: nil)])
    }

    /// Authentication, the body limit and the time limit around one handler; the handler runs on the
    /// snapshot current when the request arrived.
    func handle(_ request: Request, route: String, limit: Int,
                _ handler: @escaping @Sendable ([UInt8], ServiceSnapshot) async -> ServiceResponse) async -> Response {
        let started = ContinuousClock.now
        if let verifier, let problem = await verifier.check(authorization: request.headers[.authorization]) {
            return reply(.problem(401, .serviceUnauthorized, problem, diagnostics: [Diagnostic(.serviceUnauthorized, problem, at: nil)]), route: route, started: started)
        }
        let snapshot = state.current
        let timeout = configuration.requestTimeout
        let response: ServiceResponse = await withTaskGroup(of: ServiceResponse?.self) { group in
            group.addTask {
                var body: [UInt8] = []
                do {
                    for try await buffer in request.body {
                        guard body.count + buffer.readableBytes <= limit else { return Self.tooLarge(limit) }
                        body += buffer.readableBytesView
                    }
                } catch {
                    return .problem(400, .serviceBadRequest, "the request body could not be read")
                }
                return await handler(body, snapshot)
            }
            group.addTask {
                try? await Task.sleep(for: timeout)
                return nil
            }
            var first: ServiceResponse? = nil
            for await result in group {
                first = result
                break
            }
            group.cancelAll()
            return first ?? .problem(408, .serviceTimeout, "the request took longer than the limit of \(timeout)",
                                     diagnostics: [Diagnostic(.serviceTimeout, "the request took longer than the limit of \(timeout)", at: nil)])
        }
        return reply(response, route: route, started: started)
    }
}

/// Hummingbird's basic request context and the request's connection, so that a streamed batch past
/// its time limit can end its connection.
struct ServiceRequestContext: RequestContext {
    var coreContext: CoreRequestContextStorage
    let channel: any Channel

    init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        channel = source.channel
    }
}

/// The current snapshot, swapped whole on reload.
final class ServiceState: @unchecked Sendable {
    private let lock = NSLock()
    private var snapshot: ServiceSnapshot

    init(_ snapshot: ServiceSnapshot) { self.snapshot = snapshot }

    var current: ServiceSnapshot {
        lock.lock()
        defer { lock.unlock() }
        return snapshot
    }

    func replace(_ new: ServiceSnapshot) {
        lock.lock()
        snapshot = new
        lock.unlock()
    }
}

/// Reloads guidelines and bindings on SIGHUP, off the request path.
final class SignalReloader: @unchecked Sendable {
    let state: ServiceState
    let configuration: PathwayServer.Configuration
    let log: @Sendable (String) -> Void
    private var source: DispatchSourceSignal?
    private let queue = DispatchQueue(label: "pathway.reload")

    init(state: ServiceState, configuration: PathwayServer.Configuration, log: @escaping @Sendable (String) -> Void) {
        self.state = state
        self.configuration = configuration
        self.log = log
    }

    func start() {
        signal(SIGHUP, SIG_IGN)
        let source = DispatchSource.makeSignalSource(signal: SIGHUP, queue: queue)
        source.setEventHandler { [self] in
            switch ServiceSnapshot.load(paths: configuration.paths, bindingsPath: configuration.bindingsPath, allowImportsOutside: configuration.allowImportsOutside) {
            case .success(let snapshot):
                state.replace(snapshot)
                log(#"{"event":"reload","result":"ok","guidelines":\#(snapshot.guidelines.guidelines.count)}"#)
            case .failure(let failure):
                log(#"{"event":"reload","result":"failed","what":"\#(failure.what)","errors":\#(failure.diagnostics.filter { $0.severity == .error }.count)}"#)
            }
        }
        source.resume()
        self.source = source
    }

    func stop() { source?.cancel() }
}

/// Requests, latencies and errors, for `GET /metrics` (Prometheus text format).
final class ServiceMetrics: Sendable {
    let registry = PrometheusCollectorRegistry()
    static let buckets: [Duration] = [.microseconds(250), .microseconds(500), .milliseconds(1), .milliseconds(2), .milliseconds(5),
                                      .milliseconds(10), .milliseconds(25), .milliseconds(50), .milliseconds(100), .milliseconds(250), .seconds(1)]

    nonisolated(unsafe) static let requests = MetricNameDescriptor(namespace: "pathway", metricName: "requests", unitName: "total", helpText: "Requests answered, by route and status.")
    nonisolated(unsafe) static let errors = MetricNameDescriptor(namespace: "pathway", metricName: "request_errors", unitName: "total", helpText: "Requests answered with a status of 400 or more, by route.")
    nonisolated(unsafe) static let durations = MetricNameDescriptor(namespace: "pathway", metricName: "request_duration", unitName: "seconds", helpText: "Time to answer a request, by route.")

    func record(route: String, status: Int, duration: Duration) {
        registry.makeCounter(descriptor: Self.requests, labels: [("route", route), ("status", String(status))]).increment()
        if status >= 400 { registry.makeCounter(descriptor: Self.errors, labels: [("route", route)]).increment() }
        registry.makeDurationHistogram(descriptor: Self.durations, labels: [("route", route)], buckets: Self.buckets).record(duration)
    }
}
