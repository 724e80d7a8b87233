import PathwayDiagnostics
import PathwaySyntax

/// Dates, durations and schedules in expressions (docs/language.md, "Dates"):
/// `2021-06-01` literals; `time_since(d)`, the time from a date to the evaluation date;
/// `time_between(a, b)`; `d + 3 months`; `next_due(start, every, until, …)`.
///
/// A duration is a number of days (unit `d`) computed by ``NumericFunction/daysBetween``; where it
/// meets a calendar unit (`month`, `year`, `mo`, `a`) it counts whole calendar months instead, so
/// `time_since(resection_date) >= 3 years` holds exactly from the third anniversary on.
extension ExpressionCompiler {
    /// The names of the date functions.
    static let dateFunctions = ["time_since", "time_between", "next_due"]

    /// A date literal (`2021-06-01`): its day number, or a diagnostic (PW0410) when no such day exists.
    func dateLiteral(_ text: String, at span: SourceSpan) -> Operand? {
        guard let day = CalendarDate.parse(text) else {
            context.report(Diagnostic(.invalidDate, "`\(text)` is not a date", at: span,
                                      notes: [.init("dates are written `YYYY-MM-DD` (ISO 8601), years 0001 to 9999, and must exist (`2023-02-29` does not)")]))
            return nil
        }
        return .constant(Rational(integer: day), unit: .date)
    }

    /// `time_since(d)`, `time_between(a, b)`, `next_due(start, every, until, …)`.
    func dateCall(_ name: String, _ args: [Expression], span: SourceSpan) -> Operand? {
        switch name {
        case "time_since":
            guard args.count == 1, let d = dateProgram(args[0], what: "`time_since`") else {
                if args.count != 1 { context.report(Diagnostic(.typeMismatch, "`time_since` takes one date, as in `time_since(resection_date)`", at: span)) }
                return nil
            }
            return .arithmetic(.function(.daysBetween, [d, .slot(context.evaluationDateSlot())]), unit: PhysicalUnit.named("d"))
        case "time_between":
            guard args.count == 2 else {
                context.report(Diagnostic(.typeMismatch, "`time_between` takes two dates, as in `time_between(diagnosis_date, progression_date)`", at: span))
                return nil
            }
            guard let a = dateProgram(args[0], what: "`time_between`"), let b = dateProgram(args[1], what: "`time_between`") else { return nil }
            return .arithmetic(.function(.daysBetween, [a, b]), unit: PhysicalUnit.named("d"))
        default:
            return nextDue(args, span: span)
        }
    }

    /// `next_due(start, every₁, until₁, every₂, until₂, …)`: the first due date on or after the
    /// evaluation date; no value once the last phase has ended.
    private func nextDue(_ args: [Expression], span: SourceSpan) -> Operand? {
        guard args.count >= 3, args.count % 2 == 1, args.count <= 41 else {
            context.report(Diagnostic(.invalidSchedule, "`next_due` takes a start date and pairs of an interval and an end, as in `next_due(resection_date, 3 months, 3 years, 6 months, 5 years)`", at: span))
            return nil
        }
        guard let start = dateProgram(args[0], what: "`next_due`") else { return nil }
        var durations: [(value: Rational, unit: PhysicalUnit, span: SourceSpan)] = []
        for arg in args.dropFirst() {
            guard let o = operand(arg), case .constant(let v, let u?) = o, u.dimension == .time, v > .zero else {
                context.report(Diagnostic(.invalidSchedule, "an interval or end of `next_due` is a positive duration such as `3 months` or `6 weeks`", at: arg.span))
                return nil
            }
            durations.append((v, u, arg.span))
        }
        let calendar = durations.allSatisfy { $0.unit.isCalendarMonths }
        var constants: [NumericProgram] = [.constant(calendar ? .zero : .one)]
        var previousEnd: Rational = .zero
        for (k, d) in durations.enumerated() {
            let amount: Rational?
            if calendar {
                amount = d.value.multiplied(by: Rational(integer: d.unit.monthsPerUnit ?? 1))
            } else {
                amount = PhysicalUnit.named("d").flatMap { d.unit.convert(d.value, to: $0) }
            }
            guard let amount, amount.isInteger else {
                context.report(Diagnostic(.invalidSchedule, calendar ? "a schedule in months and years needs whole months" : "a schedule in days and weeks needs whole days (write months and years for all its intervals and ends, or none)",
                                          at: d.span))
                return nil
            }
            if k % 2 == 1 {
                guard amount > previousEnd else {
                    context.report(Diagnostic(.invalidSchedule, "each end of a schedule comes after the previous one", at: d.span))
                    return nil
                }
                previousEnd = amount
            }
            constants.append(.constant(amount))
        }
        return .arithmetic(.function(.nextDue, [start, .slot(context.evaluationDateSlot())] + constants), unit: .date)
    }

    /// An argument that must be a date.
    private func dateProgram(_ e: Expression, what: String) -> NumericProgram? {
        guard let o = operand(e) else { return nil }
        guard let (p, u) = program(o), u?.isDate == true else {
            context.report(Diagnostic(.typeMismatch, "\(what) needs a date, found \(describe(o))", at: e.span,
                                      notes: [.init("a date is a fact of `type: date` or a literal such as `2024-03-31`")]))
            return nil
        }
        return p
    }

    /// `date ± duration` (calendar months where the duration is in months or years, else days) and
    /// `date - date` (days); `nil` when neither side is a date.
    func dateArithmetic(_ op: ArithmeticOperator, _ lhs: Operand, _ rhs: Operand, span: SourceSpan) -> Operand?? {
        guard let (p, unitP) = program(lhs), let (q, unitQ) = program(rhs) else { return .none }
        guard unitP?.isDate == true || unitQ?.isDate == true else { return .none }
        switch (op, unitP?.isDate == true, unitQ?.isDate == true) {
        case (.subtract, true, true):
            return .some(.arithmetic(.function(.daysBetween, [q, p]), unit: PhysicalUnit.named("d")))
        case (.add, true, false), (.subtract, true, false), (.add, false, true):
            let (date, duration, durationUnit) = unitP?.isDate == true ? (p, q, unitQ) : (q, p, unitP)
            guard let durationUnit, durationUnit.dimension == .time else {
                context.report(Diagnostic(.incompatibleUnits, "a date can only be moved by a duration such as `3 months` or `14 days`", at: span))
                return .some(nil)
            }
            let sign: NumericProgram = op == .subtract ? .constant(Rational(integer: -1)) : .constant(.one)
            if let perUnit = durationUnit.monthsPerUnit {
                var months = NumericProgram.binary(.multiply, .binary(.multiply, duration, .constant(Rational(integer: perUnit))), sign)
                if case .constant(let c) = duration, let m = c.multiplied(by: Rational(integer: perUnit * (op == .subtract ? -1 : 1))) {
                    guard m.isInteger else {
                        context.report(Diagnostic(.invalidDate, "a date moves by whole calendar months; write days or weeks for a part of a month", at: span))
                        return .some(nil)
                    }
                    months = .constant(m)
                }
                return .some(.arithmetic(.function(.addMonths, [date, months]), unit: .date))
            }
            guard let days = PhysicalUnit.named("d"), let factor = durationUnit.ratio(to: days) else { return .some(nil) }
            return .some(.arithmetic(.binary(.add, date, .binary(.multiply, duration, .binary(.multiply, .constant(factor), sign))), unit: .date))
        default:
            context.report(Diagnostic(.incompatibleUnits, "dates can be subtracted from each other and moved by durations, not \(op == .add ? "added" : "multiplied or divided")", at: span))
            return .some(nil)
        }
    }

    /// A duration compared with a calendar amount (`time_since(d) >= 3 years`): the later date
    /// compared with the earlier one moved by the calendar (`as_of >= d + 36 months`), so every
    /// operator means what it says at the anniversary itself. `nil` when not of that shape.
    func calendarComparison(_ op: ComparisonOperator, _ lhs: Operand, _ rhs: Operand, span: SourceSpan) -> Int?? {
        func shape(_ a: Operand, _ b: Operand) -> ([NumericProgram], Rational, PhysicalUnit)? {
            guard case .arithmetic(.function(.daysBetween, let args), _) = a, case .constant(let n, let u?) = b, u.isCalendarMonths else { return nil }
            return (args, n, u)
        }
        let flipped: Bool
        let found: ([NumericProgram], Rational, PhysicalUnit)
        if let s = shape(lhs, rhs) { found = s; flipped = false } else if let s = shape(rhs, lhs) { found = s; flipped = true } else { return .none }
        let (args, n, unit) = found
        guard let months = n.multiplied(by: Rational(integer: unit.monthsPerUnit ?? 1)), months.isInteger else {
            context.report(Diagnostic(.invalidDate, "a duration in months or years compared with the time between dates must be a whole number of months",
                                      at: span, notes: [.init("calendar months have no fixed length; write days or weeks for a part of a month")]))
            return .some(nil)
        }
        // `time from a to b` op `n months` ⟺ `b` op `a + n months`: the days from the shifted date to `b`, op 0.
        let program = NumericProgram.function(.daysBetween, [.function(.addMonths, [args[0], .constant(months)]), args[1]])
        return .some(builder.atom(Atom(.arithmetic(program, flipped ? op.flipped : op)), writtenAt: span))
    }

    /// A duration in days turned into whole calendar months where the target unit is calendar.
    func calendarAligned(_ program: NumericProgram, to unit: PhysicalUnit) -> NumericProgram? {
        guard case .function(.daysBetween, let args) = program, let perUnit = unit.monthsPerUnit else { return nil }
        let months = NumericProgram.function(.monthsBetween, args)
        return perUnit == 1 ? months : .binary(.divide, months, .constant(Rational(integer: perUnit)))
    }
}

extension CompilerContext {
    /// The slot of the evaluation date, the built-in date fact `as_of` (declared on first use, unless
    /// a document declares an `as_of` of `type: date` itself). Patients may carry it; otherwise the
    /// evaluator fills in `--as-of` or the current date.
    func evaluationDateSlot() -> Int {
        if let slot = slotByName[EvaluationDate.factName] { return slot }
        let symbol = FactSymbol(name: EvaluationDate.factName, slot: facts.count, type: .number(.date), minimum: nil, maximum: nil,
                                description: FactSymbol.evaluationDate.description, span: FactSymbol.evaluationDate.span, declaredIn: EvaluationDate.builtIn)
        slotByName[symbol.name] = symbol.slot
        facts.append(symbol)
        return symbol.slot
    }
}

extension FactSymbol {
    /// The built-in evaluation-date fact, for reading an `as_of` that no guideline uses.
    public static let evaluationDate = FactSymbol(name: EvaluationDate.factName, slot: 0, type: .number(.date), minimum: nil, maximum: nil,
                                                  description: "the evaluation date", span: .wholeFile("<built-in>"), declaredIn: EvaluationDate.builtIn)
}

/// The evaluation date's fact.
public enum EvaluationDate {
    /// The name of the fact, and the patient key that sets it: `as_of`.
    public static let factName = "as_of"
    /// The `declaredIn` of the built-in fact.
    public static let builtIn = "<built-in>"
}
