import PathwayCompiler
import PathwayDiagnostics

/// `--detail full` cohort entries from fragments serialised once per recommendation, path and trace
/// step: a line is these ready bytes with the patient's values in between (step truths, fact values,
/// derived values, filled-in texts), byte for byte what ``EvaluationJSON/object(_:guidelines:diagnostics:detail:trace:)``
/// writes for the same patient, without building a JSON tree per patient.
///
/// Every fragment is cut from ``JSONValue``'s own serialisation of the members it stands for (see
/// ``open(_:then:)`` and ``members(_:)``), so escaping and layout cannot drift from the single-patient output.
struct CohortFullDetail {
    struct Fact {
        /// `"name":`, with a comma in front for every fact but a step's first.
        let key: [UInt8]
        let fact: FactSymbol
        /// For booleans and enumerations, each value's text as a JSON string, by value (`unknown` last).
        let texts: [[UInt8]]

        /// The value's text as a JSON string, as ``FactType/text(_:)`` gives it; `nil` for a number.
        func text(of value: FactValue) -> [UInt8]? {
            guard let unknown = texts.indices.last else { return nil }
            guard value.isKnown else { return texts[unknown] }
            switch fact.type {
            case .boolean: return texts[value.numerator != 0 ? 1 : 0]
            case .enumeration:
                guard let index = value.index, index >= 0, index < unknown else { return texts[unknown] }
                return texts[index]
            case .integer, .number: return nil
            }
        }
    }

    struct Step {
        let node: Int
        /// `{"condition":…,"value":`
        let head: [UInt8]
        /// `,"location":…,"facts":{`
        let middle: [UInt8]
        let facts: [Fact]
        /// The derived facts the step names that exist (those the trace shows), in order.
        let derived: [String]
    }

    struct Path {
        let node: Int
        /// `{"origin":…` and `,"outputs":{…}` when there are outputs, then `,"trace":[`.
        let head: [UInt8]
        let steps: [Step]
    }

    struct Recommendation {
        /// `{"id":…,"guideline":…,"section":…,"text":`
        let givenHead: [UInt8]
        /// The text as a JSON string, unless it is a template.
        let text: [UInt8]?
        let template: TextTemplate?
        /// `,"direction":…,"level":…,"citations":[…],"quote":…`
        let givenMiddle: [UInt8]
        /// Each note's `{"kind":…,"text":`, its text unless a template, and its template.
        let notes: [(head: [UInt8], text: [UInt8]?, template: TextTemplate?)]
        var hasTemplates: Bool { template != nil || notes.contains { $0.template != nil } }
        let paths: [Path]
        /// `{"id":…,"guideline":…,"text":`
        let undeterminedHead: [UInt8]
        /// `,"direction":…,"level":…,"needs":[`
        let undeterminedMiddle: [UInt8]
    }

    let recommendations: [Recommendation]

    init(_ guidelines: CompiledGuidelines, stepFacts: [Int: [FactSymbol]], derivedIndex: [String: Int]) {
        recommendations = guidelines.recommendations.map { r in
            let id: [(String, JSONValue)] = [("id", .string(r.id)), ("guideline", .string(guidelines.guidelines[r.guideline].id))]
            let level = EvaluationJSON.level(r.level), direction = JSONValue.string(r.direction.rawValue)
            let paths = r.paths.map { path in
                var head: [(String, JSONValue)] = [("origin", .string(path.origin))]
                if !path.outputs.isEmpty { head.append(("outputs", .object(path.outputs.map { ($0.column, .string($0.value)) }))) }
                return Path(node: path.node, head: Self.open(head, then: "trace") + [UInt8(ascii: "[")], steps: path.steps.map { step in
                    let facts = (stepFacts[step.node] ?? []).enumerated().map { k, fact in
                        Fact(key: (k > 0 ? [UInt8(ascii: ",")] : []) + JSONValue.string(fact.name).bytes() + [UInt8(ascii: ":")], fact: fact,
                             texts: Self.texts(of: fact))
                    }
                    return Step(node: step.node, head: Self.open([("condition", .string(step.text))], then: "value"),
                                middle: Self.members([("location", .string(step.span.description))]) + Self.key("facts") + [UInt8(ascii: "{")],
                                facts: facts, derived: step.derived.filter { derivedIndex[$0] != nil })
                })
            }
            return Recommendation(
                givenHead: Self.open(id + [("section", .optional(r.section))], then: "text"),
                text: r.template == nil ? JSONValue.string(r.text).bytes() : nil, template: r.template,
                givenMiddle: Self.members([("direction", direction), ("level", level), ("citations", .array(r.citations.map(EvaluationJSON.citation))),
                                           ("quote", .string(r.quote))]),
                notes: r.notes.map { note in
                    (Self.open([("kind", .string(note.kind))], then: "text"), note.template == nil ? JSONValue.string(note.text).bytes() : nil, note.template)
                },
                paths: paths,
                undeterminedHead: Self.open(id, then: "text"),
                undeterminedMiddle: Self.members([("direction", direction), ("level", level)]) + Self.key("needs") + [UInt8(ascii: "[")])
        }
    }

    /// The object of `members` left open for one more member: `{…,"key":` (`{"key":` without members).
    static func open(_ members: [(String, JSONValue)], then key: String) -> [UInt8] {
        guard !members.isEmpty else { return [UInt8(ascii: "{")] + JSONValue.string(key).bytes() + [UInt8(ascii: ":")] }
        return JSONValue.object(members).bytes().dropLast() + Self.key(key)
    }

    /// The members as they follow earlier ones in an object: `,"a":…,"b":…`.
    static func members(_ members: [(String, JSONValue)]) -> [UInt8] {
        guard !members.isEmpty else { return [] }
        return [UInt8(ascii: ",")] + JSONValue.object(members).bytes().dropFirst().dropLast()
    }

    /// `,"key":`
    static func key(_ key: String) -> [UInt8] { [UInt8(ascii: ",")] + JSONValue.string(key).bytes() + [UInt8(ascii: ":")] }

    /// A boolean's or enumeration's value texts as JSON strings, by value, then `unknown`; empty for numbers.
    static func texts(of fact: FactSymbol) -> [[UInt8]] {
        let values: [FactValue]
        switch fact.type {
        case .boolean: values = [FactValue(boolean: false), FactValue(boolean: true)]
        case .enumeration(let names): values = names.indices.map { FactValue(index: $0) }
        case .integer, .number: return []
        }
        return (values + [.unknown]).map { JSONValue.string(fact.type.text($0)).bytes() }
    }

    private static let trueValue = Array("true".utf8), falseValue = Array("false".utf8), unknownValue = Array("\"unknown\"".utf8)
    private static let pathsKey = Array("],\"paths\":[".utf8)
    private static let notesKey = Array(",\"notes\":[".utf8)
    private static let traceKey = Array(",\"trace\":[".utf8)
    private static let derivedKey = Array(",\"derived\":[".utf8)

    /// Appends the `recommendations` entry of recommendation `index`, given for the patient; with
    /// `traced` (its condition is true, not only decided so over the missing facts) its true paths.
    func appendGiven(_ index: Int, traced: Bool, _ values: PatientValues, into out: inout [UInt8]) {
        let r = recommendations[index]
        out.append(contentsOf: r.givenHead)
        appendText(r.text, r.template, values, into: &out)
        out.append(contentsOf: r.givenMiddle)
        if !r.notes.isEmpty {
            out.append(contentsOf: Self.notesKey)
            for (k, note) in r.notes.enumerated() {
                if k > 0 { out.append(UInt8(ascii: ",")) }
                out.append(contentsOf: note.head)
                appendText(note.text, note.template, values, into: &out)
                out.append(UInt8(ascii: "}"))
            }
            out.append(UInt8(ascii: "]"))
        }
        // `trace` is the first true path's steps; `paths` every true path with its steps.
        out.append(contentsOf: Self.traceKey)
        let truePaths = traced ? r.paths.filter { values.truths[$0.node] == .true } : []
        if let first = truePaths.first { appendSteps(first, values, into: &out) }
        out.append(contentsOf: Self.pathsKey)
        for (k, path) in truePaths.enumerated() {
            if k > 0 { out.append(UInt8(ascii: ",")) }
            out.append(contentsOf: path.head)
            appendSteps(path, values, into: &out)
            out.append(UInt8(ascii: "]"))
            out.append(UInt8(ascii: "}"))
        }
        out.append(UInt8(ascii: "]"))
        out.append(UInt8(ascii: "}"))
    }

    /// Appends the start of the `undetermined` entry of recommendation `index`, up to and with `"needs":[`.
    func appendUndeterminedHead(_ index: Int, _ values: PatientValues, into out: inout [UInt8]) {
        let r = recommendations[index]
        out.append(contentsOf: r.undeterminedHead)
        appendText(r.text, r.template, values, into: &out)
        out.append(contentsOf: r.undeterminedMiddle)
    }

    private func appendText(_ text: [UInt8]?, _ template: TextTemplate?, _ values: PatientValues, into out: inout [UInt8]) {
        if let text {
            out.append(contentsOf: text)
        } else if let template {
            JSONValue.string(template.render(values.inputs)).append(to: &out)
        }
    }

    private func appendSteps(_ path: Path, _ values: PatientValues, into out: inout [UInt8]) {
        for (k, step) in path.steps.enumerated() {
            if k > 0 { out.append(UInt8(ascii: ",")) }
            out.append(contentsOf: step.head)
            switch values.truths[step.node] {
            case .true: out.append(contentsOf: Self.trueValue)
            case .false: out.append(contentsOf: Self.falseValue)
            case .unknown: out.append(contentsOf: Self.unknownValue)
            }
            out.append(contentsOf: step.middle)
            for fact in step.facts {
                out.append(contentsOf: fact.key)
                let value = values.patient[fact.fact.slot]
                if let text = fact.text(of: value) {
                    out.append(contentsOf: text)
                } else {
                    JSONValue.string(fact.fact.type.text(value)).append(to: &out)
                }
            }
            out.append(UInt8(ascii: "}"))
            if !step.derived.isEmpty {
                out.append(contentsOf: Self.derivedKey)
                for (k, name) in step.derived.enumerated() {
                    if k > 0 { out.append(UInt8(ascii: ",")) }
                    if let value = values.derived[name] { EvaluationJSON.derived(value).append(to: &out) }
                }
                out.append(UInt8(ascii: "]"))
            }
            out.append(UInt8(ascii: "}"))
        }
    }
}

/// What full-detail entries read of one patient: its values and node truths, and, computed when
/// first needed, the inputs of its texts' `{…}` values and its derived values.
struct PatientValues {
    let patient: Patient
    let truths: [Truth]
    let evaluator: Evaluator
    private let memo: DerivedValues

    init(_ patient: Patient, truths: [Truth], evaluator: Evaluator) {
        self.patient = patient
        self.truths = truths
        self.evaluator = evaluator
        memo = DerivedValues(evaluator, patient)
    }

    var inputs: ConeEvaluator { memo.inputs }
    var derived: DerivedValues { memo }
}
