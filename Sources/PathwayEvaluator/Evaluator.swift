import PathwayCompiler
import PathwayDiagnostics
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

    let program: EvaluationProgram
    /// Each recommendation's conditions as conjunctions (computed when first needed), for needed facts.
    let conjunctions: ConjunctionCache
    /// The facts each path step reads, by node (computed once), for traces.
    let stepFacts: [Int: [FactSymbol]]
    /// Each fact's declared bounds, by slot, for computations over unknown facts.
    let ranges: [(low: Rational?, high: Rational?)]
    /// Per atom, whether values of its fact make it both true and false (for needed facts).
    let contingentAtoms: [Bool]
    /// The slots tested with `known(…)` somewhere, never completed when deciding an outcome.
    let knownTestedSlots: [Bool]
    /// The index of each derived fact in ``CompiledGuidelines/derived``, by name.
    let derivedIndex: [String: Int]
    /// Per atom, the slots it reads (through a computed atom's conditions too), sorted.
    let atomSlots: [[Int]]
    /// Per atom, the atoms inside a computed atom's conditions (empty for one-fact atoms).
    let atomsInside: [[Int]]
    /// The node of each atom, by atom index (-1 when no node is the atom alone).
    let atomNodes: [Int]
    /// The atoms with the evaluation date fixed, per date (for needs).
    let datedAtoms: DatedAtoms
    /// Every value of each boolean and enumerated fact, by slot (`nil` for numbers), for needs.
    let choiceValues: [[FactValue]?]
    /// The tables with rows that may disagree (`any`), checked for every patient.
    let conflictingTables: [CompiledTable]

    /// Creates an evaluator.
    public init(guidelines: CompiledGuidelines) {
        self.guidelines = guidelines
        self.program = EvaluationProgram(guidelines)
        self.conjunctions = ConjunctionCache(guidelines: guidelines)
        self.ranges = guidelines.factRanges
        self.contingentAtoms = Self.contingency(of: guidelines)
        let tested = Self.knownTested(in: guidelines)
        self.knownTestedSlots = guidelines.facts.indices.map { tested.contains($0) }
        self.atomSlots = guidelines.atoms.indices.map { guidelines.slots(readBy: $0) }
        self.derivedIndex = Dictionary(guidelines.derived.enumerated().map { ($1.name, $0) }, uniquingKeysWith: { first, _ in first })
        self.atomsInside = guidelines.atoms.map { atom in
            atom.conditionNodes.reduce(into: Set<Int>()) { $0.formUnion(guidelines.atoms(readByNode: $1)) }.sorted()
        }
        self.atomNodes = Self.atomNodes(of: guidelines)
        self.datedAtoms = DatedAtoms(guidelines: guidelines)
        self.choiceValues = guidelines.facts.map { Self.choiceValues(of: $0.type) }
        self.conflictingTables = guidelines.tables.filter { !$0.conflicts.isEmpty }
        var stepFacts: [Int: [FactSymbol]] = [:]
        for r in guidelines.recommendations {
            for step in r.paths.flatMap(\.steps) where stepFacts[step.node] == nil {
                stepFacts[step.node] = Self.facts(of: step.node, in: guidelines)
            }
        }
        self.stepFacts = stepFacts
    }

    /// The node of each atom, by atom index (-1 when no node is the atom alone).
    static func atomNodes(of guidelines: CompiledGuidelines) -> [Int] {
        var atomNodes = [Int](repeating: -1, count: guidelines.atoms.count)
        for (index, node) in guidelines.nodes.enumerated() {
            if case .atom(let a) = node, atomNodes[a] < 0 { atomNodes[a] = index }
        }
        return atomNodes
    }

    /// The truth of one atom for a patient: ``Atom/truth(_:)``, the one definition all paths share.
    public func truth(ofAtom atom: Atom, _ patient: Patient) -> Truth {
        precondition(patient.slotCount == guidelines.facts.count, "the patient was made for other guidelines")
        return atom.truth(ConeEvaluator(guidelines: guidelines, values: patient.values, ranges: ranges))
    }

    /// An overflow in a computation on the patient's values (a condition like `a * b > c`), as the
    /// patient's error; `nil` when every computation fits. Such a patient is not evaluated further.
    public func overflow(in patient: Patient) -> Diagnostic? {
        guard !program.arithmeticAtoms.isEmpty else { return nil }
        // One cone evaluator for the patient: its memo holds node truths, the same for every atom.
        let inputs = ConeEvaluator(guidelines: guidelines, values: patient.values, ranges: ranges)
        for index in program.arithmeticAtoms {
            guard let numeric = guidelines.atoms[index].program, numeric.evaluate(inputs) == .overflow else { continue }
            let text = guidelines.atomTexts[index] ?? guidelines.describe(guidelines.atoms[index])
            return Diagnostic(.patientNumberOverflow, "computing `\(text)` for this patient gives a number too large to hold exactly",
                              at: guidelines.atomOrigins[index],
                              notes: [.init("Pathway's numbers are exact fractions with numerator and denominator below 2^63; the patient is not evaluated")])
        }
        return nil
    }

    /// The patient's evaluation error, if any: an overflow (``overflow(in:)``), or rows of an `any`
    /// table that give different outputs both matching (PW0608). Such a patient is not evaluated further.
    public func evaluationError(in patient: Patient) -> Diagnostic? {
        if let overflow = overflow(in: patient) { return overflow }
        guard !conflictingTables.isEmpty else { return nil }
        var truths: [Truth] = []
        self.truths(for: patient, into: &truths)
        return tableConflict(truths)
    }

    /// ``evaluationError(in:)`` for a patient whose node truths are already computed (``truths(for:into:)``).
    func evaluationError(in patient: Patient, truths: [Truth]) -> Diagnostic? {
        overflow(in: patient) ?? tableConflict(truths)
    }

    /// Rows of an `any` table that both match (their truths in `truths`) and give different outputs (PW0608).
    private func tableConflict(_ truths: [Truth]) -> Diagnostic? {
        for table in conflictingTables {
            for conflict in table.conflicts where truths[conflict.node] == .true {
                let a = table.rows[conflict.first], b = table.rows[conflict.second]
                return Diagnostic(.patientTableConflict, "rows `\(a.id)` and `\(b.id)` of `any` table `\(table.id)` both match this patient and give different outputs",
                                  at: b.span,
                                  notes: [.init("row `\(a.id)`", at: a.span),
                                          .init("`hit_policy: any` requires every matching row to give the same outputs; the patient is not evaluated")])
            }
        }
        return nil
    }

    /// Evaluates every node of the graph for `patient` into `truths` (resized to the node count).
    ///
    /// - Complexity: O(atoms + graph edges); no allocation once `truths` has the right size.
    public func truths(for patient: Patient, into truths: inout [Truth]) {
        let count = program.instructions.count
        if truths.count != count { truths = [Truth](repeating: .unknown, count: count) }
        precondition(patient.slotCount == guidelines.facts.count, "the patient was made for other guidelines")
        patient.values.withUnsafeBufferPointer { values in
        truths.withUnsafeMutableBufferPointer { out in
        program.instructions.withUnsafeBufferPointer { instructions in
        program.operands.withUnsafeBufferPointer { operands in
            // Slots, operand indices and atom indices were all checked when the program was built
            // from the same guidelines, and the patient's slot count just above.
            for i in 0..<count {
                let instruction = instructions[i]
                switch instruction.opcode {
                case .fact: out[i] = instruction.test.truth(of: values[Int(instruction.a)])
                case .arithmetic:
                    out[i] = guidelines.atoms[Int(instruction.a)].truth(PassInputs(values: values, truths: UnsafeBufferPointer(out), ranges: ranges))
                case .constantFalse: out[i] = .false
                case .constantTrue: out[i] = .true
                case .not: out[i] = !out[Int(instruction.a)]
                case .and:
                    var r = Truth.true
                    let start = Int(instruction.a)
                    for k in start..<(start + Int(instruction.b)) {
                        let t = out[Int(operands[k])]
                        if t == .false { r = .false; break }
                        if t == .unknown { r = .unknown }
                    }
                    out[i] = r
                case .or:
                    var r = Truth.false
                    let start = Int(instruction.a)
                    for k in start..<(start + Int(instruction.b)) {
                        let t = out[Int(operands[k])]
                        if t == .true { r = .true; break }
                        if t == .unknown { r = .unknown }
                    }
                    out[i] = r
                }
            }
        }}}}
    }

    /// The full result for a patient: every recommendation's status, with traces and needed facts.
    ///
    /// With `traces: false` the outcomes carry no path traces, which is much cheaper for cohorts.
    /// With `tracesOfGivenOnly`, only given recommendations carry traces (what JSON output shows).
    public func evaluate(_ patient: Patient, traces: Bool = true, tracesOfGivenOnly: Bool = false) -> Evaluation {
        var truths: [Truth] = []
        self.truths(for: patient, into: &truths)
        let derivedValues = DerivedValues(self, patient)
        let outcomes = guidelines.recommendations.enumerated().map { index, r in
            outcome(index, r, patient: patient, truths: truths, derivedValues: derivedValues,
                    traces: traces && (!tracesOfGivenOnly || truths[r.condition] == .true))
        }
        var evaluation = Evaluation(patient: patient, outcomes: outcomes)
        evaluation.scopes = scopes(patient, truths: truths)
        return evaluation
    }

    /// The outcome of one recommendation (by index in ``CompiledGuidelines/recommendations``) for a
    /// patient, with traces and needed facts: what ``evaluate(_:traces:tracesOfGivenOnly:)`` gives for
    /// it, without the work for every other recommendation.
    public func evaluate(_ patient: Patient, recommendation index: Int) -> RecommendationOutcome {
        var truths: [Truth] = []
        self.truths(for: patient, into: &truths)
        return outcome(index, guidelines.recommendations[index], patient: patient, truths: truths,
                       derivedValues: DerivedValues(self, patient), traces: true)
    }

    /// The outcomes of the recommendations `indices` only (by index in
    /// ``CompiledGuidelines/recommendations``, in the order given), each as
    /// ``evaluate(_:traces:tracesOfGivenOnly:)`` gives it, with path traces for the given ones only
    /// (also those given because every completion of the missing facts agrees). No scopes. What a
    /// service answering for one guideline needs, without the work for every other guideline.
    public func evaluate(_ patient: Patient, recommendations indices: [Int]) -> Evaluation {
        var truths: [Truth] = []
        self.truths(for: patient, into: &truths)
        let derivedValues = DerivedValues(self, patient)
        let outcomes = indices.map { index in
            outcome(index, guidelines.recommendations[index], patient: patient, truths: truths, derivedValues: derivedValues,
                    traces: false, tracesIfGiven: true)
        }
        return Evaluation(patient: patient, outcomes: outcomes)
    }

    private func outcome(_ index: Int, _ r: CompiledRecommendation, patient: Patient, truths: [Truth], derivedValues: DerivedValues,
                         traces: Bool, tracesIfGiven: Bool = false) -> RecommendationOutcome {
        var status: RecommendationOutcome.Status
        var needs: [String] = []
        switch truths[r.condition] {
        case .true: status = .given
        case .false: status = .notGiven
        case .unknown:
            // Unknown in Kleene logic; decided after all when every completion of the missing facts agrees.
            switch resolve(r.condition, patient: patient, conjunctions: conjunctions[index], truths: truths) {
            case .decided(let holds): status = holds ? .given : .notGiven
            case .needs(let slots):
                status = .undetermined
                needs = slots.map { guidelines.facts[$0].name }
            }
        }
        let pathTraces = !(traces || (tracesIfGiven && status == .given)) ? [] : r.paths.map { path in
            PathTrace(path: path, value: truths[path.node], steps: path.steps.map { step in
                TraceStep(step: step, value: truths[step.node], facts: (stepFacts[step.node] ?? []).map { ($0.name, patient.describe($0)) },
                          derived: step.derived.compactMap { derivedValues[$0] })
            })
        }
        var text = r.text, noteTexts = r.notes.map(\.text)
        if r.template != nil || r.notes.contains(where: { $0.template != nil }) {
            let inputs = ConeEvaluator(guidelines: guidelines, values: patient.values, ranges: ranges)
            if let template = r.template { text = template.render(inputs) }
            noteTexts = r.notes.map { $0.template?.render(inputs) ?? $0.text }
        }
        return RecommendationOutcome(index: index, recommendation: r, status: status, paths: pathTraces, needs: needs, text: text, noteTexts: noteTexts)
    }

    /// A numeric derived fact's exact value, or bounds, for a patient.
    func computedValue(_ numeric: DerivedSymbol.NumericDerivation, for patient: Patient) -> ComputedValue {
        numeric.program.evaluate(ConeEvaluator(guidelines: guidelines, values: patient.values, ranges: ranges))
    }

    /// A derived fact's value for a patient (`nil` when no derived fact has this name).
    public func derivedValue(_ name: String, for patient: Patient) -> DerivedValue? {
        derivedValue(name, inputs: ConeEvaluator(guidelines: guidelines, values: patient.values, ranges: ranges))
    }

    func derivedValue(_ name: String, inputs: ConeEvaluator) -> DerivedValue? {
        guard let index = derivedIndex[name] else { return nil }
        let symbol = guidelines.derived[index]
        if let node = symbol.booleanNode {
            let t = inputs.truth(ofNode: node)
            return DerivedValue(name: name, value: t.description, isDetermined: t != .unknown, findings: [])
        }
        if let numeric = symbol.numeric {
            var findings: [String] = [], pending: [String] = []
            // Points with their sign: `+2`, `-1` (a finding may take points away).
            func signed(_ points: Rational) -> String { points.isNegative ? "\(points)" : "+\(points)" }
            for f in numeric.findings {
                switch inputs.truth(ofNode: f.node) {
                case .true: findings.append("\(f.text): \(signed(f.points))")
                case .unknown: pending.append("\(f.text): \(signed(f.points))?")
                case .false: break
                }
            }
            let text: String, exact: Bool
            switch numeric.program.evaluate(inputs) {
            case .exact(let x):
                let shown = numeric.round.flatMap { x.rounded(toPlaces: $0) } ?? x
                text = PhysicalUnit.text(shown, numeric.unit, places: numeric.round)
                    + (shown == x ? "" : " (exactly \(PhysicalUnit.text(x, numeric.unit)))")
                exact = true
            case .range(let lo, let hi):
                switch (lo, hi) {
                case let (lo?, hi?): text = "between \(PhysicalUnit.text(lo, numeric.unit)) and \(PhysicalUnit.text(hi, numeric.unit))"
                case let (lo?, nil): text = "at least \(PhysicalUnit.text(lo, numeric.unit))"
                case let (nil, hi?): text = "at most \(PhysicalUnit.text(hi, numeric.unit))"
                case (nil, nil): text = "unknown"
                }
                exact = false
            case .undefined: text = "undefined (division by zero)"; exact = false
            case .overflow: text = "too large to hold exactly"; exact = false
            }
            return DerivedValue(name: name, value: text, isDetermined: exact, findings: findings + pending)
        }
        var value = "none", unknown = false
        for (v, node) in symbol.valueNodes {
            switch inputs.truth(ofNode: node) {
            case .true: return DerivedValue(name: name, value: v, isDetermined: true, findings: [])
            case .unknown: unknown = true
            case .false: break
            }
        }
        if unknown { value = "unknown" }
        return DerivedValue(name: name, value: value, isDetermined: !unknown, findings: [])
    }

    /// The facts a derived fact reads, in slot order (through its conditions and computation).
    public func facts(ofDerived name: String) -> [FactSymbol] {
        guard let symbol = guidelines.derived.first(where: { $0.name == name }) else { return [] }
        var nodes = symbol.valueNodes.map(\.node) + (symbol.booleanNode.map { [$0] } ?? [])
        var slots = Set<Int>()
        if let program = symbol.numeric?.program {
            slots.formUnion(program.directSlots)
            nodes += program.conditions
        }
        for n in nodes { slots.formUnion(guidelines.slots(readByNode: n)) }
        return slots.sorted().map { guidelines.facts[$0] }
    }

    /// The facts a node reads, in slot order.
    public func facts(of node: Int) -> [FactSymbol] { Self.facts(of: node, in: guidelines) }

    static func facts(of node: Int, in guidelines: CompiledGuidelines) -> [FactSymbol] {
        guidelines.slots(readByNode: node).map { guidelines.facts[$0] }
    }
}

/// What a computed atom reads during the evaluator's linear pass: the patient's values and the
/// truths of the nodes before it (a computed atom's conditions always come earlier in the graph).
struct PassInputs: ComputationInputs {
    let values: UnsafeBufferPointer<FactValue>
    let truths: UnsafeBufferPointer<Truth>
    let ranges: [(low: Rational?, high: Rational?)]

    func value(_ slot: Int) -> FactValue { values[slot] }
    func range(_ slot: Int) -> (low: Rational?, high: Rational?) { ranges[slot] }
    func truth(ofNode node: Int) -> Truth { truths[node] }
}

/// The derived values of one patient, each computed once however many trace steps name it.
final class DerivedValues {
    private let evaluator: Evaluator
    private let patient: Patient
    private var cone: ConeEvaluator?
    private var values: [String: DerivedValue?] = [:]

    init(_ evaluator: Evaluator, _ patient: Patient) {
        self.evaluator = evaluator
        self.patient = patient
    }

    subscript(name: String) -> DerivedValue? {
        if let known = values[name] { return known }
        let inputs = cone ?? ConeEvaluator(guidelines: evaluator.guidelines, values: patient.values, ranges: evaluator.ranges)
        cone = inputs
        let value = evaluator.derivedValue(name, inputs: inputs)
        values[name] = .some(value)
        return value
    }
}
