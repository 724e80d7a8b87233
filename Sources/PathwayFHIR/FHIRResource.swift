import PathwayCompiler
import PathwayDiagnostics
import PathwayYAML

/// One FHIR R4 resource read from a Bundle, a file or a folder, with where it came from.
public struct FHIRResource: Sendable {
    /// `resourceType`, e.g. `Observation`.
    public let type: String
    /// The resource's `id`, or a name derived from the Bundle entry when it has none.
    public let id: String
    /// The resource's JSON tree.
    public let node: YAMLNode

    /// `Observation/ki67-1`: how traces and reports name the resource.
    public var reference: String { "\(type)/\(id)" }

    /// Where the resource starts.
    public var span: SourceSpan { node.span }

    /// The codings of the resource's `code` element.
    var codes: [FHIRCoding] { node.member("code")?.codings ?? [] }

    /// The profiles the resource claims in `meta.profile`.
    var profiles: [String] { node.member(path: "meta.profile")?.elements.compactMap(\.text) ?? [] }

    /// Whether the resource's status says it must not be used: entered in error, cancelled,
    /// refuted, not done (FHIR R4 Observation.status, Condition.verificationStatus,
    /// Procedure.status, MedicationStatement.status, MedicationRequest.status).
    var isVoid: Bool {
        let void: Set<String> = ["entered-in-error", "cancelled", "not-done", "refuted", "revoked", "stopped"]
        if let status = node.member("status")?.text, void.contains(status) { return true }
        if let verification = node.member("verificationStatus")?.codings,
           verification.contains(where: { $0.code == "entered-in-error" || $0.code == "refuted" }) { return true }
        return false
    }

    /// The date the resource's finding holds at, as an exact instant, for "latest wins": the first of
    /// the elements FHIR R4 defines for it that is present (Observation `effective[x]`, `issued`;
    /// Condition `onset[x]`, `recordedDate`; Procedure `performed[x]`; MedicationStatement
    /// `effective[x]`, `dateAsserted`; MedicationRequest `authoredOn`).
    var effectiveDate: FHIRDate? {
        for path in ["effectiveDateTime", "effectiveInstant", "effectivePeriod.end", "effectivePeriod.start", "issued",
                     "onsetDateTime", "onsetPeriod.end", "onsetPeriod.start", "recordedDate",
                     "performedDateTime", "performedPeriod.end", "performedPeriod.start", "dateAsserted", "authoredOn"] {
            if let text = node.member(path: path)?.text, let date = FHIRDate(text) { return date }
        }
        return nil
    }
}

/// A FHIR `date`, `dateTime` or `instant` as an exact point in time (seconds since 1970-01-01 UTC);
/// a partial date (`2024`, `2024-03`) is the start of its period, a date without a time its midnight
/// UTC. Fractions of a second are kept as written, compared digit by digit.
public struct FHIRDate: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// Seconds since 1970-01-01T00:00:00Z.
    public let seconds: Int64
    /// The fraction of a second, as its digits padded to 9 (nanoseconds).
    public let nanoseconds: Int64
    /// The text as written.
    public let description: String

    /// Parses FHIR R4's date/dateTime/instant grammar; `nil` for anything else.
    public init?(_ text: String) {
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
        guard let year = digits(0, 4) else { return nil }
        var month: Int64 = 1, day: Int64 = 1, hour: Int64 = 0, minute: Int64 = 0, second: Int64 = 0, nanos: Int64 = 0, offset: Int64 = 0
        var i = 4
        if i < s.count {
            guard s[i] == 0x2D, let m = digits(i + 1, 2), (1...12).contains(m) else { return nil }
            month = m; i += 3
            if i < s.count {
                guard s[i] == 0x2D, let d = digits(i + 1, 2), (1...31).contains(d) else { return nil }
                day = d; i += 3
                if i < s.count {
                    guard s[i] == 0x54, let h = digits(i + 1, 2), h < 24, s.count > i + 3, s[i + 3] == 0x3A,
                          let mi = digits(i + 4, 2), mi < 60 else { return nil }
                    hour = h; minute = mi; i += 6
                    if i < s.count, s[i] == 0x3A {
                        guard let se = digits(i + 1, 2), se < 61 else { return nil }
                        second = se; i += 3
                        if i < s.count, s[i] == 0x2E {
                            i += 1
                            var count = 0
                            while i < s.count, s[i] >= 0x30, s[i] <= 0x39 {
                                if count < 9 { nanos = nanos * 10 + Int64(s[i] - 0x30) }
                                count += 1; i += 1
                            }
                            guard count > 0 else { return nil }
                            for _ in min(count, 9)..<9 { nanos *= 10 }
                        }
                    }
                    guard i < s.count else { return nil }  // a time needs a zone in FHIR
                    if s[i] == 0x5A { i += 1 } else {
                        guard s[i] == 0x2B || s[i] == 0x2D, let oh = digits(i + 1, 2), oh <= 14, s.count > i + 3, s[i + 3] == 0x3A,
                              let om = digits(i + 4, 2), om < 60 else { return nil }
                        offset = (oh * 60 + om) * 60 * (s[i] == 0x2B ? 1 : -1)
                        i += 6
                    }
                    guard i == s.count else { return nil }
                }
            }
        }
        let days = CalendarDate.daysFromCivil(year: year, month: month, day: day)
        seconds = days * 86_400 + hour * 3600 + minute * 60 + second - offset
        nanoseconds = nanos
        description = text
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
