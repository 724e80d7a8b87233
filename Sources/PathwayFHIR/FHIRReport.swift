import PathwayDiagnostics
import PathwayEvaluator

/// How `eval --fhir` (and the service) shows where facts came from.
public enum FHIRReport {
    /// The `fhir` member of the JSON output: each fact's source, the unmatched resources, and the
    /// conflicts, unconvertible units and unusable values by diagnostic.
    public static func json(_ mapped: FHIRPatient) -> JSONValue {
        func codes(_ code: DiagnosticCode) -> JSONValue {
            .array(mapped.diagnostics.filter { $0.code == code }.map(EvaluationJSON.diagnostic))
        }
        return .object([
            ("facts", .array(mapped.sources.map { s in
                .object([("fact", .string(s.fact)), ("value", .string(s.value)), ("source", .string(s.resource)),
                         ("location", .string(s.span.description))] + (s.date.map { [("date", JSONValue.string($0))] } ?? []))
            })),
            ("unmatched", .array(mapped.unmatched.map(JSONValue.string))),
            ("conflicts", codes(.fhirConflict)),
            ("unconvertible_units", codes(.fhirUnconvertibleUnit)),
            ("unusable_values", codes(.fhirUnusableValue)),
        ])
    }

    /// The evaluation JSON with a `sources` member beside every trace step's `facts` (each fact's
    /// resource) and the `fhir` report appended.
    public static func annotate(_ evaluation: JSONValue, _ mapped: FHIRPatient) -> JSONValue {
        let sources = mapped.sourceByFact
        func walk(_ value: JSONValue) -> JSONValue {
            switch value {
            case .array(let items): return .array(items.map(walk))
            case .object(let members):
                var out: [(String, JSONValue)] = []
                for (key, member) in members {
                    out.append((key, walk(member)))
                    if key == "facts", case .object(let facts) = member {
                        out.append(("sources", .object(facts.compactMap { name, _ in sources[name].map { (name, JSONValue.string($0)) } })))
                    }
                }
                return .object(out)
            default: return value
            }
        }
        guard case .object(let members) = walk(evaluation) else { return evaluation }
        return .object(members + [("fhir", json(mapped))])
    }

    /// The text section after the recommendations: each fact with its resource, then the resources
    /// that matched no binding.
    public static func text(_ mapped: FHIRPatient) -> String {
        var out = "Facts from FHIR\n"
        if mapped.sources.isEmpty { out += "  none\n" }
        let width = mapped.sources.map { $0.fact.count + $0.value.count }.max() ?? 0
        for s in mapped.sources {
            let left = "\(s.fact) = \(s.value)"
            out += "  \(left)\(String(repeating: " ", count: max(1, width + 4 - left.count)))from \(s.resource)" + (s.date.map { " (\($0))" } ?? "") + "\n"
        }
        if !mapped.unmatched.isEmpty {
            out += "Resources that matched no binding\n"
            for r in mapped.unmatched { out += "  \(r)\n" }
        }
        return out
    }
}
