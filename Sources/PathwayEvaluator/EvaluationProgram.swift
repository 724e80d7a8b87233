import PathwayCompiler
import PathwaySyntax

/// The formula graph lowered to one contiguous array of fixed-size instructions, one per node, with
/// one-fact atoms inlined, so that evaluating a patient is a single linear pass with no reference
/// counting and no allocation. An inlined atom keeps its ``Atom/Test`` and is asked for its truth
/// through ``Atom/Test/truth(of:)``, the one definition every path shares.
struct EvaluationProgram: Sendable {
    /// What an instruction does.
    enum Opcode: UInt8 {
        case constantFalse, constantTrue, not, and, or
        /// A one-fact atom: `test` on the value in slot `a`.
        case fact
        /// An atom over several facts: evaluated by the general path (atom index in `a`).
        case arithmetic
    }

    struct Instruction: Sendable {
        var opcode: Opcode
        /// `not`: the operand node; `and`/`or`: start in `operands`; fact: the slot; arithmetic: the atom index.
        var a: Int32
        /// `and`/`or`: the operand count.
        var b: Int32
        /// `fact`: the test.
        var test: Atom.Test
    }

    let instructions: [Instruction]
    let operands: [Int32]
    /// The indices of the arithmetic atoms, which alone can overflow.
    let arithmeticAtoms: [Int]

    init(_ guidelines: CompiledGuidelines) {
        var instructions: [Instruction] = []
        var operands: [Int32] = []
        for node in guidelines.nodes {
            var instruction = Instruction(opcode: .constantFalse, a: 0, b: 0, test: .known)
            switch node {
            case .constant(let b):
                instruction.opcode = b ? .constantTrue : .constantFalse
            case .not(let x):
                instruction.opcode = .not
                instruction.a = Int32(x)
            case .and(let xs), .or(let xs):
                if case .and = node { instruction.opcode = .and } else { instruction.opcode = .or }
                instruction.a = Int32(operands.count)
                instruction.b = Int32(xs.count)
                operands.append(contentsOf: xs.map { Int32($0) })
            case .atom(let index):
                switch guidelines.atoms[index].kind {
                case .arithmetic, .determined, .exact, .decided:
                    instruction.opcode = .arithmetic
                    instruction.a = Int32(index)
                case .fact(let slot, let test):
                    instruction.opcode = .fact
                    instruction.a = Int32(slot)
                    instruction.test = test
                }
            }
            instructions.append(instruction)
        }
        self.instructions = instructions
        self.operands = operands
        self.arithmeticAtoms = guidelines.atoms.indices.filter {
            guidelines.atoms[$0].program != nil
        }
    }
}
