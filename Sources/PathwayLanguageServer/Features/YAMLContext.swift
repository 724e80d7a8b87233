/// Where the cursor is in the YAML structure, read from the indentation of the lines above it (the
/// text may be half typed and not parse): the keys and sequence items that enclose it, and whether
/// it is at a key or in a value.
///
/// Block mappings and sequences are read by indentation; a flow collection continued over several
/// lines (`given: [a, b,` … `c, d]`) is read from the line that opened it. Comments and blank lines
/// are skipped; the lines of a block scalar are read as plain lines.
struct YAMLContext: Equatable {
    enum Component: Equatable {
        case key(String)
        case item
    }

    /// The enclosing keys and items, outermost first (not including the cursor's own key).
    var path: [Component]
    /// The key the cursor's value belongs to, when the cursor is in a value.
    var key: String?
    /// The value's text before the cursor, when the cursor is in a value; the word typed so far at a key.
    var valuePrefix: String
    /// Whether the cursor is where a key is written.
    var atKey: Bool

    /// The keys of `path`, in order.
    var keys: [String] { path.compactMap { if case .key(let k) = $0 { k } else { nil } } }

    /// Keys whose value is a list of scalars: a `- word` under them is a value, not a key.
    static let scalarListKeys: Set<String> = ["recommend", "given", "not_given", "undetermined", "citations", "imports", "inputs", "values", "authors"]

    init(lines: (Int) -> Substring?, line: Int, column: Int) {
        let current = lines(line).map(String.init) ?? ""
        let before = String(String.UnicodeScalarView(current.unicodeScalars.prefix(max(column - 1, 0))))
        let cur = Self.parse(before)
        var key = cur.key
        var valuePrefix = cur.value
        var atKey = false
        var indent = cur.dash ? cur.dashColumn : cur.keyColumn
        var path: [Component] = []
        var number = line - 1
        var ownItem = cur.dash
        if cur.key == nil, cur.isContinuation {
            while number >= 0, let text = lines(number) {
                let p = Self.parse(String(text))
                number -= 1
                guard !p.isBlank, let k = p.key, p.keyColumn < cur.keyColumn else { continue }
                key = k
                valuePrefix = p.value + " " + cur.value
                indent = p.dash ? p.dashColumn : p.keyColumn
                ownItem = p.dash
                break
            }
        } else if cur.key == nil {
            atKey = true
        }
        while number >= 0, indent > 0, let text = lines(number) {
            number -= 1
            let p = Self.parse(String(text))
            if p.isBlank { continue }
            if p.dash {
                if p.keyColumn == indent, !ownItem || p.dashColumn < indent {
                    path.insert(.item, at: 0)
                    indent = p.dashColumn
                } else if p.keyColumn < indent {
                    if let k = p.key { path.insert(.key(k), at: 0) }
                    path.insert(.item, at: 0)
                    indent = p.dashColumn
                } else if p.dashColumn < indent {
                    path.insert(.item, at: 0)
                    indent = p.dashColumn
                }
            } else if let k = p.key, p.keyColumn < indent {
                path.insert(.key(k), at: 0)
                indent = p.keyColumn
            }
        }
        if ownItem { path.append(.item) }
        // `- word` under `recommend:` and the like is a list value.
        if atKey, cur.dash, path.last == .item, case .key(let k)? = path.dropLast().last, Self.scalarListKeys.contains(k) {
            atKey = false
            key = k
            path.removeLast(2)
        }
        self.path = path
        self.key = key
        self.valuePrefix = valuePrefix
        self.atKey = atKey
    }

    private struct Line {
        var dash = false
        var dashColumn = 0
        var keyColumn = 0
        var key: String?
        var value = ""
        var isBlank = false
        /// A line that starts with neither a key nor a dash nor a single word: the rest of a flow collection.
        var isContinuation = false
    }

    /// Splits `  - key: value` into its parts (columns 0-based).
    private static func parse(_ text: String) -> Line {
        var line = Line()
        let chars = Array(text)
        var i = 0
        while i < chars.count, chars[i] == " " { i += 1 }
        if i == chars.count || chars[i] == "#" {
            line.isBlank = true
            line.keyColumn = i
            return line
        }
        if chars[i] == "-", i + 1 == chars.count || chars[i + 1] == " " {
            line.dash = true
            line.dashColumn = i
            i += 1
            while i < chars.count, chars[i] == " " { i += 1 }
        }
        line.keyColumn = i
        var j = i
        while j < chars.count, isWord(chars[j]) { j += 1 }
        if j > i, j < chars.count, chars[j] == ":", j + 1 == chars.count || chars[j + 1] == " " {
            line.key = String(chars[i..<j])
            var v = j + 1
            while v < chars.count, chars[v] == " " { v += 1 }
            line.value = String(chars[v...])
        } else {
            line.value = String(chars[i...])
            line.isContinuation = !line.dash && !chars[i...].allSatisfy(isWord)
        }
        return line
    }

    static func isWord(_ c: Character) -> Bool { c.isLetter || c.isNumber || c == "_" || c == "-" }
}
