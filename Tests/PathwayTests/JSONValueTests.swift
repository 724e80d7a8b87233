import Foundation
import PathwayDiagnostics
import Testing

/// `JSONValue` writes strings by runs of bytes that need no escape; every byte that needs one is
/// escaped where it stands, wherever it stands (first, last, repeated), and the text is JSON that
/// decodes to the string.
@Suite struct JSONValueTests {
    @Test func stringsAreEscapedExactly() throws {
        let cases: [(String, String)] = [
            ("", #""""#),
            ("plain text", #""plain text""#),
            ("\"", #""\"""#),
            ("a\"b\\c", #""a\"b\\c""#),
            ("\n\r\t", #""\n\r\t""#),
            ("\u{0}\u{1}\u{1F}x", #""\u0000\u0001\u001fx""#),
            ("\u{7F} é — 🙂", "\"\u{7F} é — 🙂\""),
            ("end\\", #""end\\""#),
            ("\\\\\"\"", #""\\\\\"\"""#),
        ]
        for (value, expected) in cases {
            let written = JSONValue.string(value).serialized()
            #expect(written == expected, "\(value.debugDescription)")
            let decoded = try JSONSerialization.jsonObject(with: Data(written.utf8), options: .fragmentsAllowed) as? String
            #expect(decoded == value, "\(value.debugDescription)")
        }
        // Keys go through the same writer.
        #expect(JSONValue.object([("k\"\n", .string("v"))]).serialized() == #"{"k\"\n":"v"}"#)
    }
}
