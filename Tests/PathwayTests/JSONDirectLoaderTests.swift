import Foundation
import Testing
@testable import PathwayYAML
import PathwayDiagnostics

/// `YAMLLoader.load(json:)` against libyaml (`YAMLLoader.load(bytes:)`): the same tree — values,
/// styles, spans — and the same diagnostics on a corpus of real JSON, its compact and re-indented
/// forms, every prefix of a document, and texts made to hit each case the direct parser leaves to
/// libyaml. A difference names the input.
@Suite struct JSONDirectLoaderTests {
    static func texts() throws -> [(String, [UInt8])] {
        let root = TestFiles.repositoryRoot
        var files: [URL] = []
        for folder in ["examples/fhir", "examples/fhir/cds-hooks"] {
            let dir = root.appendingPathComponent(folder)
            files += try FileManager.default.contentsOfDirectory(at: dir, includingPropertiesForKeys: nil).filter { $0.pathExtension == "json" }
        }
        #expect(files.count >= 8, "the example JSON files are missing")
        var out: [(String, [UInt8])] = []
        for file in files.sorted(by: { $0.path < $1.path }) {
            let data = try Data(contentsOf: file)
            out.append((file.lastPathComponent, Array(data)))
            let object = try JSONSerialization.jsonObject(with: data)
            out.append((file.lastPathComponent + " compact", Array(try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]))))
            out.append((file.lastPathComponent + " pretty", Array(try JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys]))))
        }
        return out
    }

    /// Both loaders on `bytes`: equal roots (spans included) and equal diagnostics.
    static func check(_ name: String, _ bytes: [UInt8], limits: YAMLLimits = .standard, fast: Bool? = nil) {
        let direct = YAMLLoader.load(json: bytes, path: "x.json", limits: limits)
        let libyaml = YAMLLoader.load(bytes: bytes, path: "x.json", limits: limits)
        #expect(direct.root == libyaml.root, "\(name): trees differ")
        func text(_ d: Diagnostic) -> String { "\(d.code.rawValue) \(d.message) \(d.span.map(\.description) ?? "-")" }
        #expect(direct.diagnostics.map(text) == libyaml.diagnostics.map(text), "\(name): diagnostics differ")
        if let fast {
            let text = TextEncoding.droppingByteOrderMark(bytes)
            #expect((JSONDirectParser.parse(text, path: "x.json", limits: limits) != nil) == fast, "\(name): direct parser \(fast ? "gave up" : "did not give up")")
        }
    }

    @Test func sameTreesAsLibyamlOnTheExamples() throws {
        for (name, bytes) in try Self.texts() { Self.check(name, bytes, fast: true) }
    }

    @Test func everyPrefixOfADocumentGivesWhatLibyamlGives() throws {
        let text = Array(#"{"a": [1, -2.5e3, true, null, {"b": "c\"d\\e\n"}], "é😀": "x", "f": {}}"#.utf8)
        for end in 0...text.count { Self.check("prefix \(end)", Array(text[0..<end])) }
        Self.check("whole", text, fast: true)
    }

    @Test func casesLeftToLibyamlStayLibyamls() {
        let cases: [(String, Bool)] = [
            (#"{"a":1,"b":[true,false,null],"c":"d"}"#, true),          // compact
            ("{\n  \"a\" : 1 ,\n  \"b\" : [ ]\n}\n", true),             // spaces before `:` and `,`
            (#"{"naïve café ✓": "日本語 😀", "k": "v"}"#, true),       // columns count characters
            (#"{"a": "tab\tand\rreturn"}"#, true),                      // escapes handled directly
            (#"{"a": 1, "a": 2}"#, false),                              // duplicate key: libyaml's error
            (#"{"a": "\u00e9"}"#, false),                               // \u escape
            (#"{"a": "http:\/\/loinc.org"}"#, true),                   // \/ escape (JSONSerialization writes it)
            ("{\"a\":\t1}", false),                                      // tab between tokens
            ("{\"a\": 1}\r\n", false),                                   // carriage return
            ("{\"a\": \"x\u{85}y\"}", false),                            // NEL, a YAML line break
            ("{\"a\": \"x\u{2028}y\"}", false),                          // line separator
            ("{\"a\": \"x\u{FEFF}y\"}", false),                          // byte order mark inside
            ("{\"a\": \"x\u{7F}y\"}", false),                            // DEL
            (#"{"a": 01}"#, false), (#"{"a": 1.}"#, false), (#"{"a": .5}"#, false), (#"{"a": +1}"#, false),
            (#"{"a": tru}"#, false), (#"{"a": yes}"#, false), (#"{"a": 1e}"#, false),
            (#"{"a": 1}{"b": 2}"#, false), (#""just a string""#, false), ("7", false), ("", false), ("   ", false),
            (#"{"a" "b"}"#, false), (#"{"a": 1,}"#, false), (#"[1,]"#, false), (#"{a: 1}"#, false),
            ("{\"a\"\n: 1}", false),                                     // a key's `:` on the next line
            ("\u{FEFF}{\"a\": 1}", true),                                // a byte order mark at the start
        ]
        for (text, fast) in cases { Self.check(text, Array(text.utf8), fast: fast) }
        // Not UTF-8, and a long key (libyaml looks for a simple key's `:` within 1024 characters).
        Self.check("latin1", [0x7B, 0x22, 0x61, 0x22, 0x3A, 0x22, 0xE9, 0x22, 0x7D])  // `load(json:)` checks UTF-8 first
        let long = "{\"" + String(repeating: "k", count: 1100) + "\": 1}"
        Self.check("long key", Array(long.utf8), fast: false)
    }

    @Test func limitsAreLibyamls() {
        let deep = String(repeating: "[", count: 70) + String(repeating: "]", count: 70)
        Self.check("deep", Array(deep.utf8), fast: false)
        let limits = YAMLLimits(maxBytes: 1000, maxDepth: 3, maxNodes: 5)
        Self.check("depth 3", Array("[[[]]]".utf8), limits: limits, fast: true)
        Self.check("depth 4", Array("[[[[]]]]".utf8), limits: limits, fast: false)
        Self.check("5 nodes", Array(#"{"a": 1, "b": 2}"#.utf8), limits: limits, fast: true)
        Self.check("6 nodes", Array(#"{"a": 1, "b": [2]}"#.utf8), limits: limits, fast: false)
        Self.check("too large", Array(("[" + String(repeating: "1,", count: 600) + "1]").utf8), limits: limits, fast: false)
    }
}
