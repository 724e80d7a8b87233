import PathwayCompiler
import PathwayDiagnostics
import PathwaySyntax

/// LSP 3.17 `CompletionItemKind` values used here.
enum CompletionKind: Int {
    case function = 3, field = 5, variable = 6, property = 10, unit = 11, value = 12, keyword = 14, reference = 18, enumMember = 20
}

extension LanguageServer {
    /// `textDocument/completion` (LSP 3.17, "Completion Request"): what may be written at the cursor.
    func completion(_ document: TextDocument, _ unit: CompileUnit, _ position: (line: Int, column: Int)) -> JSONValue {
        let context = YAMLContext(lines: { document.line($0) }, line: position.line - 1, column: position.column)
        let items = CompletionEngine(index: unit.index, path: document.path).items(context)
        return .object([("isIncomplete", .bool(false)), ("items", .array(items.map(\.json)))])
    }
}

struct CompletionItem {
    var label: String
    var kind: CompletionKind
    var detail: String?
    var documentation: String?

    var json: JSONValue {
        var members: [(String, JSONValue)] = [("label", .string(label)), ("kind", .int(kind.rawValue))]
        if let detail { members.append(("detail", .string(detail))) }
        if let documentation { members.append(("documentation", LSP.markdown(documentation))) }
        return .object(members)
    }
}

/// Decides what to offer from the YAML context and the unit's declarations.
struct CompletionEngine {
    let index: SymbolIndex
    let path: String

    var document: GuidelineDocument? { index.documents[path] }

    func items(_ context: YAMLContext) -> [CompletionItem] {
        if context.atKey { return keyItems(context) }
        guard let key = context.key else { return [] }
        let value = context.valuePrefix
        let keys = context.keys
        switch key {
        case "when", "value", "otherwise" where keys.first == "derived" || key != "otherwise":
            return expressionItems(value, subject: nil)
        case "recommend", "given", "not_given", "undetermined":
            return recommendationItems()
        case "citations", "source":
            return citationItems(value)
        case "level": return levelItems(value)
        case "hit_policy": return HitPolicy.allCases.map { CompletionItem(label: $0.rawValue, kind: .enumMember, detail: "hit policy", documentation: Self.hitPolicyDocs($0)) }
        case "aggregation": return Aggregation.allCases.map { CompletionItem(label: $0.rawValue, kind: .enumMember, detail: "aggregation of a collect table") }
        case "direction": return Direction.allCases.map { CompletionItem(label: $0.rawValue, kind: .enumMember) }
        case "select": return ["all", "first"].map { CompletionItem(label: $0, kind: .enumMember, detail: "branch selection") }
        case "kind" where keys.isEmpty: return DocumentKind.allCases.map { CompletionItem(label: $0.rawValue, kind: .enumMember) }
        case "status": return ["draft", "final"].map { CompletionItem(label: $0, kind: .enumMember) }
        case "type" where keys.first == "facts" || keys.first == "derived":
            return ["boolean", "integer", "number", "quantity", "percentage", "enum"].map { CompletionItem(label: $0, kind: .keyword, detail: "fact type") }
        case "unit": return unitItems(dimension: nil)
        case "inputs": return factItems()
        case "if":
            // A flow mapping of cells: `{ column: "== v", …`; the column being written decides.
            if let subject = Self.lastFlowKey(value) { return expressionItems(Self.afterLastColon(value), subject: subject) }
            return factItems()
        default:
            if keys.last == "if" { return expressionItems(value, subject: key) }
            if keys.last == "patient", let values = index.enumValues(of: key) { return values.map { CompletionItem(label: $0, kind: .enumMember, detail: key) } }
            return []
        }
    }

    // MARK: Keys

    func keyItems(_ context: YAMLContext) -> [CompletionItem] {
        let keys = context.keys
        if keys.last == "patient" { return factItems() }
        if keys.last == "if" { return tableInputItems(context) }
        guard let mapping = Self.mappingKind(context.path, documentKind: document?.kind ?? .guideline),
              let entries = SchemaKeys.byMapping[mapping] else { return [] }
        return entries.map { CompletionItem(label: $0.key, kind: .property, detail: "\(mapping) key", documentation: $0.documentation) }
    }

    func tableInputItems(_ context: YAMLContext) -> [CompletionItem] {
        let tables = document?.tables ?? []
        let inputs = Set(tables.flatMap { $0.inputs.map(\.value) })
        return inputs.sorted().map { factItem($0) }
    }

    /// The schema definition of the mapping at `path`.
    static func mappingKind(_ path: [YAMLContext.Component], documentKind: DocumentKind) -> String? {
        typealias C = YAMLContext.Component
        let p = path
        func key(_ i: Int) -> String? { i < p.count ? { if case .key(let k) = p[i] { k } else { nil } }() : nil }
        switch p.count {
        case 0: return documentKind.rawValue
        case 2:
            switch (key(0), p[1]) {
            case ("facts", .key): return "fact"
            case ("derived", .key): return "derived"
            case ("citations", .key): return "citation"
            case ("schemes", .key): return "scheme"
            case ("recommendations", .key): return "recommendation"
            case ("trees", .item): return "tree"
            case ("tables", .item): return "table"
            case ("tests", .item): return "test"
            default: return nil
            }
        default:
            if p.count >= 4, key(p.count - 2) == "branches", p.last == .item { return "treeBranch" }
            if p.count == 3, key(0) == "facts", key(2) == "range" { return "range" }
            if p.count == 4, key(0) == "derived", key(2) == "cases" { return "derivedCase" }
            if p.count == 4, key(0) == "derived", key(2) == "points" { return "scorePoints" }
            if p.count == 4, key(0) == "schemes", key(2) == "levels" { return "schemeLevel" }
            if p.count == 4, key(0) == "tables", key(2) == "rows", p.last == .item { return "tableRow" }
            if p.count == 4, key(0) == "tables", key(2) == "outputs", key(3) != nil { return "outputColumn" }
            return nil
        }
    }

    // MARK: Values

    func factItem(_ name: String) -> CompletionItem {
        if let f = index.facts[name] {
            return CompletionItem(label: name, kind: .variable, detail: Hover.typeText(f), documentation: f.description)
        }
        let d = index.derived[name]
        return CompletionItem(label: name, kind: .field, detail: "derived fact", documentation: d?.description)
    }

    func factItems() -> [CompletionItem] {
        (Set(index.facts.keys).union(index.derived.keys)).sorted().map(factItem)
    }

    func recommendationItems() -> [CompletionItem] {
        (document?.recommendations ?? []).map {
            CompletionItem(label: $0.id.value, kind: .reference, detail: $0.direction.map { "recommendation (\($0.value.rawValue))" } ?? "recommendation",
                           documentation: $0.text?.value)
        }
    }

    func citationItems(_ value: String) -> [CompletionItem] {
        let visible = index.visiblePaths(from: path).compactMap { index.documents[$0] }
        let citations = visible.flatMap(\.citations)
        if let mark = value.lastIndex(where: { $0 == "§" || $0 == "#" }) {
            let head = value[..<mark].split(whereSeparator: { $0 == "[" || $0 == "," || $0 == "\"" || $0 == "'" || $0 == " " }).last.map(String.init) ?? ""
            guard let citation = citations.first(where: { $0.id.value == head }) else { return [] }
            return citation.sections.map { CompletionItem(label: $0.id.value, kind: .reference, detail: "section of \(head)", documentation: $0.title) }
        }
        return citations.map { CompletionItem(label: $0.id.value, kind: .reference, detail: "citation", documentation: Hover.citationText($0)) }
    }

    func levelItems(_ value: String) -> [CompletionItem] {
        let schemes = index.visiblePaths(from: path).compactMap { index.documents[$0] }.flatMap(\.schemes)
        return schemes.flatMap { s in
            s.levels.map { CompletionItem(label: "\(s.id.value).\($0.id.value)", kind: .enumMember, detail: s.title, documentation: $0.definition) }
        }
    }

    func unitItems(dimension: Dimension?) -> [CompletionItem] {
        PhysicalUnit.common.values.filter { dimension == nil || $0.dimension == dimension }.map(\.symbol).sorted().map { symbol in
            let unit = PhysicalUnit.common[symbol]
            return CompletionItem(label: symbol, kind: .unit, detail: unit.map { "unit of \($0.dimension)" })
        }
    }

    /// Completion inside a condition: enum values after `==`, `!=` or inside `in [`, units after a
    /// number, else facts, derived facts, functions and operators. `subject` is a table cell's column.
    func expressionItems(_ text: String, subject: String?) -> [CompletionItem] {
        let tokens = ExpressionWords(text)
        if let compared = tokens.comparedName(subject: subject) {
            if let values = index.enumValues(of: compared) {
                return values.map { CompletionItem(label: $0, kind: .enumMember, detail: "value of \(compared)") }
            }
        }
        if tokens.afterNumber {
            var dimension: Dimension?
            if let fact = tokens.numericSubject(subject: subject).flatMap({ index.facts[$0] }) {
                switch fact.type {
                case .quantity(let unit): dimension = PhysicalUnit.named(unit.value)?.dimension
                case .number(let unit?): dimension = PhysicalUnit.named(unit.value)?.dimension
                case .percentage: dimension = PhysicalUnit.named("%")?.dimension
                case .date, .number(nil), .boolean, .integer, .enumeration: dimension = nil
                }
            }
            return unitItems(dimension: dimension) + ["and", "or"].map { CompletionItem(label: $0, kind: .keyword) }
        }
        let functions = ["known"] + NumericFunction.allCases.map(\.rawValue)
        return factItems()
            + functions.map { CompletionItem(label: $0, kind: .function, detail: "function") }
            + ["and", "or", "not", "in", "true", "false"].map { CompletionItem(label: $0, kind: .keyword) }
    }

    static func lastFlowKey(_ value: String) -> String? {
        guard value.contains("{"), let colon = value.lastIndex(of: ":") else { return nil }
        let head = value[..<colon].split(whereSeparator: { $0 == "{" || $0 == "," || $0 == " " }).last
        return head.map(String.init)
    }

    static func afterLastColon(_ value: String) -> String {
        value.lastIndex(of: ":").map { String(value[value.index(after: $0)...]) } ?? value
    }

    static func hitPolicyDocs(_ p: HitPolicy) -> String {
        switch p {
        case .unique: "Exactly one row may match; an overlap is an error."
        case .any: "Rows may overlap if they give the same outputs."
        case .first: "The first matching row, in the order written, applies."
        case .priority: "The matching row with the highest-priority output applies."
        case .collect: "Every matching row applies; with `aggregation`, one value."
        case .ruleOrder: "Every matching row applies, in the order written."
        case .outputOrder: "Every matching row applies, in output priority order."
        }
    }
}

/// The words of a half-typed condition before the cursor, enough to tell what comes next.
struct ExpressionWords {
    /// Words and operator symbols, with string quotes and brackets kept as their own words.
    let words: [String]
    /// Whether the text ends with a space (the word before the cursor is finished).
    let endsWithSpace: Bool

    init(_ text: String) {
        var words: [String] = []
        var current = ""
        func flush() { if !current.isEmpty { words.append(current); current = "" } }
        for c in text {
            if c.isLetter || c.isNumber || c == "_" || c == "." {
                if let last = current.last, !(last.isLetter || last.isNumber || last == "_" || last == ".") { flush() }
                current.append(c)
            } else if c == " " || c == "\"" || c == "'" || c == "(" || c == ")" {
                flush()
            } else if c == "[" || c == "]" || c == "," {
                flush(); words.append(String(c))
            } else {
                if let last = current.last, last.isLetter || last.isNumber || last == "_" || last == "." { flush() }
                current.append(c)
            }
        }
        flush()
        self.words = words
        endsWithSpace = text.last == " "
    }

    /// The words before the one being typed.
    private var finished: ArraySlice<String> {
        endsWithSpace || words.last.map { !($0.first?.isLetter ?? false) && $0.first != "_" } ?? true ? words[...] : words.dropLast()
    }

    /// The name compared for equality or membership just before the cursor (`x == `, `x in [a, `),
    /// or the cell's `subject` when the cell starts so.
    func comparedName(subject: String?) -> String? {
        var w = Array(finished)
        if let open = w.lastIndex(of: "["), !w[open...].contains("]") {
            w = Array(w[..<open])
            if w.last == "in" {
                w.removeLast()
                if w.last == "not" { w.removeLast() }
                return w.last.flatMap(Self.isName) ?? (w.isEmpty ? subject : nil)
            }
            return nil
        }
        guard let op = w.last, op == "==" || op == "!=" || op == "≠" else { return nil }
        w.removeLast()
        return w.last.flatMap(Self.isName) ?? (w.isEmpty ? subject : nil)
    }

    /// Whether the cursor follows a finished number (`> 20 `), where a unit may come.
    var afterNumber: Bool {
        guard endsWithSpace || words.last.map({ $0.first?.isLetter ?? false }) == true, let last = finished.last else { return false }
        return last.first?.isNumber ?? false
    }

    /// The name a number is compared with: `x > 20`.
    func numericSubject(subject: String?) -> String? {
        let w = Array(finished)
        guard w.count >= 2 else { return subject }
        return w.count >= 3 ? Self.isName(w[w.count - 3]) : subject
    }

    static func isName(_ word: String) -> String? {
        guard let first = word.first, first.isLetter || first == "_", !["and", "or", "not", "in"].contains(word) else { return nil }
        return word
    }
}
