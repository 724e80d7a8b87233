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
    struct Step {
        let node: Int
        /// `{"condition":…,"value":`
        let head: [UInt8]
        /// `,"location":…,"facts":{`
        let middle: [UInt8]
        let facts: [FactFragment]
        /// The derived facts the step names that exist (those the trace shows), by index, in order.
        let derived: [Int]
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
        let paths: [Path]
        /// `{"id":…,"guideline":…,"text":`
        let undeterminedHead: [UInt8]
        /// `,"direction":…,"level":…,"needs":[`
        let undeterminedMiddle: [UInt8]
    }

    let recommendations: [Recommendation]
    let texts: FactValueTexts

    init(_ guidelines: CompiledGuidelines, stepFacts: [Int: [FactSymbol]], derivedIndex: [String: Int]) {
        texts = FactValueTexts(guidelines)
        recommendations = guidelines.recommendations.map { r in
            let id: [(String, JSONValue)] = [("id", .string(r.id)), ("guideline", .string(guidelines.guidelines[r.guideline].id))]
            let level = EvaluationJSON.level(r.level), direction = JSONValue.string(r.direction.rawValue)
            let paths = r.paths.map { path in
                var head: [(String, JSONValue)] = [("origin", .string(path.origin))]
                if !path.outputs.isEmpty { head.append(("outputs", .object(path.outputs.map { ($0.column, .string($0.value)) }))) }
                return Path(node: path.node, head: Self.open(head, then: "trace") + [UInt8(ascii: "[")], steps: path.steps.map { step in
                    let facts = (stepFacts[step.node] ?? []).enumerated().map { FactFragment($1, first: $0 == 0) }
                    return Step(node: step.node, head: Self.open([("condition", .string(step.text))], then: "value"),
                                middle: Self.members([("location", .string(step.span.description))]) + Self.key("facts") + [UInt8(ascii: "{")],
                                facts: facts, derived: step.derived.compactMap { derivedIndex[$0] })
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

    private static let trueValue = Array("true".utf8), falseValue = Array("false".utf8), unknownValue = Array("\"unknown\"".utf8)
    private static let pathsKey = Array("],\"paths\":[".utf8)
    private static let notesKey = Array(",\"notes\":[".utf8)
    private static let traceKey = Array(",\"trace\":[".utf8)
    private static let derivedKey = Array(",\"derived\":[".utf8)

    /// Appends the `recommendations` entry of recommendation `index`, given for `patient` (whose node
    /// truths are `truths`); with `traced` (its condition is true, not only decided so over the missing
    /// facts) its true paths.
    func appendGiven(_ index: Int, traced: Bool, _ patient: Patient, _ truths: [Truth], _ line: inout FullDetailLine, into out: inout [UInt8]) {
        let r = recommendations[index]
        out.append(contentsOf: r.givenHead)
        appendText(r.text, r.template, patient, &line, into: &out)
        out.append(contentsOf: r.givenMiddle)
        if !r.notes.isEmpty {
            out.append(contentsOf: Self.notesKey)
            for k in r.notes.indices {
                if k > 0 { out.append(UInt8(ascii: ",")) }
                out.append(contentsOf: r.notes[k].head)
                appendText(r.notes[k].text, r.notes[k].template, patient, &line, into: &out)
                out.append(UInt8(ascii: "}"))
            }
            out.append(UInt8(ascii: "]"))
        }
        // `trace` is the first true path's steps; `paths` every true path with its steps again.
        out.append(contentsOf: Self.traceKey)
        var first = true
        if traced {
            for path in r.paths.indices where truths[r.paths[path].node] == .true {
                line.steps.removeAll(keepingCapacity: true)
                appendSteps(r.paths[path], patient, truths, &line)
                if first { out.append(contentsOf: line.steps) }
                out.append(contentsOf: first ? Self.pathsKey : Self.comma)
                first = false
                out.append(contentsOf: r.paths[path].head)
                out.append(contentsOf: line.steps)
                out.append(UInt8(ascii: "]"))
                out.append(UInt8(ascii: "}"))
            }
        }
        if first { out.append(contentsOf: Self.pathsKey) }
        out.append(UInt8(ascii: "]"))
        out.append(UInt8(ascii: "}"))
    }

    /// Appends the start of the `undetermined` entry of recommendation `index`, up to and with `"needs":[`.
    func appendUndeterminedHead(_ index: Int, _ patient: Patient, _ line: inout FullDetailLine, into out: inout [UInt8]) {
        let r = recommendations[index]
        out.append(contentsOf: r.undeterminedHead)
        appendText(r.text, r.template, patient, &line, into: &out)
        out.append(contentsOf: r.undeterminedMiddle)
    }

    private static let comma = [UInt8(ascii: ",")]

    private func appendText(_ text: [UInt8]?, _ template: TextTemplate?, _ patient: Patient, _ line: inout FullDetailLine, into out: inout [UInt8]) {
        if let text {
            out.append(contentsOf: text)
        } else if let template {
            JSONValue.string(template.render(line.inputs(patient))).append(to: &out)
        }
    }

    /// Writes the steps of `path` into `line.steps`.
    private func appendSteps(_ path: Path, _ patient: Patient, _ truths: [Truth], _ line: inout FullDetailLine) {
        for (k, step) in path.steps.enumerated() {
            if k > 0 { line.steps.append(UInt8(ascii: ",")) }
            line.steps.append(contentsOf: step.head)
            switch truths[step.node] {
            case .true: line.steps.append(contentsOf: Self.trueValue)
            case .false: line.steps.append(contentsOf: Self.falseValue)
            case .unknown: line.steps.append(contentsOf: Self.unknownValue)
            }
            line.steps.append(contentsOf: step.middle)
            for k in step.facts.indices {
                line.steps.append(contentsOf: step.facts[k].key)
                line.appendFact(step.facts[k].slot, patient, texts)
            }
            line.steps.append(UInt8(ascii: "}"))
            if !step.derived.isEmpty {
                line.steps.append(contentsOf: Self.derivedKey)
                for (k, derived) in step.derived.enumerated() {
                    if k > 0 { line.steps.append(UInt8(ascii: ",")) }
                    line.appendDerived(derived, patient)
                }
                line.steps.append(UInt8(ascii: "]"))
            }
            line.steps.append(UInt8(ascii: "}"))
        }
    }
}

/// The state of one full-detail line beyond the patient: the inputs of its texts' `{…}` values and its
/// derived values' JSON, each computed when first needed and at most once per line, and the buffer
/// a path's steps are written into (they appear twice, in `trace` and in `paths`).
struct FullDetailLine {
    let evaluator: Evaluator
    private var cone: ConeEvaluator?
    /// Per derived fact (by index), its value's JSON for the current line, valid where `derivedLine` is `line`.
    private var derivedJSON: [[UInt8]]
    private var derivedLine: [Int]
    /// Per fact slot, a number's text for the current line, valid where `factLine` is `line`.
    private var factJSON: [[UInt8]]
    private var factLine: [Int]
    private var line = 0
    fileprivate var steps: [UInt8] = []

    init(_ evaluator: Evaluator) {
        self.evaluator = evaluator
        derivedJSON = evaluator.guidelines.derived.map { _ in [] }
        derivedLine = evaluator.guidelines.derived.map { _ in 0 }
        factJSON = evaluator.guidelines.facts.map { _ in [] }
        factLine = evaluator.guidelines.facts.map { _ in 0 }
    }

    /// Starts a line: nothing computed for the previous patient is kept.
    mutating func start() {
        line += 1
        cone = nil
    }

    /// Ends a line, letting go of the patient's values (so that the next patient is written in place).
    mutating func end() { cone = nil }

    fileprivate mutating func inputs(_ patient: Patient) -> ConeEvaluator {
        if let cone { return cone }
        let inputs = ConeEvaluator(guidelines: evaluator.guidelines, values: patient.values, ranges: evaluator.ranges)
        cone = inputs
        return inputs
    }

    /// Appends the patient's value of the fact in `slot` to ``steps`` as a JSON string (a number's
    /// text computed once per line, however many steps read it).
    fileprivate mutating func appendFact(_ slot: Int, _ patient: Patient, _ texts: FactValueTexts) {
        guard texts.isComputed(slot) else { return texts.append(patient[slot], slot: slot, to: &steps) }
        if factLine[slot] != line {
            factJSON[slot].removeAll(keepingCapacity: true)
            texts.append(patient[slot], slot: slot, to: &factJSON[slot])
            factLine[slot] = line
        }
        steps.append(contentsOf: factJSON[slot])
    }

    /// Appends the JSON of derived fact `index`'s value to ``steps`` (as ``EvaluationJSON/derived(_:)``).
    fileprivate mutating func appendDerived(_ index: Int, _ patient: Patient) {
        if derivedLine[index] != line {
            derivedJSON[index].removeAll(keepingCapacity: true)
            if let value = evaluator.derivedValue(evaluator.guidelines.derived[index].name, inputs: inputs(patient)) {
                EvaluationJSON.derived(value).append(to: &derivedJSON[index])
            }
            derivedLine[index] = line
        }
        steps.append(contentsOf: derivedJSON[index])
    }
}
