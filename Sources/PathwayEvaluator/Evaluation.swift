import PathwayCompiler

/// The result of evaluating one patient: the outcome of every recommendation.
public struct Evaluation: Sendable {
    /// The patient evaluated.
    public let patient: Patient
    /// One outcome per recommendation, in the order of ``CompiledGuidelines/recommendations``.
    public let outcomes: [RecommendationOutcome]

    /// The recommendations given.
    public var given: [RecommendationOutcome] { outcomes.filter { $0.status == .given } }
    /// The recommendations that depend on unknown facts.
    public var undetermined: [RecommendationOutcome] { outcomes.filter { $0.status == .undetermined } }
}

/// What happened to one recommendation for one patient.
public struct RecommendationOutcome: Sendable {
    /// Given (a path definitely holds), not given (every path is definitely false), or undetermined.
    public enum Status: String, Sendable, Hashable {
        case given
        case notGiven = "not_given"
        case undetermined
    }

    /// The recommendation's index in ``CompiledGuidelines/recommendations``.
    public let index: Int
    /// The recommendation.
    public let recommendation: CompiledRecommendation
    /// Its status.
    public let status: Status
    /// Every path to it, with the value of each step.
    public let paths: [PathTrace]
    /// For an undetermined recommendation, the facts that would decide it.
    public let needs: [String]
}

/// A decision path evaluated for a patient.
public struct PathTrace: Sendable {
    /// The path.
    public let path: DecisionPath
    /// Whether it holds.
    public let value: Truth
    /// Its steps, each with its value.
    public let steps: [TraceStep]
}

/// One evaluated condition of a path.
public struct TraceStep: Sendable {
    /// The step.
    public let step: PathStep
    /// Its value for the patient.
    public let value: Truth
    /// The facts it reads and the patient's values of them.
    public let facts: [(name: String, value: String)]
}
