import PathwayCompiler
import PathwayEvaluator

/// What one test case shows about its patient: the truth of every formula node, every
/// recommendation's status and what the test expects. Coverage and the check of a suggested test
/// both read items from it, through ``CoverageModel/sides(of:in:)``.
public struct CoverageObservation: Sendable {
    /// The test's guideline, by index.
    public let guideline: Int
    /// The patient.
    public let patient: Patient
    /// The truth of every node of the formula graph.
    public let truths: [Truth]
    /// Each recommendation's status, by index.
    public let statuses: [RecommendationOutcome.Status]
    /// The recommendations the test expects given (ids of its guideline).
    public let expectedGiven: Set<String>
    /// The recommendations the test expects not given.
    public let expectedNotGiven: Set<String>

    /// Observes a patient under a test's expectations.
    public init(guideline: Int, patient: Patient, evaluator: Evaluator, expectedGiven: Set<String>, expectedNotGiven: Set<String>) {
        self.guideline = guideline
        self.patient = patient
        var truths: [Truth] = []
        evaluator.truths(for: patient, into: &truths)
        self.truths = truths
        statuses = evaluator.evaluate(patient, traces: false).outcomes.map(\.status)
        self.expectedGiven = expectedGiven
        self.expectedNotGiven = expectedNotGiven
    }
}
