import PathwayDiagnostics

/// Renders test results and coverage as one JSON document.
public enum CoverageJSONRenderer {
    /// The document: `tests` (each with its guideline, id, `passed` and failures as diagnostics),
    /// `summary` and, when measured, `coverage` with figures per kind and every item.
    public static func render(_ report: TestReport) -> String {
        var members: [(String, JSONValue)] = [
            ("tests", .array(report.results.map { result in
                .object([
                    ("guideline", .string(result.guideline)), ("test", .string(result.test)), ("passed", .bool(result.passed)),
                    ("failures", .array(result.failures.map(JSONDiagnosticRenderer.json))),
                ])
            })),
            ("summary", .object([("passed", .int(report.results.count - report.failed)), ("failed", .int(report.failed))])),
        ]
        if let coverage = report.coverage { members.append(("coverage", json(coverage))) }
        return JSONValue.object(members).serialized(pretty: true) + "\n"
    }

    /// The coverage as a JSON object.
    public static func json(_ coverage: CoverageReport) -> JSONValue {
        func figures(_ kind: CoverageItem.Kind?) -> JSONValue {
            let (covered, total) = coverage.count(kind)
            return .object([("covered", .int(covered)), ("total", .int(total)), ("percent", .number(String(CoverageReport.percent(covered, of: total).dropLast())))])
        }
        return .object([
            ("total", figures(nil)),
            ("kinds", .object(CoverageItem.Kind.allCases.map { ($0.rawValue, figures($0)) })),
            ("items", .array(coverage.items.map { item in
                var members: [(String, JSONValue)] = [
                    ("kind", .string(item.kind.rawValue)), ("name", .string(item.name)),
                    ("guideline", item.guideline.map(JSONValue.string) ?? .null),
                    ("file", .string(item.span.file)), ("line", .int(item.span.start.line)), ("column", .int(item.span.start.column)),
                    ("covered", .bool(item.isCovered)),
                    ("coveredBy", .array(item.coveredBy.map(JSONValue.string))),
                ]
                if item.kind == .boundary {
                    members.append(("sides", .object([
                        ("true", .bool(item.reached.contains(.trueSide))), ("false", .bool(item.reached.contains(.falseSide))),
                        ("atThreshold", item.needed.contains(.atThreshold) ? .bool(item.reached.contains(.atThreshold)) : .null),
                    ])))
                }
                if let missing = item.missing { members.append(("missing", .string(missing))) }
                return .object(members)
            })),
        ])
    }
}
