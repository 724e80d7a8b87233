/// Renders diagnostics as JSON: an array of objects with the same fields the text form shows.
public enum JSONDiagnosticRenderer {
    /// One diagnostic as a JSON object.
    public static func json(_ d: Diagnostic) -> JSONValue {
        let d = d.bounded()
        var members: [(String, JSONValue)] = [
            ("severity", .string(d.severity.rawValue)),
            ("code", .string(d.code.rawValue)),
            ("message", .string(d.message)),
        ]
        if let span = d.span {
            members += [
                ("file", .string(span.file)),
                ("line", .int(span.start.line)), ("column", .int(span.start.column)),
                ("endLine", .int(span.end.line)), ("endColumn", .int(span.end.column)),
            ]
        }
        if let label = d.label { members.append(("label", .string(label))) }
        if let fact = d.fact { members.append(("fact", .string(fact))) }
        members.append(("notes", .array(d.notes.map { note in
            var n: [(String, JSONValue)] = [("message", .string(note.message))]
            if let span = note.span { n.append(("location", .string(span.description))) }
            return .object(n)
        })))
        members.append(("suggestions", .array(d.suggestions.map { .string($0.replacement) })))
        return .object(members)
    }

    /// All diagnostics as a pretty-printed JSON document, ending in a newline.
    public static func render(_ diagnostics: [Diagnostic]) -> String {
        let summary: JSONValue = .object([
            ("errors", .int(diagnostics.filter { $0.severity == .error }.count)),
            ("warnings", .int(diagnostics.filter { $0.severity == .warning }.count)),
        ])
        return JSONValue.object([
            ("diagnostics", .array(diagnostics.map(json))),
            ("summary", summary),
        ]).serialized(pretty: true) + "\n"
    }
}
