import Foundation
@testable import PathwayDiagnostics
@testable import PathwayLanguageServer
import Testing

/// What the server compiles is the editor's buffer: a new file not saved yet, a buffer that
/// differs from its file, and text whose lines end in `\r`, `\r\n` and `\n` alike (LSP 3.17,
/// "Text Documents": all three end a line).
@Suite struct LanguageServerBufferTests {
    /// A server on a folder holding a valid guideline `g.yaml`.
    final class Session {
        let folder: URL
        let server = LanguageServer()
        var id = 0

        init() throws {
            folder = try Scratch.folder("lsp-buffers")
            try Self.guideline(id: "g", when: "f").write(to: folder.appendingPathComponent("g.yaml"), atomically: true, encoding: .utf8)
            _ = request("initialize", .object([("capabilities", .object([])), ("rootUri", .string(folder.absoluteString))]))
        }

        deinit { try? FileManager.default.removeItem(at: folder) }

        /// A guideline declaring the fact `f` (`id: g`) or `e` (any other id: a fact is declared once in a folder).
        static func guideline(id: String, when: String) -> String {
            ComputedAnalysisTests.guideline(facts: id == "g" ? "  f: { type: boolean }" : "  e: { type: boolean }", when: when)
                .replacingOccurrences(of: "id: g\n", with: "id: \(id)\n")
        }

        func uri(_ name: String) -> String { folder.appendingPathComponent(name).absoluteString }

        func request(_ method: String, _ params: JSONValue) -> JSONValue {
            id += 1
            return server.receive(.object([("jsonrpc", .string("2.0")), ("id", .int(id)), ("method", .string(method)), ("params", params)])).first ?? .null
        }

        func notify(_ method: String, _ params: JSONValue) {
            _ = server.receive(.object([("jsonrpc", .string("2.0")), ("method", .string(method)), ("params", params)]))
        }

        func open(_ name: String, _ text: String) {
            notify("textDocument/didOpen", .object([("textDocument", .object([("uri", .string(uri(name))), ("languageId", .string("yaml")),
                                                                              ("version", .int(1)), ("text", .string(text))]))]))
        }

        func change(_ name: String, version: Int, line: Int, from: Int, to: Int, _ text: String) {
            let range = LSP.range(LSP.position(line: line, character: from), LSP.position(line: line, character: to))
            notify("textDocument/didChange", .object([("textDocument", .object([("uri", .string(uri(name))), ("version", .int(version))])),
                                                     ("contentChanges", .array([.object([("range", range), ("text", .string(text))])]))]))
        }

        /// The diagnostics published when idle, by file name: code, line and character of each.
        func published() -> [String: [Found]] {
            var found: [String: [Found]] = [:]
            for message in server.idle() where message["method"]?.string == "textDocument/publishDiagnostics" {
                let name = (message["params"]?["uri"]?.string ?? "").split(separator: "/").last.map(String.init) ?? ""
                found[name] = (message["params"]?["diagnostics"]?.array ?? []).map {
                    Found(code: $0["code"]?.string ?? "", line: $0["range"]?["start"]?["line"]?.int ?? -1,
                          character: $0["range"]?["start"]?["character"]?.int ?? -1)
                }
            }
            return found
        }
    }

    struct Found: Equatable {
        var code: String
        var line: Int
        var character: Int
    }

    /// The 0-based line and character of `needle` in `text`, lines split as LSP splits them.
    static func position(of needle: String, in text: String) throws -> (line: Int, character: Int) {
        var lines: [Substring] = []
        var rest = Substring(text)
        while let cut = rest.firstIndex(where: { $0 == "\n" || $0 == "\r" || $0 == "\r\n" }) {
            lines.append(rest[..<cut])
            rest = rest[rest.index(after: cut)...]
        }
        lines.append(rest)
        let line = try #require(lines.firstIndex { $0.contains(needle) })
        let at = try #require(lines[line].range(of: needle))
        return (line, lines[line][..<at.lowerBound].utf16.count)
    }

    @Test func aNewFileNotOnDiskIsCompiledFromItsBuffer() throws {
        let session = try Session()
        let text = Session.guideline(id: "h", when: "e and typo")
        #expect(!FileManager.default.fileExists(atPath: session.folder.appendingPathComponent("new.yaml").path))
        session.open("new.yaml", text)
        let at = try Self.position(of: "typo", in: text)
        #expect(session.published()["new.yaml"] == [Found(code: "PW0301", line: at.line, character: at.character)])
        // Fixed in the buffer: the problem goes; still nothing on disk.
        session.change("new.yaml", version: 2, line: at.line, from: at.character, to: at.character + 4, "e")
        #expect(session.published()["new.yaml"] == [])
        #expect(!FileManager.default.fileExists(atPath: session.folder.appendingPathComponent("new.yaml").path))
    }

    @Test func aBufferThatDiffersFromItsFileIsWhatIsCompiled() throws {
        let session = try Session()
        let text = Session.guideline(id: "g", when: "f or typo")
        session.open("g.yaml", text)
        let at = try Self.position(of: "typo", in: text)
        #expect(session.published()["g.yaml"] == [Found(code: "PW0301", line: at.line, character: at.character)])
        // Closed unsaved: the file on disk counts again, and it has no problem.
        session.notify("textDocument/didClose", .object([("textDocument", .object([("uri", .string(session.uri("g.yaml")))]))]))
        #expect(session.published()["g.yaml"] == [])
    }

    /// Lines ending in a lone `\r` (old Mac), `\r\n` and `\n` in one buffer: the YAML parser starts
    /// a line at each, as LSP does, so a diagnostic and an edit on a line after them agree.
    @Test(arguments: ["\r", "\r\n", "mixed"])
    func lineBreaksOfEveryKindCountAsLSPCountsThem(_ lineBreak: String) throws {
        let session = try Session()
        var text = "# a comment first, so `kind:` is not the first line\n" + Session.guideline(id: "h", when: "e and typo")
        if lineBreak == "mixed" {
            var k = 0
            text = String(text.split(separator: "\n", omittingEmptySubsequences: false).map { line -> String in
                k += 1
                return line + ["\r", "\r\n", "\n"][k % 3]
            }.joined().dropLast())
        } else {
            text = text.replacingOccurrences(of: "\n", with: lineBreak)
        }
        session.open("new.yaml", text)
        let at = try Self.position(of: "typo", in: text)
        #expect(at.line > 10)
        #expect(session.published()["new.yaml"] == [Found(code: "PW0301", line: at.line, character: at.character)])
        session.change("new.yaml", version: 2, line: at.line, from: at.character, to: at.character + 4, "e")
        #expect(session.published()["new.yaml"] == [])
        #expect(session.server.workspace.document(session.folder.appendingPathComponent("new.yaml").path)?.line(at.line)?.contains("e and e") == true)
    }
}
