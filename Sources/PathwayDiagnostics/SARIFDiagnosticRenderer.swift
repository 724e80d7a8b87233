/// Renders diagnostics as a SARIF 2.1.0 log, so CI systems and code-scanning tools can show them
/// inline. Each diagnostic code is a rule (`ruleId`); locations are physical locations with regions.
public enum SARIFDiagnosticRenderer {
    /// The SARIF log for one run of `pathway`, ending in a newline.
    public static func render(_ diagnostics: [Diagnostic], toolVersion: String) -> String {
        let usedCodes = Set(diagnostics.map(\.code))
        let rules = DiagnosticCode.all.filter(usedCodes.contains)
        let ruleIndex = Dictionary(uniqueKeysWithValues: rules.enumerated().map { ($1.rawValue, $0) })
        let results: [JSONValue] = diagnostics.map { $0.bounded() }.map { d in
            var message = d.message
            if let label = d.label { message += " (\(label))" }
            for note in d.notes where note.span == nil { message += "; \(note.message)" }
            for suggestion in d.suggestions { message += "; \(suggestion.message)" }
            var members: [(String, JSONValue)] = [
                ("ruleId", .string(d.code.rawValue)),
                ("ruleIndex", .int(ruleIndex[d.code.rawValue] ?? 0)),
                ("level", .string(level(d.severity))),
                ("message", .object([("text", .string(message))])),
            ]
            if let span = d.span { members.append(("locations", .array([location(span)]))) }
            if !d.notes.isEmpty {
                members.append(("relatedLocations", .array(d.notes.enumerated().compactMap { index, note in
                    guard let span = note.span else { return nil }
                    guard case .object(var loc) = location(span) else { return nil }
                    loc.insert(("id", .int(index)), at: 0)
                    loc.append(("message", .object([("text", .string(note.message))])))
                    return .object(loc)
                })))
            }
            return .object(members)
        }
        let driver: JSONValue = .object([
            ("name", .string("pathway")),
            ("version", .string(toolVersion)),
            ("rules", .array(rules.map { code in
                .object([
                    ("id", .string(code.rawValue)),
                    ("name", .string(code.name)),
                    ("shortDescription", .object([("text", .string(code.summary))])),
                    ("help", .object([("text", .string("see docs/diagnostics.md, section \(code.rawValue)"))])),
                    ("defaultConfiguration", .object([("level", .string(level(code.defaultSeverity)))])),
                ])
            })),
        ])
        let log: JSONValue = .object([
            ("$schema", .string("https://json.schemastore.org/sarif-2.1.0.json")),
            ("version", .string("2.1.0")),
            ("runs", .array([.object([("tool", .object([("driver", driver)])), ("results", .array(results))])])),
        ])
        return log.serialized(pretty: true) + "\n"
    }

    private static func level(_ severity: Severity) -> String {
        switch severity {
        case .error: "error"
        case .warning: "warning"
        case .note: "note"
        }
    }

    private static func location(_ span: SourceSpan) -> JSONValue {
        .object([("physicalLocation", .object([
            ("artifactLocation", .object([("uri", .string(span.file))])),
            ("region", .object([
                ("startLine", .int(span.start.line)), ("startColumn", .int(span.start.column)),
                ("endLine", .int(span.end.line)), ("endColumn", .int(span.end.column)),
            ])),
        ]))])
    }
}
