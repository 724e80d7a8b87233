import ArgumentParser
import Foundation
import PathwayDiagnostics
import PathwayService

/// `pathway serve`: the CDS Hooks and JSON service (Sources/PathwayService; docs/service.md).
struct ServeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve guidelines over HTTP: CDS Hooks 2.0 (patient-view) and plain JSON evaluation."
    )

    @Argument(help: "Guideline files or folders.")
    var paths: [String]

    @Option(help: "The FHIR bindings document (e.g. bindings/nen-fhir.yaml).")
    var bindings: String

    @Option(help: "Address to bind; 127.0.0.1 unless told otherwise.")
    var host = "127.0.0.1"

    @Option(help: "Port; 0 picks a free one (printed on standard output).")
    var port = 8080

    @Option(name: .customLong("auth-config"), help: "Trusted JWT issuers and keys (JSON); when given, requests need a valid CDS Hooks bearer token.")
    var authConfig: String?

    @Option(name: .customLong("max-body-bytes"), help: "The largest request body, in bytes (but for /evaluate/batch).")
    var maxBodyBytes = PathwayServer.defaultMaxBodyBytes

    @Option(name: .customLong("max-batch-bytes"), help: "The largest /evaluate/batch body, in bytes.")
    var maxBatchBytes = PathwayServer.defaultMaxBatchBodyBytes

    @Option(name: .customLong("request-timeout"), help: "The longest a request may take, in seconds.")
    var requestTimeout = 10

    @Option(name: .customLong("batch-timeout"), help: "The longest a streamed /evaluate/batch may take, in seconds (each wait for its body is also limited by --request-timeout).")
    var batchTimeout = 300

    @Flag(name: .customLong("no-fhir-fetch"), help: "Never fetch what a CDS call leaves out of its prefetch from the call's fhirServer.")
    var noFHIRFetch = false

    @Option(name: .customLong("fhir-fetch-timeout"), help: "The longest one fetch from a CDS call's fhirServer may take, in seconds.")
    var fhirFetchTimeout = 3

    @OptionGroup var loading: LoadOptions

    func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError("--port must be 0 to 65535") }
        guard maxBodyBytes > 0, maxBatchBytes > 0 else { throw ValidationError("body limits must be at least 1 byte") }
        guard requestTimeout > 0 else { throw ValidationError("--request-timeout must be at least 1 second") }
        guard batchTimeout > 0 else { throw ValidationError("--batch-timeout must be at least 1 second") }
        guard fhirFetchTimeout > 0 else { throw ValidationError("--fhir-fetch-timeout must be at least 1 second") }
    }

    func run() throws {
        var configuration = PathwayServer.Configuration(paths: paths, bindingsPath: bindings)
        configuration.host = host
        configuration.port = port
        configuration.authConfigPath = authConfig
        configuration.maxBodyBytes = maxBodyBytes
        configuration.maxBatchBodyBytes = maxBatchBytes
        configuration.requestTimeout = .seconds(requestTimeout)
        configuration.batchTimeout = .seconds(batchTimeout)
        configuration.allowImportsOutside = loading.allowImportsOutside
        configuration.fhirFetch = !noFHIRFetch
        configuration.fhirFetchTimeout = .seconds(fhirFetchTimeout)
        let done = DispatchSemaphore(value: 0)
        nonisolated(unsafe) var status: Int32 = 0
        let host = self.host
        Task {
            switch await PathwayServer.make(configuration) {
            case .failure(let failure):
                Output.writeError(Output.text(failure.diagnostics, sources: failure.sources))
                Output.writeError("error: \(failure.what) not loaded (\(Output.summary(failure.diagnostics)))\n")
                status = 1
            case .success(let server):
                do {
                    try await server.run(onListening: { port in Output.write("listening on http://\(host):\(port)\n") },
                                         log: { line in Output.writeError(line + "\n") })
                } catch {
                    Output.writeError("error: \(error)\n")
                    status = 1
                }
            }
            done.signal()
        }
        done.wait()
        if status != 0 { throw ExitCode(status) }
    }
}
