import PathwayDiagnostics
import PathwaySyntax

/// What an expression denotes once its names are resolved.
enum Operand {
    /// A condition, as a formula node.
    case condition(Int)
    /// An enumeration: a fact (with its slot) or a derived fact (with a node per value).
    case enumeration(name: String, values: [String], slot: Int?, valueNodes: [String: Int])
    /// A numeric fact.
    case numericFact(FactSymbol)
    /// An arithmetic expression over facts, in `unit`.
    case arithmetic(NumericProgram, unit: PhysicalUnit?)
    /// A number literal.
    case constant(Rational, unit: PhysicalUnit?)
    /// An identifier that is neither a fact nor a derived fact: maybe an enumeration value.
    case name(String, SourceSpan)
}

/// Type checks and compiles expressions into the formula graph, in the scope of one document.
struct ExpressionCompiler {
    let context: CompilerContext
    let document: Int

    /// Compiles a condition; `nil` (with diagnostics) when it is ill-typed.
    func condition(_ e: Expression) -> Int? {
        guard let operand = operand(e) else { return nil }
        switch operand {
        case .condition(let node): return node
        case .name(let name, let span):
            reportUnknownName(name, at: span)
            return nil
        default:
            context.report(Diagnostic(.typeMismatch, "expected a condition, found \(describe(operand))", at: e.span,
                                      notes: [.init("compare it with a value, e.g. `\(e) > 10` or `\(e) == value`")]))
            return nil
        }
    }

    var builder: FormulaBuilder {
        get { context.builder }
        nonmutating set { context.builder = newValue }
    }

    func describe(_ operand: Operand) -> String {
        switch operand {
        case .condition: "a condition"
        case .enumeration(let name, _, _, _): "the enumeration `\(name)`"
        case .numericFact(let fact): "the \(fact.type) fact `\(fact.name)`"
        case .arithmetic: "a number"
        case .constant(let value, let unit): "the number `\(value)\(unit.map { " \($0.symbol)" } ?? "")`"
        case .name(let name, _): "`\(name)`"
        }
    }

    func reportUnknownName(_ name: String, at span: SourceSpan) {
        let candidates = context.visibleNames(from: document)
        var notes: [Diagnostic.Note] = []
        if context.slotByName[name] != nil || context.derivedStates[name] != nil {
            notes.append(.init("`\(name)` is declared in a vocabulary this document does not import"))
        }
        context.report(Diagnostic(.unknownFact, "unknown fact `\(name)`", at: span,
                                  label: "not declared in this guideline or its imports", notes: notes,
                                  suggestions: Suggest.closest(to: name, in: candidates, preferring: context.ownNames(of: document)).map { [.replace(with: $0)] } ?? []))
    }

    func reportUnknownUnit(_ symbol: String, at span: SourceSpan) {
        if case .failure(let diagnostic) = PhysicalUnit.parse(symbol, at: span) { context.report(diagnostic) }
    }

    // MARK: Operands

    func operand(_ e: Expression, expecting expected: PhysicalUnit? = nil) -> Operand? {
        switch e.kind {
        case .identifier(let name):
            return resolve(name, span: e.span)
        case .number(let value, let text, let unitSyntax):
            if CalendarDate.looksLikeDate(text) { return dateLiteral(text, at: e.span) }
            guard let unitSyntax else { return .constant(value, unit: nil) }
            switch PhysicalUnit.parse(unitSyntax.symbol, at: unitSyntax.span, expected: expected) {
            case .success(let unit): return .constant(value, unit: unit)
            case .failure(let diagnostic):
                context.report(diagnostic)
                return nil
            }
        case .boolean(let b):
            return .condition(builder.constant(b))
        case .not(let inner):
            return condition(inner).map { .condition(builder.not($0)) }
        case .logical(let op, let l, let r):
            // A chain `a or b or c …` is a left-deep tree as parsed: walk it iteratively, so a long
            // chain cannot exhaust the stack, and compile its operands as one junction.
            var operands = [r]
            var rest = l
            while case .logical(let inner, let l2, let r2) = rest.kind, inner == op {
                operands.append(r2)
                rest = l2
            }
            operands.append(rest)
            var nodes: [Int] = []
            var ok = true
            for operand in operands.reversed() {
                if let node = condition(operand) { nodes.append(node) } else { ok = false }
            }
            guard ok else { return nil }
            return .condition(op == .and ? builder.and(nodes) : builder.or(nodes))
        case .comparison(let op, let l, let r):
            return comparison(op, l, r, span: e.span).map(Operand.condition)
        case .membership(let element, let collection, let negated):
            return membership(element, collection, span: e.span).map { .condition(negated ? builder.not($0) : $0) }
        case .call(let name, let args, let nameSpan):
            return call(name, args, nameSpan: nameSpan, span: e.span)
        case .negate(let inner):
            guard let value = operand(inner) else { return nil }
            return arithmetic(.multiply, .constant(Rational(integer: -1), unit: nil), value, span: e.span)
        case .arithmetic(let op, let l, let r):
            let lhs = operand(l), rhs = operand(r)
            guard let lhs, let rhs else { return nil }
            return arithmetic(op, lhs, rhs, span: e.span)
        case .list, .range:
            context.report(Diagnostic(.expressionSyntax, "a list or range can only follow `in`", at: e.span))
            return nil
        }
    }

    private func resolve(_ name: String, span: SourceSpan) -> Operand {
        if let slot = context.slotByName[name], context.canSee(name, from: document) {
            let fact = context.facts[slot]
            switch fact.type {
            case .boolean: return .condition(builder.atom(Atom(.fact(slot: slot, .isTrue))))
            case .enumeration(let values): return .enumeration(name: name, values: values, slot: slot, valueNodes: [:])
            case .integer, .number: return .numericFact(fact)
            }
        }
        if context.canSee(name, from: document), let symbol = context.derivedSymbol(name, referencedAt: span) {
            if let node = symbol.booleanNode { return .condition(node) }
            if let numeric = symbol.numeric { return .arithmetic(numeric.program, unit: numeric.unit) }
            var nodes: [String: Int] = [:]
            for (value, node) in symbol.valueNodes { nodes[value] = node }
            return .enumeration(name: name, values: symbol.valueNodes.map(\.value), slot: nil, valueNodes: nodes)
        }
        if context.canSee(name, from: document), context.derivedStates[name] != nil {
            // A derived fact that failed to compile (cycle or error): already reported.
            return .condition(builder.constant(false))
        }
        return .name(name, span)
    }

    // MARK: Comparisons

    private func comparison(_ op: ComparisonOperator, _ l: Expression, _ r: Expression, span: SourceSpan) -> Int? {
        // The other side's unit guides the "did you mean" of a misspelt unit (`tumor_size < 1 cmm`).
        let lhs = operand(l)
        let rhs = operand(r, expecting: lhs.flatMap { program($0)?.1 })
        guard let lhs, let rhs else { return nil }
        if let calendar = calendarComparison(op, lhs, rhs, span: span) { return calendar }
        switch (lhs, rhs) {
        case (.enumeration(let name, let values, let slot, let nodes), .name(let value, let valueSpan)):
            return enumTest(op, name: name, values: values, slot: slot, nodes: nodes, tested: [(value, valueSpan)], span: span)
        case (.name(let value, let valueSpan), .enumeration(let name, let values, let slot, let nodes)):
            return enumTest(op, name: name, values: values, slot: slot, nodes: nodes, tested: [(value, valueSpan)], span: span)
        case (.condition, .name(let word, let wordSpan)), (.name(let word, let wordSpan), .condition):
            let lowered = word.lowercased()
            let guess = ["yes", "y", "on"].contains(lowered) ? "true" : ["no", "n", "off"].contains(lowered) ? "false" : nil
            guard let guess else {
                reportUnknownName(word, at: wordSpan)
                return nil
            }
            context.report(Diagnostic(.typeMismatch, "expected `true` or `false`, found `\(word)`", at: wordSpan,
                                      notes: [.init("booleans are written `true` and `false`; `yes`, `no`, `on` and `off` are not booleans")],
                                      suggestions: [.replace(with: guess)]))
            return nil
        case (.name(let name, let nameSpan), _), (_, .name(let name, let nameSpan)):
            reportUnknownName(name, at: nameSpan)
            return nil
        case (.condition(let a), .condition(let b)):
            guard op == .equal || op == .notEqual else {
                context.report(Diagnostic(.typeMismatch, "`\(op.rawValue)` does not apply to conditions", at: span,
                                          notes: [.init("conditions can only be compared with `==` and `!=`")]))
                return nil
            }
            let same = builder.or([builder.and([a, b]), builder.and([builder.not(a), builder.not(b)])])
            return op == .equal ? same : builder.not(same)
        case (.numericFact(let fact), .constant(let value, let unit)):
            return threshold(fact, op, value, unit, constantSpan: r.span, span: span)
        case (.constant(let value, let unit), .numericFact(let fact)):
            return threshold(fact, op.flipped, value, unit, constantSpan: l.span, span: span)
        case (.constant(let a, let ua), .constant(let b, let ub)):
            guard let (x, y) = commonUnits(a, ua, b, ub, span: span) else { return nil }
            let holds: Bool
            switch op {
            case .equal: holds = x == y
            case .notEqual: holds = x != y
            case .less: holds = x < y
            case .lessOrEqual: holds = x <= y
            case .greater: holds = x > y
            case .greaterOrEqual: holds = x >= y
            }
            return builder.constant(holds)
        case (.numericFact, _), (.arithmetic, _), (.constant, _):
            guard let (program, _) = difference(lhs, rhs, span: span) else { return nil }
            return builder.atom(Atom(.arithmetic(program, op)), writtenAt: span, text: "\(l) \(op.rawValue) \(r)")
        default:
            context.report(Diagnostic(.typeMismatch, "cannot compare \(describe(lhs)) with \(describe(rhs))", at: span))
            return nil
        }
    }

    /// `fact op value`, with the value converted exactly to the fact's unit and checked against its range.
    private func threshold(_ fact: FactSymbol, _ op: ComparisonOperator, _ value: Rational, _ unit: PhysicalUnit?,
                           constantSpan: SourceSpan, span: SourceSpan) -> Int? {
        guard let converted = convertLiteral(value, unit, to: fact, at: constantSpan) else { return nil }
        let outside = (fact.minimum.map { converted < $0 } ?? false) || (fact.maximum.map { converted > $0 } ?? false)
        if outside {
            context.report(Diagnostic(.outOfRange, "`\(value)\(unit.map { " \($0.symbol)" } ?? "")` is outside the declared range of `\(fact.name)` (\(fact.rangeDescription))",
                                      at: constantSpan, label: "no patient can have this value",
                                      notes: [.init("`\(fact.name)` is declared here", at: fact.span)]))
            return nil
        }
        return builder.atom(Atom(.fact(slot: fact.slot, .compare(op, converted))))
    }

    /// A literal in the fact's unit, or `nil` with a diagnostic when units do not fit.
    func convertLiteral(_ value: Rational, _ unit: PhysicalUnit?, to fact: FactSymbol, at span: SourceSpan) -> Rational? {
        switch (fact.type.unit, unit) {
        case (nil, nil): return value
        case (let factUnit?, nil):
            if factUnit.isPercent { return value }
            context.report(Diagnostic(.missingUnit, "`\(value)` needs a unit: `\(fact.name)` is a quantity in \(factUnit.symbol)", at: span,
                                      suggestions: [.init("did you mean `\(value) \(factUnit.symbol)`?", replacement: "\(value) \(factUnit.symbol)")]))
            return nil
        case (nil, let u?):
            context.report(Diagnostic(.incompatibleUnits, "`\(fact.name)` is a plain \(fact.type), but the value has unit `\(u.symbol)`", at: span,
                                      notes: [.init("`\(fact.name)` is declared here", at: fact.span)]))
            return nil
        case (let factUnit?, let u?):
            guard let converted = u.convert(value, to: factUnit, molarMass: fact.molarMass) else {
                if u.dimension == factUnit.dimension {
                    context.report(Diagnostic(.numberOverflow, "`\(PhysicalUnit.text(value, u))` in `\(factUnit.symbol)`, the unit of `\(fact.name)`, is too large to hold exactly",
                                              at: span, notes: [.init("Pathway's numbers are exact fractions with numerator and denominator below 2^63")]))
                    return nil
                }
                var notes: [Diagnostic.Note] = [.init("`\(fact.name)` is declared here", at: fact.span)]
                if fact.molarMass == nil, u.convertsByMolarMass(to: factUnit, .any) {
                    notes.append(.init("mass and substance concentrations convert only when the fact declares its `molar_mass`"))
                }
                context.report(Diagnostic(.incompatibleUnits, "`\(u.symbol)` (\(u.dimension)) does not convert to `\(factUnit.symbol)` (\(factUnit.dimension)), the unit of `\(fact.name)`",
                                          at: span, notes: notes))
                return nil
            }
            return converted
        }
    }

    private func commonUnits(_ a: Rational, _ ua: PhysicalUnit?, _ b: Rational, _ ub: PhysicalUnit?, span: SourceSpan) -> (Rational, Rational)? {
        switch (ua, ub) {
        case (nil, nil): return (a, b)
        case (let x?, let y?):
            if let converted = y.convert(b, to: x) { return (a, converted) }
            if x.dimension == y.dimension {
                context.report(Diagnostic(.numberOverflow, "`\(PhysicalUnit.text(b, y))` in `\(x.symbol)` is too large to hold exactly", at: span,
                                          notes: [.init("Pathway's numbers are exact fractions with numerator and denominator below 2^63")]))
                return nil
            }
        default: break
        }
        context.report(Diagnostic(.incompatibleUnits, "cannot combine `\(a)\(ua.map { " \($0.symbol)" } ?? "")` with `\(b)\(ub.map { " \($0.symbol)" } ?? "")`", at: span))
        return nil
    }

    private func enumTest(_ op: ComparisonOperator, name: String, values: [String], slot: Int?, nodes: [String: Int],
                          tested: [(String, SourceSpan)], span: SourceSpan) -> Int? {
        guard op == .equal || op == .notEqual else {
            context.report(Diagnostic(.typeMismatch, "`\(op.rawValue)` does not apply to the enumeration `\(name)`", at: span,
                                      notes: [.init("enumeration values are not ordered; use `==`, `!=`, `in [...]` or `not in [...]`")]))
            return nil
        }
        guard let node = enumMembership(name: name, values: values, slot: slot, nodes: nodes, tested: tested) else { return nil }
        return op == .equal ? node : builder.not(node)
    }

    private func enumMembership(name: String, values: [String], slot: Int?, nodes: [String: Int], tested: [(String, SourceSpan)]) -> Int? {
        var mask: UInt64 = 0
        var ok = true
        for (value, valueSpan) in tested {
            guard let index = values.firstIndex(of: value) else {
                context.report(Diagnostic(.unknownEnumValue, "`\(value)` is not a value of `\(name)`", at: valueSpan,
                                          notes: [.init("`\(name)` is one of " + values.map { "`\($0)`" }.joined(separator: ", "))],
                                          suggestions: Suggest.closest(to: value, in: values).map { [.replace(with: $0)] } ?? []))
                ok = false
                continue
            }
            mask |= 1 << UInt64(index)
        }
        guard ok else { return nil }
        if let slot { return builder.atom(Atom(.fact(slot: slot, .inSet(mask)))) }
        let chosen = values.indices.filter { mask & (1 << UInt64($0)) != 0 }.compactMap { nodes[values[$0]] }
        return builder.or(chosen)
    }

    // MARK: Membership

    private func membership(_ element: Expression, _ collection: Expression, span: SourceSpan) -> Int? {
        guard let subject = operand(element) else { return nil }
        if case .name(let name, let nameSpan) = subject {
            reportUnknownName(name, at: nameSpan)
            return nil
        }
        switch collection.kind {
        case .list(let items):
            if case .enumeration(let name, let values, let slot, let nodes) = subject {
                var tested: [(String, SourceSpan)] = []
                for item in items {
                    guard case .identifier(let value) = item.kind else {
                        context.report(Diagnostic(.typeMismatch, "expected a value of `\(name)`, found `\(item)`", at: item.span))
                        return nil
                    }
                    tested.append((value, item.span))
                }
                return enumMembership(name: name, values: values, slot: slot, nodes: nodes, tested: tested)
            }
            var alternatives: [Int] = []
            for item in items {
                guard let node = comparison(.equal, element, item, span: item.span) else { return nil }
                alternatives.append(node)
            }
            return builder.or(alternatives)
        case .range(let lower, let lowerInclusive, let upper, let upperInclusive):
            if case .enumeration(let name, _, _, _) = subject {
                context.report(Diagnostic(.typeMismatch, "a range does not apply to the enumeration `\(name)`", at: collection.span,
                                          notes: [.init("list the values instead: `\(name) in [a, b]`")]))
                return nil
            }
            let low = comparison(lowerInclusive ? .greaterOrEqual : .greater, element, lower, span: span)
            let high = comparison(upperInclusive ? .lessOrEqual : .less, element, upper, span: span)
            guard let low, let high else { return nil }
            return builder.and([low, high])
        default:
            context.report(Diagnostic(.expressionSyntax, "expected a list or a range after `in`", at: collection.span))
            return nil
        }
    }

    // MARK: Functions

    private func call(_ name: String, _ args: [Expression], nameSpan: SourceSpan, span: SourceSpan) -> Operand? {
        if ExpressionCompiler.dateFunctions.contains(name) { return dateCall(name, args, span: span) }
        if let function = NumericFunction(rawValue: name), NumericFunction.callable.contains(function) { return numericCall(function, args, span: span) }
        guard name == "known" else {
            let names = ["known"] + NumericFunction.callable.map(\.rawValue) + ExpressionCompiler.dateFunctions
            context.report(Diagnostic(.expressionSyntax, "unknown function `\(name)`", at: nameSpan,
                                      notes: [.init("the functions are " + names.map { "`\($0)`" }.joined(separator: ", "))],
                                      suggestions: Suggest.closest(to: name, in: names).map { [.replace(with: $0)] } ?? []))
            return nil
        }
        guard args.count == 1, case .identifier(let factName) = args[0].kind else {
            context.report(Diagnostic(.typeMismatch, "`known` takes one fact name, as in `known(ki67_percent)`", at: span))
            return nil
        }
        if let slot = context.slotByName[factName], context.canSee(factName, from: document) {
            return .condition(builder.atom(Atom(.fact(slot: slot, .known))))
        }
        switch resolve(factName, span: args[0].span) {
        case .condition(let node):
            // A derived condition is known when the patient's data decides it (never unknown, like `known(fact)`).
            return .condition(builder.atom(Atom(.decided(node)), writtenAt: span, text: "known(\(factName))"))
        case .enumeration(_, _, _, let nodes):
            let any = builder.or(nodes.keys.sorted().compactMap { nodes[$0] })
            return .condition(builder.atom(Atom(.decided(any)), writtenAt: span, text: "known(\(factName))"))
        case .arithmetic(let program, _):
            return .condition(builder.atom(Atom(.exact(program)), writtenAt: span, text: "known(\(factName))"))
        default:
            reportUnknownName(factName, at: args[0].span)
            return nil
        }
    }

    /// `min(a, b, …)`, `max`, `abs(x)`, `floor(x)`, `ceil(x)`, `round(x)` and `round(x, digits)`.
    private func numericCall(_ f: NumericFunction, _ args: [Expression], span: SourceSpan) -> Operand? {
        guard f.arity.contains(args.count) else {
            let expected = f.arity.lowerBound == f.arity.upperBound ? "\(f.arity.lowerBound) argument\(f.arity.lowerBound == 1 ? "" : "s")"
                : f == .round ? "a value and, optionally, a number of decimal places" : "two or more arguments"
            context.report(Diagnostic(.typeMismatch, "`\(f.rawValue)` takes \(expected), found \(args.count)", at: span))
            return nil
        }
        var programs: [NumericProgram] = []
        var unit: PhysicalUnit?
        for (k, arg) in args.enumerated() {
            guard let operand = operand(arg) else { return nil }
            if case .name(let n, let nameSpan) = operand { reportUnknownName(n, at: nameSpan); return nil }
            if f == .round && k == 1 {
                guard case .constant(let digits, nil) = operand, digits.isInteger, (-18...18).contains(digits.numerator) else {
                    context.report(Diagnostic(.typeMismatch, "the decimal places of `round` must be a whole number from -18 to 18", at: arg.span))
                    return nil
                }
                programs.append(.constant(digits))
                continue
            }
            guard let (p, u) = program(operand) else {
                context.report(Diagnostic(.typeMismatch, "`\(f.rawValue)` needs numbers, found \(describe(operand))", at: arg.span))
                return nil
            }
            if k == 0 {
                unit = u
                programs.append(p)
            } else {
                guard let aligned = align(p, from: u, to: unit, span: arg.span) else { return nil }
                programs.append(aligned)
            }
        }
        return .arithmetic(.function(f, programs), unit: unit)
    }

    /// A value expression (a derived fact's `value`, a case's value, a text's `{…}`), in `unit` (or
    /// its own unit when `unit` is nil and `keepingUnit`); `nil` with a diagnostic when it is not a number.
    func value(_ e: Expression, in unit: PhysicalUnit?, keepingUnit: Bool = false, what: String) -> NumericProgram? {
        valueWithUnit(e, in: unit, keepingUnit: keepingUnit, what: what)?.program
    }

    /// ``value(_:in:keepingUnit:what:)`` with the unit the value ends up in.
    func valueWithUnit(_ e: Expression, in unit: PhysicalUnit?, keepingUnit: Bool = false, what: String) -> (program: NumericProgram, unit: PhysicalUnit?)? {
        guard let operand = operand(e) else { return nil }
        if case .name(let n, let nameSpan) = operand { reportUnknownName(n, at: nameSpan); return nil }
        guard let (p, u) = program(operand) else {
            context.report(Diagnostic(.typeMismatch, "expected a number for \(what), found \(describe(operand))", at: e.span))
            return nil
        }
        if keepingUnit && unit == nil { return (p, u) }
        if case .constant(let c, nil) = operand, let unit, !unit.isPercent {
            context.report(Diagnostic(.missingUnit, "`\(c)` needs a unit: \(what) is a quantity in \(unit.symbol)", at: e.span,
                                      suggestions: [.init("did you mean `\(c) \(unit.symbol)`?", replacement: "\(c) \(unit.symbol)")]))
            return nil
        }
        guard let aligned = align(p, from: u, to: unit, span: e.span) else { return nil }
        return (aligned, unit)
    }

    /// A text's `{…}` values compiled; `nil` (with diagnostics) when one does not compile.
    func template(_ syntax: TextTemplateSyntax) -> TextTemplate? {
        var pieces: [TextTemplate.Piece] = []
        var ok = true
        for piece in syntax.pieces {
            switch piece {
            case .text(let t): pieces.append(.text(t))
            case .value(let condition):
                guard let e = condition.expression, let (program, unit) = valueWithUnit(e, in: nil, keepingUnit: true, what: "a value shown in a text") else {
                    ok = false
                    continue
                }
                var round: Int?
                if case .identifier(let name) = e.kind, context.canSee(name, from: document),
                   let symbol = context.derivedSymbol(name, referencedAt: e.span) { round = symbol.numeric?.round }
                // Shown values of a derived fact are `known(name)`; of another expression, the analysis describes them itself.
                let shownName: String? = if case .identifier(let name) = e.kind { name } else { nil }
                let determined = builder.atom(Atom(.determined(program)), writtenAt: condition.span, text: shownName.map { "known(\($0))" })
                let derived = e.referencedNames.filter { context.derivedStates[$0] != nil && context.canSee($0, from: document) }
                pieces.append(.value(.init(source: condition.text, program: program, unit: unit, round: round, determined: determined, derived: derived, span: condition.span)))
            }
        }
        return ok ? TextTemplate(pieces: pieces) : nil
    }

    /// Whether a program's value is a whole number for every patient.
    func isWhole(_ p: NumericProgram) -> Bool {
        switch p {
        case .constant(let c): return c.isInteger
        case .slot(let s): return context.facts[s].type == .integer
        case .negate(let a): return isWhole(a)
        case .binary(let op, let a, let b): return op != .divide && isWhole(a) && isWhole(b)
        case .function(let f, let args):
            switch f {
            case .floor, .ceil: return true
            case .round: return args.count == 1 || args[1] == .constant(.zero) || (args.count == 2 && args[1].isNonPositiveConstant)
            case .min, .max, .abs: return args.allSatisfy(isWhole)
            case .daysBetween, .monthsBetween, .addMonths, .nextDue: return true
            }
        case .cases(let cs, let otherwise), .extreme(_, let cs, let otherwise): return cs.allSatisfy { isWhole($0.value) } && isWhole(otherwise)
        case .sum(let cs): return cs.allSatisfy { isWhole($0.value) }
        }
    }

    // MARK: Arithmetic

    func program(_ operand: Operand) -> (NumericProgram, PhysicalUnit?)? {
        switch operand {
        case .numericFact(let fact): return (.slot(fact.slot), fact.type.unit)
        case .arithmetic(let p, let unit): return (p, unit)
        case .constant(let value, let unit): return (.constant(value), unit)
        default: return nil
        }
    }

    private func arithmetic(_ op: ArithmeticOperator, _ lhs: Operand, _ rhs: Operand, span: SourceSpan) -> Operand? {
        if let dated = dateArithmetic(op, lhs, rhs, span: span) { return dated }
        if case .constant(let a, let ua) = lhs, case .constant(let b, let ub) = rhs {
            switch op {
            case .add, .subtract:
                guard let (x, y) = commonUnits(a, ua, b, ub, span: span) else { return nil }
                let result = op == .add ? x.adding(y) : x.adding(y.negated)
                guard let result else { return overflow(span) }
                return .constant(result, unit: ua)
            case .multiply, .divide:
                guard ua == nil || ub == nil else {
                    context.report(Diagnostic(.incompatibleUnits, "cannot multiply or divide two quantities with units", at: span))
                    return nil
                }
                guard let result = op == .multiply ? a.multiplied(by: b) : a.divided(by: b) else { return overflow(span) }
                return .constant(result, unit: ua ?? (op == .multiply ? ub : nil))
            }
        }
        guard let (p, unitP) = program(lhs), let (q, unitQ) = program(rhs) else {
            context.report(Diagnostic(.typeMismatch, "arithmetic needs numbers, found \(describe(lhs)) and \(describe(rhs))", at: span))
            return nil
        }
        switch op {
        case .add, .subtract:
            guard let scaled = align(q, from: unitQ, to: unitP, span: span) else { return nil }
            return .arithmetic(.binary(op, p, scaled), unit: unitP)
        case .multiply, .divide:
            guard unitP == nil || unitQ == nil else {
                context.report(Diagnostic(.incompatibleUnits, "cannot multiply or divide two quantities with units", at: span))
                return nil
            }
            return .arithmetic(.binary(op, p, q), unit: unitP ?? (op == .multiply ? unitQ : nil))
        }
    }

    private func overflow(_ span: SourceSpan) -> Operand? {
        context.report(Diagnostic(.numberOverflow, "the result is too large to compute exactly", at: span,
                                  notes: [.init("Pathway's numbers are exact fractions with numerator and denominator below 2^63")]))
        return nil
    }

    /// A program in `from` rescaled to `to`; units of different dimensions are an error.
    private func align(_ program: NumericProgram, from: PhysicalUnit?, to: PhysicalUnit?, span: SourceSpan) -> NumericProgram? {
        switch (from, to) {
        case (nil, nil): return program
        case (let f?, let t?) where f.dimension == t.dimension:
            if let months = calendarAligned(program, to: t) { return months }
            guard let factor = f.ratio(to: t) else {
                _ = overflow(span)
                return nil
            }
            return factor == .one ? program : .binary(.multiply, program, .constant(factor))
        case (nil, let t?) where t.isPercent, (let t?, nil) where t.isPercent:
            return program
        default:
            context.report(Diagnostic(.incompatibleUnits, "cannot combine a value in `\(from?.symbol ?? "no unit")` with one in `\(to?.symbol ?? "no unit")`", at: span))
            return nil
        }
    }

    /// `lhs - rhs` as a program, for comparing two computed numbers.
    private func difference(_ lhs: Operand, _ rhs: Operand, span: SourceSpan) -> (NumericProgram, PhysicalUnit?)? {
        guard let (p, unitP) = program(lhs), let (q, unitQ) = program(rhs) else {
            context.report(Diagnostic(.typeMismatch, "cannot compare \(describe(lhs)) with \(describe(rhs))", at: span))
            return nil
        }
        if case .constant = rhs, unitQ == nil, let u = unitP, !u.isPercent {
            context.report(Diagnostic(.missingUnit, "the number needs a unit to be compared with a quantity in \(u.symbol)", at: span))
            return nil
        }
        guard let scaled = align(q, from: unitQ, to: unitP, span: span) else { return nil }
        return (.binary(.subtract, p, scaled), unitP)
    }
}
