import PathwayDiagnostics

/// Renders test results and coverage as text for a terminal.
public struct CoverageTextRenderer: Sendable {
    /// Creates a renderer.
    public init() {}

    /// The coverage summary (one line per kind) and every uncovered item with its place.
    public func render(_ report: CoverageReport) -> String {
        let all = report.count()
        var out = "coverage: \(all.covered) of \(all.total) items (\(CoverageReport.percent(all.covered, of: all.total)))"
            + " by \(report.testCount) test\(report.testCount == 1 ? "" : "s") of \(report.guidelineCount) guideline\(report.guidelineCount == 1 ? "" : "s")\n"
        let width = CoverageItem.Kind.allCases.map(\.title.count).max() ?? 0
        for kind in CoverageItem.Kind.allCases {
            let (covered, total) = report.count(kind)
            let title = kind.title + String(repeating: " ", count: width - kind.title.count)
            let figure = "\(covered) of \(total)"
            out += "  \(title)  \(figure)\(String(repeating: " ", count: max(1, 12 - figure.count)))\(CoverageReport.percent(covered, of: total))\n"
        }
        let uncovered = report.uncovered
        guard !uncovered.isEmpty else { return out }
        out += "\nuncovered (\(uncovered.count)):\n"
        for kind in CoverageItem.Kind.allCases {
            let items = uncovered.filter { $0.kind == kind }
            guard !items.isEmpty else { continue }
            out += "  \(kind.title):\n"
            for item in items {
                out += "    \(item.span.file):\(item.span.start): \(item.name)" + (item.guideline.map { " [\($0)]" } ?? "")
                    + (kind == .boundary ? " — \(item.missing ?? "")" : "") + "\n"
            }
        }
        return out
    }
}
