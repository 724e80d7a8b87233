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
        case .failed: return nil
        case .inProgress:
            let start = derivedStack.firstIndex(of: name) ?? 0
            let cycle = derivedStack[start...] + [name]
            report(Diagnostic(.derivedCycle, "derived facts form a cycle: " + cycle.map { "`\($0)`" }.joined(separator: " → "),
                              at: span, notes: [.init("a derived fact cannot depend on itself, directly or through others")]))
            for member in cycle { derivedStates[member] = .failed }
            return nil
        case .pending(let declaration, let document):
            derivedStates[name] = .inProgress
            derivedStack.append(name)
            defer { derivedStack.removeLast() }
            let compiler = ExpressionCompiler(context: self, document: document)
            let symbol = compile(declaration, with: compiler)
            if case .failed? = derivedStates[name] { return nil }
            derivedStates[name] = symbol.map(DerivedState.done) ?? .failed
            return symbol
        }
    }

    private func compile(_ d: DerivedFactDeclaration, with compiler: ExpressionCompiler) -> DerivedSymbol? {
        switch d.definition {
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
