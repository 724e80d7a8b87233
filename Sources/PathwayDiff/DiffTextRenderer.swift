import PathwayAnalysis
import PathwayEvaluator

/// Renders a diff as text for a terminal: the classification, structural changes, then each affected
/// region with its changes, a witness patient and both traces.
public struct DiffTextRenderer: Sendable {
    /// Whether to print each witness's traces under its region.
    public var traces: Bool

    /// Creates a renderer.
    public init(traces: Bool = true) { self.traces = traces }

    /// The diff as text, ending in a newline.
    public func render(_ diff: GuidelineDiff) -> String {
        let behaviour = diff.behaviour
        if diff.isEmpty { return "no differences\n" }
        var out = "classification: \(behaviour.classification.rawValue) — \(DiffSummary.explanation(of: behaviour.classification))\n"

        out += "\nstructural changes: \(diff.structural.count)\n"
        for change in diff.structural {
            for line in change.textLines() { out += "  \(line)\n" }
        }

        out += "\nbehavioural changes: \(DiffSummary.counts(behaviour))\n"
        for (number, region) in behaviour.regions.enumerated() {
            out += "\n  region \(number + 1): \(region.condition)\n"
            for change in region.changes {
                out += "    \(DiffSummary.name(change)): \(change.old) → \(change.new)\n"
            }
            out += "    witness: \(behaviour.space.json(region.witness).serialized())\(region.witness.isApproximate ? " (approximate)" : "")\n"
            guard traces else { continue }
            for change in region.changes {
                for (version, label) in [(0, "old"), (1, "new")] {
                    guard let outcome = diff.witnessOutcome(region.witness, change, version: version) else { continue }
                    out += "    \(label) trace of \(outcome.recommendation.id): \(outcome.status.rawValue.replacingOccurrences(of: "_", with: " "))"
                    out += outcome.needs.isEmpty ? "\n" : ", needs \(outcome.needs.joined(separator: ", "))\n"
                    for path in outcome.paths {
                        out += "      path \(path.path.origin): \(path.value)\n"
                        out += EvaluationText.steps(path, indent: "        ")
                    }
                }
            }
        }
        for change in behaviour.domainChanges {
            let side = change.acceptedBy == 1 ? "new" : "old"
            out += "\n  only the \(side) version accepts: \(change.condition)\n"
            out += "    witness: \(behaviour.space.json(change.witness).serialized())\n"
            if change.given.isEmpty { out += "    the \(side) version gives them nothing\n" }
            for (key, condition) in change.given {
                out += "    the \(side) version gives \(key)" + (condition == "every patient" ? "\n" : " when \(condition)\n")
            }
            out += "    the \(change.acceptedBy == 1 ? "old" : "new") version rejects such patient data\n"
        }
        if !behaviour.incomplete.isEmpty {
            out += "\nwarning: the search for changes stopped at its budget for " + behaviour.incomplete.map(\.description).joined(separator: ", ")
                + "; changes there may be missing\n"
        }
        return out
    }
}

/// Wording shared by the renderers.
enum DiffSummary {
    static func explanation(of classification: ChangeClass) -> String {
        switch classification {
        case .editorial: "no patient's outcome changes"
        case .additive: "patients only gain recommendations"
        case .breaking: "some patients lose a recommendation, or one changes level or direction"
        case .undecided: "no breaking change found, but the search stopped before it covered every patient"
        }
    }

    static func counts(_ behaviour: BehaviouralDiff) -> String {
        let recommendations = Set(behaviour.regions.flatMap { $0.changes.map(\.recommendation) }).count
        var text = "\(behaviour.regions.count) region\(behaviour.regions.count == 1 ? "" : "s"), \(recommendations) recommendation\(recommendations == 1 ? "" : "s") affected"
        if !behaviour.domainChanges.isEmpty {
            text += ", \(behaviour.domainChanges.count) change\(behaviour.domainChanges.count == 1 ? "" : "s") in accepted values"
        }
        return text
    }

    static func name(_ change: OutcomeChange) -> String {
        let base = "\(change.recommendation.guideline)/\(change.recommendation.id)"
        return change.renamedFrom.map { "\(base) (was \($0))" } ?? base
    }
}
