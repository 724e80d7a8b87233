import PathwayCompiler
import PathwaySyntax

/// The truth of every graph node for up to 64 patients at once: bit `k` of `isTrue[node]` says the
/// node holds for patient `k`, bit `k` of `isFalse[node]` that it does not; neither means unknown.
public struct BatchTruths: Sendable {
    /// Per node, the patients for whom it is true.
    public var isTrue: [UInt64] = []
    /// Per node, the patients for whom it is false.
    public var isFalse: [UInt64] = []
    /// Scratch space: the batch's fact values by slot, then patient.
    var columns: [FactValue] = []

    /// Creates empty storage; ``Evaluator/truths(forBatch:into:)`` sizes it.
    public init() {}

    /// The truth of `node` for patient `k` of the batch.
    public func truth(ofNode node: Int, patient k: Int) -> Truth {
        let bit: UInt64 = 1 << UInt64(k)
        if isTrue[node] & bit != 0 { return .true }
        if isFalse[node] & bit != 0 { return .false }
        return .unknown
    }
}

extension Evaluator {
    /// Evaluates the graph for up to 64 patients at once, 64 patients per machine word.
    ///
    /// Atoms are computed per patient into bit masks; every `and`, `or` and `not` then works on whole
    /// words (Kleene logic on the pair true/false masks), without branches on the data. Same results
    /// as ``truths(for:into:)``, patient by patient.
    /// - Precondition: `patients.count <= 64`.
    public func truths(forBatch patients: ArraySlice<Patient>, into batch: inout BatchTruths) {
        precondition(patients.count <= 64, "a batch holds at most 64 patients")
        let count = program.instructions.count
        let slots = guidelines.facts.count
        if batch.isTrue.count != count {
            batch.isTrue = [UInt64](repeating: 0, count: count)
            batch.isFalse = [UInt64](repeating: 0, count: count)
        }
        if batch.columns.count != slots * 64 { batch.columns = [FactValue](repeating: .unknown, count: slots * 64) }
        for patient in patients { precondition(patient.slotCount == slots, "the patient was made for other guidelines") }
        let n = patients.count
        let all: UInt64 = n == 64 ? ~0 : (1 << UInt64(n)) - 1
        batch.columns.withUnsafeMutableBufferPointer { columns in
            for (k, patient) in patients.enumerated() {
                patient.values.withUnsafeBufferPointer { values in
                    for slot in 0..<slots { columns[slot * 64 + k] = values[slot] }
                }
            }
        }
        batch.columns.withUnsafeBufferPointer { columns in
        batch.isTrue.withUnsafeMutableBufferPointer { isTrue in
        batch.isFalse.withUnsafeMutableBufferPointer { isFalse in
        program.instructions.withUnsafeBufferPointer { instructions in
        program.operands.withUnsafeBufferPointer { operands in
            for i in 0..<count {
                let instruction = instructions[i]
                switch instruction.opcode {
                case .constantFalse:
                    isTrue[i] = 0; isFalse[i] = all
                case .constantTrue:
                    isTrue[i] = all; isFalse[i] = 0
                case .not:
                    let x = Int(instruction.a)
                    isTrue[i] = isFalse[x]; isFalse[i] = isTrue[x]
                case .and:
                    var t = all, f: UInt64 = 0
                    let start = Int(instruction.a)
                    for k in start..<(start + Int(instruction.b)) {
                        let x = Int(operands[k])
                        t &= isTrue[x]; f |= isFalse[x]
                    }
                    isTrue[i] = t; isFalse[i] = f
                case .or:
                    var t: UInt64 = 0, f = all
                    let start = Int(instruction.a)
                    for k in start..<(start + Int(instruction.b)) {
                        let x = Int(operands[k])
                        t |= isTrue[x]; f &= isFalse[x]
                    }
                    isTrue[i] = t; isFalse[i] = f
                case .fact, .arithmetic:
                    var t: UInt64 = 0, f: UInt64 = 0
                    let base = Int(instruction.a) * 64
                    for k in 0..<n {
                        let value: Truth
                        if instruction.opcode == .arithmetic {
                            let inputs = BatchInputs(values: patients[patients.startIndex + k].values, isTrue: UnsafeBufferPointer(isTrue),
                                                     isFalse: UnsafeBufferPointer(isFalse), bit: 1 << UInt64(k), ranges: ranges)
                            value = guidelines.atoms[Int(instruction.a)].truth(inputs)
                        } else {
                            value = instruction.test.truth(of: columns[base + k])
                        }
                        let bit: UInt64 = 1 << UInt64(k)
                        if value == .true { t |= bit } else if value == .false { f |= bit }
                    }
                    isTrue[i] = t; isFalse[i] = f
                }
            }
        }}}}}
    }
}

/// What a computed atom reads for patient `bit` of a batch: its values, and the truths of earlier nodes from the batch's masks.
struct BatchInputs: ComputationInputs {
    let values: [FactValue]
    let isTrue: UnsafeBufferPointer<UInt64>
    let isFalse: UnsafeBufferPointer<UInt64>
    let bit: UInt64
    let ranges: [(low: Rational?, high: Rational?)]

    func value(_ slot: Int) -> FactValue { values[slot] }
    func range(_ slot: Int) -> (low: Rational?, high: Rational?) { ranges[slot] }
    func truth(ofNode node: Int) -> Truth {
        if isTrue[node] & bit != 0 { return .true }
        if isFalse[node] & bit != 0 { return .false }
        return .unknown
    }
}
