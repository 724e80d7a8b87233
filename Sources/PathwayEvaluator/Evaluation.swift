import PathwayCompiler

/// The result of evaluating one patient: the outcome of every recommendation.
public struct Evaluation: Sendable {
    /// The patient evaluated.
    public let patient: Patient
    /// One outcome per recommendation, in the order of ``CompiledGuidelines/recommendations``.
    public let outcomes: [RecommendationOutcome]
    /// For each guideline that declares a scope, whether the patient is within it.
    public var scopes: [ScopeOutcome] = []

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
    /// The recommendation's text for this patient: its `{…}` values filled in when they are
    /// determined (always, when it is given), else as written.
    public let text: String
    /// The texts of its notes for this patient, in the same way.
    public let noteTexts: [String]

    /// Why an undetermined recommendation with nothing in ``needs`` stays undetermined: no missing
    /// fact could decide it, because a value its conditions compute has none for this patient's data
    /// (a division by zero). `nil` when it is not undetermined or some fact would decide it.
    public var undecidableReason: String? {
        guard status == .undetermined, needs.isEmpty else { return nil }
        return Self.undecidable
    }

    /// The reason of ``undecidableReason``, worded once for every output.
    public static let undecidable = "no missing fact would decide it: a value its conditions compute is undefined for this patient's data (a division by zero)"

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
    /// The derived facts its condition names, with their values for the patient.
    public var derived: [DerivedValue] = []
}

/// A derived fact's value for one patient, as traces and `explain` show it.
public struct DerivedValue: Sendable, Hashable {
    /// The derived fact's name.
    public let name: String
    /// Its value as text: `3`, `563 mg`, `true`, `high`, `between 1 and 4` (bounds while facts are
    /// unknown), `unknown`, or `none` (no case applies).
    public let value: String
    /// Whether the value is determined (exact), rather than bounds or unknown.
    public let isDetermined: Bool
    /// For a points score: the findings that hold, with their points (`prior_stroke: +2`), then
    /// those still unknown (`age >= 75: +2?`).
    public let findings: [String]
}
