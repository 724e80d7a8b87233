import Foundation
import PathwayCompiler
import PathwayDiagnostics

/// A Language Server Protocol 3.17 server for Pathway guidelines, as a value that takes messages and
/// returns the messages to send: the transport (``LanguageServerMain``) and the tests drive it alike.
///
/// Lifecycle (LSP 3.17, "Lifecycle Messages"): requests before `initialize` are answered with
/// `ServerNotInitialized`; after `shutdown` with `InvalidRequest`; `exit` ends the server with
/// status 0 after `shutdown`, else 1. Diagnostics are published when the server is idle
/// (``idle()``), so that a burst of changes is compiled once, at the latest version.
public final class LanguageServer {
    /// How the server was started.
    public struct Options: Sendable {
        /// The documentation page diagnostic codes link to (`codeDescription.href`); the anchor is added per code.
        public var diagnosticsDocumentation: String?
        /// Whether a save also runs the analysis of `check --analyze` (table gaps and overlaps,
        /// shadowed rows, contradictions); its findings show until the next change.
        public var analyzeOnSave: Bool

        public init(diagnosticsDocumentation: String? = nil, analyzeOnSave: Bool = true) {
            self.diagnosticsDocumentation = diagnosticsDocumentation
            self.analyzeOnSave = analyzeOnSave
        }
    }

    enum State { case uninitialized, running, shuttingDown }

    var state = State.uninitialized
    var options: Options
    var encoding = PositionEncoding.utf16
    var workspace = Workspace()
    /// Units whose diagnostics are stale: recompiled and published when idle.
    var dirtyUnits: Set<String> = []
    /// Units saved since they were last published: their guidelines are also analysed (`check --analyze`).
    var savedUnits: Set<String> = []
    /// Requests cancelled before they were handled (`$/cancelRequest`), by id.
    var cancelled: Set<String> = []
    /// The framing state of ``feed(_:)``.
    var frames = FrameDecoder()
    /// The status to exit with, once `exit` was received.
    public private(set) var exitStatus: Int32?

    public init(options: Options = Options()) {
        self.options = options
    }

    /// Handles one message's content (JSON text) and returns the messages to send in reply.
    public func receive(_ content: [UInt8]) -> [JSONValue] {
        switch JSONParser.parse(content) {
        case .failure(let failure):
            return [LSP.error(id: .null, .parseError, "not JSON: \(failure.message) at byte \(failure.offset)")]
        case .success(let message):
            return receive(message)
        }
    }

    /// Handles one parsed message.
    func receive(_ message: JSONValue) -> [JSONValue] {
        guard case .object = message else {
            return [LSP.error(id: .null, .invalidRequest, "a message is a JSON object")]
        }
        let id = message["id"]
        guard let method = message["method"]?.string else {
            // A response to a request of ours (none are sent that need an answer), or nonsense.
            if id != nil, message["result"] != nil || message["error"] != nil { return [] }
            return [LSP.error(id: id ?? .null, .invalidRequest, "a request needs a `method`")]
        }
        let params = message["params"] ?? .null
        guard let id, !id.isNull else {
            notification(method, params)
            return []
        }
        guard id.string != nil || id.int != nil else { return [LSP.error(id: .null, .invalidRequest, "an id is a number or a string")] }
        if cancelled.remove(Self.key(id)) != nil { return [LSP.error(id: id, .requestCancelled, "cancelled")] }
        switch state {
        case .uninitialized where method != "initialize":
            return [LSP.error(id: id, .serverNotInitialized, "the server is not initialized")]
        case .shuttingDown:
            return [LSP.error(id: id, .invalidRequest, "the server is shutting down")]
        case .uninitialized, .running:
            break
        }
        switch request(method, params) {
        case .success(let result): return [LSP.response(id: id, result: result)]
        case .failure(let failure): return [LSP.error(id: id, failure.code, failure.message)]
        }
    }

    /// Records a cancellation; the transport calls it as soon as one arrives, before the request is handled.
    public func cancel(_ id: JSONValueKey) { cancelled.insert(id.rawValue) }

    static func key(_ id: JSONValue) -> String { id.int.map { "i\($0)" } ?? "s" + (id.string ?? "") }

    struct RequestFailure: Error {
        var code: LSP.ErrorCode
        var message: String
        static func invalidParams(_ message: String) -> RequestFailure { RequestFailure(code: .invalidParams, message: message) }
    }

    private func request(_ method: String, _ params: JSONValue) -> Result<JSONValue, RequestFailure> {
        switch method {
        case "initialize": return .success(initialize(params))
        case "shutdown":
            state = .shuttingDown
            return .success(.null)
        case "textDocument/completion": return withDocument(params) { completion($0, $1, $2) }
        case "textDocument/hover": return withDocument(params) { hover($0, $1, $2) }
        case "textDocument/definition": return withDocument(params) { definition($0, $1, $2) }
        case "textDocument/references": return withDocument(params) { references($0, $1, $2, params) }
        case "textDocument/prepareRename": return withDocument(params) { prepareRename($0, $1, $2) }
        case "textDocument/rename": return withDocumentResult(params) { rename($0, $1, $2, params) }
        case "textDocument/documentSymbol": return withDocument(params, needsPosition: false) { d, u, _ in documentSymbols(d, u) }
        case "textDocument/codeAction": return withDocument(params, needsPosition: false) { d, u, _ in codeActions(d, u, params) }
        case "textDocument/semanticTokens/full": return withDocument(params, needsPosition: false) { d, u, _ in semanticTokens(d, u, range: nil) }
        case "textDocument/semanticTokens/range":
            guard let range = params["range"] else { return .failure(.invalidParams("`range` is missing")) }
            return withDocument(params, needsPosition: false) { d, u, _ in semanticTokens(d, u, range: range) }
        default: return .failure(RequestFailure(code: .methodNotFound, message: "unknown method `\(method.prefix(80))`"))
        }
    }

    private func notification(_ method: String, _ params: JSONValue) {
        switch method {
        case "exit": exitStatus = state == .shuttingDown ? 0 : 1
        case "$/cancelRequest": if let id = params["id"] { cancelled.insert(Self.key(id)) }
        case _ where state != .running: return  // LSP 3.17: notifications before initialize are dropped
        case "initialized": return
        case "textDocument/didOpen": didOpen(params)
        case "textDocument/didChange": didChange(params)
        case "textDocument/didSave": didSave(params)
        case "textDocument/didClose": didClose(params)
        default: return
        }
    }

    private func initialize(_ params: JSONValue) -> JSONValue {
        state = .running
        encoding = PositionEncoding.negotiate(params["capabilities"]?["general"]?["positionEncodings"]?.array?.compactMap(\.string))
        var roots = (params["workspaceFolders"]?.array ?? []).compactMap { $0["uri"]?.string.flatMap(Paths.path(ofURI:)) }
        if roots.isEmpty, let root = params["rootUri"]?.string.flatMap(Paths.path(ofURI:)) { roots = [root] }
        workspace.roots = roots
        if let link = params["initializationOptions"]?["diagnosticsDocumentation"]?.string { options.diagnosticsDocumentation = link }
        if let analyze = params["initializationOptions"]?["analyzeOnSave"]?.bool { options.analyzeOnSave = analyze }
        let capabilities: JSONValue = .object([
            ("positionEncoding", .string(encoding.rawValue)),
            ("textDocumentSync", .object([("openClose", .bool(true)), ("change", .int(2)),
                                          ("save", .object([("includeText", .bool(false))]))])),
            ("completionProvider", .object([("triggerCharacters", .array([" ", "[", "=", ".", "§", ","].map(JSONValue.string))),
                                            ("resolveProvider", .bool(false))])),
            ("hoverProvider", .bool(true)),
            ("definitionProvider", .bool(true)),
            ("referencesProvider", .bool(true)),
            ("renameProvider", .object([("prepareProvider", .bool(true))])),
            ("codeActionProvider", .object([("codeActionKinds", .array([.string("quickfix")]))])),
            ("documentSymbolProvider", .bool(true)),
            ("semanticTokensProvider", Self.semanticTokensProvider),
        ])
        return .object([("capabilities", capabilities),
                        ("serverInfo", .object([("name", .string("pathway")), ("version", .string(LanguageServerVersion.current))]))])
    }

    // MARK: Documents

    private func documentPath(_ params: JSONValue) -> (uri: String, path: String)? {
        guard let uri = params["textDocument"]?["uri"]?.string, let path = Paths.path(ofURI: uri) else { return nil }
        return (uri, path)
    }

    private func didOpen(_ params: JSONValue) {
        guard let (uri, path) = documentPath(params), let text = params["textDocument"]?["text"]?.string else { return }
        workspace.openDocument(TextDocument(uri: uri, path: path, version: params["textDocument"]?["version"]?.int ?? 0, text: text))
        touch(path)
    }

    private func didChange(_ params: JSONValue) {
        guard let (_, path) = documentPath(params), var document = workspace.document(path) else { return }
        for change in params["contentChanges"]?.array ?? [] {
            guard let text = change["text"]?.string else { continue }
            if let range = change["range"], let s = range["start"], let e = range["end"],
               let sl = s["line"]?.int, let sc = s["character"]?.int, let el = e["line"]?.int, let ec = e["character"]?.int {
                document.apply(range: ((sl, sc), (el, ec)), text: text, encoding: encoding)
            } else {
                document.apply(range: nil, text: text, encoding: encoding)
            }
        }
        if let version = params["textDocument"]?["version"]?.int { document.setVersion(version) }
        workspace.update(document)
        touch(path)
    }

    private func didSave(_ params: JSONValue) {
        guard let (_, path) = documentPath(params) else { return }
        touch(path, saved: true)
    }

    private func didClose(_ params: JSONValue) {
        guard let (_, path) = documentPath(params) else { return }
        let wasPathway = workspace.isPathwayDocument(path)
        workspace.close(path)
        // The file on disk is what counts again (and the buffer's unsaved problems go away).
        if wasPathway { dirtyUnits.insert(workspace.unitFolder(for: path)) }
    }

    /// Marks the unit of a changed Pathway document for compiling when idle; other YAML is left alone.
    private func touch(_ path: String, saved: Bool = false) {
        guard workspace.isPathwayDocument(path) else { return }
        let folder = workspace.unitFolder(for: path)
        dirtyUnits.insert(folder)
        if saved && options.analyzeOnSave { savedUnits.insert(folder) }
    }

    /// Compiles the units changed since the last call and returns their `publishDiagnostics`.
    public func idle() -> [JSONValue] {
        var out: [JSONValue] = []
        for folder in dirtyUnits.sorted() {
            let unit = workspace.compile(folder: folder)
            out += publish(unit, analyzed: savedUnits.contains(folder))
        }
        dirtyUnits = []
        savedUnits = []
        return out
    }

    /// The unit of an open document, up to date with its text.
    func currentUnit(for path: String) -> CompileUnit {
        let folder = workspace.unitFolder(for: path)
        if dirtyUnits.contains(folder) || workspace.units[folder] == nil { return workspace.compile(folder: folder) }
        return workspace.unit(for: path)
    }

    private func withDocument(_ params: JSONValue, needsPosition: Bool = true,
                              _ body: (TextDocument, CompileUnit, (line: Int, column: Int)) -> JSONValue) -> Result<JSONValue, RequestFailure> {
        withDocumentResult(params, needsPosition: needsPosition) { .success(body($0, $1, $2)) }
    }

    private func withDocumentResult(_ params: JSONValue, needsPosition: Bool = true,
                                    _ body: (TextDocument, CompileUnit, (line: Int, column: Int)) -> Result<JSONValue, RequestFailure>) -> Result<JSONValue, RequestFailure> {
        guard let (uri, path) = documentPath(params) else { return .failure(.invalidParams("`textDocument.uri` is not a file URI")) }
        let document = workspace.document(path) ?? TextDocument(uri: uri, path: path, version: 0,
                                                                  text: (try? String(contentsOfFile: path, encoding: .utf8)) ?? "")
        // Not a guideline or vocabulary: nothing to offer, and no folder to compile.
        guard workspace.isPathwayDocument(path) else { return .success(.null) }
        var position = (line: 1, column: 1)
        if needsPosition {
            guard let line = params["position"]?["line"]?.int, let character = params["position"]?["character"]?.int else {
                return .failure(.invalidParams("`position` is missing"))
            }
            position = (line + 1, document.line(line).map { encoding.column(ofCharacter: character, in: $0) } ?? 1)
        }
        return body(document, currentUnit(for: path), position)
    }
}

/// An id of a request, as a key (`$/cancelRequest` names requests by id).
public struct JSONValueKey: Hashable, Sendable {
    let rawValue: String
    init(_ id: JSONValue) { rawValue = LanguageServer.key(id) }
}

/// The version the server reports in `serverInfo`.
enum LanguageServerVersion {
    static let current = "0.1.0"
}
