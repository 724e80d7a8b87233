import PathwayDiagnostics

extension StructuralChange {
    /// The change as terminal lines, readable at a glance: one line when one field changed, else a
    /// header line and one indented line per field.
    ///
    /// ```
    /// ~ recommendation esd-t1a (shi-2025-enec): level nccn.2a → nccn.1
    /// + recommendation new-id (shi-2025-enec): "text…"
    /// - table_row second-line › r3 (shi-2025-enec)
    /// → recommendation old-id renamed to new-id (shi-2025-enec)
    /// ```
    public func textLines() -> [String] {
        let head = "\(sigil) \(subject)"
        switch kind {
        case .added:
            return [head + (summary.map { ": " + $0 } ?? "")]
        case .removed:
            return [head]
        case .changed, .moved, .renamed:
            let lines = fields.map(Self.describe)
            if lines.count == 1, let only = lines.first { return [head + ": " + only] }
            return [head + (lines.isEmpty ? "" : ":")] + lines.map { "    " + $0 }
        }
    }

    /// The change as Markdown list items for a pull-request comment; several changed fields become nested items.
    public func markdownLines() -> [String] {
        let inside = container.map { Self.code($0) + " › " } ?? ""
        var head = "- **\(kind.rawValue)** \(entity.rawValue) " + inside + Self.code(id)
        if kind == .renamed, let oldID { head = "- **renamed** \(entity.rawValue) " + inside + Self.code(oldID) + " → " + Self.code(id) }
        head += " in " + Self.code(document)
        switch kind {
        case .added:
            return [head + (summaryField.map { f in ": " + (f.field == "text" ? "" : f.field + " ") + Self.markdownValue(f.new, field: f.field) } ?? "")]
        case .removed:
            return [head]
        case .changed, .moved, .renamed:
            let items = fields.map { f -> String in
                if let detail = f.detail { return "\(f.field): \(detail)" }
                let (o, n) = Self.excerpts(f.old, f.new, field: f.field)
                return "\(f.field) \(Self.markdownCode(o, present: f.old != nil, field: f.field)) → \(Self.markdownCode(n, present: f.new != nil, field: f.field))"
            }
            if items.count == 1, let only = items.first { return [head + ": " + only] }
            return [head] + items.map { "  - " + $0 }
        }
    }

    /// The change as JSON, every key always present (absent values are `null`) so consumers can rely on the shape.
    public var json: JSONValue {
        func span(_ s: SourceSpan?) -> JSONValue {
            guard let s else { return .null }
            return .object([("file", .string(s.file)), ("line", .int(s.start.line)), ("column", .int(s.start.column)),
                            ("endLine", .int(s.end.line)), ("endColumn", .int(s.end.column))])
        }
        func optional(_ s: String?) -> JSONValue { s.map(JSONValue.string) ?? .null }
        return .object([
            ("kind", .string(kind.rawValue)),
            ("entity", .string(entity.rawValue)),
            ("document", .string(document)),
            ("id", .string(id)),
            ("old_id", optional(oldID)),
            ("container", optional(container)),
            ("fields", .array(fields.map { f in
                .object([("field", .string(f.field)), ("old", optional(f.old)), ("new", optional(f.new)), ("detail", optional(f.detail))])
            })),
            ("old_span", span(oldSpan)),
            ("new_span", span(newSpan)),
        ])
    }

    private var sigil: String {
        switch kind {
        case .added: "+"
        case .removed: "-"
        case .changed: "~"
        case .renamed: "→"
        case .moved: "↪"
        }
    }

    /// `entity container › id (document)`, or for a rename `entity container › old-id renamed to new-id (document)`.
    private var subject: String {
        let inside = container.map { $0 + " › " } ?? ""
        if kind == .renamed, let oldID { return "\(entity.rawValue) \(inside)\(oldID) renamed to \(id) (\(document))" }
        return "\(entity.rawValue) \(inside)\(id) (\(document))"
    }

    /// The field that best says what an added entity is: a recommendation's text, a node's condition, a fact's type.
    private var summaryField: FieldChange? {
        for name in ["text", "when", "type", "patient", "title"] {
            if let f = fields.first(where: { $0.field == name && $0.new != nil }) { return f }
        }
        return fields.first { $0.new != nil }
    }

    /// A recommendation's text alone says what it is; any other field is named.
    private var summary: String? {
        summaryField.map { f in (f.field == "text" ? "" : f.field + " ") + Self.value(f.new, field: f.field) }
    }

    private static func describe(_ f: FieldChange) -> String {
        if let detail = f.detail { return "\(f.field): \(detail)" }
        let (o, n) = excerpts(f.old, f.new, field: f.field)
        return "\(f.field) \(o) → \(n)"
    }

    /// Fields holding prose, shown quoted so their spaces do not blur into the arrow.
    private static func isProse(_ field: String) -> Bool {
        ["text", "quote", "title", "description", "notes", "note", "venue", "section"].contains(field)
            || field.hasPrefix("levels.") || field.hasPrefix("outputs.")
    }

    private static let excerptLength = 60

    private static func value(_ s: String?, field: String) -> String {
        excerpts(s, nil, field: field).old
    }

    /// Old and new values shortened to the neighbourhood of their first difference, so a one-word
    /// edit in a long text stays visible.
    private static func excerpts(_ old: String?, _ new: String?, field: String) -> (old: String, new: String) {
        let a = old.map(Array.init) ?? [], b = new.map(Array.init) ?? []
        var common = 0
        while common < a.count, common < b.count, a[common] == b[common] { common += 1 }
        var start = (a.count > excerptLength || b.count > excerptLength) ? max(0, common - 20) : 0
        // Start at a word so the excerpt does not open on a fragment.
        let reference = a.isEmpty ? b : a
        while start > 0, start <= reference.count, reference[start - 1] != " " { start -= 1 }
        func cut(_ chars: [Character], present: Bool) -> String {
            guard present else { return "(none)" }
            let from = min(start, chars.count)
            let to = min(chars.count, from + excerptLength)
            let body = (from > 0 ? "…" : "") + String(chars[from..<to]) + (to < chars.count ? "…" : "")
            return isProse(field) ? "\"\(body)\"" : body
        }
        return (cut(a, present: old != nil), cut(b, present: new != nil))
    }

    private static func markdownValue(_ s: String?, field: String) -> String {
        markdownCode(excerpts(s, nil, field: field).old, present: s != nil, field: field)
    }

    /// An excerpt as inline code; prose loses the quotes that the terminal needs and code does not.
    private static func markdownCode(_ excerpt: String, present: Bool, field: String) -> String {
        present ? code(excerpt.trimmingQuotes(isProse(field))) : "*(none)*"
    }

    /// Inline code that survives backticks in the value.
    private static func code(_ s: String) -> String {
        s.contains("`") ? "`` \(s) ``" : "`\(s)`"
    }
}

private extension String {
    func trimmingQuotes(_ quoted: Bool) -> String {
        quoted && count >= 2 ? String(dropFirst().dropLast()) : self
    }
}
