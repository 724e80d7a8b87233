import PathwayCompiler
import PathwayDiagnostics

/// The readable form of an evaluation: recommendations grouped by guideline and section, each
/// with direction, level and citation; with `trace`, the conditions that led to it.
public enum EvaluationText {
    /// The text for one evaluated patient.
    public static func render(_ evaluation: Evaluation, guidelines: CompiledGuidelines, trace: Bool) -> String {
        var out = ""
        if let day = evaluation.patient.evaluationDate { out += "as of \(CalendarDate.text(day))\n\n" }
        for (g, guideline) in guidelines.guidelines.enumerated() {
            let given = evaluation.given.filter { $0.recommendation.guideline == g }
            let undetermined = evaluation.undetermined.filter { $0.recommendation.guideline == g }
            out += "\(guideline.title ?? guideline.id) [\(guideline.label)]\n"
            out += scopeLines(evaluation, guideline: g)
            if given.isEmpty { out += "  no recommendation given\n" }
            var sections: [String] = []
            for o in given where !sections.contains(o.recommendation.section ?? "") { sections.append(o.recommendation.section ?? "") }
            for section in sections {
                if !section.isEmpty { out += "  \(section)\n" }
                for o in given where (o.recommendation.section ?? "") == section {
                    out += recommendation(o, trace: trace)
                }
            }
            if !undetermined.isEmpty {
                out += "  Undetermined (missing data)\n"
                for o in undetermined {
                    out += "    ? \(o.recommendation.id): \(o.text)\n"
                    out += "        needs: \(o.undecidableReason ?? o.needs.joined(separator: ", "))\n"
                }
            }
            out += "\n"
        }
        return out
    }

    static func recommendation(_ o: RecommendationOutcome, trace: Bool) -> String {
        let r = o.recommendation
        var out = "    \(r.direction == .for ? "+ FOR    " : "- AGAINST") \(r.id): \(o.text)\n"
        if let level = r.level { out += "        level: \(level.scheme).\(level.value) (\(level.definition))\n" }
        for c in r.citations {
            var line = "        cite: \(c.text)"
            if let section = c.section { line += " § \(section)" }
            if let doi = c.doi { line += " doi:\(doi)" }
            out += line + "\n"
        }
        out += "        quote: \"\(r.quote.split(whereSeparator: \.isNewline).joined(separator: " "))\"\n"
        if trace {
            for path in o.paths where path.value == .true {
                out += "        via \(path.path.origin)\n"
                out += steps(path, indent: "          ")
                for (column, value) in path.path.outputs { out += "          \(column): \(value)\n" }
            }
        }
        return out
    }

    /// The steps of a path, one per line: value, condition, the facts read, and location.
    public static func steps(_ path: PathTrace, indent: String) -> String {
        var out = ""
        for step in path.steps {
            let mark = step.value == .true ? "true   " : step.value == .false ? "false  " : "unknown"
            let facts = step.facts.map { "\($0.name) = \($0.value)" }.joined(separator: ", ")
            out += "\(indent)\(mark) \(step.step.text)"
            if !facts.isEmpty { out += "   [\(facts)]" }
            for d in step.derived {
                out += "   {\(d.name) = \(d.value)" + (d.findings.isEmpty ? "" : ": " + d.findings.joined(separator: ", ")) + "}"
            }
            out += "   at \(step.step.span)\n"
        }
        return out
    }

    /// Why a recommendation was or was not given, for `pathway explain`.
    public static func explain(_ o: RecommendationOutcome, guidelines: CompiledGuidelines) -> String {
        let r = o.recommendation
        var out = "\(r.id) [\(guidelines.guidelines[r.guideline].label)]: \(o.text)\n"
        switch o.status {
        case .given: out += "GIVEN: at least one path holds\n"
        case .notGiven: out += "NOT GIVEN: every path has a false condition\n"
        case .undetermined:
            if let reason = o.undecidableReason {
                out += "UNDETERMINED: \(reason)\n"
            } else {
                out += "UNDETERMINED: no path holds yet, and some could with more data; needs \(o.needs.joined(separator: ", "))\n"
            }
        }
        if r.paths.isEmpty { out += "  no decision tree or table leads to it\n" }
        for path in o.paths {
            out += "\n  path \(path.path.origin): \(path.value)\n"
            out += steps(path, indent: "    ")
            if path.value == .false, let first = path.steps.first(where: { $0.value == .false }) {
                out += "    -> not taken because `\(first.step.text)` is false\n"
            } else if path.value == .unknown {
                let unknown = path.steps.filter { $0.value == .unknown }.map { "`\($0.step.text)`" }
                out += "    -> undecided: " + unknown.joined(separator: ", ") + (unknown.count == 1 ? " depends" : " depend") + " on unknown facts\n"
            }
        }
        return out
    }

    /// A derived fact's value for a patient and what it rests on, for `pathway explain`.
    public static func explain(_ d: DerivedValue, reads: [(name: String, value: String)], needs: [String]) -> String {
        var out = "\(d.name) [derived fact] = \(d.value)\n"
        if !d.findings.isEmpty {
            out += "  findings:\n"
            for f in d.findings { out += "    \(f)\n" }
        }
        if !reads.isEmpty { out += "  reads: " + reads.map { "\($0.name) = \($0.value)" }.joined(separator: ", ") + "\n" }
        if !d.isDetermined { out += "  needs: \(needs.joined(separator: ", "))\n" }
        return out
    }
}
