import Foundation
import PathwayDiagnostics
import PathwaySyntax

extension CompilerContext {
    /// Resolves imports into visibility lists, then every fact declaration into a slot and a type.
    func resolveFacts() {
        var indexByPath: [String: Int] = [:]
        for (i, d) in documents.enumerated() { indexByPath[DocumentLoader.normalize(d.path)] = i }
        visible = documents.enumerated().map { i, d in
            let directory = (d.path as NSString).deletingLastPathComponent
            let imported = d.imports.compactMap { indexByPath[DocumentLoader.normalize((directory as NSString).appendingPathComponent($0.value))] }
            return [i] + imported.filter { documents[$0].kind == .vocabulary && $0 != i }
        }
        var firstDeclaration: [String: SourceSpan] = [:]
        // Vocabularies first: a shared name belongs to the vocabulary, and the local copy is the duplicate.
        let order = documents.indices.filter { documents[$0].kind == .vocabulary } + documents.indices.filter { documents[$0].kind == .guideline }
        for documentIndex in order {
            let document = documents[documentIndex]
            for declaration in document.facts {
                let name = declaration.name.value
                if let first = firstDeclaration[name] {
                    report(Diagnostic(.conflictingDeclaration, "fact `\(name)` is declared more than once", at: declaration.name.span,
                                      notes: [.init("first declared here", at: first),
                                              .init("one name means one thing everywhere: declare it once, in a shared vocabulary")]))
                    continue
                }
                firstDeclaration[name] = declaration.name.span
                guard let symbol = resolveFact(declaration, slot: facts.count, document: documents[documentIndex].id.value) else { continue }
                slotByName[name] = symbol.slot
                facts.append(symbol)
            }
        }
        for documentIndex in order {
            for declaration in documents[documentIndex].derived {
                let name = declaration.name.value
                if let first = firstDeclaration[name] {
                    report(Diagnostic(.conflictingDeclaration, "`\(name)` is declared more than once", at: declaration.name.span,
                                      notes: [.init("first declared here", at: first)]))
                    continue
                }
                firstDeclaration[name] = declaration.name.span
            }
        }
        for documentIndex in order {
            for table in documents[documentIndex].tables {
                for column in table.outputs where column.type.isTyped {
                    let name = column.name.value
                    if let first = firstDeclaration[name] {
                        report(Diagnostic(.conflictingDeclaration, "output `\(name)` of table `\(table.id.value)` is also declared elsewhere", at: column.name.span,
                                          notes: [.init("first declared here", at: first),
                                                  .init("a typed output is a derived fact named like its column; rename the column or the other declaration")]))
                        continue
                    }
                    firstDeclaration[name] = column.name.span
                }
            }
        }
    }

    private func unit(_ written: Located<String>) -> PhysicalUnit? {
        switch PhysicalUnit.parse(written.value, at: written.span) {
        case .success(let unit): return unit
        case .failure(let diagnostic): report(diagnostic); return nil
        }
    }

    private func resolveFact(_ d: FactDeclaration, slot: Int, document: String) -> FactSymbol? {
        var type: FactType
        var minimum: Rational?, maximum: Rational?
        switch d.type {
        case .boolean: type = .boolean
        case .integer: type = .integer
        case .number(nil): type = .number(nil)
        case .number(let written?), .quantity(let written):
            guard let u = unit(written) else { return nil }
            type = .number(u)
        case .date:
            type = .number(.date)
        case .percentage:
            type = .number(PhysicalUnit.named("%"))
            minimum = Rational(integer: 0)
            maximum = Rational(integer: 100)
        case .enumeration(let values):
            if values.count > 64 {
                report(Diagnostic(.tooManyValues, "enum `\(d.name.value)` lists \(values.count) values, more than the limit of 64", at: d.typeSpan))
                return nil
            }
            if values.isEmpty {
                report(Diagnostic(.missingKey, "enum `\(d.name.value)` lists no values", at: d.typeSpan))
                return nil
            }
            type = .enumeration(values.map(\.value))
        }
        func bound(_ n: NumberSyntax?, _ which: String) -> Rational? {
            guard let n else { return nil }
            guard type.isNumeric else {
                report(Diagnostic(.typeMismatch, "a \(type) fact has no range", at: n.span))
                return nil
            }
            guard let written = n.unit else { return n.value }
            guard let u = unit(written) else { return nil }
            guard let factUnit = type.unit, let converted = u.convert(n.value, to: factUnit) else {
                report(Diagnostic(.incompatibleUnits, "range.\(which) of `\(d.name.value)` is in `\(u.symbol)`, which does not convert to the fact's unit",
                                  at: n.span))
                return nil
            }
            return converted
        }
        minimum = bound(d.minimum, "min") ?? minimum
        maximum = bound(d.maximum, "max") ?? maximum
        if let lo = minimum, let hi = maximum, hi < lo, let span = d.maximum?.span ?? d.minimum?.span {
            report(Diagnostic(.invalidValue, "range of `\(d.name.value)` is empty: max \(hi) is below min \(lo)", at: span))
        }
        var symbol = FactSymbol(name: d.name.value, slot: slot, type: type, minimum: minimum, maximum: maximum,
                                description: d.description, span: d.name.span, declaredIn: document)
        if let written = d.molarMass { symbol.molarMass = molarMass(written, of: d, type: type) }
        return symbol
    }

    /// A fact's declared molar mass: a positive quantity of mass per amount of substance, on a
    /// quantity fact (PW0409 otherwise).
    private func molarMass(_ n: NumberSyntax, of d: FactDeclaration, type: FactType) -> MolarMass? {
        guard let written = n.unit else {
            report(Diagnostic(.invalidMolarMass, "the molar mass of `\(d.name.value)` needs a unit, e.g. `\(n.value) g/mol`", at: n.span,
                              suggestions: [.replace(with: "\(n.value) g/mol")]))
            return nil
        }
        guard let unit = self.unit(written) else { return nil }
        guard unit.dimension == MolarMass.dimension, n.value > .zero else {
            report(Diagnostic(.invalidMolarMass, "the molar mass of `\(d.name.value)` must be a positive mass per amount of substance such as `g/mol`; `\(unit.symbol)` measures \(unit.dimension)",
                              at: n.span))
            return nil
        }
        guard type.unit != nil else {
            report(Diagnostic(.invalidMolarMass, "only a quantity fact has a molar mass; `\(d.name.value)` is \(type)", at: n.span))
            return nil
        }
        return MolarMass(value: n.value, unit: unit)
    }
}
