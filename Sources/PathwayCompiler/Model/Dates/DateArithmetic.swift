import PathwaySyntax

/// The date functions of ``NumericFunction`` on computed values: exact when the arguments are
/// exact, bounded when they are bounded (each is monotone in each argument), unknown otherwise.
enum DateArithmetic {
    static func apply(_ f: NumericFunction, _ args: [ComputedValue]) -> ComputedValue {
        switch f {
        case .daysBetween:
            // b - a: increasing in b, decreasing in a.
            return ComputedValue.combine(.subtract, args[1], args[0])
        case .monthsBetween:
            return monotone2(args[0], args[1], increasingInFirst: false) { a, b in CalendarDate.months(from: a, to: b) }
        case .addMonths:
            return monotone2(args[0], args[1], increasingInFirst: true) { d, n in CalendarDate.adding(months: n, to: d) }
        case .nextDue:
            guard case .exact(let start) = args[0], case .exact(let asOf) = args[1] else { return .range(nil, nil) }
            var phases: [(interval: Int64, end: Int64)] = []
            var i = 3
            while i + 1 < args.count {
                guard case .exact(let interval) = args[i], case .exact(let end) = args[i + 1],
                      interval.isInteger, end.isInteger else { return .undefined }
                phases.append((interval.numerator, end.numerator))
                i += 2
            }
            guard case .exact(let inDays) = args[2], start.isInteger, asOf.isInteger,
                  let due = Schedule.nextDue(start: start.numerator, asOf: asOf.numerator, phases: phases, inDays: inDays != .zero) else {
                return .undefined
            }
            return .exact(Rational(integer: due))
        case .min, .max, .abs, .floor, .ceil, .round:
            return .undefined
        }
    }

    /// A function of two whole numbers, monotone in each (non-decreasing in the second, and in the
    /// first as given), on bounded arguments.
    private static func monotone2(_ x: ComputedValue, _ y: ComputedValue, increasingInFirst: Bool,
                                  _ f: (Int64, Int64) -> Int64?) -> ComputedValue {
        if x == .overflow || y == .overflow { return .overflow }
        if x == .undefined || y == .undefined { return .undefined }
        func whole(_ r: Rational?) -> Int64? { r.flatMap { $0.isInteger ? $0.numerator : nil } }
        let xLow = whole(increasingInFirst ? x.low : x.high), xHigh = whole(increasingInFirst ? x.high : x.low)
        let lo = xLow.flatMap { a in whole(y.low).flatMap { f(a, $0) } }
        let hi = xHigh.flatMap { a in whole(y.high).flatMap { f(a, $0) } }
        if case .exact = x, case .exact = y {
            guard let lo else { return .undefined }
            return .exact(Rational(integer: lo))
        }
        return .between(lo.map { Rational(integer: $0) }, hi.map { Rational(integer: $0) })
    }
}

/// A schedule of dates from a start: phases of an interval each, every phase running from the end
/// of the previous one (the first from the start) to its own end, all measured from the start.
public enum Schedule {
    /// The first due date on or after `asOf`; `nil` when the schedule has ended before it. With
    /// `inDays`, intervals and ends are days; otherwise calendar months (dates by ``CalendarDate``).
    public static func nextDue(start: Int64, asOf: Int64, phases: [(interval: Int64, end: Int64)], inDays: Bool) -> Int64? {
        var phaseStart: Int64 = 0
        for phase in phases {
            guard phase.interval > 0, phase.end > phaseStart else { continue }
            // The points phaseStart + k·interval (k ≥ 1) up to the phase's end; the first on or after asOf.
            var lowK: Int64 = 1, highK = (phase.end - phaseStart) / phase.interval
            guard highK >= 1 else { phaseStart = phase.end; continue }
            guard let last = date(start, phaseStart + highK * phase.interval, inDays), last >= asOf else {
                phaseStart = phase.end
                continue
            }
            // Binary search: dates increase with k.
            while lowK < highK {
                let mid = lowK + (highK - lowK) / 2
                guard let d = date(start, phaseStart + mid * phase.interval, inDays) else { return nil }
                if d >= asOf { highK = mid } else { lowK = mid + 1 }
            }
            return date(start, phaseStart + lowK * phase.interval, inDays)
        }
        return nil
    }

    private static func date(_ start: Int64, _ offset: Int64, _ inDays: Bool) -> Int64? {
        if inDays {
            let (d, overflow) = start.addingReportingOverflow(offset)
            return overflow || d > CalendarDate.last ? nil : d
        }
        return CalendarDate.adding(months: offset, to: start)
    }
}
