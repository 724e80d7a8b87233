import Foundation
@testable import PathwayDiagnostics
@testable import PathwayLanguageServer
import Testing

/// Semantic tokens in process (LSP 3.17, "Semantic Tokens"): the exact tokens of a small guideline,
/// with a line holding characters outside the BMP before its condition and a folded `>-` condition
/// over two lines, in UTF-16 and in UTF-32; and a range request.
@Suite struct LanguageServerSemanticTokensTests {
    static let document = """
        kind: guideline
        id: g
        source: src
        citations:
          src: { authors: [Doe J], title: A source, venue: Journal, year: 2025 }
        schemes:
          panel:
            levels: [{ id: consensus, definition: all }]
        facts:
          size: { type: quantity, unit: cm }
          grade: { type: enum, values: [G1, G2] }
        derived:
          big:
            when: size >= 2 cm
        recommendations:
          r: { text: R, direction: for, level: panel.consensus, citations: [src], quote: Q }
        trees:
          - id: t
            when: known(size) and not big
            recommend: [r]
            branches:
              - { id: b1, title: "😀 é", when: "grade == G1 or size < 1.5 cm", recommend: [r] }
              - id: b2
                when: >-
                  grade in [G1, G2]
                  and size >= 3 cm
                recommend: [r]

        """

    /// A server on a folder holding the document, opened; its `initialize` result.
    final class Session {
        let folder: URL
        let uri: String
        let server = LanguageServer()
        private(set) var capabilities: JSONValue = .null
        var id = 0

        init(encodings: [String]? = nil, text: String = LanguageServerSemanticTokensTests.document) throws {
            folder = try Scratch.folder("lsp-tokens")
            let file = folder.appendingPathComponent("g.yaml")
            try text.write(to: file, atomically: true, encoding: .utf8)
            uri = file.absoluteString
            var client: [(String, JSONValue)] = []
            if let encodings { client.append(("general", .object([("positionEncodings", .array(encodings.map(JSONValue.string)))]))) }
            capabilities = request("initialize", .object([("capabilities", .object(client)), ("rootUri", .string(folder.absoluteString))]))["result"]?["capabilities"] ?? .null
            _ = server.receive(.object([("jsonrpc", .string("2.0")), ("method", .string("textDocument/didOpen")),
                                        ("params", .object([("textDocument", .object([("uri", .string(uri)), ("languageId", .string("yaml")),
                                                                                     ("version", .int(1)), ("text", .string(text))]))]))]))
            _ = server.idle()
        }

        deinit { try? FileManager.default.removeItem(at: folder) }

        func request(_ method: String, _ params: JSONValue) -> JSONValue {
            id += 1
            return server.receive(.object([("jsonrpc", .string("2.0")), ("id", .int(id)), ("method", .string(method)), ("params", params)])).first ?? .null
        }

        /// The tokens of a `semanticTokens` request, decoded: absolute line and character, length, type and modifiers by name.
        func tokens(range: JSONValue? = nil) -> [Decoded] {
            var params: [(String, JSONValue)] = [("textDocument", .object([("uri", .string(uri))]))]
            if let range { params.append(("range", range)) }
            let answer = request(range == nil ? "textDocument/semanticTokens/full" : "textDocument/semanticTokens/range", .object(params))
            let data = (answer["result"]?["data"]?.array ?? []).compactMap(\.int)
            let types = (capabilities["semanticTokensProvider"]?["legend"]?["tokenTypes"]?.array ?? []).compactMap(\.string)
            let modifiers = (capabilities["semanticTokensProvider"]?["legend"]?["tokenModifiers"]?.array ?? []).compactMap(\.string)
            var decoded: [Decoded] = []
            var line = 0, character = 0
            for i in stride(from: 0, to: data.count - 4, by: 5) {
                line += data[i]
                character = data[i] == 0 ? character + data[i + 1] : data[i + 1]
                let type = data[i + 3] < types.count ? types[data[i + 3]] : "?"
                let mods = modifiers.indices.filter { data[i + 4] & (1 << $0) != 0 }.map { modifiers[$0] }
                decoded.append(Decoded(line: line, character: character, length: data[i + 2], type: type, modifiers: mods))
            }
            return decoded
        }
    }

    struct Decoded: Equatable {
        var line: Int
        var character: Int
        var length: Int
        var type: String
        var modifiers: [String]
    }

    /// A token as the test names it: its line, the text the range covers (cut from the document
    /// in the encoding's units, so a wrong range shows as wrong text), its type and modifiers.
    struct Named: Equatable, CustomStringConvertible {
        var line: Int
        var text: String
        var type: String
        var declaration = false
        var description: String { "(\(line), \(text), \(type)\(declaration ? ", declaration" : ""))" }
    }

    static func named(_ tokens: [Decoded], encoding: PositionEncoding, in text: String = document) -> [Named] {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        return tokens.map { t in
            let line = t.line < lines.count ? lines[t.line] : ""
            var units = 0
            var text = ""
            for scalar in line.unicodeScalars {
                if units >= t.character && units < t.character + t.length { text.unicodeScalars.append(scalar) }
                units += encoding.width(scalar)
            }
            return Named(line: t.line, text: text, type: t.type, declaration: t.modifiers == ["declaration"])
        }
    }

    static let expected: [Named] = [
        Named(line: 2, text: "src", type: "namespace"),
        Named(line: 4, text: "src", type: "namespace", declaration: true),
        Named(line: 6, text: "panel", type: "enum", declaration: true),
        Named(line: 7, text: "consensus", type: "enumMember", declaration: true),
        Named(line: 9, text: "size", type: "variable", declaration: true),
        Named(line: 10, text: "grade", type: "variable", declaration: true),
        Named(line: 12, text: "big", type: "function", declaration: true),
        Named(line: 13, text: "size", type: "variable"),
        Named(line: 13, text: ">=", type: "operator"),
        Named(line: 13, text: "2", type: "number"),
        Named(line: 13, text: "cm", type: "type"),
        Named(line: 15, text: "r", type: "class", declaration: true),
        Named(line: 15, text: "panel", type: "enum"),
        Named(line: 15, text: "consensus", type: "enumMember"),
        Named(line: 15, text: "src", type: "namespace"),
        Named(line: 18, text: "known", type: "keyword"),
        Named(line: 18, text: "size", type: "variable"),
        Named(line: 18, text: "and", type: "keyword"),
        Named(line: 18, text: "not", type: "keyword"),
        Named(line: 18, text: "big", type: "function"),
        Named(line: 19, text: "r", type: "class"),
        Named(line: 21, text: "grade", type: "variable"),
        Named(line: 21, text: "==", type: "operator"),
        Named(line: 21, text: "G1", type: "enumMember"),
        Named(line: 21, text: "or", type: "keyword"),
        Named(line: 21, text: "size", type: "variable"),
        Named(line: 21, text: "<", type: "operator"),
        Named(line: 21, text: "1.5", type: "number"),
        Named(line: 21, text: "cm", type: "type"),
        Named(line: 21, text: "r", type: "class"),
        // The folded `>-` block: each token on the line it is written on.
        Named(line: 24, text: "grade", type: "variable"),
        Named(line: 24, text: "in", type: "keyword"),
        Named(line: 24, text: "G1", type: "enumMember"),
        Named(line: 24, text: "G2", type: "enumMember"),
        Named(line: 25, text: "and", type: "keyword"),
        Named(line: 25, text: "size", type: "variable"),
        Named(line: 25, text: ">=", type: "operator"),
        Named(line: 25, text: "3", type: "number"),
        Named(line: 25, text: "cm", type: "type"),
        Named(line: 26, text: "r", type: "class"),
    ]

    @Test func theLegendIsAdvertised() throws {
        let session = try Session()
        let provider = session.capabilities["semanticTokensProvider"]
        #expect(provider?["legend"]?["tokenTypes"]?.array?.compactMap(\.string)
            == ["variable", "function", "enumMember", "keyword", "operator", "number", "type", "class", "namespace", "property", "enum"])
        #expect(provider?["legend"]?["tokenModifiers"]?.array?.compactMap(\.string) == ["declaration"])
        #expect(provider?["full"]?.bool == true && provider?["range"]?.bool == true)
    }

    @Test func everyTokenOfTheDocumentInUTF16() throws {
        let session = try Session()
        #expect(session.capabilities["positionEncoding"]?.string == "utf-16")
        let tokens = session.tokens()
        #expect(Self.named(tokens, encoding: .utf16) == Self.expected)
        // After `😀` (two UTF-16 units) and `é`, `grade` starts at unit 40 of line 21.
        #expect(tokens.first { $0.line == 21 }.map { [$0.character, $0.length] } == [40, 5])
        // The folded block's first token: indented ten spaces on its own line.
        #expect(tokens.first { $0.line == 24 }.map { [$0.character, $0.length] } == [10, 5])
    }

    @Test func everyTokenOfTheDocumentInUTF32() throws {
        let session = try Session(encodings: ["utf-32", "utf-16"])
        #expect(session.capabilities["positionEncoding"]?.string == "utf-32")
        let tokens = session.tokens()
        #expect(Self.named(tokens, encoding: .utf32) == Self.expected)
        #expect(tokens.first { $0.line == 21 }.map { [$0.character, $0.length] } == [39, 5])
    }

    @Test func aRangeGivesTheTokensInIt() throws {
        let session = try Session()
        let range = LSP.range(LSP.position(line: 24, character: 0), LSP.position(line: 25, character: 13))
        #expect(Self.named(session.tokens(range: range), encoding: .utf16).map(\.text) == ["grade", "in", "G1", "G2", "and"])
    }

    /// A quoted condition with an escape is not the text it decodes to, and a block with a comment
    /// after its header holds more than its text: neither is placed, so their operators, keywords,
    /// numbers and units get no token rather than a wrong one. Fact names still show where the
    /// symbol index found them written exactly (as it does for navigation).
    @Test func textThatCannotBePlacedGetsNoTokens() throws {
        var text = Self.document.replacingOccurrences(of: #"when: "grade == G1 or size < 1.5 cm""#, with: #"when: "grade == G1 or size < 1.5 \u0063m""#)
        text = text.replacingOccurrences(of: "when: >-\n", with: "when: >- # two lines\n")
        #expect(text != Self.document)
        let session = try Session(text: text)
        let named = Self.named(session.tokens(), encoding: .utf16, in: text).filter { [21, 24, 25].contains($0.line) }
        #expect(named == [Named(line: 21, text: "grade", type: "variable"), Named(line: 21, text: "size", type: "variable"),
                          Named(line: 21, text: "r", type: "class"),
                          Named(line: 24, text: "grade", type: "variable"), Named(line: 25, text: "size", type: "variable")])
    }
}
