import Foundation
@testable import PathwayDiagnostics
@testable import PathwayLanguageServer
import Testing

/// Random edits of a bundled guideline replayed through the server in process (seeded, so every
/// run replays the same edits): whatever state the text is in, every request is answered with its
/// own id, diagnostics are published for the latest version, and nothing crashes or hangs.
@Suite struct LanguageServerFuzzTests {
    /// A small deterministic generator (SplitMix64), so a failure names its seed and replays.
    struct SplitMix {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        mutating func below(_ n: Int) -> Int { n <= 0 ? 0 : Int(next() % UInt64(n)) }
    }

    static let pieces = ["a", "_", " ", ":", "-", "[", "]", "{", "}", "\"", "'", "#", "&", "*", "!", "|", ">", "%", "@", "\n", "\t", "==",
                         " and ", " or ", "not ", " in [", "known(", "é", "𝕏", "\u{0}", "\r", "\r\n", "§", "..", "1e9", "99999999999999999999"]

    @Test(arguments: [UInt64(1), 2, 3])
    func randomEditsNeverBreakTheServer(seed: UInt64) throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("pathway-lsp-fuzz-\(ProcessInfo.processInfo.processIdentifier)-\(seed)")
        try? FileManager.default.removeItem(at: folder)
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("vocabulary"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let guidelines = TestFiles.repositoryRoot.appendingPathComponent("guidelines")
        let name = "benini-2025-ep-nec.yaml"
        try FileManager.default.copyItem(at: guidelines.appendingPathComponent(name), to: folder.appendingPathComponent(name))
        try FileManager.default.copyItem(at: guidelines.appendingPathComponent("vocabulary/nen.yaml"), to: folder.appendingPathComponent("vocabulary/nen.yaml"))

        let server = LanguageServer()
        var id = 0
        func request(_ method: String, _ params: JSONValue) -> JSONValue? {
            id += 1
            let answer = server.receive(JSONValue.object([("jsonrpc", .string("2.0")), ("id", .int(id)), ("method", .string(method)), ("params", params)]))
            #expect(answer.count == 1 && answer.first?["id"]?.int == id, "seed \(seed): \(method) not answered")
            return answer.first
        }
        _ = request("initialize", .object([("capabilities", .object([])), ("rootUri", .string(folder.absoluteString))]))
        let uri = folder.appendingPathComponent(name).absoluteString
        var text = try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
        _ = server.receive(JSONValue.object([("jsonrpc", .string("2.0")), ("method", .string("textDocument/didOpen")),
                                            ("params", .object([("textDocument", .object([("uri", .string(uri)), ("languageId", .string("yaml")),
                                                                                         ("version", .int(1)), ("text", .string(text))]))]))]))
        var random = SplitMix(state: seed)
        var version = 1
        for step in 0..<400 {
            // An edit at a random place (positions may lie past the end: the server clamps them).
            let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
            let line = random.below(lines.count + 2)
            let character = random.below((line < lines.count ? lines[line].utf16.count : 0) + 3)
            let endLine = line + random.below(2)
            let endCharacter = endLine == line ? character + random.below(4) : random.below(10)
            let inserted = random.below(3) == 0 ? "" : Self.pieces[random.below(Self.pieces.count)]
            version += 1
            let range = LSP.range(LSP.position(line: line, character: character), LSP.position(line: endLine, character: endCharacter))
            _ = server.receive(JSONValue.object([("jsonrpc", .string("2.0")), ("method", .string("textDocument/didChange")),
                                                ("params", .object([("textDocument", .object([("uri", .string(uri)), ("version", .int(version))])),
                                                                    ("contentChanges", .array([.object([("range", range), ("text", .string(inserted))])]))]))]))
            text = server.workspace.document(Paths.normalize(folder.appendingPathComponent(name).path))?.text ?? text
            guard step % 6 == 5 else { continue }
            let published = server.idle()
            let mine = published.filter { $0["params"]?["uri"]?.string == uri }
            #expect(mine.count == 1 && mine.first?["params"]?["version"]?.int == version, "seed \(seed) step \(step): no diagnostics for the latest version")
            let position = LSP.position(line: random.below(lines.count + 1), character: random.below(40))
            let document: JSONValue = .object([("uri", .string(uri))])
            let at: JSONValue = .object([("textDocument", document), ("position", position)])
            switch random.below(8) {
            case 0: _ = request("textDocument/completion", at)
            case 1: _ = request("textDocument/hover", at)
            case 2: _ = request("textDocument/definition", at)
            case 3: _ = request("textDocument/references", .object([("textDocument", document), ("position", position),
                                                                     ("context", .object([("includeDeclaration", .bool(true))]))]))
            case 4: _ = request("textDocument/rename", .object([("textDocument", document), ("position", position), ("newName", .string("renamed_x"))]))
            case 5: _ = request("textDocument/codeAction", .object([("textDocument", document), ("range", LSP.range(position, position)),
                                                                     ("context", .object([("diagnostics", .array([]))]))]))
            case 6:
                // Semantic tokens of the half-edited text: each within a line of the current text, in order.
                let data = (request("textDocument/semanticTokens/full", .object([("textDocument", document)]))?["result"]?["data"]?.array ?? []).compactMap(\.int)
                let current = TextDocument(uri: uri, path: "", version: 0, text: text)
                var tokenLine = 0, start = 0
                for i in stride(from: 0, to: data.count - 4, by: 5) {
                    tokenLine += data[i]
                    start = data[i] == 0 ? start + data[i + 1] : data[i + 1]
                    let width = current.line(tokenLine)?.utf16.count ?? -1
                    #expect(data[i] >= 0 && data[i + 1] >= 0 && data[i + 2] > 0 && start + data[i + 2] <= width,
                            "seed \(seed) step \(step): token \(i / 5) at \(tokenLine):\(start)+\(data[i + 2]) outside its line (\(width))")
                }
            default: _ = request("textDocument/documentSymbol", .object([("textDocument", document)]))
            }
        }
        #expect(request("shutdown", .null)?["result"]?.isNull == true)
    }
}

/// A libFuzzer finding (`Fixtures/fuzz/lsp-walks-the-filesystem-root.bin`, 2,400 bytes of edits and
/// requests, one naming a document in the filesystem root): the server walked the whole disk to
/// compile `/` (296 s). Now a folder outside the workspace folders is never walked: only the open
/// documents there are compiled, and the request is answered at once.
@Suite struct LanguageServerRootFolderTests {
    @Test func aDocumentInTheFilesystemRootIsNotAReasonToWalkTheDisk() throws {
        let folder = try Scratch.folder("lsp-root")
        defer { try? FileManager.default.removeItem(at: folder) }
        let server = LanguageServer()
        _ = server.receive(JSONValue.object([("jsonrpc", .string("2.0")), ("id", .int(1)), ("method", .string("initialize")),
                                             ("params", .object([("capabilities", .object([])), ("rootUri", .string(folder.absoluteString))]))]))
        let text = ComputedAnalysisTests.guideline(facts: "  f: { type: boolean }", when: "f")
        _ = server.receive(JSONValue.object([("jsonrpc", .string("2.0")), ("method", .string("textDocument/didOpen")),
                                             ("params", .object([("textDocument", .object([("uri", .string("file:///pathway-root-document.yaml")),
                                                                                          ("languageId", .string("yaml")), ("version", .int(1)),
                                                                                          ("text", .string(text))]))]))]))
        let answer = server.receive(JSONValue.object([("jsonrpc", .string("2.0")), ("id", .int(2)), ("method", .string("textDocument/hover")),
                                                      ("params", .object([("textDocument", .object([("uri", .string("file:///pathway-root-document.yaml"))])),
                                                                          ("position", .object([("line", .int(12)), ("character", .int(2))]))]))]))
        _ = server.idle()
        #expect(answer.count == 1 && answer.first?["id"]?.int == 2)
        #expect(!server.workspace.mayWalk("/"))
        #expect(server.workspace.units.keys.allSatisfy { $0 == "/" }, "\(server.workspace.units.keys)")
        // Nothing from the disk: at most the open document (a buffer never saved is not compiled yet).
        #expect(server.workspace.units["/"]?.compilation.documents.allSatisfy { $0.path == "/pathway-root-document.yaml" } == true)
    }
}
