import PathwayDiagnostics
import PathwaySyntax

/// A decision table's rows compiled once, shared by the table's decision paths and its outputs.
struct CompiledRows {
    /// One row: its cells' conjunction and the programs of its numeric outputs.
    struct Match {
        let row: DecisionTable.Row
        let node: Int
        let steps: [PathStep]
        let values: [String: NumericProgram]
    }

    /// The node of the table's applicability condition.
    let applies: Int
    /// The applicability condition as a path step, when written.
    let tableSteps: [PathStep]
    /// The rows, in row order.
    let matches: [Match]
    /// Row indices in the order the hit policy considers them: row order, or decreasing priority
    /// (`priority`, `output_order`).
    let order: [Int]
    /// Each numeric output column's unit and default value.
    let numericColumns: [String: (unit: PhysicalUnit?, isInteger: Bool, defaultValue: NumericProgram?)]
    /// Whether every output is well-typed (otherwise the outputs, already reported, define nothing).
    let outputsValid: Bool
    /// Under `any`: each pair of rows that may give different outputs, and the node that holds when both match.
    let conflicts: [CompiledTable.Conflict]
}

extension CompilerContext {
    /// The most pairs of disagreeing rows an `any` table may have (each becomes a condition to evaluate).
    static let conflictPairLimit = 10_000

    /// The compiled rows of a table, compiled on first use; `nil` while they are being compiled (a
    /// table that depends on its own outputs, reported).
    func compiledRows(_ key: TableKey, rank: (DecisionTable.Row) -> Int) -> CompiledRows? {
        switch tableRows[key] {
        case .done(let rows)?: return rows
        case .inProgress?:
            let table = documents[key.document].tables[key.table]
            report(Diagnostic(.derivedCycle, "table `\(table.id.value)` depends on its own outputs", at: table.id.span,
                              notes: [.init("a row's cells and values cannot use the outputs of the table they are in, directly or through others")]))
            return nil
        case nil:
            tableRows[key] = .inProgress
            let rows = buildRows(key, rank: rank)
            tableRows[key] = .done(rows)
            return rows
        }
    }

    private func buildRows(_ key: TableKey, rank: (DecisionTable.Row) -> Int) -> CompiledRows {
        let document = key.document, table = documents[document].tables[key.table]
        let compiler = ExpressionCompiler(context: self, document: document)
        for input in table.inputs where !canSee(input.value, from: document) || (slotByName[input.value] == nil && derivedStates[input.value] == nil) {
            compiler.reportUnknownName(input.value, at: input.span)
        }
        func node(_ condition: Condition?) -> Int {
            guard let condition else { return builder.constant(true) }
            guard let expression = condition.expression, let node = compiler.condition(expression) else { return builder.constant(false) }
            return node
        }
        let applies = node(table.when)
        let tableSteps = table.when.map { [PathStep(node: applies, text: $0.text, span: $0.span)] } ?? []
        var valid = true
        let numericColumns = numericOutputColumns(table, compiler: compiler, valid: &valid)
        var matches: [CompiledRows.Match] = []
        for row in table.rows {
            var steps: [PathStep] = []
            var failed = false
            for cell in row.cells {
                guard let expression = cell.condition.expression, let n = compiler.condition(expression) else {
                    failed = true
                    continue
                }
                steps.append(PathStep(node: n, text: expression.description, span: cell.condition.span))
            }
            if failed { steps = [PathStep(node: builder.constant(false), text: "false", span: row.span)] }
            let values = rowValues(row, of: table, numericColumns: numericColumns, compiler: compiler, valid: &valid)
            matches.append(.init(row: row, node: builder.and(steps.map(\.node)), steps: steps, values: values))
        }
        let order = selectionOrder(table, rank: rank, valid: &valid)
        var conflicts: [CompiledTable.Conflict] = []
        switch table.hitPolicy.value {
        case .any:
            // Each pair of rows that may disagree; bounded, so a huge table cannot stall the compiler.
            pairs: for i in matches.indices {
                for j in matches.indices where j > i {
                    let differ = disagreement(matches[i], matches[j], table: table)
                    let both = builder.and([applies, matches[i].node, matches[j].node, differ])
                    guard both != builder.constant(false) else { continue }
                    guard conflicts.count < Self.conflictPairLimit else {
                        report(Diagnostic(.expressionTooComplex, "`any` table `\(table.id.value)` has more than \(Self.conflictPairLimit) pairs of rows with different outputs to check",
                                          at: table.hitPolicy.span,
                                          notes: [.init("split the table, or say which row wins with `hit_policy: first` or `priority`")]))
                        valid = false
                        break pairs
                    }
                    conflicts.append(.init(first: i, second: j, node: both))
                }
            }
        case .unique, .first, .priority, .collect, .ruleOrder, .outputOrder: break
        }
        return CompiledRows(applies: applies, tableSteps: tableSteps, matches: matches, order: order,
                            numericColumns: numericColumns, outputsValid: valid, conflicts: conflicts)
    }

    /// Each numeric output column's unit, integrality and compiled default.
    private func numericOutputColumns(_ table: DecisionTable, compiler: ExpressionCompiler,
                                      valid: inout Bool) -> [String: (unit: PhysicalUnit?, isInteger: Bool, defaultValue: NumericProgram?)] {
        var result: [String: (unit: PhysicalUnit?, isInteger: Bool, defaultValue: NumericProgram?)] = [:]
        var hasNumeric = false
        for column in table.outputs {
            let name = column.name.value
            switch column.type {
            case .text: continue
            case .enumeration(let values):
                if let d = column.defaultValue, !values.contains(where: { $0.value == d.value }) {
                    reportNotAValue(d, of: column)
                    valid = false
                }
                if let aggregation = table.aggregation {
                    report(Diagnostic(.typeMismatch, "`aggregation: \(aggregation.value.rawValue)` needs numeric outputs, but `\(name)` is an enumeration",
                                      at: column.name.span, notes: [.init("declare `\(name)` as `text` to show it with the recommendations, or drop the aggregation")]))
                    valid = false
                }
            case .numeric(let type, let written, _):
                hasNumeric = true
                var unit: PhysicalUnit?
                if type.value == "percentage" { unit = PhysicalUnit.named("%") }
                if let written {
                    unit = PhysicalUnit.named(written.value)
                    if unit == nil {
                        compiler.reportUnknownUnit(written.value, at: written.span)
                        valid = false
                    }
                }
                var defaultValue: NumericProgram?
                if let d = column.defaultExpression {
                    defaultValue = d.expression.flatMap { compiler.value($0, in: unit, what: "the default of `\(name)`") }
                    if defaultValue == nil { valid = false }
                }
                let isInteger = type.value == "integer"
                if isInteger, let d = defaultValue, !compiler.isWhole(d) {
                    reportNotWhole(name, at: column.defaultExpression?.span ?? column.name.span)
                    valid = false
                }
                result[name] = (unit, isInteger, defaultValue)
            }
        }
        if let aggregation = table.aggregation, !hasNumeric {
            report(Diagnostic(.missingKey, "`aggregation: \(aggregation.value.rawValue)` needs a numeric output column to hold the result", at: aggregation.span,
                              notes: [.init("for example `outputs: { total: { type: integer } }`")]))
            valid = false
        }
        return result
    }

    /// A row's numeric output programs, with its typed outputs checked against their columns.
    private func rowValues(_ row: DecisionTable.Row, of table: DecisionTable,
                           numericColumns: [String: (unit: PhysicalUnit?, isInteger: Bool, defaultValue: NumericProgram?)],
                           compiler: ExpressionCompiler, valid: inout Bool) -> [String: NumericProgram] {
        var values: [String: NumericProgram] = [:]
        for column in table.outputs {
            let name = column.name.value
            let entry = row.output(name)
            switch column.type {
            case .text: continue
            case .enumeration(let allowed):
                guard let entry else { break }
                if !allowed.contains(where: { $0.value == entry.value }) {
                    reportNotAValue(Located(entry.value, at: entry.span), of: column)
                    valid = false
                }
                continue
            case .numeric:
                guard let entry, let numeric = numericColumns[name] else { break }
                guard let expression = entry.expression?.expression,
                      let program = compiler.value(expression, in: numeric.unit, what: "the value of `\(name)` in row `\(row.id.value)`") else {
                    valid = false
                    continue
                }
                if numeric.isInteger, !compiler.isWhole(program) {
                    reportNotWhole(name, at: entry.span)
                    valid = false
                }
                if case .numeric(_, _, let listed) = column.type, !listed.isEmpty, Self.listedIndex(of: entry, in: listed) == nil {
                    report(Diagnostic(.invalidValue, "`\(entry.value)` is not one of the listed values of `\(name)`", at: entry.span,
                                      notes: [.init("`\(name)` lists " + listed.map { "`\($0.value)`" }.joined(separator: ", ")
                                                    + "; `priority` and `output_order` rank a row by the position of its value there")]))
                    valid = false
                }
                values[name] = program
                continue
            }
            // No value written for a typed column: every row gives one, except that `count` counts rows.
            let needsValue: Bool
            switch table.aggregation?.value {
            case .count?: needsValue = false
            case nil, .sum?, .min?, .max?: needsValue = true
            }
            if needsValue {
                report(Diagnostic(.missingKey, "row `\(row.id.value)` of table `\(table.id.value)` gives no value for output `\(name)`", at: row.id.span,
                                  notes: [.init("every row gives each typed output a value; declare the column `text` if it is only shown")]))
                valid = false
            }
        }
        return values
    }

    /// The order in which the hit policy considers the rows.
    private func selectionOrder(_ table: DecisionTable, rank: (DecisionTable.Row) -> Int, valid: inout Bool) -> [Int] {
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
    private func disagreement(_ a: CompiledRows.Match, _ b: CompiledRows.Match, table: DecisionTable) -> Int {
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

    private func reportNotAValue(_ value: Located<String>, of column: OutputColumn) {
        guard case .enumeration(let values) = column.type else { return }
        let names = values.map(\.value)
        report(Diagnostic(.unknownEnumValue, "`\(value.value)` is not a value of `\(column.name.value)`", at: value.span,
                          notes: [.init("`\(column.name.value)` is one of " + names.map { "`\($0)`" }.joined(separator: ", "))],
                          suggestions: Suggest.closest(to: value.value, in: names).map { [.replace(with: $0)] } ?? []))
    }

    private func reportNotWhole(_ name: String, at span: SourceSpan) {
        report(Diagnostic(.typeMismatch, "`\(name)` is declared `integer`, but this value may not be a whole number", at: span,
                          notes: [.init("round it (`round(x)`, `floor(x)`, `ceil(x)`) or declare `type: number`")]))
    }
}
