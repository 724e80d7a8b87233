import PathwayCompiler
import PathwayDiagnostics

/// Whether a patient is within a guideline's scope (see ``CompiledScope``).
public struct ScopeOutcome: Sendable {
    /// The index of the guideline in ``CompiledGuidelines/guidelines``.
    public let guideline: Int
    /// The guideline's scope.
    public let scope: CompiledScope
    /// Whether the patient is within it: `true`, `false` (outside the scope) or unknown.
    public let value: Truth
    /// The facts the scope condition reads, with the patient's values (empty within the scope).
    public let facts: [(name: String, value: String)]
    /// While the value is unknown, the facts that are missing.
    public let needs: [String]

    /// `in_scope`, `outside_scope` or `scope_undetermined`, as JSON output names it.
    public var status: String { Self.status(of: value) }

    /// The status of a scope whose condition has this value.
    public static func status(of value: Truth) -> String {
        switch value {
        case .true: "in_scope"
        case .false: "outside_scope"
        case .unknown: "scope_undetermined"
        }
    }
}

extension Evaluator {
    /// The scope outcome of every guideline that declares a scope, in guideline order.
    func scopes(_ patient: Patient, truths: [Truth]) -> [ScopeOutcome] {
        guidelines.guidelines.enumerated().compactMap { g, guideline in
            guard let scope = guideline.scope else { return nil }
            let value = truths[scope.node]
            // Within the scope nothing is shown, so the facts are looked up only outside it.
            let facts = value == .true ? [] : Self.facts(of: scope.node, in: guidelines)
            return ScopeOutcome(guideline: g, scope: scope, value: value, facts: facts.map { ($0.name, patient.describe($0)) },
                                needs: value == .unknown ? facts.filter { !patient.isKnown($0.slot) }.map(\.name) : [])
        }
    }
}

extension Evaluation {
    /// The scope outcome of guideline `g`, if it declares a scope.
    public func scope(ofGuideline g: Int) -> ScopeOutcome? { scopes.first { $0.guideline == g } }
}

extension EvaluationText {
    /// The lines saying that a patient is outside a guideline's scope, or that its scope is
    /// undetermined; nothing for a patient within it or a guideline without a scope.
    static func scopeLines(_ evaluation: Evaluation, guideline g: Int) -> String {
        guard let s = evaluation.scope(ofGuideline: g) else { return "" }
        let facts = s.facts.map { "\($0.name) = \($0.value)" }.joined(separator: ", ")
        switch s.value {
        case .true: return ""
        case .false:
            return "  outside the scope of this guideline: it addresses \(s.scope.text)\n"
                + "    scope: \(s.scope.condition) is false   [\(facts)]\n"
        case .unknown:
            return "  scope undetermined: this guideline addresses \(s.scope.text)\n"
                + "    scope: \(s.scope.condition) is unknown   [\(facts)]\n"
                + "    needs: \(s.needs.joined(separator: ", "))\n"
        }
    }
}

extension EvaluationJSON {
    /// The `scope` entries of a patient's JSON object: one per guideline whose scope does not hold
    /// (outside it, or undetermined), with the guideline, status, scope text, condition and needs.
    static func scopeEntries(_ evaluation: Evaluation, guidelines: CompiledGuidelines) -> [JSONValue] {
        scopeEntries(evaluation.scopes, guidelines: guidelines)
    }

    /// The `scope` entries for these scope outcomes.
    static func scopeEntries(_ scopes: [ScopeOutcome], guidelines: CompiledGuidelines) -> [JSONValue] {
        scopes.filter { $0.value != .true }.map { s in
            .object([
                ("guideline", .string(guidelines.guidelines[s.guideline].id)),
                ("status", .string(s.status)),
                ("scope", .string(s.scope.text)),
                ("condition", .string(s.scope.condition)),
                ("facts", .object(s.facts.map { ($0.name, .string($0.value)) })),
                ("needs", .array(s.needs.map(JSONValue.string))),
            ])
        }
    }
}
