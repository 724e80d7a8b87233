import PathwayDiagnostics
import PathwaySyntax

/// The checks of a table's typed outputs: columns, defaults and each row's values.
extension CompilerContext {
    /// Each numeric output column's unit, integrality and compiled default.
    func numericOutputColumns(_ table: DecisionTable, compiler: ExpressionCompiler,
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
    func rowValues(_ row: DecisionTable.Row, of table: DecisionTable,
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
