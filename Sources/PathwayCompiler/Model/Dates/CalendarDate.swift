import Foundation
import PathwaySyntax

/// Dates as day numbers (days since 1970-01-01, proleptic Gregorian calendar), and the calendar
/// arithmetic Pathway defines on them. Everything is integer arithmetic: exact, and the same in
/// every output.
///
/// Calendar rules (docs/language.md, "Dates"):
/// - `d + n months` moves the month by `n` and keeps the day of the month, clamped to the last day
///   of the target month: 31 January + 1 month = 28 February (29 in a leap year); 29 February 2024
///   + 1 year = 28 February 2025. A year is 12 months.
/// - the time from `a` to `b` in months is the number of whole calendar months `m` with
///   `a + m months <= b` (negative when `b` is before `a`);
/// - days, weeks, hours, minutes convert exactly by UCUM (1 wk = 7 d, 1 d = 24 h).
public enum CalendarDate {
    /// The supported years, 1–9999 (ISO 8601 without expansion).
    public static let years: ClosedRange<Int64> = 1...9999

    /// The day number of a civil date; `nil` when the date does not exist (`2023-02-29`).
    /// (Howard Hinnant's days-from-civil algorithm.)
    public static func day(year: Int64, month: Int64, day: Int64) -> Int64? {
        guard years.contains(year), (1...12).contains(month), (1...daysIn(year: year, month: month)).contains(day) else { return nil }
        return daysFromCivil(year: year, month: month, day: day)
    }

    /// The day number of year, month (1–12) and day, unchecked: a day past the month's end counts on
    /// into the next month (Howard Hinnant's days-from-civil algorithm, exact integer arithmetic).
    public static func daysFromCivil(year: Int64, month: Int64, day: Int64) -> Int64 {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// The civil date of a day number (civil-from-days).
    public static func civil(_ z0: Int64) -> (year: Int64, month: Int64, day: Int64) {
        let z = z0 + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }

    /// Whether `year` is a leap year.
    public static func isLeap(_ year: Int64) -> Bool { year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) }

    /// The number of days in a month.
    public static func daysIn(year: Int64, month: Int64) -> Int64 {
        switch month {
        case 2: isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// The first and last day numbers supported (0001-01-01 and 9999-12-31).
    public static let first: Int64 = day(year: 1, month: 1, day: 1) ?? 0
    public static let last: Int64 = day(year: 9999, month: 12, day: 31) ?? 0

    /// Parses `YYYY-MM-DD` (ISO 8601 calendar date, four-digit year); `nil` otherwise.
    public static func parse(_ text: some StringProtocol) -> Int64? {
        Array(text.utf8).withUnsafeBufferPointer { parse(utf8: $0) }
    }

    /// Parses `YYYY-MM-DD` from UTF-8 bytes (the fast cohort reader's values, without a string).
    public static func parse(utf8 u: UnsafeBufferPointer<UInt8>) -> Int64? {
        guard u.count == 10, u[4] == UInt8(ascii: "-"), u[7] == UInt8(ascii: "-") else { return nil }
        func number(_ r: Range<Int>) -> Int64? {
            var n: Int64 = 0
            for i in r {
                guard u[i] >= 0x30, u[i] <= 0x39 else { return nil }
                n = n * 10 + Int64(u[i] - 0x30)
            }
            return n
        }
        guard let y = number(0..<4), let m = number(5..<7), let d = number(8..<10) else { return nil }
        return day(year: y, month: m, day: d)
    }

    /// Whether the text has the shape of an ISO date (`NNNN-NN-NN`), valid or not: such text is
    /// meant as a date, and an invalid one is reported as such.
    public static func looksLikeDate(_ text: some StringProtocol) -> Bool {
        let u = Array(text.utf8)
        guard u.count == 10, u[4] == UInt8(ascii: "-"), u[7] == UInt8(ascii: "-") else { return false }
        return [0, 1, 2, 3, 5, 6, 8, 9].allSatisfy { u[$0] >= 0x30 && u[$0] <= 0x39 }
    }

    /// `YYYY-MM-DD` for a day number.
    public static func text(_ day: Int64) -> String {
        let c = civil(day)
        func pad(_ n: Int64, _ width: Int) -> String {
            let s = String(n)
            return String(repeating: "0", count: max(0, width - s.count)) + s
        }
        return "\(pad(c.year, 4))-\(pad(c.month, 2))-\(pad(c.day, 2))"
    }

    /// `d + n months` by the calendar rule (day clamped to the month's end); `nil` outside the
    /// supported years.
    public static func adding(months n: Int64, to d: Int64) -> Int64? {
        guard d >= first, d <= last, abs(n) <= 12 * 10_000 else { return nil }
        let c = civil(d)
        let index = c.year * 12 + (c.month - 1) + n
        let year = index >= 0 ? index / 12 : (index - 11) / 12
        let month = index - year * 12 + 1
        guard years.contains(year) else { return nil }
        return day(year: year, month: month, day: min(c.day, daysIn(year: year, month: month)))
    }

    /// The whole calendar months from `a` to `b`: the largest `m` with `a + m months <= b` (for
    /// `b >= a`), or minus the largest `m` with `b + m months <= a`... mirrored, so it is antisymmetric.
    public static func months(from a: Int64, to b: Int64) -> Int64? {
        guard a >= first, a <= last, b >= first, b <= last else { return nil }
        if b < a { return months(from: b, to: a).map { -$0 } }
        let ca = civil(a), cb = civil(b)
        var m = (cb.year - ca.year) * 12 + (cb.month - ca.month)
        while m > 0, let shifted = adding(months: m, to: a), shifted > b { m -= 1 }
        return m
    }

    /// Today's date in UTC, the evaluation date when none is given.
    public static func today() -> Int64 {
        Int64((Date().timeIntervalSince1970 / 86_400).rounded(.down))
    }
}

extension PhysicalUnit {
    /// The "unit" of a date fact: a point on the day axis (day numbers), printed as `YYYY-MM-DD`.
    /// Not a UCUM unit and never written by authors; `type: date` gives it.
    public static let date = PhysicalUnit(symbol: "date", dimension: Dimension(special: "date"), scale: .one)

    /// Whether values in this unit are dates.
    public var isDate: Bool { dimension.special == "date" }

    /// Whether this is a calendar unit of time (`mo`, `a` and their long spellings): durations in it
    /// count calendar months where dates are involved. `mo_j`, `a_j`, `a_g` stay fixed lengths.
    public var isCalendarMonths: Bool {
        guard dimension == .time else { return false }
        return ["mo", "a", "month", "months", "year", "years"].contains(symbol)
    }

    /// For a calendar unit, how many months one of it is (`a` is 12).
    public var monthsPerUnit: Int64? {
        guard isCalendarMonths else { return nil }
        return ["a", "year", "years"].contains(symbol) ? 12 : 1
    }
}
