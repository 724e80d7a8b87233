import Foundation

/// The compiled decision graph of guidelines as a flowchart: condition nodes merged where paths
/// share a prefix, ending in recommendation nodes (with direction and level).
public struct DecisionGraph: Sendable {
    /// A node of the flowchart.
    public struct Node: Sendable, Hashable {
        /// What a node stands for.
        public enum Kind: Sendable, Hashable {
            /// The start of one guideline's flowchart.
            case guideline
            /// A condition along a decision path.
            case condition
            /// A recommendation; `direction` is `for` or `against`.
            case recommendation(direction: String)
        }
        /// The node's id in the `dot` or Mermaid text, unique in the graph.
        public let id: String
        /// The text shown: the guideline's title (or id), the condition, or the recommendation's id, direction and level.
        public let label: String
        /// What the node stands for.
        public let kind: Kind
    }

    /// An edge of the flowchart, from a guideline or condition to a condition or recommendation.
    public struct Edge: Sendable, Hashable {
        /// The id of the node the edge starts from.
        public let from: String
        /// The id of the node the edge leads to.
        public let to: String
    }

    /// The nodes, each once, in the order first reached.
    public private(set) var nodes: [Node] = []
    /// The edges, each once, in the order first reached.
    public private(set) var edges: [Edge] = []

    /// Builds the graph of every guideline in `guidelines`.
    public init(_ guidelines: CompiledGuidelines) {
        var seenEdges = Set<Edge>()
        var seenNodes = Set<String>()
        func addNode(_ node: Node) {
            if seenNodes.insert(node.id).inserted { nodes.append(node) }
        }
        func addEdge(_ from: String, _ to: String) {
            let edge = Edge(from: from, to: to)
            if seenEdges.insert(edge).inserted { edges.append(edge) }
        }
        for (g, guideline) in guidelines.guidelines.enumerated() {
            let root = "g\(g)"
            addNode(Node(id: root, label: guideline.title ?? guideline.id, kind: .guideline))
            var trie: [String: String] = [:]
            for r in guidelines.recommendations where r.guideline == g {
                let leaf = "g\(g)_r_" + Self.sanitize(r.id)
                var label = "\(r.id)\n\(r.direction == .for ? "for" : "against")"
                if let level = r.level { label += " · \(level.scheme).\(level.value)" }
                addNode(Node(id: leaf, label: label, kind: .recommendation(direction: r.direction.rawValue)))
                for path in r.paths {
                    var current = root
                    var key = root
                    for step in path.steps {
                        key += "/\(step.node)|\(step.text)"
                        let id: String
                        if let existing = trie[key] { id = existing } else {
                            id = "g\(g)_c\(trie.count)"
                            trie[key] = id
                            addNode(Node(id: id, label: step.text, kind: .condition))
                        }
                        addEdge(current, id)
                        current = id
                    }
                    addEdge(current, leaf)
                }
            }
        }
    }

    static func sanitize(_ s: String) -> String {
        String(s.map { $0.isLetter || $0.isNumber ? $0 : "_" })
    }

    /// Graphviz `dot` text.
    public func dot() -> String {
        var out = "digraph pathway {\n  rankdir=LR;\n  node [fontname=\"Helvetica\", fontsize=10];\n"
        for node in nodes {
            let shape: String
            switch node.kind {
            case .guideline: shape = "shape=folder, style=bold"
            case .condition: shape = "shape=diamond"
            case .recommendation(let direction): shape = direction == "for" ? "shape=box, style=\"rounded,filled\", fillcolor=\"#d9f2d9\"" : "shape=box, style=\"rounded,filled\", fillcolor=\"#f7d4d4\""
            }
            out += "  \(node.id) [label=\"\(Self.escapeDot(node.label))\", \(shape)];\n"
        }
        for edge in edges { out += "  \(edge.from) -> \(edge.to);\n" }
        return out + "}\n"
    }

    /// Mermaid flowchart text.
    public func mermaid() -> String {
        var out = "flowchart LR\n"
        for node in nodes {
            let label = Self.escapeMermaid(node.label)
            switch node.kind {
            case .guideline: out += "  \(node.id)[[\"\(label)\"]]\n"
            case .condition: out += "  \(node.id){\"\(label)\"}\n"
            case .recommendation: out += "  \(node.id)([\"\(label)\"])\n"
            }
        }
        for edge in edges { out += "  \(edge.from) --> \(edge.to)\n" }
        return out
    }

    private static func escapeDot(_ s: String) -> String {
        s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"").replacingOccurrences(of: "\n", with: "\\n")
    }

    private static func escapeMermaid(_ s: String) -> String {
        s.replacingOccurrences(of: "\"", with: "#quot;").replacingOccurrences(of: "\n", with: "<br/>")
    }
}
