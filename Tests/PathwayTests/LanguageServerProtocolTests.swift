import Foundation
@testable import PathwayDiagnostics
@testable import PathwayLanguageServer
import Testing

/// The server's base protocol and lifecycle, in process: framing, malformed input, limits,
/// lifecycle order, cancellation and position encodings.
@Suite struct LanguageServerProtocolTests {
    static func message(_ json: String) -> [UInt8] { Array("Content-Length: \(json.utf8.count)\r\n\r\n\(json)".utf8) }

    @Test func framesSplitAnywhereAreReassembled() {
        let stream = Self.message(#"{"a":1}"#) + Self.message(#"{"b":"é"}"#)
        for cut in 0...stream.count {
            var decoder = FrameDecoder()
            let events = decoder.feed(stream[..<cut]) + decoder.feed(stream[cut...])
            #expect(events == [.message(Array(#"{"a":1}"#.utf8)), .message(Array(#"{"b":"é"}"#.utf8))], "cut at \(cut)")
        }
    }

    @Test func malformedHeadersAreReportedAndSkipped() {
        var decoder = FrameDecoder()
        let events = decoder.feed(Array("garbage\r\n\r\n".utf8) + Array("Content-Length: x\r\n\r\n".utf8)
                                  + Array("Content-Type: a\r\n\r\n".utf8) + Self.message("{}"))
        #expect(events.count == 4)
        #expect(events.last == .message(Array("{}".utf8)))
        #expect(events.dropLast().allSatisfy { if case .problem = $0 { true } else { false } })
    }

    @Test func aHugeContentLengthIsCountedOffNotKept() {
        var decoder = FrameDecoder()
        let size = FrameDecoder.maxContentBytes + 1
        var events = decoder.feed(Array("Content-Length: \(size)\r\n\r\n".utf8))
        #expect(events == [.problem("Content-Length \(size) is more than the limit of \(FrameDecoder.maxContentBytes) bytes; the message is skipped")])
        let chunk = [UInt8](repeating: 0x41, count: 1 << 20)
        var left = size
        while left > 0 {
            let n = min(left, chunk.count)
            events = decoder.feed(chunk[..<n])
            #expect(events.isEmpty)
            left -= n
        }
        #expect(decoder.feed(Self.message("{}")) == [.message(Array("{}".utf8))])
        // An endless header part is cut at its limit, and framing resumes after its empty line.
        var endless = FrameDecoder()
        let problems = endless.feed([UInt8](repeating: 0x41, count: FrameDecoder.maxHeaderBytes * 3))
        #expect(problems.count == 1)
        #expect(endless.feed(Array("\r\n\r\n".utf8) + Self.message("{}")) == [.message(Array("{}".utf8))])
    }

    @Test func badJSONAndBadRequestsGetErrorResponses() {
        let server = LanguageServer()
        let notJSON = server.receive(Array("{not json".utf8))
        #expect(notJSON.first?["error"]?["code"]?.int == -32700)
        #expect(server.receive(Array("[1,2]".utf8)).first?["error"]?["code"]?.int == -32600)
        #expect(server.receive(Array(String(repeating: "[", count: 100_000).utf8)).first?["error"]?["code"]?.int == -32700)
        // Before initialize: refused; unknown methods: not found; after shutdown: invalid.
        #expect(server.receive(Array(#"{"jsonrpc":"2.0","id":1,"method":"textDocument/hover","params":{}}"#.utf8)).first?["error"]?["code"]?.int == -32002)
        let initialized = server.receive(Array(#"{"jsonrpc":"2.0","id":2,"method":"initialize","params":{"capabilities":{}}}"#.utf8))
        #expect(initialized.first?["result"]?["capabilities"]?["positionEncoding"]?.string == "utf-16")
        #expect(server.receive(Array(#"{"jsonrpc":"2.0","id":3,"method":"no/such"}"#.utf8)).first?["error"]?["code"]?.int == -32601)
        #expect(server.receive(Array(#"{"jsonrpc":"2.0","id":4,"method":"textDocument/hover","params":{"textDocument":{"uri":"http://x"}}}"#.utf8))
            .first?["error"]?["code"]?.int == -32602)
        #expect(server.receive(Array(#"{"jsonrpc":"2.0","id":5,"method":"shutdown"}"#.utf8)).first?["result"]?.isNull == true)
        #expect(server.receive(Array(#"{"jsonrpc":"2.0","id":6,"method":"textDocument/hover","params":{}}"#.utf8)).first?["error"]?["code"]?.int == -32600)
        #expect(server.exitStatus == nil)
        _ = server.receive(Array(#"{"jsonrpc":"2.0","method":"exit"}"#.utf8))
        #expect(server.exitStatus == 0)
    }

    @Test func otherYAMLIsLeftAlone() {
        let server = LanguageServer()
        _ = server.receive(Array(#"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"capabilities":{}}}"#.utf8))
        _ = server.receive(Array(#"{"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":{"uri":"file:///nonexistent-folder/ci.yaml","languageId":"yaml","version":1,"text":"on: push\njobs: {}\n"}}}"#.utf8))
        #expect(server.idle().isEmpty)
        let answer = server.receive(Array(#"{"jsonrpc":"2.0","id":2,"method":"textDocument/completion","params":{"textDocument":{"uri":"file:///nonexistent-folder/ci.yaml"},"position":{"line":0,"character":1}}}"#.utf8))
        #expect(answer.first?["result"]?.isNull == true)
    }

    @Test func exitWithoutShutdownIsStatusOne() {
        let server = LanguageServer()
        _ = server.receive(Array(#"{"jsonrpc":"2.0","method":"exit"}"#.utf8))
        #expect(server.exitStatus == 1)
    }

    @Test func aCancelledRequestIsAnsweredCancelled() {
        let server = LanguageServer()
        _ = server.receive(Array(#"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"capabilities":{}}}"#.utf8))
        _ = server.receive(Array(#"{"jsonrpc":"2.0","method":"$/cancelRequest","params":{"id":"h1"}}"#.utf8))
        let answer = server.receive(Array(#"{"jsonrpc":"2.0","id":"h1","method":"textDocument/hover","params":{}}"#.utf8))
        #expect(answer.first?["error"]?["code"]?.int == -32800)
        #expect(answer.first?["id"]?.string == "h1")
    }

    @Test func utf32IsChosenWhenOfferedAndUTF16CountsSurrogates() {
        #expect(PositionEncoding.negotiate(["utf-16", "utf-32"]) == .utf32)
        #expect(PositionEncoding.negotiate(nil) == .utf16)
        let line: Substring = "a𝕏b: é"
        // `b` is the third scalar: column 3; in UTF-16 the 𝕏 takes two units.
        #expect(PositionEncoding.utf16.character(ofColumn: 3, in: line) == 3)
        #expect(PositionEncoding.utf16.column(ofCharacter: 3, in: line) == 3)
        #expect(PositionEncoding.utf16.column(ofCharacter: 2, in: line) == 2)  // inside the pair: its start
        #expect(PositionEncoding.utf32.character(ofColumn: 3, in: line) == 2)
        #expect(PositionEncoding.utf8.character(ofColumn: 3, in: line) == 5)
    }

    @Test func incrementalEditsApplyInOrderAndClampOutOfRangePositions() {
        var d = TextDocument(uri: "file:///x.yaml", path: "/x.yaml", version: 1, text: "ab\ncd\n")
        d.apply(range: ((0, 1), (1, 1)), text: "X", encoding: .utf16)
        #expect(d.text == "aXd\n")
        d.apply(range: ((9, 0), (9, 5)), text: "end", encoding: .utf16)
        #expect(d.text == "aXd\nend")
        d.apply(range: ((0, 99), (0, 99)), text: "!", encoding: .utf16)
        #expect(d.text == "aXd!\nend")
        d.apply(range: ((1, 3), (0, 0)), text: "", encoding: .utf16)  // reversed range
        #expect(d.text == "")
    }

    @Test func jsonParserKeepsNumbersExact() throws {
        #expect(try JSONParser.parse(Array(#"{"a":[1,-2.50,3e2,"\u00e9\ud83d\ude00"],"b":null}"#.utf8)).get().serialized()
                == #"{"a":[1,-2.50,3e2,"é😀"],"b":null}"#)
        #expect((try? JSONParser.parse(Array(#"{"a":1,}"#.utf8)).get()) == nil)
        #expect((try? JSONParser.parse(Array("\"\u{01}\"".utf8)).get()) == nil)
    }
}
