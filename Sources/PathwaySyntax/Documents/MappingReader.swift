import PathwayDiagnostics
import PathwayYAML

/// Reads a YAML mapping against a fixed set of keys, reporting unknown keys (with a suggestion),
/// missing keys and values of the wrong shape. Every scalar is typed here, never by YAML.
struct MappingReader {
    let entries: [String: YAMLMappingEntry]
    let span: SourceSpan
    let what: String
    /// Where a missing key is reported: the mapping's own key (e.g. a recommendation id) when it has one.
    let owner: SourceSpan?
    /// Keys that an unknown key was taken for ("did you mean"); not reported again as missing.
    let suggested: Set<String>

    /// The diagnostic for a flow-mapping entry without `:` right after a plain value on the same line,
    /// `{ description: stroke, TIA or thromboembolism }`: YAML read the comma as the end of the value
    /// and the rest as a key. `nil` when the entry does not look like that.
    static func splitByComma(_ previous: YAMLMappingEntry, _ entry: YAMLMappingEntry) -> Diagnostic? {
        guard case .scalar(let empty) = entry.value, empty.value.isEmpty, empty.style == .plain,
              case .scalar(let value) = previous.value, value.style == .plain, !value.value.isEmpty,
              value.span.end.line == entry.key.span.start.line, entry.key.style == .plain else { return nil }
        let whole = "\(value.value), \(entry.key.value)"
        let span = SourceSpan(file: value.span.file, start: value.span.start, end: entry.key.span.end)
        return Diagnostic(.unknownKey, "unquoted `,` in the value of `\(previous.key.value)`: `\(Excerpt.truncated(entry.key.value))` is read as a key",
                          at: entry.key.span, label: "read as a key",
                          notes: [.init("in `{ … }` a comma separates entries; a value that contains one must be quoted")],
                          suggestions: [.init("quote the whole value: `\(previous.key.value): \(JSONValue.string(whole).serialized())`", replacement: JSONValue.string(whole).serialized(), span: span)])
    }

    /// Reads `node` as a mapping describing `what`; `nil` (with a diagnostic) when it is not one.
    init?(_ node: YAMLNode, what: String, allowed: [String], owner: SourceSpan? = nil, into diagnostics: inout [Diagnostic]) {
        guard case .mapping(let list, let span) = node else {
            diagnostics.append(Diagnostic(.wrongValueType, "expected a mapping for \(what), found \(node.shapeDescription)", at: node.span))
            return nil
        }
        var entries: [String: YAMLMappingEntry] = [:]
        var suggested = Set<String>()
        for (k, entry) in list.enumerated() {
            if !allowed.contains(entry.key.value), k > 0, let split = Self.splitByComma(list[k - 1], entry) {
                // `{ description: stroke, TIA or thromboembolism }`: the comma ended the value.
                diagnostics.append(split)
                continue
            }
            if !allowed.contains(entry.key.value) {
                let suggestion = Suggest.closest(to: entry.key.value, in: allowed)
                if let suggestion { suggested.insert(suggestion) }
                diagnostics.append(Diagnostic(
                    .unknownKey, "unknown key `\(entry.key.value)` in \(what)", at: entry.key.span,
                    notes: [.init("allowed keys: " + allowed.map { "`\($0)`" }.joined(separator: ", "))],
                    suggestions: suggestion.map { [.replace(with: $0)] } ?? []))
                continue
            }
            entries[entry.key.value] = entries[entry.key.value] ?? entry
        }
        self.entries = entries
        self.span = span
        self.what = what
        self.owner = owner
        self.suggested = suggested
    }

    subscript(key: String) -> YAMLNode? { entries[key]?.value }

    func keySpan(_ key: String) -> SourceSpan? { entries[key]?.key.span }

    func require(_ key: String, into diagnostics: inout [Diagnostic]) -> YAMLNode? {
        guard let node = self[key] else {
            if !suggested.contains(key) {
                diagnostics.append(Diagnostic(.missingKey, "missing key `\(key)` in \(what)", at: owner ?? span.startOnly))
            }
            return nil
        }
        return node
    }
}

extension SourceSpan {
    /// A one-character span at the start, to point at a mapping without underlining all of it.
    var startOnly: SourceSpan {
        SourceSpan(file: file, start: start, end: SourcePosition(line: start.line, column: start.column + 1))
    }
}

/// Typing of scalars.
enum Scalars {
    static func scalar(_ node: YAMLNode, what: String, into diagnostics: inout [Diagnostic]) -> YAMLScalar? {
        guard case .scalar(let scalar) = node else {
            diagnostics.append(Diagnostic(.wrongValueType, "expected a value for \(what), found \(node.shapeDescription)", at: node.span))
            return nil
        }
        return scalar
    }

    static func string(_ node: YAMLNode?, what: String, into diagnostics: inout [Diagnostic]) -> Located<String>? {
        guard let node, let scalar = scalar(node, what: what, into: &diagnostics) else { return nil }
        return Located(scalar.value, at: scalar.span)
    }

    /// An identifier: letters, digits, `_`, and (unless `expressionName`) `-` and `.` after the first character.
    static func identifier(_ node: YAMLNode?, what: String, expressionName: Bool = false, leadingDigit: Bool = false,
                           into diagnostics: inout [Diagnostic]) -> Located<String>? {
        guard let located = string(node, what: what, into: &diagnostics) else { return nil }
        return checkIdentifier(located, what: what, expressionName: expressionName, leadingDigit: leadingDigit, into: &diagnostics) ? located : nil
    }

    /// Whether `located` is a valid id. Names used in conditions (`expressionName`) have letters,
    /// digits and `_`; other ids also `-` and `.`. Ids start with a letter or `_`, except where
    /// `leadingDigit` allows a digit (grading levels such as GRADE `1A`, NCCN `2A`, Oxford `1b`).
    static func checkIdentifier(_ located: Located<String>, what: String, expressionName: Bool, leadingDigit: Bool = false,
                                into diagnostics: inout [Diagnostic]) -> Bool {
        let scalars = Array(located.value.unicodeScalars)
        let isDigit: (Unicode.Scalar) -> Bool = { $0 >= "0" && $0 <= "9" }
        let isStart: (Unicode.Scalar) -> Bool = { $0 == "_" || ($0.isASCII && $0.properties.isAlphabetic) || (leadingDigit && isDigit($0)) }
        let isPart: (Unicode.Scalar) -> Bool = {
            isStart($0) || isDigit($0) || (!expressionName && ($0 == "-" || $0 == "."))
        }
        guard let first = scalars.first, isStart(first), scalars.allSatisfy(isPart), scalars.count <= 128 else {
            let form = expressionName ? "letters, digits and `_`" : "letters, digits, `_`, `-` and `.`"
            let start = leadingDigit ? "a letter, a digit or `_`" : "a letter or `_`"
            diagnostics.append(Diagnostic(.invalidIdentifier, "`\(located.value)` is not a valid \(what)", at: located.span,
                                          notes: [.init("an id starts with \(start) and has only \(form) (at most 128)")]))
            return false
        }
        let keywords = ["and", "or", "not", "in", "true", "false", "otherwise", "known"]
        if expressionName && keywords.contains(located.value) {
            diagnostics.append(Diagnostic(.invalidIdentifier, "`\(located.value)` is a keyword and cannot name a \(what)", at: located.span))
            return false
        }
        return true
    }

    static func bool(_ node: YAMLNode?, what: String, into diagnostics: inout [Diagnostic]) -> Located<Bool>? {
        guard let node, let scalar = scalar(node, what: what, into: &diagnostics) else { return nil }
        switch scalar.value {
        case "true": return Located(true, at: scalar.span)
        case "false": return Located(false, at: scalar.span)
        default:
            let lowered = scalar.value.lowercased()
            let guess = ["yes", "on", "y", "true"].contains(lowered) ? "true" : ["no", "off", "n", "false"].contains(lowered) ? "false" : nil
            diagnostics.append(Diagnostic(.wrongValueType, "expected `true` or `false` for \(what), found `\(scalar.value)`", at: scalar.span,
                                          suggestions: guess.map { [.replace(with: $0)] } ?? []))
            return nil
        }
    }

    static func integer(_ node: YAMLNode?, what: String, into diagnostics: inout [Diagnostic]) -> Located<Int>? {
        guard let node, let scalar = scalar(node, what: what, into: &diagnostics) else { return nil }
        guard let value = Int(scalar.value) else {
            diagnostics.append(Diagnostic(.wrongValueType, "expected a whole number for \(what), found `\(scalar.value)`", at: scalar.span))
            return nil
        }
        return Located(value, at: scalar.span)
    }

    /// A number with an optional unit: `0`, `100`, `1.5 cm`.
    static func number(_ node: YAMLNode?, what: String, into diagnostics: inout [Diagnostic]) -> NumberSyntax? {
        guard let node, let scalar = scalar(node, what: what, into: &diagnostics) else { return nil }
        let parts = scalar.value.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: true)
        if let first = parts.first, let value = Rational(decimal: first) {
            var unit: Located<String>?
            if parts.count == 2 {
                let offset = scalar.value.unicodeScalars.count - parts[1].unicodeScalars.count
                unit = Located(String(parts[1]), at: scalar.span(ofValueOffset: offset, length: parts[1].unicodeScalars.count))
            }
            return NumberSyntax(value: value, unit: unit, span: scalar.span)
        }
        diagnostics.append(Diagnostic(.wrongValueType, "expected a number for \(what), found `\(scalar.value)`", at: scalar.span))
        return nil
    }

    /// A closed set of words, e.g. `for` / `against`.
    static func choice<T: RawRepresentable & CaseIterable & Hashable & Sendable>(_ node: YAMLNode?, _ type: T.Type, what: String,
                                                                               into diagnostics: inout [Diagnostic]) -> Located<T>? where T.RawValue == String {
        guard let located = string(node, what: what, into: &diagnostics) else { return nil }
        if let value = T(rawValue: located.value) { return Located(value, at: located.span) }
        let options = T.allCases.map(\.rawValue)
        diagnostics.append(Diagnostic(.invalidValue, "`\(located.value)` is not a valid \(what)", at: located.span,
                                      notes: [.init("expected one of " + options.map { "`\($0)`" }.joined(separator: ", "))],
                                      suggestions: Suggest.closest(to: located.value, in: options).map { [.replace(with: $0)] } ?? []))
        return nil
    }

    /// A list of scalars; a single scalar is accepted as a list of one.
    static func list(_ node: YAMLNode?, what: String, into diagnostics: inout [Diagnostic]) -> [YAMLNode] {
        guard let node else { return [] }
        switch node {
        case .sequence(let items, _): return items
        case .scalar(let s) where s.value.isEmpty && s.style == .plain: return []
        case .scalar: return [node]
        case .mapping:
            diagnostics.append(Diagnostic(.wrongValueType, "expected a list for \(what), found a mapping", at: node.span))
            return []
        }
    }

    /// The entries of a mapping used as a keyed collection (`facts:`, `citations:`).
    static func entries(_ node: YAMLNode?, what: String, into diagnostics: inout [Diagnostic]) -> [YAMLMappingEntry] {
        guard let node else { return [] }
        switch node {
        case .mapping(let entries, _): return entries
        case .scalar(let s) where s.value.isEmpty && s.style == .plain: return []
        default:
            diagnostics.append(Diagnostic(.wrongValueType, "expected a mapping for \(what), found \(node.shapeDescription)", at: node.span))
            return []
        }
    }

    /// A condition, parsed.
    static func condition(_ node: YAMLNode?, what: String, into diagnostics: inout [Diagnostic]) -> Condition? {
        guard let node, let scalar = scalar(node, what: what, into: &diagnostics) else { return nil }
        switch ExpressionParser.parse(scalar.value, locate: scalar.valueSpans()) {
        case .success(let expression):
            return Condition(text: scalar.value, expression: expression, span: scalar.span)
        case .failure(let diagnostic):
            diagnostics.append(diagnostic)
            return Condition(text: scalar.value, expression: nil, span: scalar.span)
        }
    }
}
