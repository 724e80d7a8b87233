import PathwayDiagnostics

extension YAMLLoader {
    /// Loads JSON text (a request body, a FHIR Bundle): the same tree and diagnostics as
    /// ``load(bytes:path:limits:)``, faster for the JSON that services and FHIR clients send.
    ///
    /// JSON is read by a direct parser that builds the tree libyaml's events would build — the same
    /// scalars with the same styles (strings double-quoted, numbers and literals plain) and the same
    /// spans (1-based lines, columns in Unicode scalars, a quoted scalar's span including its
    /// quotes). Whenever the text holds anything the direct parser does not handle exactly as libyaml
    /// does — a syntax error, a duplicate key, a limit reached, an escape other than `\"`, `\\`,
    /// `\/`, `\n`, `\t`, `\r`, a tab or carriage return between tokens, a YAML line break or non-printable
    /// character inside a string, a root that is not an object or array — it gives up and the text
    /// goes through libyaml, so diagnostics and every corner of the YAML reading stay libyaml's. A
    /// differential test (YAMLLoaderTests) checks both paths give equal trees.
    ///
    /// - Complexity: O(n) in the length of the text, one pass.
    public static func load(json bytes: [UInt8], path: String, limits: YAMLLimits = .standard) -> Result {
        if bytes.count <= limits.maxBytes {
            let text = TextEncoding.droppingByteOrderMark(bytes)
            if TextEncoding.firstInvalidByte(in: text) == nil, let root = JSONDirectParser.parse(text, path: path, limits: limits) {
                return Result(root: root, diagnostics: [])
            }
        }
        return load(bytes: bytes, path: path, limits: limits)
    }
}

/// The direct JSON parser behind ``YAMLLoader/load(json:path:limits:)``: `nil` means "let libyaml
/// read it". Recursive descent with the depth bounded by the limits (so hostile nesting cannot blow
/// the stack); every loop consumes at least one byte or returns.
struct JSONDirectParser {
    private let bytes: ArraySlice<UInt8>
    private let path: String
    private let limits: YAMLLimits
    private var index: Int
    private var line = 1
    private var column = 1
    private var nodes = 0

    /// Parses `text`, or gives up (`nil`).
    static func parse(_ text: ArraySlice<UInt8>, path: String, limits: YAMLLimits) -> YAMLNode? {
        var parser = JSONDirectParser(bytes: text, path: path, limits: limits, index: text.startIndex)
        parser.skipSpaces()
        guard parser.index < parser.bytes.endIndex, parser.bytes[parser.index] == UInt8(ascii: "{") || parser.bytes[parser.index] == UInt8(ascii: "[") else {
            return nil
        }
        guard let root = parser.value(depth: 0) else { return nil }
        parser.skipSpaces()
        guard parser.index == parser.bytes.endIndex else { return nil }
        return root
    }

    private var position: SourcePosition { SourcePosition(line: line, column: column) }

    /// Spaces and line feeds, which libyaml skips between flow tokens as JSON does. Tabs and
    /// carriage returns give up (libyaml's rules for them differ in corners).
    private mutating func skipSpaces() {
        while index < bytes.endIndex {
            switch bytes[index] {
            case 0x20: column += 1
            case 0x0A: line += 1; column = 1
            default: return
            }
            index += 1
        }
    }

    /// One ASCII byte that is there (the caller checked).
    private mutating func advance() {
        index += 1
        column += 1
    }

    private mutating func countNode() -> Bool {
        nodes += 1
        return nodes <= limits.maxNodes
    }

    private mutating func value(depth: Int) -> YAMLNode? {
        guard index < bytes.endIndex else { return nil }
        switch bytes[index] {
        case UInt8(ascii: "{"): return object(depth: depth)
        case UInt8(ascii: "["): return array(depth: depth)
        case UInt8(ascii: "\""): return string().map(YAMLNode.scalar)
        default: return plain().map(YAMLNode.scalar)
        }
    }

    private mutating func object(depth: Int) -> YAMLNode? {
        // The loader refuses a mapping that would open at depth `maxDepth`.
        guard depth < limits.maxDepth, countNode() else { return nil }
        let start = position
        advance()
        var entries: [YAMLMappingEntry] = []
        // Keys seen, for duplicates: compared one by one in small objects, hashed in large ones.
        var keys = Set<String>()
        skipSpaces()
        if index < bytes.endIndex, bytes[index] == UInt8(ascii: "}") {
            advance()
            return .mapping(entries, SourceSpan(file: path, start: start, end: position))
        }
        while true {
            guard index < bytes.endIndex, bytes[index] == UInt8(ascii: "\""), let key = string() else { return nil }
            // libyaml looks for a simple key's `:` at most 1024 characters on and on the same line.
            guard key.span.start.line == line, column - key.span.start.column < 1000 else { return nil }
            if entries.count < 16 {
                guard !entries.contains(where: { $0.key.value == key.value }) else { return nil }  // duplicate: libyaml reports it
            } else {
                if keys.isEmpty { keys = Set(entries.map(\.key.value)) }
                guard keys.insert(key.value).inserted else { return nil }
            }
            while index < bytes.endIndex, bytes[index] == 0x20 { advance() }
            guard index < bytes.endIndex, bytes[index] == UInt8(ascii: ":") else { return nil }
            advance()
            skipSpaces()
            guard let member = value(depth: depth + 1) else { return nil }
            entries.append(YAMLMappingEntry(key: key, value: member))
            guard let more = separator(closing: UInt8(ascii: "}")) else { return nil }
            if !more { return .mapping(entries, SourceSpan(file: path, start: start, end: position)) }
        }
    }

    private mutating func array(depth: Int) -> YAMLNode? {
        guard depth < limits.maxDepth, countNode() else { return nil }
        let start = position
        advance()
        var items: [YAMLNode] = []
        skipSpaces()
        if index < bytes.endIndex, bytes[index] == UInt8(ascii: "]") {
            advance()
            return .sequence(items, SourceSpan(file: path, start: start, end: position))
        }
        while true {
            guard let item = value(depth: depth + 1) else { return nil }
            items.append(item)
            guard let more = separator(closing: UInt8(ascii: "]")) else { return nil }
            if !more { return .sequence(items, SourceSpan(file: path, start: start, end: position)) }
        }
    }

    /// After an object's member or an array's item: `true` past a `,` (another follows), `false` past
    /// `closing` (the container ends), `nil` on anything else (left to libyaml).
    private mutating func separator(closing: UInt8) -> Bool? {
        skipSpaces()
        guard index < bytes.endIndex else { return nil }
        if bytes[index] == UInt8(ascii: ",") {
            advance()
            skipSpaces()
            return true
        }
        guard bytes[index] == closing else { return nil }
        advance()
        return false
    }

    /// A double-quoted string on one line. Gives up on control characters, on escapes but `\"`,
    /// `\\`, `\/`, `\n`, `\t`, `\r`, and on characters libyaml treats apart: DEL, C1 controls and NEL,
    /// U+2028/U+2029 (YAML line breaks), the byte order mark, U+FFFE and U+FFFF.
    private mutating func string() -> YAMLScalar? {
        guard countNode() else { return nil }
        let start = position
        advance()
        let first = index
        var escaped = false
        var characters = 0
        while true {
            guard index < bytes.endIndex else { return nil }
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: "\""):
                let value: String
                if escaped {
                    guard let decoded = unescaped(bytes[first..<index]) else { return nil }
                    value = decoded
                } else {
                    value = String(decoding: bytes[first..<index], as: UTF8.self)
                }
                column += characters
                advance()
                var scalar = YAMLScalar(value: value, style: .doubleQuoted, span: SourceSpan(file: path, start: start, end: position))
                // As libyaml's loader keeps it: the text as written where escapes changed it. Without
                // an escape the value is the text between the quotes, one line, a column per character.
                if escaped, !scalar.valueIsSourceText { scalar.source = String(decoding: bytes[(first - 1)..<index], as: UTF8.self) }
                return scalar
            case UInt8(ascii: "\\"):
                guard index + 1 < bytes.endIndex else { return nil }
                switch bytes[index + 1] {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "n"), UInt8(ascii: "t"), UInt8(ascii: "r"): break
                default: return nil
                }
                escaped = true
                characters += 2
                index += 2
            case ..<0x20, 0x7F:
                return nil
            case 0xC2:
                // U+0080 ... U+009F: C1 controls and NEL.
                guard index + 1 < bytes.endIndex, bytes[index + 1] >= 0xA0 else { return nil }
                characters += 1
                index += 2
            case 0xE2:
                // U+2028, U+2029.
                if index + 2 < bytes.endIndex, bytes[index + 1] == 0x80, bytes[index + 2] == 0xA8 || bytes[index + 2] == 0xA9 { return nil }
                characters += 1
                index += 1
            case 0xEF:
                // U+FEFF, U+FFFE, U+FFFF.
                if index + 2 < bytes.endIndex,
                   (bytes[index + 1] == 0xBB && bytes[index + 2] == 0xBF) || (bytes[index + 1] == 0xBF && bytes[index + 2] >= 0xBE) { return nil }
                characters += 1
                index += 1
            default:
                // A scalar's first byte moves the column; continuation bytes (0x80 ... 0xBF) do not.
                if byte & 0xC0 != 0x80 { characters += 1 }
                index += 1
            }
        }
    }

    private func unescaped(_ raw: ArraySlice<UInt8>) -> String? {
        var out: [UInt8] = []
        out.reserveCapacity(raw.count)
        var i = raw.startIndex
        while i < raw.endIndex {
            let byte = raw[i]
            guard byte == UInt8(ascii: "\\") else {
                out.append(byte)
                i += 1
                continue
            }
            switch raw[i + 1] {
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "r"): out.append(0x0D)
            case let other: out.append(other)  // `"`, `\` or `/`, checked by the caller
            }
            i += 2
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// A JSON number (`-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`) or `true`, `false`, `null`,
    /// followed by a space, line feed, `,`, `}` or `]` (or the end): a plain scalar for libyaml.
    private mutating func plain() -> YAMLScalar? {
        guard countNode() else { return nil }
        let first = index
        func digits(_ i: inout Int) -> Bool {
            let from = i
            while i < bytes.endIndex, bytes[i] >= 0x30, bytes[i] <= 0x39 { i += 1 }
            return i > from
        }
        var i = index
        switch bytes[i] {
        case UInt8(ascii: "t"), UInt8(ascii: "f"), UInt8(ascii: "n"):
            let word: [UInt8]
            switch bytes[i] {
            case UInt8(ascii: "t"): word = Array("true".utf8)
            case UInt8(ascii: "f"): word = Array("false".utf8)
            default: word = Array("null".utf8)
            }
            guard bytes.count - (i - bytes.startIndex) >= word.count, bytes[i..<(i + word.count)].elementsEqual(word) else { return nil }
            i += word.count
        default:
            if bytes[i] == UInt8(ascii: "-") { i += 1 }
            guard i < bytes.endIndex else { return nil }
            if bytes[i] == UInt8(ascii: "0") { i += 1 } else {
                guard bytes[i] >= 0x31, bytes[i] <= 0x39, digits(&i) else { return nil }
            }
            if i < bytes.endIndex, bytes[i] == UInt8(ascii: ".") {
                i += 1
                guard digits(&i) else { return nil }
            }
            if i < bytes.endIndex, bytes[i] == UInt8(ascii: "e") || bytes[i] == UInt8(ascii: "E") {
                i += 1
                if i < bytes.endIndex, bytes[i] == UInt8(ascii: "+") || bytes[i] == UInt8(ascii: "-") { i += 1 }
                guard digits(&i) else { return nil }
            }
        }
        if i < bytes.endIndex {
            switch bytes[i] {
            case 0x20, 0x0A, UInt8(ascii: ","), UInt8(ascii: "}"), UInt8(ascii: "]"): break
            default: return nil
            }
        }
        let start = position
        column += i - first
        index = i
        return YAMLScalar(value: String(decoding: bytes[first..<i], as: UTF8.self), style: .plain, span: SourceSpan(file: path, start: start, end: position))
    }
}
