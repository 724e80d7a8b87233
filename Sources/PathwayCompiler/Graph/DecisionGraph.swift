/// The compiled decision logic of guidelines as a flowchart for reviewers: one cluster per
/// guideline, and inside it one per tree and per table; tree nodes and table rows with their ids
/// and conditions; edges labelled `true`, `otherwise` or with their order under `select: first` and
/// the `first`/`priority` policies; derived facts as nodes of their own, linked to the conditions
/// that read them; recommendations styled by direction and level, explained by a legend.
///
/// ```swift
/// var graph = DecisionGraph(compiled)
/// graph.keep(leadingTo: "esd-early-enec")     // only what leads to one recommendation
/// print(graph.dot())
/// ```
public struct DecisionGraph: Sendable {
    /// A node of the flowchart.
    public struct Node: Sendable, Hashable {
        /// What a node stands for.
        public enum Kind: Sendable, Hashable {
            /// A tree node: its `when` (or `otherwise`), or the root of a tree without one.
            case condition
            /// A table: its id, hit policy and `when`.
            case table
            /// A row of a table, with its cells.
            case row
            /// A derived fact, which conditions read.
            case derived
            /// A recommendation; `rank` is its level's rank in its scheme (0 strongest), if it has one.
            case recommendation(direction: String, rank: Int?)
        }
        /// The node's id in the `dot` or Mermaid text, unique in the graph.
        public let id: String
        /// The text shown.
        public let label: String
        /// What the node stands for.
        public let kind: Kind
        /// The cluster it is drawn in (`nil`: at the top level).
        public let cluster: String?
    }

    /// An edge of the flowchart.
    public struct Edge: Sendable, Hashable {
        /// The id of the node the edge starts from.
        public let from: String
        /// The id of the node the edge leads to.
        public let to: String
        /// The label: `true`, `otherwise`, `1st`, …, `reads`, or empty.
        public let label: String
    }

    /// A cluster: a guideline, or a tree or table inside one.
    public struct Cluster: Sendable, Hashable {
        /// The cluster's id.
        public let id: String
        /// The title shown.
        public let label: String
        /// The enclosing cluster, for a tree or table.
        public let parent: String?
    }

    /// The clusters, in the order first met.
    public private(set) var clusters: [Cluster] = []
    /// The nodes, each once, in the order first reached.
    public private(set) var nodes: [Node] = []
    /// The edges, each once, in the order first reached.
    public private(set) var edges: [Edge] = []

    /// Builds the graph of every guideline in `guidelines` (or only the one with id `guideline`).
    public init(_ guidelines: CompiledGuidelines, guideline only: String? = nil) {
        var seenNodes = Set<String>(), seenEdges = Set<Edge>()
        func node(_ n: Node) { if seenNodes.insert(n.id).inserted { nodes.append(n) } }
        func edge(_ from: String, _ to: String, _ label: String = "") {
            let e = Edge(from: from, to: to, label: label)
            if seenEdges.insert(e).inserted { edges.append(e) }
        }
        var derivedUsed: [String] = []
        func reads(_ names: [String], into target: String) {
            for name in names {
                if !derivedUsed.contains(name) { derivedUsed.append(name) }
                edge("d_" + Self.sanitize(name), target, "reads")
            }
        }
        for (g, guideline) in guidelines.guidelines.enumerated() where only == nil || guideline.id == only {
            let gc = "cluster_g\(g)"
            clusters.append(Cluster(id: gc, label: "\(guideline.title ?? guideline.id) [\(guideline.id)\(guideline.version.map { " \($0)" } ?? "")]", parent: nil))
            func recommendation(_ id: String) -> String? {
                guard let r = guidelines.recommendations.first(where: { $0.guideline == g && $0.id == id }) else { return nil }
                let nodeId = "g\(g)_r_" + Self.sanitize(r.id)
                var label = "\(r.id)\n\(r.direction == .for ? "FOR" : "AGAINST")"
                if let level = r.level { label += " · \(level.scheme).\(level.value)" }
                node(Node(id: nodeId, label: label, kind: .recommendation(direction: r.direction.rawValue, rank: r.level?.rank), cluster: gc))
                return nodeId
            }
            // Trees: each node with its condition; children in order.
            let branches = guidelines.branches.filter { $0.guideline == g }
            var ids: [String: String] = [:]
            for branch in branches {
                let tc = "\(gc)_t_" + Self.sanitize(branch.tree)
                if !clusters.contains(where: { $0.id == tc }) { clusters.append(Cluster(id: tc, label: "tree \(branch.tree)", parent: gc)) }
                let id = "g\(g)_b_" + Self.sanitize(branch.origin)
                ids[branch.origin] = id
                let own = branch.steps.last.flatMap { $0.isExclusion ? nil : $0 }
                let isRootWithoutCondition = branch.origin == "tree \(branch.tree)" && branch.steps.isEmpty
                let condition = branch.isOtherwise ? "otherwise" : isRootWithoutCondition ? "" : own?.text ?? ""
                node(Node(id: id, label: condition.isEmpty ? branch.id : "\(branch.id)\n\(condition)", kind: .condition, cluster: tc))
                if let own, !branch.isOtherwise { reads(own.derived, into: id) }
                if let parent = branch.origin.range(of: " › ", options: .backwards).map({ String(branch.origin[..<$0.lowerBound]) }), let parentId = ids[parent] {
                    let label = branch.isOtherwise ? "otherwise" : branch.firstOrder.map(Self.ordinal) ?? "true"
                    edge(parentId, id, label)
                }
                for r in branch.recommendations { if let rid = recommendation(r) { edge(id, rid) } }
            }
            // Tables: a header node, one node per row in the order the policy takes them.
            for table in guidelines.tables where table.guideline == g {
                let tc = "\(gc)_tab_" + Self.sanitize(table.id)
                clusters.append(Cluster(id: tc, label: "table \(table.id) (hit policy \(table.hitPolicy.rawValue))", parent: gc))
                let header = "g\(g)_tab_" + Self.sanitize(table.id)
                let paths = guidelines.recommendations.filter { $0.guideline == g }.flatMap(\.paths)
                let tableSteps = paths.first { $0.origin.hasPrefix("table \(table.id) › ") }?.steps.prefix { $0.span.start < table.rows.first.map(\.span.start) ?? $0.span.start } ?? []
                let when = tableSteps.map(\.text).joined(separator: " and ")
                node(Node(id: header, label: "\(table.id)\n\(when.isEmpty ? "every patient" : "when \(when)")", kind: .table, cluster: tc))
                for step in tableSteps { reads(step.derived, into: header) }
                let ordered: Bool
                switch table.hitPolicy {
                case .first, .priority, .outputOrder, .ruleOrder: ordered = true
                case .unique, .any, .collect: ordered = false
                }
                for (k, index) in table.order.enumerated() {
                    let row = table.rows[index]
                    let id = "\(header)_row_" + Self.sanitize(row.id)
                    let path = paths.first { $0.origin == "table \(table.id) › row \(row.id)" }
                    let cells = (path?.steps ?? []).filter { !$0.isExclusion && $0.span.start >= row.span.start }
                    let outputs = row.outputs.map { "\($0.column.value) = \(Self.cut($0.value))" }
                    let text = (cells.map(\.text) + outputs).joined(separator: "\n")
                    node(Node(id: id, label: "row \(row.id)" + (text.isEmpty ? "" : "\n\(text)"), kind: .row, cluster: tc))
                    for cell in cells { reads(cell.derived, into: id) }
                    edge(header, id, ordered ? Self.ordinal(k + 1) : "match")
                    for r in row.recommendations { if let rid = recommendation(r) { edge(id, rid) } }
                }
            }
        }
        for name in derivedUsed {
            node(Node(id: "d_" + Self.sanitize(name), label: name, kind: .derived, cluster: "cluster_derived"))
        }
        if !derivedUsed.isEmpty { clusters.append(Cluster(id: "cluster_derived", label: "derived facts", parent: nil)) }
        // Recommendations no tree or table reaches still appear, so that nothing is hidden.
        for (g, guideline) in guidelines.guidelines.enumerated() where only == nil || guideline.id == only {
            for r in guidelines.recommendations where r.guideline == g && r.paths.isEmpty {
                var label = "\(r.id)\n\(r.direction == .for ? "FOR" : "AGAINST")"
                if let level = r.level { label += " · \(level.scheme).\(level.value)" }
                node(Node(id: "g\(g)_r_" + Self.sanitize(r.id), label: label, kind: .recommendation(direction: r.direction.rawValue, rank: r.level?.rank),
                          cluster: "cluster_g\(g)"))
            }
        }
    }

    static func ordinal(_ n: Int) -> String {
        let suffix: String
        switch (n % 10, n % 100) {
        case (1, let h) where h != 11: suffix = "st"
        case (2, let h) where h != 12: suffix = "nd"
        case (3, let h) where h != 13: suffix = "rd"
        default: suffix = "th"
        }
        return "\(n)\(suffix)"
    }

    /// Keeps only what leads to the recommendations with id `recommendation` (in any guideline): the
    /// tree nodes and rows on their paths, their tables, and the derived facts those read. Returns
    /// whether there is such a recommendation.
    @discardableResult
    public mutating func keep(leadingTo recommendation: String) -> Bool {
        let targets = nodes.filter { if case .recommendation = $0.kind { $0.id.hasSuffix("_r_" + Self.sanitize(recommendation)) && $0.label.hasPrefix(recommendation + "\n") } else { false } }.map(\.id)
        guard !targets.isEmpty else { return false }
        var kept = Set(targets), frontier = targets
        while let n = frontier.popLast() {
            for e in edges where e.to == n && !kept.contains(e.from) {
                kept.insert(e.from)
                frontier.append(e.from)
            }
        }
        nodes = nodes.filter { kept.contains($0.id) }
        edges = edges.filter { kept.contains($0.from) && kept.contains($0.to) }
        let used = Set(nodes.compactMap(\.cluster))
        let parents = Set(clusters.filter { used.contains($0.id) }.compactMap(\.parent))
        clusters = clusters.filter { used.contains($0.id) || parents.contains($0.id) }
        return true
    }

    /// A long value cut to 32 characters with `…`, so a row stays one readable box.
    static func cut(_ s: String) -> String {
        let oneLine = s.split(whereSeparator: \.isNewline).joined(separator: " ")
        return oneLine.count <= 32 ? oneLine : String(oneLine.prefix(31)) + "…"
    }

    static func sanitize(_ s: String) -> String {
        String(s.map { $0.isLetter || $0.isNumber ? $0 : "_" })
    }
}
