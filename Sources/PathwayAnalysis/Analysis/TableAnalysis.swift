import PathwayCompiler
import PathwayDiagnostics

/// The checks of one decision table, from one partition of its patients by its condition and rows.
struct TableAnalysis {
    let analyzer: GuidelineAnalyzer
    let table: CompiledTable

    func findings() -> [Diagnostic] {
        let rows = table.rows
        let conditions = [VersionedNode(version: 0, node: table.applies)] + rows.map { VersionedNode(version: 0, node: $0.match) }
        var gaps: [Region] = []
        var overlaps: [Pair: [Region]] = [:]
        var overlapOrder: [Pair] = []
        var taken = [Bool](repeating: false, count: rows.count)
        var matched = [Bool](repeating: false, count: rows.count)
        var shadowedBy: [Int: (earlier: Int, region: Region)] = [:]
        let ordered = table.hitPolicy == .first

        let complete = analyzer.partitioner.partition(analyzer.domain, by: conditions, keep: { truths in
            truths[0] == nil || truths[0] == .true
        }, leaf: { region, truths in
            let rowTruths = truths.dropFirst()
            let matching = rowTruths.indices.filter { rowTruths[$0] == .true }.map { $0 - 1 }
            if rowTruths.allSatisfy({ $0 == .false }) && table.hitPolicy != .collect { gaps.append(region) }
            for k in matching { matched[k] = true }
            if table.hitPolicy == .unique {
                for (x, i) in matching.enumerated() {
                    for j in matching[(x + 1)...] {
                        let pair = Pair(first: i, second: j)
                        if overlaps[pair] == nil { overlapOrder.append(pair) }
                        overlaps[pair, default: []].append(region)
                    }
                }
            }
            if ordered, let first = rowTruths.indices.first(where: { rowTruths[$0] != .false }).map({ $0 - 1 }) {
                if rowTruths[first + 1] == .true { taken[first] = true }
                if rowTruths[first + 1] == .true {
                    for k in matching where k != first && shadowedBy[k] == nil { shadowedBy[k] = (first, region) }
                }
            }
            return true
        })

        var findings: [Diagnostic] = []
        if !complete { findings.append(analyzer.incomplete("table `\(table.id)`", at: table.span)) }
        if !gaps.isEmpty {
            findings.append(analyzer.honouring(table.note, Diagnostic(
                .tableGap, "some patients match no row of `\(table.hitPolicy.rawValue)` table `\(table.id)`", at: table.span,
                label: "no row matches some patients the table applies to",
                notes: analyzer.regionNotes(gaps, "no row matches")
                    + [.init("add a row for them, or a `note` on the table saying why they get nothing here")])))
        }
        for pair in overlapOrder {
            let a = rows[pair.first], b = rows[pair.second]
            findings.append(analyzer.honouring(b.note ?? a.note, Diagnostic(
                .tableOverlap, "rows `\(a.id)` and `\(b.id)` of `unique` table `\(table.id)` both match some patients", at: b.span,
                label: "overlaps row `\(a.id)`",
                notes: [.init("row `\(a.id)`", at: a.span)] + analyzer.regionNotes(overlaps[pair] ?? [], "both match")
                    + [.init("narrow one row, use `hit_policy: first` or `collect`, or give a row a `note` saying why both apply")])))
        }
        for (k, row) in rows.enumerated() {
            if !matched[k] {
                if complete {
                    findings.append(Diagnostic(.unsatisfiable, "row `\(row.id)` of table `\(table.id)` never matches: its cells cannot all hold where the table applies",
                                               at: row.span, label: "no patient matches this row"))
                }
            } else if ordered && !taken[k], let shadow = shadowedBy[k] {
                let earlier = rows[shadow.earlier]
                findings.append(analyzer.honouring(row.note, Diagnostic(
                    .shadowed, "row `\(row.id)` of `first` table `\(table.id)` is never taken: earlier rows match every patient it matches",
                    at: row.span, label: "never taken",
                    notes: [.init("row `\(earlier.id)` is taken first", at: earlier.span)] + analyzer.regionNotes([shadow.region], "patients it matches"))))
            }
        }
        return findings
    }

    struct Pair: Hashable {
        let first: Int
        let second: Int
    }
}
