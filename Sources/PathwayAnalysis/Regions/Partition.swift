import PathwayCompiler

/// A condition of one compared version: a node of its formula graph.
public struct VersionedNode: Hashable, Sendable {
    /// The index of the version in ``PatientSpace/versions``.
    public let version: Int
    /// The node in that version's graph.
    public let node: Int
    /// Whether the condition is taken as a recommendation's outcome: decided, as the evaluator
    /// decides it, wherever every completion of the missing facts gives the same truth (so `a or
    /// not a` is true when `a` is unknown); otherwise its Kleene truth.
    public let isOutcome: Bool

    /// Creates a reference to a node of a version.
    public init(version: Int, node: Int) {
        self.version = version
        self.node = node
        self.isOutcome = false
    }

    /// A recommendation's condition as its outcome (see ``isOutcome``).
    public static func outcome(version: Int, node: Int) -> VersionedNode { VersionedNode(version: version, node: node, isOutcome: true) }

    private init(version: Int, node: Int, isOutcome: Bool) {
        self.version = version
        self.node = node
        self.isOutcome = isOutcome
    }
}

/// Splits regions until every given condition has one truth value on each piece.
///
/// Conditions are walked as decision diagrams (see ``DecisionDiagrams``): a region is cut on the
/// first axis one of its conditions still tests, into the groups of cells that lead every condition
/// to the same next node. So the pieces follow only the distinctions the conditions make, a condition
/// is known to be uniform on a region as soon as its diagram reaches a leaf, and two conditions with
/// the same diagram agree on every patient without any splitting. Each leaf is exact.
public struct Partitioner: Sendable {
    /// The space being partitioned.
    public let space: PatientSpace
    /// The most regions (split or final) one partition may visit before it stops and says it is incomplete.
    public var regionBudget: Int
    /// The most decision-diagram nodes built for all conditions together; conditions beyond it are
    /// never partitioned (every partition over them is incomplete).
    public let diagramBudget: Int
    /// Every condition of the space's versions, as a diagram.
    let diagrams: DecisionDiagrams

    /// Creates a partitioner.
    public init(space: PatientSpace, regionBudget: Int = 200_000, diagramBudget: Int = 500_000) {
        self.space = space
        self.regionBudget = regionBudget
        self.diagramBudget = diagramBudget
        diagrams = DecisionDiagrams(space: space, budget: diagramBudget)
    }

    /// The budgets, as a reader would want them named in a report.
    public var budgetDescription: String {
        "\(regionBudget) region\(regionBudget == 1 ? "" : "s") per check, \(diagramBudget) decision-diagram nodes"
    }

    /// Whether two conditions (of any versions) have the same truth for every patient of the space.
    public func equivalent(_ a: VersionedNode, _ b: VersionedNode) -> Bool {
        let x = diagrams.root(a)
        return x != DecisionDiagrams.overflow && x == diagrams.root(b)
    }

    /// Partitions `region` by `conditions`, calling `leaf` with each piece and the conditions' truths.
    ///
    /// `keep` sees the conditions' values on a region (`nil` where not yet uniform) and may return
    /// `false` to skip the region and all its pieces; `leaf` returns `false` to stop. Pieces are
    /// visited in a fixed order.
    /// - Returns: `false` when the region budget ran out before the region was covered.
    @discardableResult
    public func partition(
        _ region: Region,
        by conditions: [VersionedNode],
        keep: ([Truth?]) -> Bool = { _ in true },
        leaf: (Region, [Truth]) -> Bool
    ) -> Bool {
        let walk = DiagramWalk(diagrams: diagrams, budget: regionBudget)
        return walk.run(region, conditions.map(diagrams.root)) { piece, nodes in
            let truths = nodes.map(diagrams.truth)
            guard keep(truths) else { return .skip }
            guard truths.allSatisfy({ $0 != nil }) else { return .split }
            return leaf(piece, truths.map { $0 ?? .unknown }) ? .skip : .stop
        }
    }

    /// Partitions `region` by an old and a new condition (in different versions), calling `leaf` only with
    /// pieces where their truths differ. Regions where both conditions have reached the same diagram
    /// node agree on every patient and are skipped whole.
    /// - Returns: `false` when the region budget ran out before the region was covered.
    @discardableResult
    public func partitionDifferences(_ region: Region, old: VersionedNode, new: VersionedNode, leaf: (Region, Truth, Truth) -> Void) -> Bool {
        let walk = DiagramWalk(diagrams: diagrams, budget: regionBudget)
        return walk.run(region, [diagrams.root(old), diagrams.root(new)]) { piece, nodes in
            if nodes[0] == nodes[1] { return .skip }
            guard let before = diagrams.truth(nodes[0]), let after = diagrams.truth(nodes[1]) else { return .split }
            leaf(piece, before, after)
            return .skip
        }
    }

    /// The truth of a condition for the patients of one cell of every axis (as ``PatientSpace/cells(of:version:)``
    /// gives a patient's): the leaf its diagram reaches, the same walk partitions, searches and diffs make,
    /// one node per axis the condition tests. `nil` for a condition beyond the diagram budget, or for
    /// cells that are not one per axis of the space.
    public func truth(of condition: VersionedNode, at cells: [Int]) -> Truth? {
        guard cells.count == space.axes.count else { return nil }
        var node = diagrams.root(condition)
        while node != DecisionDiagrams.overflow {
            if let leaf = diagrams.truth(node) { return leaf }
            let axis = diagrams.axis(node)
            let children = diagrams.nodes[Int(node)].children
            let cell = cells[Int(axis)]
            guard children.indices.contains(cell) else { return nil }
            node = children[cell]
        }
        return nil
    }

    /// The outcome of a search for patients.
    public enum Search: Hashable, Sendable {
        /// A region where every condition has the wanted truth.
        case found(Region)
        /// There is no such patient.
        case none
        /// The region budget ran out first: nothing is known.
        case gaveUp

        /// The region found, if any.
        public var region: Region? {
            if case .found(let r) = self { return r }
            return nil
        }
    }

    /// Looks for patients in `region` for whom every condition has the wanted truth. Regions where a
    /// condition is uniformly something else are dropped without splitting, and so is every later
    /// region whose conditions have reached diagram nodes already searched in vain.
    public func search(within region: Region, where conditions: [VersionedNode], are wanted: [Truth]) -> Search {
        let wantedNodes = wanted.map { t -> Int32 in
            switch t {
            case .false: DecisionDiagrams.falseNode
            case .true: DecisionDiagrams.trueNode
            case .unknown: DecisionDiagrams.unknownNode
            }
        }
        var found: Region?
        let walk = DiagramWalk(diagrams: diagrams, budget: regionBudget, remembersFailures: true)
        let complete = walk.run(region, conditions.map(diagrams.root)) { piece, nodes in
            var reached = true
            for (n, w) in zip(nodes, wantedNodes) where n != w {
                if diagrams.truth(n) != nil { return .skip }
                reached = false
            }
            guard reached else { return .split }
            found = piece
            return .stop
        }
        if let found { return .found(found) }
        return complete ? .none : .gaveUp
    }
}

/// A depth-first walk of regions along several diagrams at once.
struct DiagramWalk {
    /// What to do with a region.
    enum Step { case split, skip, stop }

    let diagrams: DecisionDiagrams
    let budget: Int
    /// For searches: whether to remember the states (tuples of diagram nodes) from which nothing was
    /// found, so that a search never walks below one twice.
    let remembersFailures: Bool

    init(diagrams: DecisionDiagrams, budget: Int, remembersFailures: Bool = false) {
        self.diagrams = diagrams
        self.budget = budget
        self.remembersFailures = remembersFailures
    }

    /// Visits `region` with the conditions at `roots`, splitting where `visit` says so.
    /// - Returns: `false` when the budget ran out.
    func run(_ region: Region, _ roots: [Int32], visit: (Region, [Int32]) -> Step) -> Bool {
        guard !region.isEmpty else { return true }
        if roots.contains(DecisionDiagrams.overflow) { return false }
        var visited = 0
        var failed = Set<[Int32]>()

        /// Whether the walk below this state found what `visit` stops at.
        func walk(_ current: Region, _ nodes: [Int32]) -> Bool? {
            visited += 1
            if visited > budget { return nil }
            switch visit(current, nodes) {
            case .skip: return false
            case .stop: return true
            case .split: break
            }
            // The nodes alone fix what lies below: every axis still to be tested keeps the region's
            // original cells, because a region is only ever cut on an axis above all its nodes.
            if remembersFailures && failed.contains(nodes) { return false }
            let axis = nodes.map(diagrams.axis).min() ?? DecisionDiagrams.leafAxis
            guard axis != DecisionDiagrams.leafAxis else { return false }
            var groups: [[Int32]: CellSet] = [:]
            var order: [[Int32]] = []
            let here = current.cells[Int(axis)]
            for cell in here.members {
                let next = nodes.map { diagrams.child($0, axis: axis, cell: cell) }
                if groups[next] == nil {
                    order.append(next)
                    groups[next] = CellSet(count: here.words.count * 64)
                }
                groups[next]?.insert(cell)
            }
            for next in order {
                guard let cells = groups[next] else { continue }
                var piece = current
                piece.cells[Int(axis)] = cells
                switch walk(piece, next) {
                case nil: return nil
                case true?: return true
                case false?: continue
                }
            }
            if remembersFailures { failed.insert(nodes) }
            return false
        }
        return walk(region, roots) != nil
    }
}
