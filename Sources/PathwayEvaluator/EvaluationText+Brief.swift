import PathwayCompiler

extension EvaluationText {
    /// One line per recommendation given (direction, id, level, citation numbers), one line of the
    /// undetermined ones with what they need, and each cited work once at the end, numbered. Each
    /// guideline is headed by its title, id and version.
    public static func brief(_ evaluation: Evaluation, guidelines: CompiledGuidelines) -> String {
        var out = ""
        var cited: [String] = []
        func number(_ c: ResolvedCitation) -> Int {
            var line = c.text
            if let section = c.section { line += " § \(section)" }
            if let doi = c.doi { line += " doi:\(doi)" }
            if let k = cited.firstIndex(of: line) { return k + 1 }
            cited.append(line)
            return cited.count
        }
        for (g, guideline) in guidelines.guidelines.enumerated() {
            let given = evaluation.given.filter { $0.recommendation.guideline == g }
            let undetermined = evaluation.undetermined.filter { $0.recommendation.guideline == g }
            out += "\(guideline.title ?? guideline.id) [\(guideline.label)]\n"
            if given.isEmpty { out += "  no recommendation given\n" }
            let width = given.map(\.recommendation.id.count).max() ?? 0
            for o in given {
                let r = o.recommendation
                let id = r.id + String(repeating: " ", count: width - r.id.count)
                let level = r.level.map { "\($0.scheme).\($0.value)" } ?? "no level"
                let citations = r.citations.map { "[\(number($0))]" }.joined()
                out += "  \(r.direction == .for ? "FOR    " : "AGAINST") \(id)  \(level)" + (citations.isEmpty ? "" : "  \(citations)") + "\n"
            }
            if !undetermined.isEmpty {
                let needs = Set(undetermined.flatMap(\.needs)).sorted()
                out += "  ? \(undetermined.count) undetermined (needs \(needs.joined(separator: ", ")))\n"
            }
        }
        if !cited.isEmpty {
            out += "citations:\n"
            for (k, line) in cited.enumerated() { out += "  [\(k + 1)] \(line)\n" }
        }
        return out
    }
}
