import PathwayCompiler

/// A FHIR `date`, `dateTime` or `instant` as an exact point in time (seconds since 1970-01-01 UTC);
/// a partial date (`2024`, `2024-03`) is the start of its period, a date without a time its midnight
/// UTC. Fractions of a second are kept as written, compared digit by digit.
///
/// The grammar is FHIR R4's (https://hl7.org/fhir/R4/datatypes.html#dateTime, regular expressions of
/// `date`, `dateTime`, `instant`): a year `0001` to `9999`, then optionally `-MM`, `-DD`; a
/// dateTime's time is `Thh:mm:ss` with an optional fraction (digits past the ninth are not compared), and then needs a zone
/// (`Z` or `+hh:mm`/`-hh:mm` up to `14:00`), since "if hours and minutes are specified, a time zone
/// SHALL be populated" and "seconds must be provided"; an instant always has the full time and a
/// zone. "Dates SHALL be valid dates": a day past the month's end (`2023-02-30`, `2023-02-29`) is
/// rejected, leap years as in the Gregorian calendar (``CalendarDate/daysIn(year:month:)``).
public struct FHIRDate: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// Seconds since 1970-01-01T00:00:00Z.
    public let seconds: Int64
    /// The fraction of a second, as its digits padded to 9 (nanoseconds).
    public let nanoseconds: Int64
    /// The text as written.
    public let description: String

    /// The FHIR R4 primitive type a date element has.
    public enum Kind: String, Sendable {
        /// `date`: `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
        case date
        /// `dateTime`: a date, or a date with a time and a zone.
        case dateTime
        /// `instant`: a full date, time and zone.
        case instant

        /// The grammar, for a diagnostic's note.
        var grammarNote: String {
            switch self {
            case .date: "a FHIR date is `YYYY`, `YYYY-MM` or `YYYY-MM-DD`, and a valid calendar date"
            case .dateTime: "a FHIR dateTime is `YYYY`, `YYYY-MM`, `YYYY-MM-DD` or `YYYY-MM-DDThh:mm:ss[.fff]` with `Z` or `±hh:mm`, and a valid calendar date"
            case .instant: "a FHIR instant is `YYYY-MM-DDThh:mm:ss[.fff]` with `Z` or `±hh:mm`, and a valid calendar date"
            }
        }
    }

    /// Why a text is not a FHIR date of its kind.
    public enum Problem: Error, Hashable, Sendable, CustomStringConvertible {
        /// It does not follow the grammar.
        case grammar
        /// The day is past the end of its month.
        case dayPastMonthEnd(year: Int64, month: Int64, day: Int64, days: Int64)

        public var description: String {
            switch self {
            case .grammar: "it does not follow the grammar"
            case .dayPastMonthEnd(let year, let month, let day, let days):
                "day \(day) is past the end of \(Self.monthNames[Int(month) - 1]) \(year), which has \(days) days"
            }
        }

        static let monthNames = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"]
    }

    /// Parses a FHIR R4 date, dateTime or instant (any of the three); `nil` for anything else.
    public init?(_ text: String) {
        guard case .success(let date) = Self.parse(text, as: .dateTime) else { return nil }
        self = date
    }

    private init(seconds: Int64, nanoseconds: Int64, description: String) {
        self.seconds = seconds
        self.nanoseconds = nanoseconds
        self.description = description
    }

    /// Parses `text` as FHIR R4's `kind` (an instant is also a dateTime, a date also a dateTime), or
    /// says why not.
    public static func parse(_ text: String, as kind: Kind) -> Result<FHIRDate, Problem> {
        let s = Array(text.utf8)
        func digits(_ from: Int, _ count: Int) -> Int64? {
            guard from + count <= s.count else { return nil }
            var v: Int64 = 0
            for i in from..<(from + count) {
                guard s[i] >= 0x30, s[i] <= 0x39 else { return nil }
                v = v * 10 + Int64(s[i] - 0x30)
            }
            return v
        }
        guard let year = digits(0, 4), year >= 1 else { return .failure(.grammar) }
        var month: Int64 = 1, day: Int64 = 1, hour: Int64 = 0, minute: Int64 = 0, second: Int64 = 0, nanos: Int64 = 0, offset: Int64 = 0
        var i = 4
        var hasTime = false, hasDay = false
        if i < s.count {
            guard s[i] == 0x2D, let m = digits(i + 1, 2), (1...12).contains(m) else { return .failure(.grammar) }
            month = m; i += 3
            if i < s.count {
                guard s[i] == 0x2D, let d = digits(i + 1, 2), (1...31).contains(d) else { return .failure(.grammar) }
                day = d; i += 3
                hasDay = true
                if i < s.count {
                    guard kind != .date else { return .failure(.grammar) }
                    // `Thh:mm:ss`, seconds required (R4: "seconds must be provided").
                    guard s[i] == 0x54, let h = digits(i + 1, 2), h < 24, s.count > i + 6, s[i + 3] == 0x3A,
                          let mi = digits(i + 4, 2), mi < 60, s[i + 6] == 0x3A, let se = digits(i + 7, 2), se <= 60 else { return .failure(.grammar) }
                    hour = h; minute = mi; second = se; i += 9
                    hasTime = true
                    if i < s.count, s[i] == 0x2E {
                        i += 1
                        var count = 0
                        while i < s.count, s[i] >= 0x30, s[i] <= 0x39 {
                            if count < 9 { nanos = nanos * 10 + Int64(s[i] - 0x30) }
                            count += 1; i += 1
                        }
                        guard count > 0 else { return .failure(.grammar) }
                        for _ in min(count, 9)..<9 { nanos *= 10 }
                    }
                    guard i < s.count else { return .failure(.grammar) }  // a time needs a zone in FHIR
                    if s[i] == 0x5A { i += 1 } else {
                        guard s[i] == 0x2B || s[i] == 0x2D, let oh = digits(i + 1, 2), s.count > i + 3, s[i + 3] == 0x3A,
                              let om = digits(i + 4, 2), om < 60, oh < 14 || (oh == 14 && om == 0) else { return .failure(.grammar) }
                        offset = (oh * 60 + om) * 60 * (s[i] == 0x2B ? 1 : -1)
                        i += 6
                    }
                    guard i == s.count else { return .failure(.grammar) }
                }
            }
        }
        if kind == .instant, !hasTime { return .failure(.grammar) }
        if hasDay {
            let days = CalendarDate.daysIn(year: year, month: month)
            guard day <= days else { return .failure(.dayPastMonthEnd(year: year, month: month, day: day, days: days)) }
        }
        let epochDays = CalendarDate.daysFromCivil(year: year, month: month, day: day)
        return .success(FHIRDate(seconds: epochDays * 86_400 + hour * 3600 + minute * 60 + second - offset, nanoseconds: nanos, description: text))
    }

    public static func < (lhs: FHIRDate, rhs: FHIRDate) -> Bool {
        (lhs.seconds, lhs.nanoseconds) < (rhs.seconds, rhs.nanoseconds)
    }
    public static func == (lhs: FHIRDate, rhs: FHIRDate) -> Bool {
        lhs.seconds == rhs.seconds && lhs.nanoseconds == rhs.nanoseconds
    }
    public func hash(into hasher: inout Hasher) {
        hasher.combine(seconds)
        hasher.combine(nanoseconds)
    }
}
