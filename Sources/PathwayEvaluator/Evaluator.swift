import PathwayCompiler
import PathwaySyntax

/// Evaluates patients against compiled guidelines.
///
/// Each atom is evaluated once per patient, then every node of the formula graph once, in index
/// order, with Kleene three-valued logic. ``truths(for:into:)`` does this into a caller-owned buffer
/// without allocating; ``evaluate(_:)`` builds the full result with traces and missing facts.
///
/// ```swift
/// let evaluator = Evaluator(guidelines: compiled)
/// let result = evaluator.evaluate(patient)
/// for outcome in result.outcomes where outcome.status == .given { print(outcome.recommendation.id) }
/// ```
public struct Evaluator: Sendable {
    /// The compiled guidelines.
    public let guidelines: CompiledGuidelines

    /// Creates an evaluator.
    public init(guidelines: CompiledGuidelines) {
        self.guidelines = guidelines
    }

    /// The truth of one atom for a patient.
    @inline(__always)
    public func truth(ofAtom atom: Atom, _ values: UnsafeBufferPointer<Double>) -> Truth {
        switch atom.kind {
        case .fact(let slot, let test):
            let v = values[slot]
            if case .known = test { return v.isNaN ? .false : .true }
            if v.isNaN { return .unknown }
            switch test {
            case .compare(let op, let threshold): return Evaluator.compare(v, op, threshold) ? .true : .false
            case .inSet(let mask): return mask & (1 << UInt64(Int(v))) != 0 ? .true : .false
            case .isTrue: return v != 0 ? .true : .false
            case .known: return .true
            }
        case .arithmetic(let program, let op):
            guard let v = program.evaluate({ values[$0].isNaN ? nil : values[$0] }) else { return .unknown }
            return Evaluator.compare(v, op, 0) ? .true : .false
        }
    }

    @inline(__always)
    static func compare(_ v: Double, _ op: ComparisonOperator, _ t: Double) -> Bool {
        switch op {
        case .equal: v == t
        case .notEqual: v != t
        case .less: v < t
        case .lessOrEqual: v <= t
        case .greater: v > t
        case .greaterOrEqual: v >= t
        }
    }

    /// Evaluates every node of the graph for `patient` into `truths` (resized to the node count).
    public func truths(for patient: Patient, into truths: inout [Truth]) {
        let nodes = guidelines.nodes, atoms = guidelines.atoms
        if truths.count != nodes.count { truths = [Truth](repeating: .unknown, count: nodes.count) }
        patient.values.withUnsafeBufferPointer { values in
            truths.withUnsafeMutableBufferPointer { out in
                for i in 0..<nodes.count {
                    switch nodes[i] {
                    case .constant(let b): out[i] = b ? .true : .false
                    case .atom(let a): out[i] = truth(ofAtom: atoms[a], values)
                    case .not(let x): out[i] = !out[x]
                    case .and(let xs):
                        var r = Truth.true
                        for x in xs {
                            let t = out[x]
                            if t == .false { r = .false; break }
                            if t == .unknown { r = .unknown }
                        }
                        out[i] = r
                    case .or(let xs):
                        var r = Truth.false
                        for x in xs {
                            let t = out[x]
                            if t == .true { r = .true; break }
                            if t == .unknown { r = .unknown }
                        }
                        out[i] = r
                    }
                }
            }
        }
    }

    /// The full result for a patient: every recommendation's status, with traces and needed facts.
    public func evaluate(_ patient: Patient) -> Evaluation {
        var truths: [Truth] = []
        self.truths(for: patient, into: &truths)
        let outcomes = guidelines.recommendations.enumerated().map { index, r in
            outcome(index, r, patient: patient, truths: truths)
        }
        return Evaluation(patient: patient, outcomes: outcomes)
    }

    private func outcome(_ index: Int, _ r: CompiledRecommendation, patient: Patient, truths: [Truth]) -> RecommendationOutcome {
        let status: RecommendationOutcome.Status
        switch truths[r.condition] {
        case .true: status = .given
        case .false: status = .notGiven
        case .unknown: status = .undetermined
        }
        let traces = r.paths.map { path in
            PathTrace(path: path, value: truths[path.node], steps: path.steps.map { step in
                TraceStep(step: step, value: truths[step.node], facts: facts(of: step.node).map { ($0.name, patient.describe($0)) })
            })
        }
        let needs = status == .undetermined ? neededFacts(r.condition, patient: patient) : []
        return RecommendationOutcome(index: index, recommendation: r, status: status, paths: traces, needs: needs)
    }

    /// The facts a node reads, in slot order.
    public func facts(of node: Int) -> [FactSymbol] {
        var slots = Set<Int>()
        var visited = Set<Int>()
        var stack = [node]
        while let n = stack.popLast() {
            guard visited.insert(n).inserted else { continue }
            switch guidelines.nodes[n] {
            case .constant: break
            case .atom(let a): slots.formUnion(guidelines.atoms[a].slots)
            case .not(let x): stack.append(x)
            case .and(let xs), .or(let xs): stack.append(contentsOf: xs)
            }
        }
        return slots.sorted().map { guidelines.facts[$0] }
    }
}
