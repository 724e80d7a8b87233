import PathwayCompiler

/// What a condition still depends on inside a region: the condition with every atom that is uniform
/// there replaced by its truth, and every other atom narrowed to the region's cells, numbered so that
/// equal numbers mean equal functions on the region.
///
/// Two versions of a condition with the same residual number agree on every patient of the region,
/// so a diff can skip the region without splitting it further. An edited threshold stops mattering as
/// soon as the region no longer straddles the old and new values.
struct ResidualForms {
    private enum Key: Hashable {
        case constant(Truth)
        case atom(axis: Int, whenTrue: CellSet, whenFalse: CellSet)
        case not(Int)
        case and([Int])
        case or([Int])
    }

    private var table: [Key: Int] = [:]
    private var keys: [Key] = []
    /// Per version, scratch residual numbers by node.
    private var scratch: [[Int]]
    /// Per version, the residual numbers of the atoms still mixed in the last region, with their atom.
    private(set) var mixedAtoms: [[(residual: Int, atom: Int)]]

    let falseID = 0, trueID = 1, unknownID = 2

    init(space: PatientSpace) {
        scratch = space.versions.map { [Int](repeating: 0, count: $0.nodes.count) }
        mixedAtoms = space.versions.map { _ in [] }
        for t in [Truth.false, .true, .unknown] { _ = intern(.constant(t)) }
    }

    private mutating func intern(_ key: Key) -> Int {
        if let id = table[key] { return id }
        keys.append(key)
        table[key] = keys.count - 1
        return keys.count - 1
    }

    /// The residual numbers of `nodes` (given per version, in index order) on `region`.
    mutating func compute(_ space: PatientSpace, reachable: [[Int]], on region: Region) {
        for v in space.versions.indices {
            mixedAtoms[v].removeAll(keepingCapacity: true)
            let nodes = space.versions[v].nodes
            for n in reachable[v] {
                scratch[v][n] = residual(of: nodes[n], version: v, space: space, region: region)
            }
        }
    }

    /// The residual number of a node computed by the last ``compute(_:reachable:on:)``.
    func id(version: Int, node: Int) -> Int { scratch[version][node] }

    private mutating func residual(of node: FormulaNode, version v: Int, space: PatientSpace, region: Region) -> Int {
        switch node {
        case .constant(let b): return b ? trueID : falseID
        case .atom(let a):
            let cells = space.atomCells[v][a]
            let here = region.cells[cells.axis]
            if here.subtracting(cells.whenTrue).isEmpty { return trueID }
            if here.subtracting(cells.whenFalse).isEmpty { return falseID }
            if here.subtracting(cells.whenUnknown).isEmpty { return unknownID }
            let id = intern(.atom(axis: cells.axis, whenTrue: here.intersection(cells.whenTrue), whenFalse: here.intersection(cells.whenFalse)))
            mixedAtoms[v].append((id, a))
            return id
        case .not(let x):
            let r = scratch[v][x]
            if r == trueID { return falseID }
            if r == falseID { return trueID }
            if r == unknownID { return unknownID }
            if case .not(let inner) = keys[r] { return inner }
            return intern(.not(r))
        case .and(let xs): return junction(xs.map { scratch[v][$0] }, absorbing: falseID, neutral: trueID, isAnd: true)
        case .or(let xs): return junction(xs.map { scratch[v][$0] }, absorbing: trueID, neutral: falseID, isAnd: false)
        }
    }

    private mutating func junction(_ operands: [Int], absorbing: Int, neutral: Int, isAnd: Bool) -> Int {
        if operands.contains(absorbing) { return absorbing }
        let rest = Array(Set(operands.filter { $0 != neutral })).sorted()
        if rest.isEmpty { return neutral }
        if rest.count == 1 { return rest[0] }
        return intern(isAnd ? .and(rest) : .or(rest))
    }
}
