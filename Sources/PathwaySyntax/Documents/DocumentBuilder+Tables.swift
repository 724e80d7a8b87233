import PathwayDiagnostics
import PathwayYAML

extension DocumentBuilder {
    mutating func decodeTables(_ node: YAMLNode?, into diagnostics: inout [Diagnostic]) {
        let keys = ["id", "title", "section", "when", "hit_policy", "aggregation", "inputs", "outputs", "rows", "description", "note"]
        for tableNode in Scalars.list(node, what: "tables", into: &diagnostics) {
            guard let m = MappingReader(tableNode, what: "a decision table", allowed: keys, into: &diagnostics),
                  let id = Scalars.identifier(m.require("id", into: &diagnostics), what: "table id", into: &diagnostics),
                  claim(id, kind: "table", into: &diagnostics),
                  let hitPolicy = m.require("hit_policy", into: &diagnostics).flatMap({ Scalars.choice($0, HitPolicy.self, what: "hit policy", into: &diagnostics) })
            else { continue }
            let aggregation = Scalars.choice(m["aggregation"], Aggregation.self, what: "aggregation", into: &diagnostics)
            if let aggregation, !hitPolicy.value.takesAggregation {
                diagnostics.append(Diagnostic(.invalidValue, "`aggregation` applies only to `hit_policy: collect`, not `\(hitPolicy.value.rawValue)`",
                                              at: aggregation.span, notes: [.init("DMN aggregates only the rows that `collect` gives")]))
            }
            let inputs = Scalars.list(m.require("inputs", into: &diagnostics), what: "inputs", into: &diagnostics)
                .compactMap { Scalars.identifier($0, what: "input column", expressionName: true, into: &diagnostics) }
            let outputs = decodeOutputColumns(m["outputs"], into: &diagnostics)
            var rows: [DecisionTable.Row] = []
            for rowNode in Scalars.list(m.require("rows", into: &diagnostics), what: "rows", into: &diagnostics) {
                if let row = decodeRow(rowNode, table: id.value, inputs: inputs, outputs: outputs, into: &diagnostics) { rows.append(row) }
            }
            document.tables.append(DecisionTable(
                id: id, title: Scalars.string(m["title"], what: "title", into: &diagnostics)?.value,
                section: Scalars.string(m["section"], what: "section", into: &diagnostics)?.value,
                when: Scalars.condition(m["when"], what: "condition", into: &diagnostics),
                hitPolicy: hitPolicy, aggregation: hitPolicy.value.takesAggregation ? aggregation : nil, inputs: inputs, outputs: outputs, rows: rows,
                note: Scalars.string(m["note"], what: "note", into: &diagnostics)?.value, span: tableNode.span))
        }
    }

    /// `outputs: [a, b]` (text columns) or `outputs: { a: { type: …, … }, b: text }`.
    private func decodeOutputColumns(_ node: YAMLNode?, into diagnostics: inout [Diagnostic]) -> [OutputColumn] {
        guard let node else { return [] }
        if case .mapping = node {
            var columns: [OutputColumn] = []
            for entry in Scalars.entries(node, what: "outputs", into: &diagnostics) {
                let name = Located(entry.key.value, at: entry.key.span)
                guard Scalars.checkIdentifier(name, what: "output column", expressionName: true, into: &diagnostics),
                      !columns.contains(where: { $0.name.value == name.value }) else { continue }
                if case .scalar(let s) = entry.value, s.value == "text" {
                    columns.append(OutputColumn(name: name, type: .text))
                    continue
                }
                // A typed output's name is checked against facts and derived facts when compiling.
                if let column = decodeOutputColumn(name, entry.value, into: &diagnostics) { columns.append(column) }
            }
            return columns
        }
        return Scalars.list(node, what: "outputs", into: &diagnostics)
            .compactMap { Scalars.identifier($0, what: "output column", expressionName: true, into: &diagnostics) }
            .map { OutputColumn(name: $0, type: .text) }
    }

    private func decodeOutputColumn(_ name: Located<String>, _ node: YAMLNode, into diagnostics: inout [Diagnostic]) -> OutputColumn? {
        guard let m = MappingReader(node, what: "output column `\(name.value)`", allowed: ["type", "values", "unit", "default", "description"],
                                    owner: name.span, into: &diagnostics),
              let type = Scalars.string(m.require("type", into: &diagnostics), what: "output type", into: &diagnostics) else { return nil }
        let types = ["text", "enum", "number", "integer", "quantity", "percentage"]
        let unit = Scalars.string(m["unit"], what: "unit", into: &diagnostics)
        let description = Scalars.string(m["description"], what: "description", into: &diagnostics)?.value
        var column = OutputColumn(name: name, type: .text, description: description)
        switch type.value {
        case "text":
            if let d = m.keySpan("default") {
                diagnostics.append(Diagnostic(.unknownKey, "a text output has no `default`: it is only shown with the rows that give it", at: d))
            }
        case "enum":
            let values = Scalars.list(m.require("values", into: &diagnostics), what: "values", into: &diagnostics)
                .compactMap { Scalars.identifier($0, what: "enum value", expressionName: true, into: &diagnostics) }
            if values.isEmpty { diagnostics.append(Diagnostic(.missingKey, "enum output `\(name.value)` lists no values", at: type.span)) }
            column.type = .enumeration(values)
            column.defaultValue = Scalars.identifier(m["default"], what: "default", expressionName: true, into: &diagnostics)
        case "number", "integer", "quantity", "percentage":
            if type.value == "quantity" && unit == nil {
                diagnostics.append(Diagnostic(.missingKey, "quantity output `\(name.value)` needs a `unit`", at: type.span))
                return nil
            }
            if let unit, type.value != "quantity" && type.value != "number" {
                diagnostics.append(Diagnostic(.unknownKey, "an output of type `\(type.value)` has no unit", at: unit.span))
            }
            let values = Scalars.list(m["values"], what: "values", into: &diagnostics).compactMap { Scalars.number($0, what: "an output value", into: &diagnostics) }
            column.type = .numeric(type: type, unit: unit, values: values)
            column.defaultExpression = Scalars.condition(m["default"], what: "default", into: &diagnostics)
            column.defaultValue = column.defaultExpression.map { Located($0.text, at: $0.span) }
        default:
            diagnostics.append(Diagnostic(.invalidValue, "`\(type.value)` is not an output type", at: type.span,
                                          notes: [.init("expected one of " + types.map { "`\($0)`" }.joined(separator: ", "))],
                                          suggestions: Suggest.closest(to: type.value, in: types).map { [.replace(with: $0)] } ?? []))
            return nil
        }
        if let u = m.keySpan("unit"), !column.type.isNumeric {
            diagnostics.append(Diagnostic(.unknownKey, "only numeric outputs have a `unit`", at: u))
        }
        if case .text = column.type, let v = m.keySpan("values") {
            diagnostics.append(Diagnostic(.unknownKey, "a text output has no `values`; declare `type: enum`", at: v))
        }
        return column
    }

    private mutating func decodeRow(_ node: YAMLNode, table: String, inputs: [Located<String>], outputs: [OutputColumn],
                                    into diagnostics: inout [Diagnostic]) -> DecisionTable.Row? {
        guard let m = MappingReader(node, what: "a row of table `\(table)`", allowed: ["id", "if", "recommend", "outputs", "note"], into: &diagnostics),
              let id = Scalars.identifier(m.require("id", into: &diagnostics), what: "row id", into: &diagnostics),
              claim(Located("\(table)/\(id.value)", at: id.span), kind: "row", into: &diagnostics) else { return nil }
        var cells: [(column: Located<String>, condition: Condition)] = []
        let cellEntries = Scalars.entries(m["if"], what: "row cells", into: &diagnostics)
        for (k, cell) in cellEntries.enumerated() {
            let column = Located(cell.key.value, at: cell.key.span)
            if !inputs.contains(where: { $0.value == column.value }), k > 0, let split = MappingReader.splitByComma(cellEntries[k - 1], cell) {
                diagnostics.append(split)
                continue
            }
            guard inputs.contains(where: { $0.value == column.value }) else {
                diagnostics.append(Diagnostic(.unknownColumn, "table `\(table)` has no input column `\(column.value)`", at: column.span,
                                              notes: [.init("inputs: " + inputs.map { "`\($0.value)`" }.joined(separator: ", "))],
                                              suggestions: Suggest.closest(to: column.value, in: inputs.map(\.value)).map { [.replace(with: $0)] } ?? []))
                continue
            }
            guard case .scalar(let scalar) = cell.value else {
                diagnostics.append(Diagnostic(.wrongValueType, "expected a cell test such as `> 6` for column `\(column.value)`, found \(cell.value.shapeDescription)",
                                              at: cell.value.span))
                continue
            }
            let subject = Expression(.identifier(column.value), span: column.span)
            switch ExpressionParser.parseCell(scalar.value, subject: subject, locate: scalar.valueSpans()) {
            case .success(let expression?):
                cells.append((column, Condition(text: scalar.value, expression: expression, span: scalar.span)))
            case .success(nil):
                continue
            case .failure(let diagnostic):
                diagnostics.append(diagnostic)
                cells.append((column, Condition(text: scalar.value, expression: nil, span: scalar.span)))
            }
        }
        var rowOutputs: [DecisionTable.OutputEntry] = []
        let outputEntries = Scalars.entries(m["outputs"], what: "row outputs", into: &diagnostics)
        for (k, output) in outputEntries.enumerated() {
            let column = Located(output.key.value, at: output.key.span)
            if !outputs.contains(where: { $0.name.value == column.value }), k > 0, let split = MappingReader.splitByComma(outputEntries[k - 1], output) {
                diagnostics.append(split)
                continue
            }
            guard let declared = outputs.first(where: { $0.name.value == column.value }) else {
                diagnostics.append(Diagnostic(.unknownColumn, "table `\(table)` has no output column `\(column.value)`", at: column.span,
                                              suggestions: Suggest.closest(to: column.value, in: outputs.map(\.name.value)).map { [.replace(with: $0)] } ?? []))
                continue
            }
            switch declared.type {
            case .text:
                if let value = Scalars.string(output.value, what: "output value", into: &diagnostics) {
                    rowOutputs.append(.init(column: column, value: value.value, span: value.span))
                }
            case .enumeration:
                if let value = Scalars.identifier(output.value, what: "value of `\(column.value)`", expressionName: true, into: &diagnostics) {
                    rowOutputs.append(.init(column: column, value: value.value, span: value.span))
                }
            case .numeric:
                if let value = Scalars.condition(output.value, what: "value of `\(column.value)`", into: &diagnostics) {
                    rowOutputs.append(.init(column: column, value: value.text, span: value.span, expression: value))
                }
            }
        }
        let recommend = Scalars.list(m["recommend"], what: "recommend", into: &diagnostics)
            .compactMap { Scalars.string($0, what: "recommendation id", into: &diagnostics) }
        return DecisionTable.Row(id: id, cells: cells, recommend: recommend, outputs: rowOutputs,
                                 note: Scalars.string(m["note"], what: "note", into: &diagnostics)?.value, span: node.span)
    }
}
