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
        // The derived facts a condition names, whose values traces show.
        func derivedNames(_ e: Expression?) -> [String] {
            (e?.referencedNames ?? []).filter { derivedStates[$0] != nil && canSee($0, from: document) }
        }
        let tableSteps = table.when.map { [PathStep(node: applies, text: $0.text, span: $0.span, derived: derivedNames($0.expression))] } ?? []
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
                steps.append(PathStep(node: n, text: expression.description, span: cell.condition.span, derived: derivedNames(expression)))
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
}
