import Foundation

/// The flowchart as Graphviz `dot` and Mermaid text.
extension DecisionGraph {
    /// The fill colour and border of a recommendation: green for, red against; a bold border for
    /// the strongest level of its scheme, a dashed one below the second.
    static func recommendationStyle(direction: String, rank: Int?) -> (fill: String, style: String, penwidth: String) {
        let fill = direction == "for" ? "#d9f2d9" : "#f7d4d4"
        switch rank {
        case 0?: return (fill, "rounded,filled,bold", "2.5")
        case 1?: return (fill, "rounded,filled", "1.2")
        default: return (fill, "rounded,filled,dashed", "1.2")
        }
    }

    /// Graphviz `dot` text: clusters, nodes, labelled edges and a legend.
    public func dot() -> String {
        var out = "digraph pathway {\n  rankdir=LR;\n  newrank=true;\n  nodesep=0.25;\n  ranksep=0.45;\n"
        out += "  node [fontname=\"Helvetica\", fontsize=10, margin=\"0.12,0.05\"];\n  edge [fontname=\"Helvetica\", fontsize=9, color=\"#555555\"];\n"
        out += "  graph [fontname=\"Helvetica\", fontsize=11, labeljust=l];\n"
        func attributes(_ node: Node) -> String {
            switch node.kind {
            case .condition: return "shape=box, style=\"rounded\", color=\"#3b6ea5\""
            case .table: return "shape=box, style=\"filled\", fillcolor=\"#e8eef7\", color=\"#3b6ea5\""
            case .row: return "shape=box, color=\"#3b6ea5\""
            case .derived: return "shape=ellipse, style=\"dashed\", color=\"#8a6d3b\", fontcolor=\"#5a4520\""
            case .recommendation(let direction, let rank):
                let s = Self.recommendationStyle(direction: direction, rank: rank)
                return "shape=box, style=\"\(s.style)\", fillcolor=\"\(s.fill)\", penwidth=\(s.penwidth)"
            }
        }
        func emit(cluster: String?, indent: String) {
            for node in nodes where node.cluster == cluster {
                out += "\(indent)\(Self.quote(node.id)) [label=\(Self.quote(node.label)), \(attributes(node))];\n"
            }
        }
        func emitCluster(_ c: Cluster, indent: String) {
            out += "\(indent)subgraph \(Self.quote(c.id)) {\n\(indent)  label=\(Self.quote(c.label));\n"
            out += c.parent == nil ? "\(indent)  style=\"rounded\"; color=\"#888888\";\n" : "\(indent)  style=\"rounded,filled\"; fillcolor=\"#f7f7f7\"; color=\"#bbbbbb\";\n"
            emit(cluster: c.id, indent: indent + "  ")
            for child in clusters where child.parent == c.id { emitCluster(child, indent: indent + "  ") }
            out += "\(indent)}\n"
        }
        emit(cluster: nil, indent: "  ")
        for c in clusters where c.parent == nil { emitCluster(c, indent: "  ") }
        for edge in edges {
            var attributes: [String] = []
            if !edge.label.isEmpty { attributes.append("label=\(Self.quote(edge.label))") }
            if edge.label == "reads" { attributes += ["style=dashed", "color=\"#8a6d3b\"", "fontcolor=\"#8a6d3b\""] }
            out += "  \(Self.quote(edge.from)) -> \(Self.quote(edge.to))" + (attributes.isEmpty ? "" : " [\(attributes.joined(separator: ", "))]") + ";\n"
        }
        out += legendDot()
        return out + "}\n"
    }

    /// The legend: one small table of the node styles.
    private func legendDot() -> String {
        let strong = Self.recommendationStyle(direction: "for", rank: 0), against = Self.recommendationStyle(direction: "against", rank: 1)
        func cell(_ text: String, _ attributes: String) -> String { "<TR><TD \(attributes)>\(text)</TD></TR>" }
        let rows = [
            cell("tree node: id, condition", "BORDER=\"1\" COLOR=\"#3b6ea5\" STYLE=\"rounded\""),
            cell("table / row: id, cells", "BORDER=\"1\" COLOR=\"#3b6ea5\""),
            cell("derived fact (dashed: reads)", "BORDER=\"1\" COLOR=\"#8a6d3b\" STYLE=\"dashed\""),
            cell("FOR, strongest level (bold)", "BORDER=\"3\" BGCOLOR=\"\(strong.fill)\" STYLE=\"rounded\""),
            cell("AGAINST, second level", "BORDER=\"1\" BGCOLOR=\"\(against.fill)\" STYLE=\"rounded\""),
            cell("lower levels: dashed border", "BORDER=\"1\" STYLE=\"dashed\""),
        ]
        return "  \"legend\" [shape=plaintext, fontsize=9, label=<<TABLE BORDER=\"0\" CELLSPACING=\"3\" CELLPADDING=\"3\"><TR><TD><B>legend</B></TD></TR>"
            + rows.joined() + "</TABLE>>];\n"
    }

    /// Mermaid flowchart text, with subgraphs for the clusters and labelled edges.
    public func mermaid() -> String {
        var out = "flowchart LR\n"
        func emit(cluster: String?, indent: String) {
            for node in nodes where node.cluster == cluster {
                let label = Self.escapeMermaid(node.label)
                switch node.kind {
                case .condition, .row: out += "\(indent)\(node.id)[\"\(label)\"]\n"
                case .table: out += "\(indent)\(node.id)[[\"\(label)\"]]\n"
                case .derived: out += "\(indent)\(node.id)((\"\(label)\"))\n"
                case .recommendation(let direction, _): out += "\(indent)\(node.id)([\"\(label)\"]):::\(direction == "for" ? "for" : "against")\n"
                }
            }
            for c in clusters where c.parent == cluster && cluster != nil {
                out += "\(indent)subgraph \(c.id) [\"\(Self.escapeMermaid(c.label))\"]\n"
                emit(cluster: c.id, indent: indent + "  ")
                out += "\(indent)end\n"
            }
        }
        emit(cluster: nil, indent: "  ")
        for c in clusters where c.parent == nil {
            out += "  subgraph \(c.id) [\"\(Self.escapeMermaid(c.label))\"]\n"
            emit(cluster: c.id, indent: "    ")
            out += "  end\n"
        }
        for edge in edges {
            let arrow = edge.label == "reads" ? "-.->" : "-->"
            out += "  \(edge.from) \(arrow)" + (edge.label.isEmpty ? "" : "|\(Self.escapeMermaid(edge.label))|") + " \(edge.to)\n"
        }
        out += "  classDef for fill:#d9f2d9,stroke:#2e7d32\n  classDef against fill:#f7d4d4,stroke:#c62828\n"
        return out
    }

    static func quote(_ s: String) -> String {
        "\"" + s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"").replacingOccurrences(of: "\n", with: "\\n") + "\""
    }

    static func escapeMermaid(_ s: String) -> String {
        s.replacingOccurrences(of: "\"", with: "#quot;").replacingOccurrences(of: "\n", with: "<br/>")
    }
}
