import PathwayCompiler
import PathwayDiagnostics

/// The `scope` member of cohort lines from fragments serialised once per scoped guideline: byte for
/// byte what ``EvaluationJSON/scopeEntries(_:guidelines:)`` writes for ``Evaluator/scopes(_:truths:)``,
/// without building scope outcomes and a JSON tree per patient.
struct CohortScopeEntries {
    struct Scope {
        let node: Int
        /// `{"guideline":…,"status":`
        let head: [UInt8]
        /// `,"scope":…,"condition":…,"facts":{`
        let middle: [UInt8]
        /// The facts the condition reads, in slot order (as ``Evaluator/facts(of:)``).
        let facts: [FactFragment]
        /// Each of those facts' names as a JSON string, for `needs`.
        let names: [[UInt8]]
    }

    let scopes: [Scope]
    let texts: FactValueTexts
    /// Each status as a JSON string: outside the scope, undetermined.
    private let outside: [UInt8], undetermined: [UInt8]

    init(_ guidelines: CompiledGuidelines) {
        scopes = guidelines.guidelines.compactMap { guideline in
            guard let scope = guideline.scope else { return nil }
            let facts = Evaluator.facts(of: scope.node, in: guidelines)
            return Scope(node: scope.node,
                         head: CohortFullDetail.open([("guideline", .string(guideline.id))], then: "status"),
                         middle: CohortFullDetail.members([("scope", .string(scope.text)), ("condition", .string(scope.condition))])
                             + CohortFullDetail.key("facts") + [UInt8(ascii: "{")],
                         facts: facts.enumerated().map { FactFragment($1, first: $0 == 0) },
                         names: facts.map { JSONValue.string($0.name).bytes() })
        }
        texts = FactValueTexts(guidelines)
        outside = JSONValue.string(ScopeOutcome.status(of: .false)).bytes()
        undetermined = JSONValue.string(ScopeOutcome.status(of: .unknown)).bytes()
    }

    private static let scopeKey = Array(",\"scope\":[".utf8)
    private static let needsKey = Array("},\"needs\":[".utf8)

    /// Appends `,"scope":[…]` with an entry per guideline the patient is outside of or whose scope is
    /// undetermined; nothing when the patient is within every scope.
    func append(_ patient: Patient, truths: [Truth], into out: inout [UInt8]) {
        var first = true
        for scope in scopes {
            let value = truths[scope.node]
            if value == .true { continue }
            if first { out.append(contentsOf: Self.scopeKey) } else { out.append(UInt8(ascii: ",")) }
            first = false
            out.append(contentsOf: scope.head)
            out.append(contentsOf: value == .false ? outside : undetermined)
            out.append(contentsOf: scope.middle)
            for fact in scope.facts {
                out.append(contentsOf: fact.key)
                texts.append(patient[fact.slot], slot: fact.slot, to: &out)
            }
            out.append(contentsOf: Self.needsKey)
            if value == .unknown {
                var firstNeed = true
                for (k, fact) in scope.facts.enumerated() where !patient.isKnown(fact.slot) {
                    if !firstNeed { out.append(UInt8(ascii: ",")) }
                    firstNeed = false
                    out.append(contentsOf: scope.names[k])
                }
            }
            out.append(UInt8(ascii: "]"))
            out.append(UInt8(ascii: "}"))
        }
        if !first { out.append(UInt8(ascii: "]")) }
    }
}
