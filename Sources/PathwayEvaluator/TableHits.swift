import PathwayCompiler

/// The rows of one decision table that match a patient, in the order its hit policy takes them.
public struct TableHits: Sendable {
    /// The table.
    public let table: CompiledTable
    /// The rows that match where the table applies, in policy order: row order, or decreasing output
    /// priority under `priority` and `output_order` (what `rule_order` and `output_order` list).
    public let matching: [CompiledTable.Row]
    /// The rows that may match, depending on facts that are unknown, in the same order.
    public let undetermined: [CompiledTable.Row]
}

extension Evaluator {
    /// The rows of `table` that match `patient`, in the order its hit policy takes them.
    ///
    /// - Complexity: one evaluation of the graph, O(atoms + graph edges), plus O(rows).
    public func hits(of table: CompiledTable, for patient: Patient) -> TableHits {
        var truths: [Truth] = []
        self.truths(for: patient, into: &truths)
        var matching: [CompiledTable.Row] = [], undetermined: [CompiledTable.Row] = []
        for k in table.order {
            let row = table.rows[k]
            switch truths[table.applies] && truths[row.match] {
            case .true: matching.append(row)
            case .unknown: undetermined.append(row)
            case .false: continue
            }
        }
        return TableHits(table: table, matching: matching, undetermined: undetermined)
    }
}
