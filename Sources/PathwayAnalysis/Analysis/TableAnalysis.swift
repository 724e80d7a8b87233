import PathwayCompiler
import PathwayDiagnostics
import PathwayEvaluator

/// The checks of one decision table. Each is a search that stops splitting a region as soon as the
/// region cannot contain what it looks for, so a table's work grows with its findings, not with the
/// product of its rows' conditions.
struct TableAnalysis {
    let analyzer: GuidelineAnalyzer
    let table: CompiledTable

    private var applies: VersionedNode { VersionedNode(version: 0, node: table.applies) }
    private func match(_ k: Int) -> VersionedNode { VersionedNode(version: 0, node: table.rows[k].match) }

    func findings() -> [Diagnostic] {
        var findings: [Diagnostic] = []
        var complete = true
        let rows = table.rows
        let partitioner = analyzer.partitioner

        // What each policy promises: one row per patient (gaps), no two rows (overlaps), rows that
        // agree (conflicts), rows that are reached (shadowing).
        let expectsRow: Bool, expectsDisjoint: Bool, expectsAgreement: Bool, firstWins: Bool
        switch table.hitPolicy {
        case .unique: (expectsRow, expectsDisjoint, expectsAgreement, firstWins) = (true, true, false, false)
        case .any: (expectsRow, expectsDisjoint, expectsAgreement, firstWins) = (true, false, true, false)
        case .first: (expectsRow, expectsDisjoint, expectsAgreement, firstWins) = (true, false, false, true)
        case .priority: (expectsRow, expectsDisjoint, expectsAgreement, firstWins) = (true, false, false, false)
        case .collect, .ruleOrder, .outputOrder: (expectsRow, expectsDisjoint, expectsAgreement, firstWins) = (false, false, false, false)
        }

        // Gaps: the table applies and every row is false.
        if expectsRow {
            var gaps: [Region] = []
            complete = partitioner.partition(analyzer.domain, by: [applies] + rows.indices.map(match), keep: { truths in
                (truths[0] == nil || truths[0] == .true) && !truths.dropFirst().contains { $0 == .true || $0 == .unknown }
            }, leaf: { region, truths in
                if truths[0] == .true && truths.dropFirst().allSatisfy({ $0 == .false }) { gaps.append(region) }
                return true
            }) && complete
            if !gaps.isEmpty {
                findings.append(analyzer.honouring(table.note, Diagnostic(
                    .tableGap, "some patients match no row of `\(table.hitPolicy.rawValue)` table `\(table.id)`", at: table.span,
                    label: "no row matches some patients the table applies to",
                    notes: analyzer.regionNotes(gaps, "no row matches")
                        + [.init("add a row for them, or a `note` on the table saying why they get nothing here")])))
            }
        }

        // Rows that can match at all (where the table applies).
        let searches = rows.indices.map { k in
            partitioner.search(within: analyzer.domain, where: [applies, match(k)], are: [.true, .true])
        }
        if searches.contains(.gaveUp) { complete = false }
        let matchable = searches.map(\.region)

        // Conflicts: two rows of an `any` table that give different outputs both match.
        if expectsAgreement {
            for conflict in table.conflicts {
                var both: [Region] = []
                complete = partitioner.partition(analyzer.domain, by: [VersionedNode(version: 0, node: conflict.node)], keep: { truths in
                    truths[0] == nil || truths[0] == .true
                }, leaf: { region, _ in
                    both.append(region)
                    return true
                }) && complete
                guard !both.isEmpty else { continue }
                let a = rows[conflict.first], b = rows[conflict.second]
                findings.append(Diagnostic(
                    .tableConflict, "rows `\(a.id)` and `\(b.id)` of `any` table `\(table.id)` give different outputs to some patients", at: b.span,
                    label: "disagrees with row `\(a.id)`",
                    notes: [.init("row `\(a.id)`", at: a.span)] + analyzer.regionNotes(both, "both match")
                        + [.init("for these patients evaluation stops with an error (PW0608); make the rows agree, narrow one, or use `hit_policy: first` or `priority`")]))
            }
        }

        // Overlaps: two rows of a `unique` table true together.
        if expectsDisjoint {
            for i in rows.indices where matchable[i] != nil {
                for j in (i + 1)..<rows.count where matchable[j] != nil {
                    var both: [Region] = []
                    complete = partitioner.partition(analyzer.domain, by: [applies, match(i), match(j)], keep: { truths in
                        truths.allSatisfy { $0 == nil || $0 == .true }
                    }, leaf: { region, _ in
                        both.append(region)
                        return true
                    }) && complete
                    guard !both.isEmpty else { continue }
                    let a = rows[i], b = rows[j]
                    findings.append(analyzer.honouring(b.note ?? a.note, Diagnostic(
                        .tableOverlap, "rows `\(a.id)` and `\(b.id)` of `unique` table `\(table.id)` both match some patients", at: b.span,
                        label: "overlaps row `\(a.id)`",
                        notes: [.init("row `\(a.id)`", at: a.span)] + analyzer.regionNotes(both, "both match")
                            + [.init("narrow one row, use `hit_policy: first` or `collect`, or give a row a `note` saying why both apply")])))
                }
            }
        }

        for (k, row) in rows.enumerated() {
            if searches[k] == .gaveUp { continue }
            guard let region = matchable[k] else {
                findings.append(Diagnostic(.unsatisfiable, "row `\(row.id)` of table `\(table.id)` never matches: its cells cannot all hold where the table applies",
                                           at: row.span, label: "no patient matches this row"))
                continue
            }
            // Shadowing under `first`: the row is true somewhere, but never with every earlier row false.
            guard firstWins, k > 0 else { continue }
            let earlier = (0..<k).map(match)
            let taken = partitioner.search(within: analyzer.domain, where: [applies, match(k)] + earlier,
                                           are: [.true, .true] + earlier.map { _ in .false })
            if taken == .gaveUp { complete = false }
            guard taken == .none else { continue }
            let first = firstTrueRow(before: k, in: region)
            findings.append(analyzer.honouring(row.note, Diagnostic(
                .shadowed, "row `\(row.id)` of `first` table `\(table.id)` is never taken: earlier rows match every patient it matches",
                at: row.span, label: "never taken",
                notes: (first.map { [.init("row `\(rows[$0].id)` is taken first", at: rows[$0].span)] } ?? [])
                    + analyzer.regionNotes([region], "patients it matches"))))
        }
        if !complete { findings.append(analyzer.incomplete("table `\(table.id)`", at: table.span)) }
        return findings
    }

    /// The first earlier row that holds for the region's witness.
    private func firstTrueRow(before k: Int, in region: Region) -> Int? {
        guard let patient = analyzer.space.patient(analyzer.space.witness(in: region, within: analyzer.domain), version: 0) else { return nil }
        var truths: [Truth] = []
        analyzer.evaluator.truths(for: patient, into: &truths)
        return (0..<k).first { truths[table.rows[$0].match] == .true }
    }
}
