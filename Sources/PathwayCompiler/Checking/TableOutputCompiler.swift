import PathwayDiagnostics
import PathwaySyntax

extension CompilerContext {
    /// A typed output of a single-hit table (or of `collect` with an aggregation) as a derived fact:
    /// an enumeration gets a node per value ("the selected row gives this value"), a number a
    /// program over the rows in selection order.
    func compileTableOutput(_ key: TableKey, column name: String) -> DerivedSymbol? {
        let table = documents[key.document].tables[key.table]
        guard let column = table.output(named: name), let rows = compiledRows(key, rank: { _ in Int.max }) else { return nil }
        guard rows.outputsValid else { return placeholder(column) }
        // A row is a candidate when the table applies and its cells hold; under `any`, also when no
        // two matching rows disagree, so an undecided disagreement leaves the output undetermined.
        let agreement = builder.not(builder.or(rows.conflicts.map(\.node)))
        let candidates = rows.order.map { builder.and([rows.applies, rows.matches[$0].node, agreement]) }
        let aggregation: Aggregation?
        switch table.hitPolicy.value {
        case .unique, .any, .first, .priority: aggregation = nil
        case .collect:
            guard let a = table.aggregation?.value else { return nil }
            aggregation = a
        case .ruleOrder, .outputOrder: return nil
        }
        switch column.type {
        case .text: return nil
        case .enumeration(let values):
            // Value v holds when the first candidate in selection order gives v.
            var alternatives: [String: [Int]] = [:]
            for (position, k) in rows.order.enumerated() {
                guard let value = rows.matches[k].row.output(name)?.value else { continue }
                let earlier = candidates[..<position].map { builder.not($0) }
                alternatives[value, default: []].append(builder.and(earlier + [candidates[position]]))
            }
            if let d = column.defaultValue?.value {
                alternatives[d, default: []].append(builder.and(candidates.map { builder.not($0) }))
            }
            let valueNodes = values.map { ($0.value, builder.or(alternatives[$0.value] ?? [])) }
            return DerivedSymbol(name: name, description: column.description, span: column.name.span, booleanNode: nil, valueNodes: valueNodes)
        case .numeric:
            guard let numeric = rows.numericColumns[name] else { return nil }
            let cases = rows.order.enumerated().map { position, k in
                let value: NumericProgram
                switch aggregation {
                case .count?: value = .constant(.one)
                case nil, .sum?, .min?, .max?: value = rows.matches[k].values[name] ?? .constant(.zero)
                }
                return NumericCase(condition: candidates[position], value: value)
            }
            // A missing default is reported once; the output still compiles (with 0), so the
            // conditions that use it raise no follow-on errors.
            func requireDefault() -> NumericProgram {
                if let d = numeric.defaultValue { return d }
                report(Diagnostic(.missingKey, "output `\(name)` of table `\(table.id.value)` needs a `default`: its value when no row is selected",
                                  at: column.name.span,
                                  notes: [.init("DMN's default output value, e.g. `\(name): { type: \(typeName(column)), default: 0 }`")]))
                return .constant(.zero)
            }
            let program: NumericProgram
            switch aggregation {
            case nil:
                program = .cases(cases, otherwise: requireDefault())
            case .sum?, .count?:
                program = .sum(cases)
            case .min?:
                program = .extreme(isMax: false, cases, otherwise: requireDefault())
            case .max?:
                program = .extreme(isMax: true, cases, otherwise: requireDefault())
            }
            var symbol = DerivedSymbol(name: name, description: column.description, span: column.name.span, booleanNode: nil, valueNodes: [])
            symbol.numeric = .init(program: program, unit: numeric.unit, isInteger: numeric.isInteger, round: nil, findings: [])
            return symbol
        }
    }

    /// The stand-in for an output whose table has errors (already reported): no value, or 0, of the
    /// declared type, so the conditions that use it raise no follow-on errors. The compilation fails anyway.
    func placeholder(_ column: OutputColumn) -> DerivedSymbol? {
        let name = column.name.value
        switch column.type {
        case .text: return nil
        case .enumeration(let values):
            return DerivedSymbol(name: name, description: column.description, span: column.name.span, booleanNode: nil,
                                 valueNodes: values.map { ($0.value, builder.constant(false)) })
        case .numeric(let type, let unit, _):
            var symbol = DerivedSymbol(name: name, description: column.description, span: column.name.span, booleanNode: nil, valueNodes: [])
            let declared = type.value == "percentage" ? PhysicalUnit.named("%") : unit.flatMap { PhysicalUnit.named($0.value) }
            symbol.numeric = .init(program: .constant(.zero), unit: declared, isInteger: type.value == "integer", round: nil, findings: [])
            return symbol
        }
    }

    /// A reference to a typed output of a table that gives a value per matching row.
    func reportMultiValued(_ table: DecisionTable, column: String, at span: SourceSpan) {
        report(Diagnostic(.typeMismatch, "output `\(column)` of table `\(table.id.value)` has a value per matching row (`hit_policy: \(table.hitPolicy.value.rawValue)`), so it is not a derived fact",
                          at: span, label: "not one value",
                          notes: [.init("table `\(table.id.value)` is declared here", at: table.id.span),
                                  .init("to use it in conditions, give the table `hit_policy: unique`, `any`, `first` or `priority`, or `collect` with `aggregation: sum`, `min`, `max` or `count`")]))
    }

    private func typeName(_ column: OutputColumn) -> String {
        switch column.type {
        case .numeric(let type, _, _): type.value
        case .enumeration: "enum"
        case .text: "text"
        }
    }
}
