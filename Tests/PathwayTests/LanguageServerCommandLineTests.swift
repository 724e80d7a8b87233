import Foundation
import Testing

/// `pathway lsp` as a process: whatever arrives on standard input, it answers, never crashes or
/// hangs, and exits with the status the protocol gives.
@Suite struct LanguageServerCommandLineTests {
    static func frame(_ json: String) -> Data { Data("Content-Length: \(json.utf8.count)\r\n\r\n\(json)".utf8) }

    /// The JSON contents of the framed messages in `output`.
    static func messages(_ output: String) -> [String] {
        output.components(separatedBy: "Content-Length: ").dropFirst().compactMap { part in
            part.range(of: "\r\n\r\n").map { String(part[$0.upperBound...]) }
        }
    }

    @Test func malformedInputIsAnsweredAndShutdownExitsZero() throws {
        var input = Data("garbage\r\n\r\n".utf8)
        input += Data("Content-Length: 5\r\n\r\n{bad}".utf8)
        input += Self.frame(#"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"capabilities":{}}}"#)
        input += Data("Content-Length: 99999999999\r\n\r\n".utf8) + Data(repeating: 0x41, count: 1000)
        let run0 = try PathwayProcess.run(["lsp"], stdinData: input)
        // The huge message swallows what follows: the input ends inside it, without `exit`.
        #expect(run0.status == 1 && !run0.timedOut && !run0.signaled)
        let out0 = Self.messages(run0.stdout)
        #expect(out0.contains { $0.contains(#""code":-32700"#) })
        #expect(out0.contains { $0.contains(#""id":1"#) && $0.contains("capabilities") })
        #expect(out0.filter { $0.contains("window/logMessage") }.count == 3, "\(out0)")

        var clean = Self.frame(#"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"capabilities":{}}}"#)
        clean += Self.frame(#"{"jsonrpc":"2.0","id":2,"method":"textDocument/hover","params":{"textDocument":{"uri":"file:///no/such.yaml"},"position":{"line":0,"character":0}}}"#)
        clean += Self.frame(#"{"jsonrpc":"2.0","method":"$/cancelRequest","params":{"id":2}}"#)
        clean += Self.frame(#"{"jsonrpc":"2.0","id":3,"method":"shutdown"}"#)
        clean += Self.frame(#"{"jsonrpc":"2.0","method":"exit"}"#)
        let run = try PathwayProcess.run(["lsp"], stdinData: clean)
        #expect(run.status == 0 && !run.timedOut)
        let out = Self.messages(run.stdout)
        // The hover is answered once: with its result, or as cancelled if the cancellation came first.
        #expect(out.filter { $0.contains(#""id":2"#) }.count == 1, "\(out)")
        #expect(out.contains { $0.contains(#""id":3"#) && $0.contains(#""result":null"#) })
    }
}
