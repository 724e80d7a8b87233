import PathwayCompiler

/// A condition of one compared version: a node of its formula graph.
public struct VersionedNode: Hashable, Sendable {
    /// The index of the version in ``PatientSpace/versions``.
    public let version: Int
    /// The node in that version's graph.
    public let node: Int

    /// Creates a reference to a node of a version.
    public init(version: Int, node: Int) {
        self.version = version
        self.node = node
    }
}

/// Splits regions until every given condition has one truth value on each piece.
///
/// A condition is evaluated on a whole region at once (Kleene logic on sets of cells): each atom
/// is true, false or unknown on every cell of the region, or *mixed*. When a condition is mixed, the
/// split follows the conditions themselves: from the mixed root down through mixed operands to a
/// mixed atom, whose axis is cut into the cells where the atom is true, false and unknown. So the work
/// follows the decision paths that matter, not the product of all facts; each leaf is exact.
public struct Partitioner: Sendable {
    /// The space being partitioned.
    public let space: PatientSpace
    /// The most regions (split or final) one partition may visit before it stops and says it is incomplete.
    public var regionBudget: Int

    /// Creates a partitioner.
    public init(space: PatientSpace, regionBudget: Int = 200_000) {
        self.space = space
        self.regionBudget = regionBudget
    }

    /// A node's value on a region: a truth shared by every patient in it, or mixed.
    enum Value: UInt8 { case `false`, `true`, unknown, mixed }

    /// Partitions `region` by `conditions`, calling `leaf` with each piece and the conditions' truths.
    ///
    /// `keep` sees the conditions' values on a region (`nil` for mixed) and may return `false` to skip
    /// the region and all its pieces; `leaf` returns `false` to stop. Pieces are visited in a fixed order.
    /// - Returns: `false` when the leaf budget ran out before the region was covered.
    @discardableResult
    public func partition(
        _ region: Region,
        by conditions: [VersionedNode],
        keep: ([Truth?]) -> Bool = { _ in true },
        leaf: (Region, [Truth]) -> Bool
    ) -> Bool {
        var evaluator = RegionEvaluator(space: space, conditions: conditions)
        var stack: [Region] = region.isEmpty ? [] : [region]
        var visited = 0
        while let current = stack.popLast() {
            visited += 1
            if visited > regionBudget { return false }
            let values = evaluator.values(on: current)
            let truths: [Truth?] = values.map { value in
                switch value {
                case .true: .true
                case .false: .false
                case .unknown: .unknown
                case .mixed: nil
                }
            }
            guard keep(truths) else { continue }
            if let mixed = values.firstIndex(of: .mixed) {
                let pieces = evaluator.split(current, following: mixed)
                if pieces.count > 1 {
                    stack.append(contentsOf: pieces.reversed())
                    continue
                }
                // Cannot happen (a mixed condition always leads to a mixed atom); stop rather than loop.
                return false
            }
            if !leaf(current, truths.map { $0 ?? .unknown }) { return true }
        }
        return true
    }

    /// Partitions `region` by an old and a new condition (in different versions), calling `leaf` only with
    /// pieces where their truths differ.
    ///
    /// Regions where both conditions reduce to the same residual function (see ``ResidualForms``) are
    /// skipped whole, and splits prefer atoms that only one version has, so the work follows the edit.
    /// - Returns: `false` when the leaf budget ran out before the region was covered.
    @discardableResult
    public func partitionDifferences(_ region: Region, old: VersionedNode, new: VersionedNode, leaf: (Region, Truth, Truth) -> Void) -> Bool {
        var evaluator = RegionEvaluator(space: space, conditions: [old, new])
        var residuals = ResidualForms(space: space)
        var stack: [Region] = region.isEmpty ? [] : [region]
        var visited = 0
        while let current = stack.popLast() {
            visited += 1
            if visited > regionBudget { return false }
            residuals.compute(space, reachable: evaluator.reachable, on: current)
            if residuals.id(version: old.version, node: old.node) == residuals.id(version: new.version, node: new.node) { continue }
            let values = evaluator.values(on: current)
            guard let mixed = values.firstIndex(of: .mixed) else {
                let truths = values.map { $0 == .true ? Truth.true : $0 == .false ? .false : .unknown }
                if truths[0] != truths[1] { leaf(current, truths[0], truths[1]) }
                continue
            }
            // Split first on an atom only one version has in this region: that is where they differ.
            let oldOnly = Set(residuals.mixedAtoms[old.version].map(\.residual))
            let newOnly = Set(residuals.mixedAtoms[new.version].map(\.residual))
            var pieces: [Region] = []
            if let (v, atom) = residuals.mixedAtoms[old.version].first(where: { !newOnly.contains($0.residual) }).map({ (old.version, $0.atom) })
                ?? residuals.mixedAtoms[new.version].first(where: { !oldOnly.contains($0.residual) }).map({ (new.version, $0.atom) }) {
                pieces = evaluator.split(current, onAtom: atom, version: v)
            }
            if pieces.count <= 1 { pieces = evaluator.split(current, following: mixed) }
            guard pieces.count > 1 else { return false }
            stack.append(contentsOf: pieces.reversed())
        }
        return true
    }

    /// The outcome of a search for patients.
    public enum Search: Hashable, Sendable {
        /// A region where every condition has the wanted truth.
        case found(Region)
        /// There is no such patient.
        case none
        /// The leaf budget ran out first: nothing is known.
        case gaveUp

        /// The region found, if any.
        public var region: Region? {
            if case .found(let r) = self { return r }
            return nil
        }
    }

    /// Looks for patients in `region` for whom every condition has the wanted truth. Regions where a
    /// condition is uniformly something else are dropped without splitting.
    public func search(within region: Region, where conditions: [VersionedNode], are wanted: [Truth]) -> Search {
        var found: Region?
        let complete = partition(region, by: conditions, keep: { truths in
            zip(truths, wanted).allSatisfy { $0.0 == nil || $0.0 == $0.1 }
        }, leaf: { piece, truths in
            if truths == wanted { found = piece; return false }
            return true
        })
        if let found { return .found(found) }
        return complete ? .none : .gaveUp
    }
}

/// Evaluates conditions on regions; keeps its buffers between regions.
struct RegionEvaluator {
    let space: PatientSpace
    let conditions: [VersionedNode]
    /// Per version, the nodes the conditions reach, in index order (operands first).
    let reachable: [[Int]]
    /// Per version, scratch values by node.
    var scratch: [[Partitioner.Value]]

    init(space: PatientSpace, conditions: [VersionedNode]) {
        self.space = space
        self.conditions = conditions
        var reachable: [[Int]] = []
        for v in space.versions.indices {
            let nodes = space.versions[v].nodes
            var seen = Set<Int>()
            var stack = conditions.filter { $0.version == v }.map(\.node)
            while let n = stack.popLast() {
                guard seen.insert(n).inserted else { continue }
                switch nodes[n] {
                case .constant, .atom: break
                case .not(let x): stack.append(x)
                case .and(let xs), .or(let xs): stack.append(contentsOf: xs)
                }
            }
            reachable.append(seen.sorted())
        }
        self.reachable = reachable
        scratch = space.versions.map { [Partitioner.Value](repeating: .mixed, count: $0.nodes.count) }
    }

    mutating func values(on region: Region) -> [Partitioner.Value] {
        for v in space.versions.indices {
            let nodes = space.versions[v].nodes
            for n in reachable[v] {
                scratch[v][n] = value(of: nodes[n], version: v, on: region)
            }
        }
        return conditions.map { scratch[$0.version][$0.node] }
    }

    private func value(of node: FormulaNode, version v: Int, on region: Region) -> Partitioner.Value {
        switch node {
        case .constant(let b): return b ? .true : .false
        case .atom(let a):
            let cells = space.atomCells[v][a]
            let here = region.cells[cells.axis]
            if here.subtracting(cells.whenTrue).isEmpty { return .true }
            if here.subtracting(cells.whenFalse).isEmpty { return .false }
            if here.subtracting(cells.whenUnknown).isEmpty { return .unknown }
            return .mixed
        case .not(let x):
            switch scratch[v][x] {
            case .true: return .false
            case .false: return .true
            case let other: return other
            }
        case .and(let xs):
            var sawUnknown = false, sawMixed = false
            for x in xs {
                switch scratch[v][x] {
                case .false: return .false
                case .unknown: sawUnknown = true
                case .mixed: sawMixed = true
                case .true: break
                }
            }
            return sawMixed ? .mixed : sawUnknown ? .unknown : .true
        case .or(let xs):
            var sawUnknown = false, sawMixed = false
            for x in xs {
                switch scratch[v][x] {
                case .true: return .true
                case .unknown: sawUnknown = true
                case .mixed: sawMixed = true
                case .false: break
                }
            }
            return sawMixed ? .mixed : sawUnknown ? .unknown : .false
        }
    }

    /// Cuts the region along the axis of an atom into the cells where it is true, false and unknown.
    func split(_ region: Region, onAtom a: Int, version v: Int) -> [Region] {
        let cells = space.atomCells[v][a]
        return [cells.whenTrue, cells.whenFalse, cells.whenUnknown]
            .map { region.restricting(cells.axis, to: $0) }
            .filter { !$0.isEmpty }
    }

    /// Cuts the region along the axis of a mixed atom under the mixed condition `index`.
    func split(_ region: Region, following index: Int) -> [Region] {
        let v = conditions[index].version
        let nodes = space.versions[v].nodes
        var n = conditions[index].node
        while true {
            switch nodes[n] {
            case .atom(let a):
                let cells = space.atomCells[v][a]
                return [cells.whenTrue, cells.whenFalse, cells.whenUnknown]
                    .map { region.restricting(cells.axis, to: $0) }
                    .filter { !$0.isEmpty }
            case .not(let x): n = x
            case .and(let xs), .or(let xs):
                guard let next = xs.first(where: { scratch[v][$0] == .mixed }) else { return [region] }
                n = next
            case .constant: return [region]
            }
        }
    }
}
