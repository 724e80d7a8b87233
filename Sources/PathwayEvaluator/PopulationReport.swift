import PathwayCompiler
import PathwayDiagnostics
import PathwaySyntax

/// Who each recommendation reaches, for review against its source: the population in the source's
/// words, the condition encoded (every decision path, generated from the compiled guidelines), and
/// the guideline's tests at the edges of that condition.
///
/// A recommendation *gates on* a fact when a step of one of its decision paths reads it (the
/// guideline's scope, shared by every path, is reported once per guideline instead). A test
/// *withholds it because of* a fact `F` when the recommendation is not given to the test's patient,
/// and would no longer be "not given" (it would be given or undetermined) were `F` unknown: the
/// patient's value of `F` alone decides the withholding. ``uncovered`` lists each recommendation and
/// fact it gates on without such a test.
///
/// The population in the source's words is the recommendation's `population` note (verbatim source
/// text, checked against the sources like quotes), or its quote when it has none.
public struct PopulationReport: Sendable {
    /// One recommendation's row.
    public struct Entry: Sendable {
        /// The guideline's id.
        public let guideline: String
        /// The recommendation's id.
        public let recommendation: String
        /// `for` or `against`.
        public let direction: Direction
        /// The population in the source's words.
        public let population: String
        /// Whether ``population`` is a `population` note (rather than the quote).
        public let populationIsNote: Bool
        /// Each decision path's steps (the scope left out), as written.
        public let paths: [[String]]
        /// The facts the paths gate on, by name.
        public let gatingFacts: [String]
        /// The tests that give it.
        public let givenIn: [String]
        /// The tests that leave it undetermined.
        public let undeterminedIn: [String]
        /// For each gating fact, the tests that withhold it because of that fact.
        public let withheldBecauseOf: [(fact: String, tests: [String])]
    }

    /// A guideline's scope, shown once above its rows.
    public struct Scope: Sendable {
        /// The guideline's id.
        public let guideline: String
        /// The scope condition, or `nil` when the guideline declares none.
        public let condition: String?
        /// The scope's text.
        public let text: String?
    }

    /// The rows, in the order of ``CompiledGuidelines/recommendations``.
    public let entries: [Entry]
    /// The guidelines' scopes, in guideline order.
    public let scopes: [Scope]

    /// Each recommendation and gating fact without a test that withholds it because of that fact.
    public var uncovered: [(guideline: String, recommendation: String, fact: String)] {
        entries.flatMap { e in e.withheldBecauseOf.filter { $0.tests.isEmpty }.map { (e.guideline, e.recommendation, $0.fact) } }
    }

    /// Builds the report from the compiled guidelines and their tests.
    public init(guidelines: CompiledGuidelines) {
        let evaluator = Evaluator(guidelines: guidelines)
        let decoder = PatientDecoder(guidelines: guidelines, strict: true)
        // Per guideline: each test's id, the statuses it gives, and for each fact it knows, the
        // statuses with that fact made unknown.
        struct Run {
            let id: String
            let status: [RecommendationOutcome.Status]
            let without: [Int: [RecommendationOutcome.Status]]
        }
        var runs: [[Run]] = Array(repeating: [], count: guidelines.guidelines.count)
        for (g, guideline) in guidelines.guidelines.enumerated() {
            for test in guideline.tests {
                guard let patient = decoder.decode(test.patient).patient, evaluator.evaluationError(in: patient) == nil else { continue }
                let status = evaluator.evaluate(patient, traces: false).outcomes.map(\.status)
                var without: [Int: [RecommendationOutcome.Status]] = [:]
                for slot in 0..<patient.slotCount where patient.isKnown(slot) {
                    var p = patient
                    p[slot] = .unknown
                    without[slot] = evaluator.evaluate(p, traces: false).outcomes.map(\.status)
                }
                runs[g].append(Run(id: test.id.value, status: status, without: without))
            }
        }
        var entries: [Entry] = []
        for (index, r) in guidelines.recommendations.enumerated() {
            let scope = guidelines.guidelines[r.guideline].scope
            let steps = r.paths.map { path in path.steps.enumerated().filter { k, step in !(k == 0 && scope != nil && step.node == scope?.node) }.map(\.1) }
            var slots = Set<Int>()
            for step in steps.joined() { slots.formUnion(guidelines.slots(readByNode: step.node)) }
            let gating = slots.sorted { guidelines.facts[$0].name < guidelines.facts[$1].name }
            let tests = runs[r.guideline]
            let withheld = gating.map { slot in
                (fact: guidelines.facts[slot].name,
                 tests: tests.filter { $0.status[index] == .notGiven && ($0.without[slot].map { $0[index] != .notGiven } ?? false) }.map(\.id))
            }
            let note = r.notes.first { $0.kind == "population" }
            entries.append(Entry(guideline: guidelines.guidelines[r.guideline].id, recommendation: r.id, direction: r.direction,
                                 population: note?.text ?? r.quote, populationIsNote: note != nil, paths: steps.map { $0.map(\.text) },
                                 gatingFacts: gating.map { guidelines.facts[$0].name },
                                 givenIn: tests.filter { $0.status[index] == .given }.map(\.id),
                                 undeterminedIn: tests.filter { $0.status[index] == .undetermined }.map(\.id),
                                 withheldBecauseOf: withheld))
        }
        self.entries = entries
        self.scopes = guidelines.guidelines.map { Scope(guideline: $0.id, condition: $0.scope?.condition, text: $0.scope?.text) }
    }

    /// The report as Markdown: per guideline, its scope and a table with one row per
    /// recommendation. Deterministic: the same guidelines give the same bytes.
    public func markdown() -> String {
        func cell(_ s: String) -> String {
            s.split(whereSeparator: \.isNewline).joined(separator: " ").replacingOccurrences(of: "|", with: "\\|")
        }
        func list(_ tests: [String], limit: Int = 3) -> String {
            guard !tests.isEmpty else { return "—" }
            let shown = tests.prefix(limit).map { "`\($0)`" }.joined(separator: ", ")
            return tests.count > limit ? shown + " (+\(tests.count - limit))" : shown
        }
        var out = ""
        for scope in scopes {
            let rows = entries.filter { $0.guideline == scope.guideline }
            out += "#### `\(scope.guideline)`\n\n"
            if let condition = scope.condition {
                out += "Scope (the first step of every path): `\(cell(condition))` — \(cell(scope.text ?? "")).\n\n"
            } else {
                out += "No scope declared.\n\n"
            }
            out += "| Recommendation | Population in the source's words | Encoded condition | Given in | Withheld because of |\n"
            out += "|---|---|---|---|---|\n"
            for e in rows {
                let population = (e.populationIsNote ? "" : "(quote) ") + "“" + cell(e.population) + "”"
                let condition = e.paths.map { steps in steps.isEmpty ? "always" : steps.map { "`\(cell($0))`" }.joined(separator: " and ") }
                    .joined(separator: " **or** ")
                let withheld = e.withheldBecauseOf.map { "\($0.fact): " + ($0.tests.isEmpty ? "**none**" : list($0.tests, limit: 2)) }
                    .joined(separator: "; ")
                out += "| `\(e.recommendation)` (\(e.direction.rawValue)) | \(population) | \(condition) | \(list(e.givenIn)) | \(withheld.isEmpty ? "—" : withheld) |\n"
            }
            out += "\n"
        }
        return out
    }

    /// The lines listing ``uncovered``, one per recommendation and fact.
    public func uncoveredText() -> String {
        uncovered.map { "\($0.guideline) › \($0.recommendation): no test withholds it because of `\($0.fact)`\n" }.joined()
    }
}
