import PathwayCompiler

/// Every condition of the compared versions as a reduced, ordered multi-valued decision diagram over
/// the axes of a ``PatientSpace``, with a Kleene truth at each leaf.
///
/// A diagram node tests one axis and has a child per cell of it; axes are tested in the space's
/// order and a node whose children are all equal is never built. Nodes are shared, so two
/// conditions have the same diagram exactly when they have the same truth for every patient, and a
/// diagram holds only the distinctions its condition makes: the partitions, searches and diffs of
/// ``Partitioner`` walk these diagrams instead of re-evaluating formulas on every region.
///
/// Some conditions have no small diagram (a disjunction of many pairs of facts whose members are far
/// apart in the axis order grows exponentially). Building stops at a budget of nodes and operations;
/// conditions beyond it get the node ``overflow``, and every partition or search over one of them is
/// reported incomplete rather than attempted.
struct DecisionDiagrams: Sendable {
    /// A node: a leaf (`false`, `true`, unknown) or a test of one axis.
    struct Node: Hashable, Sendable {
        /// The axis tested; ``DecisionDiagrams/leafAxis`` for a leaf.
        let axis: Int32
        /// The child for each cell of the axis; empty for a leaf.
        let children: [Int32]
    }

    /// The axis of leaves: after every real axis, so that leaves sort last.
    static let leafAxis = Int32.max
    /// The leaves, by truth.
    static let falseNode: Int32 = 0, trueNode: Int32 = 1, unknownNode: Int32 = 2
    /// The diagram of a condition that did not fit in the budget.
    static let overflow: Int32 = -1

    /// All nodes; the three leaves first.
    let nodes: [Node]
    /// For each version, the diagram of each condition that analysis and diff ask about.
    let roots: [[Int: Int32]]
    /// For each version, each recommendation's condition as its outcome: completed over the
    /// missing facts (see ``VersionedNode/isOutcome``).
    let outcomeRoots: [[Int: Int32]]

    /// Builds the diagrams of the conditions of every version of the space that analysis and diff
    /// ask about (recommendations, their paths and steps, tables, rows and `any` conflicts), within `budget` nodes
    /// (and ten times as many operations). Nodes of the formula graph that no such condition reaches
    /// get no diagram.
    init(space: PatientSpace, budget: Int = 500_000) {
        var builder = Builder(space: space, budget: budget)
        var outcomes: [[Int: Int32]] = []
        roots = space.versions.indices.map { v in
            let guidelines = space.versions[v]
            var wanted: [Int] = []
            for r in guidelines.recommendations {
                wanted.append(r.condition)
                for path in r.paths { wanted += [path.node] + path.steps.map(\.node) }
            }
            for table in guidelines.tables { wanted += [table.applies] + table.rows.map(\.match) + table.conflicts.map(\.node) }
            var memo: [Int: Int32] = [:]
            for n in wanted { _ = builder.diagram(of: n, version: v, memo: &memo) }
            var completedMemo: [Int32: Int32] = [:], completed: [Int: Int32] = [:]
            // Facts tested with `known(…)`, directly or through a derived fact, are data about the record:
            // never completed (as in the evaluator, ``CompiledGuidelines/recordTestedSlots``).
            let fixed = Set(guidelines.recordTestedSlots.map { space.axisOfSlot[v][$0] }.filter { $0 >= 0 })
            for r in guidelines.recommendations {
                let outcome = builder.completed(memo[r.condition] ?? Self.overflow, version: v, fixed: fixed, memo: &completedMemo)
                // A value the text shows must be determined, not completed: the outcome is given only
                // where the shown values are known (as in the evaluator); completion may still withhold it.
                var guards: [Int32] = []
                for a in guidelines.atoms(readByNode: r.condition).sorted() {
                    guard case .determined = guidelines.atoms[a].kind, case .computed(let index, let axes) = space.atomShapes[v][a] else { continue }
                    guards.append(builder.computed(index, over: axes, version: v))
                }
                completed[r.condition] = builder.guarded(outcome, by: guards)
            }
            outcomes.append(completed)
            return memo
        }
        outcomeRoots = outcomes
        nodes = builder.nodes
    }

    /// The diagram of a condition; ``overflow`` (so: not partitioned) for one that was not built.
    func root(_ condition: VersionedNode) -> Int32 {
        (condition.isOutcome ? outcomeRoots : roots)[condition.version][condition.node] ?? Self.overflow
    }

    /// The truth of a leaf; `nil` for a test.
    func truth(_ node: Int32) -> Truth? {
        switch node {
        case Self.falseNode: .false
        case Self.trueNode: .true
        case Self.unknownNode: .unknown
        default: nil
        }
    }

    /// The axis a node tests (``leafAxis`` for leaves).
    func axis(_ node: Int32) -> Int32 { nodes[Int(node)].axis }

    /// The node a patient whose value on `axis` lies in `cell` reaches next from `node`.
    func child(_ node: Int32, axis: Int32, cell: Int) -> Int32 {
        let n = nodes[Int(node)]
        return n.axis == axis ? n.children[cell] : node
    }

    /// Builds shared nodes with memoised Kleene operations.
    private struct Builder {
        let space: PatientSpace
        var nodes: [Node] = [Node(axis: leafAxis, children: []), Node(axis: leafAxis, children: []), Node(axis: leafAxis, children: [])]
        var table: [Node: Int32] = [:]
        var memo: [UInt64: Int32] = [:]
        let budget: Int
        var operations = 0
        /// The current depth of recursion, which follows a diagram's paths: bounded, so that a condition
        /// over thousands of facts cannot exhaust the stack.
        var depth = 0
        static let maximumDepth = 4_096

        init(space: PatientSpace, budget: Int) {
            self.space = space
            self.budget = budget
        }

        mutating func make(axis: Int32, children: [Int32]) -> Int32 {
            if children.contains(overflow) { return overflow }
            if let first = children.first, children.allSatisfy({ $0 == first }) { return first }
            let node = Node(axis: axis, children: children)
            if let id = table[node] { return id }
            guard nodes.count < budget else { return overflow }
            let id = Int32(nodes.count)
            nodes.append(node)
            table[node] = id
            return id
        }

        /// The diagram of formula node `n` of version `v`, through `memo`.
        mutating func diagram(of n: Int, version v: Int, memo: inout [Int: Int32]) -> Int32 {
            if let known = memo[n] { return known }
            let graph = space.versions[v].nodes
            let result: Int32
            switch graph[n] {
            case .constant(let b): result = b ? trueNode : falseNode
            case .atom(let a):
                switch space.atomShapes[v][a] {
                case .cells(let cells): result = atom(cells)
                case .computed(let index, let axes): result = computed(index, over: axes, version: v)
                }
            case .not(let x): result = not(diagram(of: x, version: v, memo: &memo))
            case .and(let xs), .or(let xs):
                var operands: [Int32] = []
                for x in xs { operands.append(diagram(of: x, version: v, memo: &memo)) }
                let op: Operation = if case .and = graph[n] { .and } else { .or }
                result = deepestFirst(operands).reduce(op == .and ? trueNode : falseNode) { junction(op, $0, $1) }
            }
            memo[n] = result
            return result
        }

        /// Operands ordered so that those testing later axes come first: each junction then puts the
        /// next operand above what is built so far instead of rebuilding it, so a conjunction of `n`
        /// facts costs `n` nodes, not `n²/2`.
        func deepestFirst(_ operands: [Int32]) -> [Int32] {
            operands.sorted { a, b in
                let x = a == overflow ? leafAxis : nodes[Int(a)].axis, y = b == overflow ? leafAxis : nodes[Int(b)].axis
                return x != y ? x > y : a < b
            }
        }

        mutating func atom(_ cells: PatientSpace.AtomCells) -> Int32 {
            let count = space.axes[cells.axis].cells.count
            let children = (0..<count).map { c -> Int32 in
                cells.whenTrue.contains(c) ? trueNode : cells.whenFalse.contains(c) ? falseNode : unknownNode
            }
            return make(axis: Int32(cells.axis), children: children)
        }

        /// The diagram of a computed atom whose truth is a function of the cells of `axes`: the atom is
        /// evaluated (``Atom/truth(_:)``, as the evaluator does) for a representative patient of each
        /// box of cells, axis by axis in the space's order. A box where the atom is already decided with
        /// the later axes unknown is a leaf: bounds only narrow as facts become known, so a decided
        /// comparison stays decided (`known(…)` is decided only when true, since a false one turns true
        /// once the data is there). Beyond the budget the atom gets ``overflow``.
        mutating func computed(_ index: Int, over axes: [Int], version v: Int) -> Int32 {
            let guidelines = space.versions[v]
            let evaluator = ConeEvaluator(guidelines: guidelines, values: [FactValue](repeating: .unknown, count: guidelines.facts.count))
            let slotsOfAxis = axes.map { space.slots(onAxis: $0, version: v) }
            let settlesWhenFalse: Bool
            switch guidelines.atoms[index].kind {
            case .fact, .arithmetic: settlesWhenFalse = true
            case .determined, .exact, .decided: settlesWhenFalse = false
            }
            func build(_ depth: Int, _ builder: inout Builder) -> Int32 {
                let truth = evaluator.truth(ofAtom: index)
                if truth == .true { return trueNode }
                if truth == .false && settlesWhenFalse { return falseNode }
                if depth == axes.count { return truth == .false ? falseNode : unknownNode }
                builder.operations += 1
                if builder.operations > builder.budget * 10 { return overflow }
                let axis = axes[depth]
                var children: [Int32] = []
                for cell in builder.space.axes[axis].cells.indices {
                    var representable = true
                    for slot in slotsOfAxis[depth] {
                        if let value = builder.space.value(inCell: cell, slot: slot, version: v) {
                            evaluator.values[slot] = value
                        } else {
                            representable = false
                        }
                    }
                    // A cell the version has no value for holds none of its patients: any leaf will do.
                    children.append(representable ? build(depth + 1, &builder) : falseNode)
                    if children.last == overflow { break }
                }
                for slot in slotsOfAxis[depth] { evaluator.values[slot] = .unknown }
                return builder.make(axis: Int32(axis), children: children)
            }
            return build(0, &self)
        }

        private enum Operation: UInt64 { case not = 0, and = 1, or = 2, agree = 3 }

        /// The diagram with every missing fact completed: where a fact's value is unknown, the truth
        /// is what every one of the version's known values of it gives if they all agree, else
        /// unknown. This is how the evaluator decides an outcome whose missing facts cannot change
        /// it. Relations between several facts stay as they are (their regions are approximate anyway).
        mutating func completed(_ a: Int32, version v: Int, fixed: Set<Int>, memo: inout [Int32: Int32]) -> Int32 {
            if a == overflow || truthOfLeaf(a) { return a }
            if let known = memo[a] { return known }
            operations += 1
            if operations > budget * 10 || depth >= Self.maximumDepth { return overflow }
            depth += 1
            defer { depth -= 1 }
            let node = nodes[Int(a)]
            let axis = space.axes[Int(node.axis)]
            var children: [Int32] = []
            for child in node.children { children.append(completed(child, version: v, fixed: fixed, memo: &memo)) }
            if case .relation = axis.kind {} else if !fixed.contains(Int(node.axis)) {
                let known = node.children.indices.filter { $0 != axis.unknownCell && axis.accepted[v].contains($0) }
                if let first = known.first {
                    var merged = children[first]
                    for c in known.dropFirst() { merged = agree(merged, children[c]) }
                    children[axis.unknownCell] = merged
                }
            }
            let result = make(axis: node.axis, children: children)
            memo[a] = result
            return result
        }

        /// `outcome` where every guard is true, unknown where a guard is unknown (a guard is never false).
        mutating func guarded(_ outcome: Int32, by guards: [Int32]) -> Int32 {
            guards.reduce(outcome) { junction(.and, $0, $1) }
        }

        private func truthOfLeaf(_ a: Int32) -> Bool { a == trueNode || a == falseNode || a == unknownNode }

        /// Pointwise agreement: the truth both give where they give the same, unknown elsewhere.
        mutating func agree(_ a: Int32, _ b: Int32) -> Int32 {
            if a == overflow || b == overflow { return overflow }
            if a == b { return a }
            if a == unknownNode || b == unknownNode || (truthOfLeaf(a) && truthOfLeaf(b)) { return unknownNode }
            return pairwise(.agree, a, b) { $0.agree($1, $2) }
        }

        private func key(_ op: Operation, _ a: Int32, _ b: Int32) -> UInt64 {
            op.rawValue << 62 | UInt64(UInt32(min(a, b))) << 31 | UInt64(UInt32(max(a, b)))
        }

        mutating func not(_ a: Int32) -> Int32 {
            switch a {
            case trueNode: return falseNode
            case falseNode: return trueNode
            case unknownNode: return unknownNode
            case overflow: return overflow
            default: break
            }
            let k = key(.not, a, a)
            if let known = memo[k] { return known }
            operations += 1
            if operations > budget * 10 || depth >= Self.maximumDepth { return overflow }
            depth += 1
            defer { depth -= 1 }
            let node = nodes[Int(a)]
            let result = make(axis: node.axis, children: node.children.map { not($0) })
            memo[k] = result
            return result
        }

        /// Kleene conjunction (`absorbing` false) or disjunction (`absorbing` true).
        private mutating func junction(_ op: Operation, _ a: Int32, _ b: Int32) -> Int32 {
            let absorbing = op == .and ? falseNode : trueNode
            let neutral = op == .and ? trueNode : falseNode
            if a == overflow || b == overflow { return overflow }
            if a == absorbing || b == absorbing { return absorbing }
            if a == neutral || a == b { return b }
            if b == neutral { return a }
            if a == unknownNode && b == unknownNode { return unknownNode }
            return pairwise(op, a, b) { $0.junction(op, $1, $2) }
        }

        /// A binary operation on two diagrams, cell by cell of the first axis either tests, through
        /// the memo and within the budget; `recurse` gives the operation on a pair of children.
        private mutating func pairwise(_ op: Operation, _ a: Int32, _ b: Int32,
                                       _ recurse: (inout Builder, Int32, Int32) -> Int32) -> Int32 {
            let k = key(op, a, b)
            if let known = memo[k] { return known }
            operations += 1
            if operations > budget * 10 || depth >= Self.maximumDepth { return overflow }
            depth += 1
            defer { depth -= 1 }
            let axis = min(nodes[Int(a)].axis, nodes[Int(b)].axis)
            let count = space.axes[Int(axis)].cells.count
            var children: [Int32] = []
            children.reserveCapacity(count)
            for cell in 0..<count {
                let x = nodes[Int(a)].axis == axis ? nodes[Int(a)].children[cell] : a
                let y = nodes[Int(b)].axis == axis ? nodes[Int(b)].children[cell] : b
                children.append(recurse(&self, x, y))
            }
            let result = make(axis: axis, children: children)
            memo[k] = result
            return result
        }
    }
}
