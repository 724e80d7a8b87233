import PathwayAnalysis
import PathwayCompiler
import PathwayEvaluator

/// Two versions of a set of guidelines compared: what changed in the text, and which patients now
/// get a different outcome.
///
/// ```swift
/// let old = GuidelineCompiler.compile(paths: ["v1/"]), new = GuidelineCompiler.compile(paths: ["v2/"])
/// if let diff = GuidelineDiff(old: old, new: new) {
///     print(DiffTextRenderer().render(diff))
/// }
/// ```
public struct GuidelineDiff: Sendable {
    /// The old version, compiled.
    public let old: CompiledGuidelines
    /// The new version, compiled.
    public let new: CompiledGuidelines
    /// Changes to the declarations, matched by id.
    public let structural: [StructuralChange]
    /// Changes to outcomes, by patient region.
    public let behaviour: BehaviouralDiff
    private let evaluators: [Evaluator]

    /// Compares two compilations; `nil` when either has errors. `regionBudget` bounds the regions
    /// visited per recommendation (see ``BehaviouralDiff/compare(old:new:renamed:regionBudget:)``).
    ///
    /// With `evaluationDate`, both versions are compared as of that day: a condition on the time
    /// since a date becomes a threshold on the date (``CompiledGuidelines/fixingEvaluationDate(_:)``),
    /// so the patients affected are listed by date.
    public init?(old: Compilation, new: Compilation, regionBudget: Int = 200_000, evaluationDate: Int64? = nil) {
        guard var oldGuidelines = old.guidelines, var newGuidelines = new.guidelines else { return nil }
        if let evaluationDate {
            oldGuidelines = oldGuidelines.fixingEvaluationDate(evaluationDate)
            newGuidelines = newGuidelines.fixingEvaluationDate(evaluationDate)
        }
        self.old = oldGuidelines
        self.new = newGuidelines
        structural = StructuralDiff.compare(old: old.documents, new: new.documents)
        var renamed: [RecommendationKey: String] = [:]
        for change in structural where change.kind == .renamed && change.entity == .recommendation {
            if let from = change.oldID { renamed[RecommendationKey(guideline: change.document, id: from)] = change.id }
        }
        behaviour = BehaviouralDiff.compare(old: oldGuidelines, new: newGuidelines, renamed: renamed, regionBudget: regionBudget)
        evaluators = [Evaluator(guidelines: oldGuidelines), Evaluator(guidelines: newGuidelines)]
    }

    /// Whether the versions differ at all, in text or in effect; never when the behavioural diff is
    /// incomplete, since what it did not search may differ.
    public var isEmpty: Bool {
        structural.isEmpty && behaviour.regions.isEmpty && behaviour.domainChanges.isEmpty && behaviour.incomplete.isEmpty
    }

    /// The outcome, with traces, of a change's recommendation for a witness in one version (0 old, 1 new);
    /// `nil` when that version lacks the recommendation or rejects the witness.
    public func witnessOutcome(_ witness: Witness, _ change: OutcomeChange, version: Int) -> RecommendationOutcome? {
        let guidelines = version == 0 ? old : new
        let id = version == 0 ? (change.renamedFrom ?? change.recommendation.id) : change.recommendation.id
        guard let patient = behaviour.space.patient(witness, version: version),
              let index = guidelines.recommendations.indices.first(where: {
                  guidelines.recommendations[$0].id == id
                      && guidelines.guidelines[guidelines.recommendations[$0].guideline].id == change.recommendation.guideline
              }) else { return nil }
        return evaluators[version].evaluate(patient, recommendation: index)
    }
}
