import PathwayCompiler

/// Numbers every node of the compared versions so that two nodes with the same number have the same
/// truth for every patient: atoms by their cells, and/or with their operands as a set.
///
/// It lets a diff skip, in time linear in the graphs, every recommendation whose condition did not
/// change, however its version renumbered atoms and nodes.
struct CanonicalForms {
    private enum Key: Hashable {
        case constant(Bool)
        case atom(axis: Int, whenTrue: CellSet, whenFalse: CellSet)
        case not(Int)
        case and([Int])
        case or([Int])
    }

    /// For each version, each node's number.
    let ids: [[Int]]

    init(_ space: PatientSpace) {
        var table: [Key: Int] = [:]
        func intern(_ key: Key) -> Int {
            if let id = table[key] { return id }
            table[key] = table.count
            return table.count - 1
        }
        ids = space.versions.indices.map { v in
            var own: [Int] = []
            own.reserveCapacity(space.versions[v].nodes.count)
            for node in space.versions[v].nodes {
                switch node {
                case .constant(let b): own.append(intern(.constant(b)))
                case .atom(let a):
                    let cells = space.atomCells[v][a]
                    own.append(intern(.atom(axis: cells.axis, whenTrue: cells.whenTrue, whenFalse: cells.whenFalse)))
                case .not(let x): own.append(intern(.not(own[x])))
                case .and(let xs): own.append(intern(.and(Array(Set(xs.map { own[$0] })).sorted())))
                case .or(let xs): own.append(intern(.or(Array(Set(xs.map { own[$0] })).sorted())))
                }
            }
            return own
        }
    }
}
