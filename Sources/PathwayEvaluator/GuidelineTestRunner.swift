import PathwayCompiler
import PathwayDiagnostics
import PathwaySyntax

/// Runs the test cases written in guideline documents.
public struct GuidelineTestRunner: Sendable {
    /// The outcome of one test case.
    public struct CaseResult: Sendable {
        /// The guideline's id.
        public let guideline: String
        /// The test's id.
        public let test: String
        /// Why it failed; empty when it passed.
        public let failures: [Diagnostic]
        /// Whether it passed.
        public var passed: Bool { failures.isEmpty }
        /// The index of the guideline in ``CompiledGuidelines/guidelines``.
        public var guidelineIndex: Int = 0
        /// The index of the test in its guideline's ``CompiledGuideline/tests``.
        public var testIndex: Int = 0
        /// The test's patient, when it decoded and evaluated without error.
        public var patient: Patient? = nil
        /// The status of every recommendation for that patient, by index in ``CompiledGuidelines/recommendations``.
        public var statuses: [RecommendationOutcome.Status] = []
    }

    let guidelines: CompiledGuidelines

    /// The evaluation date for a test whose patient does not carry `as_of` (`--as-of`, else today).
    let evaluationDate: Int64?

    /// Creates a runner.
    public init(guidelines: CompiledGuidelines, evaluationDate: Int64? = nil) {
        self.guidelines = guidelines
        self.evaluationDate = evaluationDate
    }

    /// Runs every test of every guideline, in order; with `including`, only the tests it accepts
    /// (given the guideline's id and the test's id).
    public func run(including: (_ guideline: String, _ test: String) -> Bool = { _, _ in true }) -> [CaseResult] {
        let evaluator = Evaluator(guidelines: guidelines)
        let decoder = PatientDecoder(guidelines: guidelines, strict: true, evaluationDate: evaluationDate)
        var results: [CaseResult] = []
        for (g, guideline) in guidelines.guidelines.enumerated() {
            for (t, test) in guideline.tests.enumerated() where including(guideline.id, test.id.value) {
                let decoded = decoder.decode(test.patient)
                guard let patient = decoded.patient else {
                    results.append(CaseResult(guideline: guideline.id, test: test.id.value, failures: decoded.diagnostics.filter { $0.severity == .error },
                                              guidelineIndex: g, testIndex: t))
                    continue
                }
                if let overflow = evaluator.evaluationError(in: patient) {
                    results.append(CaseResult(guideline: guideline.id, test: test.id.value, failures: [overflow], guidelineIndex: g, testIndex: t))
                    continue
                }
                let evaluation = evaluator.evaluate(patient)
                var byId: [String: RecommendationOutcome] = [:]
                for outcome in evaluation.outcomes where outcome.recommendation.guideline == g { byId[outcome.recommendation.id] = outcome }
                var failures: [Diagnostic] = []
                func check(_ ids: [Located<String>], expected: RecommendationOutcome.Status) {
                    for id in ids {
                        guard let outcome = byId[id.value] else { continue }
                        guard outcome.status != expected else { continue }
                        var notes: [Diagnostic.Note] = []
                        if outcome.status == .undetermined {
                            notes.append(.init("undetermined: needs " + outcome.needs.map { "`\($0)`" }.joined(separator: ", ")))
                        }
                        for trace in outcome.paths {
                            let falseSteps = trace.steps.filter { $0.value != .true }
                            let summary = falseSteps.prefix(3).map { "`\($0.step.text)` is \($0.value)" }.joined(separator: "; ")
                            notes.append(.init("\(trace.path.origin): \(trace.value)" + (summary.isEmpty ? "" : " — \(summary)"), at: falseSteps.first?.step.span))
                        }
                        failures.append(Diagnostic(.testFailed, "test `\(test.id.value)`: expected `\(id.value)` to be \(Self.word(expected)), but it is \(Self.word(outcome.status))",
                                                   at: id.span, notes: notes))
                    }
                }
                check(test.given, expected: .given)
                check(test.notGiven, expected: .notGiven)
                check(test.undetermined, expected: .undetermined)
                for expectation in test.derived {
                    if let failure = Self.check(expectation, of: test.id.value, patient: patient, evaluator: evaluator, decoder: decoder) {
                        failures.append(failure)
                    }
                }
                results.append(CaseResult(guideline: guideline.id, test: test.id.value, failures: failures, guidelineIndex: g, testIndex: t,
                                          patient: patient, statuses: evaluation.outcomes.map(\.status)))
            }
        }
        return results
    }

    /// Why a derived fact does not have the value a test expects, or `nil` when it has.
    ///
    /// `unknown` expects a value the data does not determine (for a numeric one: bounds, or no value
    /// at all); a boolean or enumerated one is compared by its value's name (`none` when no case
    /// applies); a number is read in the derived fact's unit as a patient value is, and compared
    /// exactly, not as rounded for display.
    static func check(_ expectation: DerivedExpectation, of test: String, patient: Patient, evaluator: Evaluator,
                      decoder: PatientDecoder) -> Diagnostic? {
        let name = expectation.name.value
        guard case .scalar(let scalar) = expectation.value, let symbol = evaluator.guidelines.derived.first(where: { $0.name == name }),
              let actual = evaluator.derivedValue(name, for: patient) else { return nil }
        let expected = scalar.value
        func failure(_ shown: String) -> Diagnostic {
            Diagnostic(.testFailed, "test `\(test)`: expected `\(name)` to be `\(expected)`, but it is \(shown)", at: scalar.span,
                       notes: actual.findings.map { .init("finding \($0)") })
        }
        if expected == "unknown" {
            return actual.isDetermined ? failure("`\(actual.value)`") : nil
        }
        guard let reader = symbol.valueReader, let numeric = symbol.numeric else {
            return actual.value == expected ? nil : failure("`\(actual.value)`")
        }
        switch decoder.value(expectation.value, for: reader) {
        case .failure(let problem):
            return Diagnostic(.testFailed, "test `\(test)`: the expected value of `\(name)` cannot be read: \(problem.message)", at: scalar.span,
                              notes: problem.notes, suggestions: problem.suggestions)
        case .success(let value):
            guard case .exact(let x) = evaluator.computedValue(numeric, for: patient) else { return failure(actual.value) }
            if let wanted = value.rational, wanted == x { return nil }
            return failure("`\(PhysicalUnit.text(x, numeric.unit))`")
        }
    }

    static func word(_ status: RecommendationOutcome.Status) -> String {
        switch status {
        case .given: "given"
        case .notGiven: "not given"
        case .undetermined: "undetermined"
        }
    }
}
