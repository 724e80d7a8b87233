import PathwayCompiler
import PathwaySyntax

/// The formula graph lowered to one contiguous array of fixed-size instructions, one per node, with
/// atoms inlined, so that evaluating a patient is a single linear pass with no enums with payloads,
/// no reference counting and no allocation.
struct EvaluationProgram: Sendable {
    /// What an instruction does. Atom instructions read the patient's value in `slot`.
    enum Opcode: UInt8 {
        case constantFalse, constantTrue, not, and, or
        case equal, notEqual, less, lessOrEqual, greater, greaterOrEqual, inSet, isTrue, known
        /// An atom over several facts: evaluated by the general (slow) path.
        case arithmetic
    }

    struct Instruction: Sendable {
        var opcode: UInt8
        /// `not`: the operand node; `and`/`or`: start in `operands`; atoms: the fact slot; arithmetic: the atom index.
        var a: Int32
        /// `and`/`or`: the operand count.
        var b: Int32
        var threshold: Double
        var mask: UInt64
    }

    let instructions: [Instruction]
    let operands: [Int32]

    init(_ guidelines: CompiledGuidelines) {
        var instructions: [Instruction] = []
        var operands: [Int32] = []
        for node in guidelines.nodes {
            var instruction = Instruction(opcode: 0, a: 0, b: 0, threshold: 0, mask: 0)
            switch node {
            case .constant(let b):
                instruction.opcode = (b ? Opcode.constantTrue : .constantFalse).rawValue
            case .not(let x):
                instruction.opcode = Opcode.not.rawValue
                instruction.a = Int32(x)
            case .and(let xs), .or(let xs):
                if case .and = node { instruction.opcode = Opcode.and.rawValue } else { instruction.opcode = Opcode.or.rawValue }
                instruction.a = Int32(operands.count)
                instruction.b = Int32(xs.count)
                operands.append(contentsOf: xs.map { Int32($0) })
            case .atom(let index):
                switch guidelines.atoms[index].kind {
                case .arithmetic:
                    instruction.opcode = Opcode.arithmetic.rawValue
                    instruction.a = Int32(index)
                case .fact(let slot, let test):
                    instruction.a = Int32(slot)
                    switch test {
                    case .compare(let op, let t):
                        instruction.threshold = t
                        let code: Opcode
                        switch op {
                        case .equal: code = .equal
                        case .notEqual: code = .notEqual
                        case .less: code = .less
                        case .lessOrEqual: code = .lessOrEqual
                        case .greater: code = .greater
                        case .greaterOrEqual: code = .greaterOrEqual
                        }
                        instruction.opcode = code.rawValue
                    case .inSet(let mask):
                        instruction.opcode = Opcode.inSet.rawValue
                        instruction.mask = mask
                    case .isTrue: instruction.opcode = Opcode.isTrue.rawValue
                    case .known: instruction.opcode = Opcode.known.rawValue
                    }
                }
            }
            instructions.append(instruction)
        }
        self.instructions = instructions
        self.operands = operands
    }
}

extension EvaluationProgram.Instruction {
    /// The truth of this one-fact atom instruction for the fact's value `v` (NaN when unknown).
    @inline(__always)
    func atomTruth(_ v: Double) -> Truth {
        typealias Op = EvaluationProgram.Opcode
        if opcode == Op.known.rawValue { return v.isNaN ? .false : .true }
        if v.isNaN { return .unknown }
        let holds: Bool
        switch opcode {
        case Op.equal.rawValue: holds = v == threshold
        case Op.notEqual.rawValue: holds = v != threshold
        case Op.less.rawValue: holds = v < threshold
        case Op.lessOrEqual.rawValue: holds = v <= threshold
        case Op.greater.rawValue: holds = v > threshold
        case Op.greaterOrEqual.rawValue: holds = v >= threshold
        case Op.inSet.rawValue: holds = mask & (1 << UInt64(Int(v) & 63)) != 0
        default: holds = v != 0
        }
        return holds ? .true : .false
    }
}
