import PathwayAnalysis
import PathwayDiagnostics
import PathwayEvaluator

/// Renders a diff as JSON, for tools: classification, structural changes, regions with their changes,
/// witnesses and traces, and changes in accepted values.
public enum DiffJSONRenderer {
    /// The diff as a JSON value (keys in a fixed order).
    public static func render(_ diff: GuidelineDiff) -> JSONValue {
        let behaviour = diff.behaviour
        let regions: [JSONValue] = behaviour.regions.map { region in
            .object([
                ("condition", .string(region.condition)),
                ("changes", .array(region.changes.map { change(diff, $0, witness: region.witness) })),
                ("witness", behaviour.space.json(region.witness)),
                ("approximate", .bool(region.witness.isApproximate)),
            ])
        }
        let domain: [JSONValue] = behaviour.domainChanges.map { change in
            .object([
                ("fact", .string(change.fact)),
                ("accepted_by", .string(change.acceptedBy == 1 ? "new" : "old")),
                ("condition", .string(change.condition)),
                ("witness", behaviour.space.json(change.witness)),
                ("given", .array(change.given.map { .object([("recommendation", .string($0.recommendation.description)), ("when", .string($0.condition))]) })),
            ])
        }
        return .object([
            ("classification", .string(behaviour.classification.rawValue)),
            ("different", .bool(!diff.isEmpty)),
            ("structural", .array(diff.structural.map(\.json))),
            ("regions", .array(regions)),
            ("domain_changes", .array(domain)),
            ("incomplete", .array(behaviour.incomplete.map { .string($0.description) })),
        ])
    }

    private static func change(_ diff: GuidelineDiff, _ change: OutcomeChange, witness: Witness) -> JSONValue {
        var members: [(String, JSONValue)] = [
            ("guideline", .string(change.recommendation.guideline)),
            ("recommendation", .string(change.recommendation.id)),
        ]
        if let from = change.renamedFrom { members.append(("renamed_from", .string(from))) }
        members += [
            ("old", outcome(change.old)),
            ("new", outcome(change.new)),
            ("additive", .bool(change.isAdditive)),
            ("old_trace", trace(diff.witnessOutcome(witness, change, version: 0))),
            ("new_trace", trace(diff.witnessOutcome(witness, change, version: 1))),
        ]
        return .object(members)
    }

    private static func outcome(_ o: Outcome) -> JSONValue {
        var members: [(String, JSONValue)] = [("status", .string(o.status.rawValue))]
        if let direction = o.direction { members.append(("direction", .string(direction.rawValue))) }
        if let level = o.level { members.append(("level", .string(level))) }
        return .object(members)
    }

    private static func trace(_ outcome: RecommendationOutcome?) -> JSONValue {
        guard let outcome else { return .null }
        return .array(outcome.paths.map { path in
            .object([
                ("path", .string(path.path.origin)),
                ("value", path.value == .unknown ? .string("unknown") : .bool(path.value == .true)),
                ("steps", .array(EvaluationJSON.steps(path))),
            ])
        })
    }
}
