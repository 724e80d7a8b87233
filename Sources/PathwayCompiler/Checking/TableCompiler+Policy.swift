import PathwayDiagnostics
import PathwaySyntax

/// What a hit policy makes of a table's rows: the order it takes them in, and (`any`) which rows disagree.
extension CompilerContext {
    /// The order in which the hit policy considers the rows.
    func selectionOrder(_ table: DecisionTable, rank: (DecisionTable.Row) -> Int, valid: inout Bool) -> [Int] {
        switch table.hitPolicy.value {
        case .unique, .any, .first, .collect, .ruleOrder: return Array(table.rows.indices)
        case .priority, .outputOrder: break
        }
        // DMN: output priority is the order of an output's listed values, first listed highest,
        // compared column by column; a table without such a column orders by recommendation level.
        let ordered = table.outputs.filter { column in
            switch column.type {
            case .enumeration: true
            case .numeric(_, _, let values): !values.isEmpty
            case .text: false
            }
        }
        if ordered.isEmpty, table.outputs.contains(where: \.type.isTyped) {
            report(Diagnostic(.missingKey, "`\(table.hitPolicy.value.rawValue)` orders rows by the listed `values` of an output column, and table `\(table.id.value)` lists none",
                              at: table.hitPolicy.span,
                              notes: [.init("list the values of a typed output in priority order, highest first, e.g. `values: [high, medium, low]`")]))
            valid = false
        }
        var keys: [[Int]] = []
        for row in table.rows {
            var key: [Int] = []
            for column in ordered {
                guard let entry = row.output(column.name.value) else { key.append(Int.max); continue }
                switch column.type {
                case .enumeration(let values):
                    key.append(values.firstIndex { $0.value == entry.value } ?? Int.max)
                case .numeric(_, _, let values):
                    // A value not listed is reported with the row's values.
                    key.append(Self.listedIndex(of: entry, in: values) ?? Int.max)
                case .text: continue
                }
            }
            key.append(ordered.isEmpty ? rank(row) : 0)
            keys.append(key)
        }
        return table.rows.indices.sorted { a, b in
            keys[a] != keys[b] ? keys[a].lexicographicallyPrecedes(keys[b]) : a < b
        }
    }

    /// The position of a row's numeric value among a column's listed `values`: the value must be
    /// written as one of them (the same number, in the same unit or none).
    static func listedIndex(of entry: DecisionTable.OutputEntry, in listed: [NumberSyntax]) -> Int? {
        guard case .number(let value, _, let unit)? = entry.expression?.expression?.kind else { return nil }
        return listed.firstIndex { $0.value == value && $0.unit?.value == unit?.symbol }
    }

    /// The node that holds when two rows give different outputs or recommendations (`any`).
    func disagreement(_ a: CompiledRows.Match, _ b: CompiledRows.Match, table: DecisionTable) -> Int {
        if Set(a.row.recommend.map(\.value)) != Set(b.row.recommend.map(\.value)) { return builder.constant(true) }
        var parts: [Int] = []
        for column in table.outputs {
            let name = column.name.value
            switch column.type {
            case .text, .enumeration:
                if a.row.output(name)?.value != b.row.output(name)?.value { return builder.constant(true) }
            case .numeric:
                switch (a.values[name], b.values[name]) {
                case (nil, nil): continue
                case let (p?, q?):
                    if p == q { continue }
                    if case .constant = p, case .constant = q { return builder.constant(true) }
                    parts.append(builder.atom(Atom(.arithmetic(.binary(.subtract, p, q), .notEqual)), writtenAt: b.row.span))
                default: return builder.constant(true)
                }
            }
        }
        return builder.or(parts)
    }
}
