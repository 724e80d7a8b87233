import PathwayCompiler
import PathwayDiagnostics
import PathwayYAML

/// Reads one line of a JSONL cohort: a flat JSON object from fact names to scalar values.
///
/// A small strict JSON reader (no YAML, no Foundation), so that cohorts stream at full speed. Values
/// become the same scalars the YAML loader produces (strings double-quoted, numbers, `true`, `false`
/// and `null` plain), so patient typing and its diagnostics are exactly those of `--patient`.
public struct JSONLinePatient {
    /// The line's entries as YAML nodes with spans (line `lineNumber`, columns in the line), or a
    /// diagnostic when the line is not a flat JSON object.
    public static func parse(_ line: ArraySlice<UInt8>, lineNumber: Int, file: String) -> Result<YAMLNode, Diagnostic> {
        var reader = Reader(bytes: Array(line), line: lineNumber, file: file)
        return reader.object()
    }

    /// Whether `bytes` is a number in the JSON grammar (RFC 8259 § 6): `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`.
    public static func isJSONNumber(_ bytes: ArraySlice<UInt8>) -> Bool {
        var i = bytes.startIndex
        let end = bytes.endIndex
        func digits() -> Int {
            let start = i
            while i < end, bytes[i] >= 0x30, bytes[i] <= 0x39 { i += 1 }
            return i - start
        }
        if i < end, bytes[i] == UInt8(ascii: "-") { i += 1 }
        guard i < end else { return false }
        if bytes[i] == 0x30 { i += 1 } else if digits() == 0 { return false }
        if i < end, bytes[i] == UInt8(ascii: ".") {
            i += 1
            guard digits() > 0 else { return false }
        }
        if i < end, bytes[i] == UInt8(ascii: "e") || bytes[i] == UInt8(ascii: "E") {
            i += 1
            if i < end, bytes[i] == UInt8(ascii: "+") || bytes[i] == UInt8(ascii: "-") { i += 1 }
            guard digits() > 0 else { return false }
        }
        return i == end
    }

    struct Reader {
        let bytes: [UInt8]
        let line: Int
        let file: String
        var i = 0

        func span(_ from: Int, _ to: Int) -> SourceSpan {
            SourceSpan(file: file, start: SourcePosition(line: line, column: from + 1), end: SourcePosition(line: line, column: max(to, from + 1) + 1))
        }

        func fail(_ message: String, at position: Int? = nil) -> Result<YAMLNode, Diagnostic> {
            let p = position ?? i
            return .failure(Diagnostic(.patientMalformed, message, at: span(p, p + 1)))
        }

        mutating func skipSpace() {
            while i < bytes.count, bytes[i] == 0x20 || bytes[i] == 0x09 || bytes[i] == 0x0D { i += 1 }
        }

        mutating func object() -> Result<YAMLNode, Diagnostic> {
            skipSpace()
            guard i < bytes.count, bytes[i] == UInt8(ascii: "{") else { return fail("expected a JSON object `{...}` from fact names to values") }
            let start = i
            i += 1
            var entries: [YAMLMappingEntry] = []
            var seen = Set<String>()
            skipSpace()
            if i < bytes.count, bytes[i] == UInt8(ascii: "}") {
                i += 1
                return finish(.mapping([], span(start, i)))
            }
            while true {
                skipSpace()
                let keyStart = i
                guard case .success(let key)? = string() else { return fail("expected a fact name in double quotes") }
                let keyScalar = YAMLScalar(value: key, style: .doubleQuoted, span: span(keyStart, i))
                guard !seen.contains(key) else {
                    return .failure(Diagnostic(.duplicateKey, "duplicate key `\(key)`", at: keyScalar.span, fact: key))
                }
                seen.insert(key)
                skipSpace()
                guard i < bytes.count, bytes[i] == UInt8(ascii: ":") else { return fail("expected `:` after the fact name") }
                i += 1
                skipSpace()
                let valueStart = i
                guard let value = scalar() else {
                    if i < bytes.count, bytes[i] == UInt8(ascii: "{") || bytes[i] == UInt8(ascii: "[") {
                        return .failure(Diagnostic(.patientWrongType, "`\(key)` must be a single value, not an object or a list", at: span(valueStart, valueStart + 1), fact: key))
                    }
                    return fail("expected a value for `\(key)`")
                }
                entries.append(YAMLMappingEntry(key: keyScalar, value: .scalar(YAMLScalar(value: value.text, style: value.style, span: span(valueStart, i)))))
                skipSpace()
                guard i < bytes.count else { return fail("unterminated object: expected `,` or `}`") }
                if bytes[i] == UInt8(ascii: ",") { i += 1; continue }
                if bytes[i] == UInt8(ascii: "}") { i += 1; break }
                return fail("expected `,` or `}`")
            }
            return finish(.mapping(entries, span(start, i)))
        }

        mutating func finish(_ node: YAMLNode) -> Result<YAMLNode, Diagnostic> {
            skipSpace()
            return i == bytes.count ? .success(node) : fail("unexpected text after the object")
        }

        mutating func scalar() -> (text: String, style: ScalarStyle)? {
            guard i < bytes.count else { return nil }
            switch bytes[i] {
            case UInt8(ascii: "\""):
                guard case .success(let s)? = string() else { return nil }
                return (s, .doubleQuoted)
            case UInt8(ascii: "t"), UInt8(ascii: "f"), UInt8(ascii: "n"):
                for word in ["true", "false", "null"] where bytes[i...].starts(with: word.utf8) {
                    i += word.utf8.count
                    return (word, .plain)
                }
                return nil
            default:
                let start = i
                while i < bytes.count, (bytes[i] >= UInt8(ascii: "0") && bytes[i] <= UInt8(ascii: "9")) || bytes[i] == UInt8(ascii: "-")
                        || bytes[i] == UInt8(ascii: "+") || bytes[i] == UInt8(ascii: ".") || bytes[i] == UInt8(ascii: "e") || bytes[i] == UInt8(ascii: "E") {
                    i += 1
                }
                guard i > start else { return nil }
                return (String(decoding: bytes[start..<i], as: UTF8.self), .plain)
            }
        }

        /// A JSON string with escapes; `nil` when not at a string, `.failure` on a malformed one.
        mutating func string() -> Result<String, Diagnostic>? {
            guard i < bytes.count, bytes[i] == UInt8(ascii: "\"") else { return nil }
            i += 1
            var out: [UInt8] = []
            while i < bytes.count {
                let b = bytes[i]
                if b == UInt8(ascii: "\"") {
                    i += 1
                    return .success(String(decoding: out, as: UTF8.self))
                }
                if b == UInt8(ascii: "\\") {
                    i += 1
                    guard i < bytes.count else { break }
                    switch bytes[i] {
                    case UInt8(ascii: "n"): out.append(0x0A)
                    case UInt8(ascii: "t"): out.append(0x09)
                    case UInt8(ascii: "r"): out.append(0x0D)
                    case UInt8(ascii: "b"): out.append(0x08)
                    case UInt8(ascii: "f"): out.append(0x0C)
                    case UInt8(ascii: "u"):
                        // `\uXXXX`, and a surrogate pair `\uD83D\uDE00` for characters beyond the BMP (RFC 8259 § 7).
                        let escapeStart = i - 1
                        func hex(at k: Int) -> UInt32? {
                            guard k + 4 <= bytes.count else { return nil }
                            var v: UInt32 = 0
                            for b in bytes[k..<(k + 4)] {
                                guard let d = (b >= 0x30 && b <= 0x39) ? UInt32(b - 0x30) : (b | 0x20 >= 0x61 && b | 0x20 <= 0x66) ? UInt32((b | 0x20) - 0x61 + 10) : nil else { return nil }
                                v = v * 16 + d
                            }
                            return v
                        }
                        guard var code = hex(at: i + 1) else { return .failure(Diagnostic(.patientMalformed, "invalid `\\u` escape: expected four hexadecimal digits", at: span(escapeStart, i + 1))) }
                        i += 4
                        if (0xD800...0xDBFF).contains(code) {
                            guard i + 2 < bytes.count, bytes[i + 1] == UInt8(ascii: "\\"), bytes[i + 2] == UInt8(ascii: "u"),
                                  let low = hex(at: i + 3), (0xDC00...0xDFFF).contains(low) else {
                                return .failure(Diagnostic(.patientMalformed, "unpaired surrogate `\\u\(String(code, radix: 16, uppercase: true))`: a high surrogate must be followed by a low one", at: span(escapeStart, i + 1)))
                            }
                            code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                            i += 6
                        }
                        guard let scalar = Unicode.Scalar(code) else {
                            return .failure(Diagnostic(.patientMalformed, "unpaired surrogate `\\u\(String(code, radix: 16, uppercase: true))`", at: span(escapeStart, i + 1)))
                        }
                        out.append(contentsOf: Array(String(Character(scalar)).utf8))
                    case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(bytes[i])
                    default:
                        return .failure(Diagnostic(.patientMalformed, "invalid escape `\\\(Character(Unicode.Scalar(bytes[i])))` in a string", at: span(i - 1, i + 1),
                                                   notes: [.init("JSON strings allow \\\" \\\\ \\/ \\b \\f \\n \\r \\t and \\uXXXX")]))
                    }
                    i += 1
                    continue
                }
                if b < 0x20 { return .failure(Diagnostic(.patientMalformed, "control character in a string", at: span(i, i + 1))) }
                out.append(b)
                i += 1
            }
            return .failure(Diagnostic(.patientMalformed, "unterminated string", at: span(i, i + 1)))
        }
    }
}
