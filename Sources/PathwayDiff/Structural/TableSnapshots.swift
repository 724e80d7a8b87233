import PathwaySyntax

/// Snapshots of decision tables and their rows. Rows are matched by id within their table.
enum TableSnapshots {
    /// Whether the order of a table's rows changes its outcome.
    static func orderMatters(_ policy: HitPolicy) -> Bool {
        switch policy {
        // The first match wins; rows of equal priority are taken (or listed) in row order.
        case .first, .priority, .ruleOrder, .outputOrder: true
        // Every matching row counts alike (or must agree), whatever its place.
        case .unique, .any, .collect: false
        }
    }

    /// The tables: title, section, condition, hit policy, columns (unordered) and note.
    static func tables(_ document: GuidelineDocument, translate: Translator) -> [Snapshot] {
        document.tables.map { t in
            let fields: [FieldValue] = [
                .plain("title", t.title),
                .plain("section", t.section),
                .condition("when", t.when, translate: translate),
                .plain("hit_policy", t.hitPolicy.value.rawValue),
                .plain("aggregation", t.aggregation?.value.rawValue),
                .members("inputs", noun: "column", t.inputs.map { translate(.fact, $0.value) }),
                .members("outputs", noun: "column", t.outputs.map(\.name.value)),
            ] + t.outputs.sorted { $0.name.value < $1.name.value }.flatMap { outputFields($0, translate: translate) } + [
                .plain("note", t.note),
            ]
            // A renamed table is recognised only when its rows say the same too (row ids aside).
            let rowKeys = t.rows.map { rowFields($0, translate: translate).map(\.keyText).joined(separator: ",") }
            let rows = "rows=[" + (orderMatters(t.hitPolicy.value) ? rowKeys : rowKeys.sorted()).joined(separator: ";") + "]"
            let id = translate(.table, t.id.value)
            return Snapshot(entity: .table, identity: id, id: id, writtenID: t.id.value, container: nil, fields: fields, span: t.span, extraKey: rows)
        }
    }

    /// The rows of every table, each identified by its table's new id and its own id.
    static func rows(_ document: GuidelineDocument, translate: Translator) -> [Snapshot] {
        var result: [Snapshot] = []
        for t in document.tables {
            let table = translate(.table, t.id.value)
            for (i, row) in t.rows.enumerated() {
                let id = translate.row(row.id.value, inTable: table)
                result.append(Snapshot(entity: .tableRow, identity: RowKey.make(table: table, row: id), id: id, writtenID: row.id.value,
                                       container: table, fields: rowFields(row, translate: translate), span: row.span,
                                       placement: Placement(group: table, orderMatters: orderMatters(t.hitPolicy.value), index: i + 1,
                                                            siblings: "the rows of \(table) (hit_policy: \(t.hitPolicy.value.rawValue))")))
            }
        }
        return result
    }

    /// A row's cells (one field per column, sorted by column), recommendations, outputs and note.
    private static func rowFields(_ row: DecisionTable.Row, translate: Translator) -> [FieldValue] {
        let cells = row.cells.map { (column: translate(.fact, $0.column.value), condition: $0.condition) }.sorted { $0.column < $1.column }
        let outputs = row.outputs.sorted { $0.column.value < $1.column.value }
        return cells.map { .condition("cells.\($0.column)", $0.condition, translate: translate) }
            + [.members("recommend", noun: "recommendation", row.recommend.map { translate(.recommendation, $0.value) })]
            + outputs.map { entry in
                // A computed value is compared as an expression, so a changed number is shown as such.
                entry.expression.map { FieldValue.condition("outputs.\(entry.column.value)", $0, translate: translate) }
                    ?? .plain("outputs.\(entry.column.value)", entry.value)
            }
            + [.plain("note", row.note)]
    }

    /// A typed output column's type, unit, listed values (in priority order) and default.
    private static func outputFields(_ column: OutputColumn, translate: Translator) -> [FieldValue] {
        let name = "outputs.\(column.name.value)"
        switch column.type {
        case .text:
            // A text column (the list form `outputs: [col]`): nothing beyond the column's name.
            return []
        case .enumeration(let values):
            return [.plain(name + ".type", "enum"), .sequence(name + ".values", noun: "value", values.map(\.value)),
                    .plain(name + ".default", column.defaultValue?.value)]
        case .numeric(let type, let unit, let values):
            return [.plain(name + ".type", type.value + (unit.map { " (\($0.value))" } ?? "")),
                    .sequence(name + ".values", noun: "value", values.map { "\($0.value)" + ($0.unit.map { " \($0.value)" } ?? "") }),
                    .condition(name + ".default", column.defaultExpression, translate: translate)]
        }
    }
}
