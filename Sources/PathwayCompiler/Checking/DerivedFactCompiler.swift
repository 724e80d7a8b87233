import PathwayDiagnostics
import PathwaySyntax

extension CompilerContext {
    /// Registers every derived fact so references can compile them on demand (in any order).
    func registerDerivedFacts() {
        for (index, document) in documents.enumerated() {
            for declaration in document.derived where derivedStates[declaration.name.value] == nil {
                derivedStates[declaration.name.value] = .pending(declaration, document: index)
                derivedOrder.append(declaration.name.value)
            }
            for (t, table) in document.tables.enumerated() where document.kind == .guideline {
                for column in table.outputs where column.type.isTyped && derivedStates[column.name.value] == nil {
                    let key = TableKey(document: index, table: t)
                    derivedStates[column.name.value] = table.yieldsOneValue ? .pendingTableOutput(key, column: column.name.value)
                        : .multiValued(key, column: column.name.value)
                    tableOutputColumns[column.name.value] = column
                    derivedOrder.append(column.name.value)
                }
            }
        }
    }

    /// A stand-in for a derived fact or table output that failed to compile or is part of a cycle
    /// (reported once, where it is declared): its uses then raise no follow-on errors, and the
    /// compilation fails anyway. It has the declared type (the values of an enumeration, the unit
    /// of a number) so that uses are still checked against it.
    private func failedTableOutput(_ name: String) -> DerivedSymbol? {
        if let column = tableOutputColumns[name] { return placeholder(column) }
        guard let declaration = documents.lazy.flatMap(\.derived).first(where: { $0.name.value == name }) else { return nil }
        switch declaration.definition {
        case .boolean:
            return DerivedSymbol(name: name, description: declaration.description, span: declaration.name.span,
                                 booleanNode: builder.constant(false), valueNodes: [])
        case .cases(let values, _, _):
            return DerivedSymbol(name: name, description: declaration.description, span: declaration.name.span, booleanNode: nil,
                                 valueNodes: values.map { ($0.value, builder.constant(false)) })
        case .numeric(let numeric):
            var symbol = DerivedSymbol(name: name, description: declaration.description, span: declaration.name.span, booleanNode: nil, valueNodes: [])
            let unit = numeric.type.value == "percentage" ? PhysicalUnit.named("%") : numeric.unit.flatMap { PhysicalUnit.named($0.value) }
            symbol.numeric = .init(program: .constant(.zero), unit: unit, isInteger: numeric.type.value == "integer", round: nil, findings: [])
            return symbol
        }
    }

    /// Compiles every derived fact, including those nothing references, so all are checked.
    func compileAllDerivedFacts() {
        for name in derivedOrder {
            _ = derivedSymbol(name, referencedAt: nil)
        }
    }

    /// The compiled derived fact, compiling it first if needed; `nil` if it is not a derived fact,
    /// is part of a cycle (reported, naming the cycle) or failed to compile.
    func derivedSymbol(_ name: String, referencedAt span: SourceSpan?) -> DerivedSymbol? {
        guard let state = derivedStates[name] else { return nil }
        switch state {
        case .done(let symbol): return symbol
        case .failed: return failedTableOutput(name)
        case .inProgress:
            let start = derivedStack.firstIndex(of: name) ?? 0
            let cycle = derivedStack[start...] + [name]
            report(Diagnostic(.derivedCycle, "derived facts form a cycle: " + cycle.map { "`\($0)`" }.joined(separator: " → "),
                              at: span, notes: [.init("a derived fact cannot depend on itself, directly or through others")]))
            for member in cycle { derivedStates[member] = .failed }
            return failedTableOutput(name)
        case .multiValued(let key, let column):
            // Not a derived fact: a reference is an error, and gets a stand-in so that the condition
            // using it raises no follow-on errors (the compilation fails anyway).
            guard let span else { return nil }
            let table = documents[key.document].tables[key.table]
            reportMultiValued(table, column: column, at: span)
            return table.output(named: column).flatMap(placeholder)
        case .pendingTableOutput(let key, let column):
            derivedStates[name] = .inProgress
            derivedStack.append(name)
            defer { derivedStack.removeLast() }
            let symbol = compileTableOutput(key, column: column)
            if case .failed? = derivedStates[name] { return failedTableOutput(name) }
            derivedStates[name] = symbol.map(DerivedState.done) ?? .failed
            return symbol ?? failedTableOutput(name)
        case .pending(let declaration, let document):
            derivedStates[name] = .inProgress
            derivedStack.append(name)
            defer { derivedStack.removeLast() }
            let compiler = ExpressionCompiler(context: self, document: document)
            let symbol = compile(declaration, with: compiler)
            if case .failed? = derivedStates[name] { return failedTableOutput(name) }
            derivedStates[name] = symbol.map(DerivedState.done) ?? .failed
            return symbol ?? failedTableOutput(name)
        }
    }

    private func compile(_ d: DerivedFactDeclaration, with compiler: ExpressionCompiler) -> DerivedSymbol? {
        switch d.definition {
        case .numeric(let numeric):
            guard let derivation = compileNumeric(d, numeric, with: compiler) else { return nil }
            var symbol = DerivedSymbol(name: d.name.value, description: d.description, span: d.name.span, booleanNode: nil, valueNodes: [])
            symbol.numeric = derivation
            return symbol
        case .boolean(let condition):
            guard let expression = condition.expression, let node = compiler.condition(expression) else { return nil }
            return DerivedSymbol(name: d.name.value, description: d.description, span: d.name.span, booleanNode: node, valueNodes: [])
        case .cases(let values, let cases, let otherwise):
            let names = values.map(\.value)
            var ok = !names.isEmpty
            if names.isEmpty {
                report(Diagnostic(.missingKey, "derived fact `\(d.name.value)` lists no values", at: d.name.span))
            }
            for value in cases.map(\.value) + (otherwise.map { [$0] } ?? []) where !names.contains(value.value) {
                report(Diagnostic(.unknownEnumValue, "`\(value.value)` is not a value of `\(d.name.value)`", at: value.span,
                                  notes: [.init("`\(d.name.value)` is one of " + names.map { "`\($0)`" }.joined(separator: ", "))],
                                  suggestions: Suggest.closest(to: value.value, in: names).map { [.replace(with: $0)] } ?? []))
                ok = false
            }
            var conditions: [Int] = []
            for c in cases {
                guard let expression = c.when.expression, let node = compiler.condition(expression) else { ok = false; continue }
                conditions.append(node)
            }
            guard ok else { return nil }
            // Case k gives its value when it holds and no earlier case does (first match wins).
            var alternatives: [String: [Int]] = [:]
            for (k, c) in cases.enumerated() {
                let earlier = conditions[..<k].map { builder.not($0) }
                alternatives[c.value.value, default: []].append(builder.and(earlier + [conditions[k]]))
            }
            if let otherwise {
                alternatives[otherwise.value, default: []].append(builder.and(conditions.map { builder.not($0) }))
            }
            let valueNodes = names.map { ($0, builder.or(alternatives[$0] ?? [])) }
            return DerivedSymbol(name: d.name.value, description: d.description, span: d.name.span, booleanNode: nil, valueNodes: valueNodes)
        }
    }
}

extension CompilerContext {
    /// A numeric derived fact: its computation type checked and expressed in its declared unit.
    func compileNumeric(_ d: DerivedFactDeclaration, _ n: DerivedFactDeclaration.NumericDefinition,
                        with compiler: ExpressionCompiler) -> DerivedSymbol.NumericDerivation? {
        var unit: PhysicalUnit?
        switch n.type.value {
        case "percentage": unit = PhysicalUnit.named("%")
        case "date": unit = .date
        case "quantity", "number":
            if let written = n.unit {
                guard let u = PhysicalUnit.named(written.value) else {
                    compiler.reportUnknownUnit(written.value, at: written.span)
                    return nil
                }
                unit = u
            }
        default: unit = nil
        }
        let isInteger = n.type.value == "integer"
        var findings: [(text: String, node: Int, points: Rational)] = []
        let program: NumericProgram
        switch n.computation {
        case .value(let value):
            guard let expression = value.expression, let p = compiler.value(expression, in: unit, what: "the value of `\(d.name.value)`") else { return nil }
            program = p
        case .cases(let cases, let otherwise):
            var compiled: [NumericCase] = []
            var ok = true
            for c in cases {
                guard let when = c.when.expression, let node = compiler.condition(when) else { ok = false; continue }
                guard let value = c.value.expression, let p = compiler.value(value, in: unit, what: "a value of `\(d.name.value)`") else { ok = false; continue }
                compiled.append(NumericCase(condition: node, value: p))
            }
            guard ok, let otherwise, let o = otherwise.expression, let other = compiler.value(o, in: unit, what: "the `otherwise` value of `\(d.name.value)`") else { return nil }
            program = .cases(compiled, otherwise: other)
        case .points(let points):
            var terms: [NumericCase] = []
            var ok = true
            for p in points {
                guard let when = p.when.expression, let node = compiler.condition(when) else { ok = false; continue }
                let value = p.points?.value ?? .one
                if let u = p.points?.unit {
                    report(Diagnostic(.incompatibleUnits, "points are plain numbers, found a unit `\(u.value)`", at: u.span))
                    ok = false
                }
                terms.append(NumericCase(condition: node, value: .constant(value)))
                findings.append((p.when.text, node, value))
            }
            guard ok else { return nil }
            program = .sum(terms)
        }
        if isInteger, !compiler.isWhole(program) {
            report(Diagnostic(.typeMismatch, "`\(d.name.value)` is declared `integer`, but its value may not be a whole number", at: n.type.span,
                              notes: [.init("round it (`round(x)`, `floor(x)`, `ceil(x)`) or declare `type: number`")]))
            return nil
        }
        return .init(program: program, unit: unit, isInteger: isInteger, round: n.round?.value, findings: findings)
    }
}
