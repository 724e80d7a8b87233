import PathwayAnalysis

/// Renders a diff as Markdown, for a pull-request comment: a summary line, the structural changes as a
/// list, and a table of affected regions with their witnesses.
public enum DiffMarkdownRenderer {
    /// The diff as Markdown, ending in a newline. The table lists the first `maxRegions` regions and
    /// then says how many more there are, so that a sweeping change still fits in a comment.
    public static func render(_ diff: GuidelineDiff, maxRegions: Int = 50) -> String {
        let behaviour = diff.behaviour
        var out = "### Guideline diff: **\(behaviour.classification.rawValue)**\n\n"
        if diff.isEmpty { return out + "No differences.\n" }
        out += "\(DiffSummary.explanation(of: behaviour.classification).prefix(1).uppercased())\(DiffSummary.explanation(of: behaviour.classification).dropFirst()).\n\n"
        out += "#### Structural changes (\(diff.structural.count))\n\n"
        for change in diff.structural {
            for line in change.markdownLines() { out += line + "\n" }
        }
        if diff.structural.isEmpty { out += "None.\n" }
        out += "\n#### Patients affected: \(DiffSummary.counts(behaviour))\n\n"
        if !behaviour.regions.isEmpty {
            out += "| Patients | Recommendation | Old | New | Witness |\n|---|---|---|---|---|\n"
            for region in behaviour.regions.prefix(maxRegions) {
                for (k, change) in region.changes.enumerated() {
                    let patients = k == 0 ? "`\(cell(region.condition))`" : ""
                    let witness = k == 0 ? "`\(cell(behaviour.space.json(region.witness).serialized()))`\(region.witness.isApproximate ? " (approximate)" : "")" : ""
                    out += "| \(patients) | `\(cell(DiffSummary.name(change)))` | \(cell(change.old.description)) | \(cell(change.new.description)) | \(witness) |\n"
                }
            }
        }
        if behaviour.regions.count > maxRegions {
            let more = behaviour.regions.count - maxRegions
            out += "\n… and \(more) more region\(more == 1 ? "" : "s"); `pathway diff --format text` lists every one.\n"
        }
        for change in behaviour.domainChanges {
            out += "\n- Only the \(change.acceptedBy == 1 ? "new" : "old") version accepts `\(change.condition)`"
                + " (witness `\(behaviour.space.json(change.witness).serialized())`).\n"
        }
        if !behaviour.incomplete.isEmpty {
            out += "\n> **Warning:** the search for changes stopped at its budget for " + behaviour.incomplete.map { "`\($0)`" }.joined(separator: ", ")
                + "; changes there may be missing.\n"
        }
        return out
    }

    /// Text safe inside a table cell.
    private static func cell(_ text: String) -> String {
        text.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\n", with: " ")
    }
}
