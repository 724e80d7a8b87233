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
                results.append(CaseResult(guideline: guideline.id, test: test.id.value, failures: failures, guidelineIndex: g, testIndex: t,
                                          patient: patient, statuses: evaluation.outcomes.map(\.status)))
            }
        }
        return results
    }

    static func word(_ status: RecommendationOutcome.Status) -> String {
        switch status {
        case .given: "given"
        case .notGiven: "not given"
        case .undetermined: "undetermined"
        }
    }
}
