import PathwayDiagnostics

/// A node of the compiled condition graph. Nodes refer only to nodes with smaller indices, so one
/// pass in index order evaluates them all, each shared condition once.
public enum FormulaNode: Hashable, Sendable {
    case constant(Bool)
    case atom(Int)
    case not(Int)
    case and([Int])
    case or([Int])
}

/// A three-valued truth value (Kleene logic).
public enum Truth: UInt8, Hashable, Sendable, CustomStringConvertible {
    case `false` = 0
    case `true` = 1
    case unknown = 2

    public var description: String {
        switch self {
        case .false: "false"
        case .true: "true"
        case .unknown: "unknown"
        }
    }

    /// Kleene negation: unknown stays unknown.
    public static prefix func ! (t: Truth) -> Truth {
        switch t {
        case .false: .true
        case .true: .false
        case .unknown: .unknown
        }
    }

    /// Kleene conjunction: false wins, then unknown.
    public static func && (a: Truth, b: Truth) -> Truth {
        if a == .false || b == .false { return .false }
        if a == .unknown || b == .unknown { return .unknown }
        return .true
    }

    /// Kleene disjunction: true wins, then unknown.
    public static func || (a: Truth, b: Truth) -> Truth {
        if a == .true || b == .true { return .true }
        if a == .unknown || b == .unknown { return .unknown }
        return .false
    }
}

/// Builds the condition graph with hash-consing: equal atoms and equal nodes are stored once, and
/// trivial nodes are simplified away (constants, single operands, nested and/or, double negation).
struct FormulaBuilder {
    private(set) var atoms: [Atom] = []
    private(set) var nodes: [FormulaNode] = []
    /// Where each arithmetic atom is first written, for evaluation errors (overflow) that name it.
    private(set) var origins: [Int: SourceSpan] = [:]
    /// How each computed atom is first written, as expression text (`chads_vasc >= 2`, `known(dose)`):
    /// analysis names a condition it cannot cut into facts' cells by this text.
    private(set) var texts: [Int: String] = [:]
    private var atomIndex: [Atom: Int] = [:]
    private var nodeIndex: [FormulaNode: Int] = [:]

    mutating func constant(_ value: Bool) -> Int { intern(.constant(value)) }

    mutating func atom(_ atom: Atom, writtenAt span: SourceSpan? = nil, text: String? = nil) -> Int {
        let index: Int
        if let existing = atomIndex[atom] {
            index = existing
        } else {
            index = atoms.count
            atoms.append(atom)
            atomIndex[atom] = index
        }
        if let span, origins[index] == nil { origins[index] = span }
        if let text, texts[index] == nil { texts[index] = text }
        return intern(.atom(index))
    }

    mutating func not(_ operand: Int) -> Int {
        switch nodes[operand] {
        case .constant(let b): return constant(!b)
        case .not(let inner): return inner
        default: return intern(.not(operand))
        }
    }

    mutating func and(_ operands: [Int]) -> Int { junction(operands, isAnd: true) }

    mutating func or(_ operands: [Int]) -> Int { junction(operands, isAnd: false) }

    private mutating func junction(_ operands: [Int], isAnd: Bool) -> Int {
        var flat: [Int] = []
        for operand in operands {
            switch nodes[operand] {
            case .constant(let b):
                if b == isAnd { continue }
                return constant(b)
            case .and(let inner) where isAnd: for i in inner where !flat.contains(i) { flat.append(i) }
            case .or(let inner) where !isAnd: for i in inner where !flat.contains(i) { flat.append(i) }
            default: if !flat.contains(operand) { flat.append(operand) }
            }
        }
        if flat.isEmpty { return constant(isAnd) }
        if flat.count == 1 { return flat[0] }
        return intern(isAnd ? .and(flat) : .or(flat))
    }

    private mutating func intern(_ node: FormulaNode) -> Int {
        if let existing = nodeIndex[node] { return existing }
        nodes.append(node)
        nodeIndex[node] = nodes.count - 1
        return nodes.count - 1
    }
}
