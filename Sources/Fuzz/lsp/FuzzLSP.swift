import Foundation
import FuzzSupport
import PathwayDiagnostics
import PathwayLanguageServer

/// A fuzzed stream of LSP messages (framing and JSON as arbitrary bytes) through the language
/// server, after a fixed start: `initialize` and `didOpen` of the smallest bundled guideline, in a
/// scratch folder with the bundled vocabulary. The input's messages follow (edits, requests,
/// malformed frames and JSON); then the server compiles and publishes.
/// Oracle: no crash or hang; every request before `exit` is answered exactly once, with its id.
@_cdecl("fuzz_lsp_main")
func fuzzLSPMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> CInt {
    FuzzDriver.run(argc, argv) { bytes in
        let server = LanguageServer()
        _ = server.feed(LSPFuzzSession.opening)
        _ = server.idle()
        for exchange in server.feed(bytes) {
            if let id = exchange.requestID {
                let answers = exchange.replies.filter { $0.member("id") == id }
                FuzzDriver.check(answers.count == 1, "request \(id.serialized()) answered \(answers.count) times")
            }
            if server.exitStatus != nil { return }
        }
        _ = server.idle()
    }
}

/// The scratch folder and the messages every run starts with.
enum LSPFuzzSession {
    static let name = "benini-2025-ep-nec.yaml"

    /// `/tmp/pathway-fuzz-lsp` with the guideline and `vocabulary/nen.yaml` copied from the repository
    /// (a fixed place, so that the seeds in scripts/fuzz/seeds/lsp name the open document).
    static let folder: String = {
        let folder = "/tmp/pathway-fuzz-lsp"
        let fm = FileManager.default
        try? fm.createDirectory(atPath: folder + "/vocabulary", withIntermediateDirectories: true)
        for file in [name, "vocabulary/nen.yaml"] where !fm.fileExists(atPath: folder + "/" + file) {
            guard (try? fm.copyItem(atPath: FuzzInputs.root + "/guidelines/" + file, toPath: folder + "/" + file)) != nil else {
                FuzzDriver.fail("cannot copy guidelines/\(file) to \(folder)")
            }
        }
        return folder
    }()

    static func frame(_ json: JSONValue) -> [UInt8] {
        let content = json.bytes()
        return Array("Content-Length: \(content.count)\r\n\r\n".utf8) + content
    }

    static let opening: [UInt8] = {
        let uri = URL(fileURLWithPath: folder + "/" + name).absoluteString
        let text = (try? String(contentsOfFile: folder + "/" + name, encoding: .utf8)) ?? ""
        return frame(.object([("jsonrpc", .string("2.0")), ("id", .int(0)), ("method", .string("initialize")),
                              ("params", .object([("capabilities", .object([])), ("rootUri", .string(URL(fileURLWithPath: folder).absoluteString))]))]))
            + frame(.object([("jsonrpc", .string("2.0")), ("method", .string("initialized")), ("params", .object([]))]))
            + frame(.object([("jsonrpc", .string("2.0")), ("method", .string("textDocument/didOpen")),
                             ("params", .object([("textDocument", .object([("uri", .string(uri)), ("languageId", .string("yaml")),
                                                                          ("version", .int(1)), ("text", .string(text))]))]))]))
    }()
}
