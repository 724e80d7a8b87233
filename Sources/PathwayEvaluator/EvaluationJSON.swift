import PathwayCompiler
import PathwayDiagnostics

/// The machine contract of `pathway eval --format json`: one object per patient with
/// `recommendations`, `undetermined` and `diagnostics`, in a deterministic order.
public enum EvaluationJSON {
    /// How much of each entry to write.
    public enum Detail: String, Sendable, CaseIterable {
        /// Ids, guideline, direction and level; `needs` for undetermined entries.
        case compact
        /// Everything, including texts, citations, quotes and traces.
        case full
    }

    /// The JSON object for one evaluated patient.
    public static func object(_ evaluation: Evaluation, guidelines: CompiledGuidelines, diagnostics: [Diagnostic],
                              detail: Detail = .full, trace: Bool = true) -> JSONValue {
        let given = evaluation.given.map { outcome -> JSONValue in
            let r = outcome.recommendation
            var members: [(String, JSONValue)] = [
                ("id", .string(r.id)),
                ("guideline", .string(guidelines.guidelines[r.guideline].id)),
            ]
            if detail == .full {
                members += [("section", .optional(r.section)), ("text", .string(outcome.text))]
            }
            members.append(("direction", .string(r.direction.rawValue)))
            if detail == .compact {
                members.append(("level", .optional(r.level.map { "\($0.scheme).\($0.value)" })))
                return .object(members)
            }
            members.append(("level", level(r.level)))
            members.append(("citations", .array(r.citations.map(citation))))
            members.append(("quote", .string(r.quote)))
            if !r.notes.isEmpty {
                members.append(("notes", .array(zip(r.notes, outcome.noteTexts).map { .object([("kind", .string($0.kind)), ("text", .string($1))]) })))
            }
            if trace {
                let truePaths = outcome.paths.filter { $0.value == .true }
                members.append(("trace", .array(truePaths.first.map { steps($0) } ?? [])))
                members.append(("paths", .array(truePaths.map { path in
                    var p: [(String, JSONValue)] = [("origin", .string(path.path.origin))]
                    if !path.path.outputs.isEmpty {
                        p.append(("outputs", .object(path.path.outputs.map { ($0.column, .string($0.value)) })))
                    }
                    p.append(("trace", .array(steps(path))))
                    return .object(p)
                })))
            }
            return .object(members)
        }
        let undetermined = evaluation.undetermined.map { outcome -> JSONValue in
            let r = outcome.recommendation
            var members: [(String, JSONValue)] = [("id", .string(r.id)), ("guideline", .string(guidelines.guidelines[r.guideline].id))]
            if detail == .full {
                members += [("text", .string(outcome.text)), ("direction", .string(r.direction.rawValue)), ("level", level(r.level))]
            }
            members.append(("needs", .array(outcome.needs.map(JSONValue.string))))
            if let reason = outcome.undecidableReason { members.append(("reason", .string(reason))) }
            return .object(members)
        }
        let scopes = scopeEntries(evaluation, guidelines: guidelines)
        var object: [(String, JSONValue)] = [
            ("recommendations", .array(given)),
            ("undetermined", .array(undetermined)),
        ] + (scopes.isEmpty ? [] : [("scope", .array(scopes))]) + [
            ("diagnostics", .array(diagnostics.map(diagnostic))),
        ]
        // The evaluation date, when the guidelines use one: the result is reproducible with it.
        if let day = evaluation.patient.evaluationDate { object.insert(("as_of", .string(CalendarDate.text(day))), at: 0) }
        // Which guidelines, in which versions, gave the result: a stored result says what produced it.
        object.insert(("guidelines", applied(guidelines, detail: detail)), at: 0)
        return .object(object)
    }

    /// The `guidelines` member of every result: each guideline applied, with its id and version (and,
    /// in full detail, its title), in the order of the compiled guidelines.
    public static func applied(_ guidelines: CompiledGuidelines, detail: Detail) -> JSONValue {
        .array(guidelines.guidelines.map { g in
            .object([("id", .string(g.id)), ("version", .optional(g.version))] + (detail == .full ? [("title", .optional(g.title))] : []))
        })
    }

    /// `value` with the evaluation date first (`"as_of"`), when there is one and `value` is an object.
    public static func stating(_ evaluationDate: Int64?, in value: JSONValue) -> JSONValue {
        guard let day = evaluationDate, case .object(var members) = value else { return value }
        members.insert(("as_of", .string(CalendarDate.text(day))), at: 0)
        return .object(members)
    }

    /// A patient-data diagnostic in the contract's short form.
    public static func diagnostic(_ d: Diagnostic) -> JSONValue {
        var members: [(String, JSONValue)] = [("severity", .string(d.severity.rawValue)), ("code", .string(d.code.rawValue)),
                                              ("message", .string(d.message))]
        if let fact = d.fact { members.append(("fact", .string(fact))) }
        if let span = d.span { members.append(("location", .string(span.description))) }
        if let s = d.suggestions.first { members.append(("suggestion", .string(s.replacement))) }
        return .object(members)
    }

    static func level(_ level: ResolvedLevel?) -> JSONValue {
        guard let level else { return .null }
        return .object([("scheme", .string(level.scheme)), ("value", .string(level.value)), ("definition", .string(level.definition))])
    }

    static func citation(_ c: ResolvedCitation) -> JSONValue {
        var members: [(String, JSONValue)] = [("id", .string(c.id)), ("text", .string(c.text))]
        if let doi = c.doi { members.append(("doi", .string(doi))) }
        if let pmid = c.pmid { members.append(("pmid", .string(pmid))) }
        if let url = c.url { members.append(("url", .string(url))) }
        if let section = c.section { members.append(("section", .string(section))) }
        return .object(members)
    }

    /// `pathway explain --format json` for a recommendation: status, text, needs and every path with its steps.
    public static func explain(_ o: RecommendationOutcome, guidelines: CompiledGuidelines) -> JSONValue {
        let r = o.recommendation
        return .object([("id", .string(r.id))] + guidelines.guidelines[r.guideline].jsonMembers + [
            ("status", .string(o.status.rawValue)), ("text", .string(o.text)),
            ("needs", .array(o.needs.map(JSONValue.string))),
            ("paths", .array(o.paths.map { path in
                .object([("origin", .string(path.path.origin)), ("value", .string(path.value.description)), ("trace", .array(steps(path)))])
            })),
        ])
    }

    /// `pathway explain --format json` for a derived fact: its value, findings, the facts it reads and what it needs.
    public static func explain(_ d: DerivedValue, reads: [(name: String, value: String)], needs: [String]) -> JSONValue {
        guard case .object(var members) = derived(d) else { return derived(d) }
        members.append(("reads", .object(reads.map { ($0.name, .string($0.value)) })))
        members.append(("needs", .array((d.isDetermined ? [] : needs).map(JSONValue.string))))
        return .object(members)
    }

    /// A derived value as JSON: name, value, whether determined, and a score's findings.
    public static func derived(_ d: DerivedValue) -> JSONValue {
        .object([("name", .string(d.name)), ("value", .string(d.value)), ("determined", .bool(d.isDetermined))]
            + (d.findings.isEmpty ? [] : [("findings", .array(d.findings.map(JSONValue.string)))]))
    }

    /// A path's steps as JSON: condition, value, location and the facts read.
    public static func steps(_ path: PathTrace) -> [JSONValue] {
        path.steps.map { step in
            .object([
                ("condition", .string(step.step.text)),
                ("value", step.value == .unknown ? .string("unknown") : .bool(step.value == .true)),
                ("location", .string(step.step.span.description)),
                ("facts", .object(step.facts.map { ($0.name, .string($0.value)) })),
            ] + (step.derived.isEmpty ? [] : [("derived", .array(step.derived.map(derived)))]))
        }
    }
}
