/// An exact rational number, used for literals and unit conversion so that `8 mm` equals `0.8 cm`.
///
/// Arithmetic that would overflow yields `nil` rather than trapping.
public struct Rational: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The numerator; carries the sign.
    public let numerator: Int64
    /// The denominator; always positive, and coprime with the numerator.
    public let denominator: Int64

    /// Creates `numerator / denominator` in lowest terms; `nil` if the denominator is zero or on overflow.
    public init?(_ numerator: Int64, _ denominator: Int64 = 1) {
        guard denominator != 0, numerator != .min, denominator != .min else { return nil }
        let g = Rational.gcd(abs(numerator), abs(denominator))
        let sign: Int64 = denominator < 0 ? -1 : 1
        self.numerator = sign * numerator / max(g, 1)
        self.denominator = sign * denominator / max(g, 1)
    }

    /// Parses a decimal literal such as `12`, `0.8`, `-3.25` or `1e3` exactly.
    public init?(decimal text: some StringProtocol) {
        var s = Substring(text)
        var negative = false
        if s.first == "-" { negative = true; s = s.dropFirst() } else if s.first == "+" { s = s.dropFirst() }
        var exponent = 0
        if let e = s.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            guard let value = Int(s[s.index(after: e)...]), abs(value) <= 18 else { return nil }
            exponent = value
            s = s[..<e]
        }
        let parts = s.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count <= 2, let whole = parts.first, !(whole.isEmpty && (parts.count == 1 || parts[1].isEmpty)) else { return nil }
        let fraction = parts.count == 2 ? parts[1] : ""
        guard (whole + fraction).allSatisfy({ $0.isASCII && $0.isNumber }), whole.count + fraction.count <= 18 else { return nil }
        guard var digits = Int64(whole + fraction) else { return nil }
        if negative { digits = -digits }
        exponent -= fraction.count
        var scale: Int64 = 1
        for _ in 0..<abs(exponent) {
            let (next, overflow) = scale.multipliedReportingOverflow(by: 10)
            guard !overflow else { return nil }
            scale = next
        }
        if exponent >= 0 {
            let (value, overflow) = digits.multipliedReportingOverflow(by: scale)
            guard !overflow, let r = Rational(value, 1) else { return nil }
            self = r
        } else {
            guard let r = Rational(digits, scale) else { return nil }
            self = r
        }
    }

    /// Creates an integer-valued rational.
    public init(integer: Int64) {
        self.numerator = integer
        self.denominator = 1
    }

    /// The nearest `Double` (correctly rounded when both parts are below 2^53).
    public var doubleValue: Double { Double(numerator) / Double(denominator) }

    /// Whether the value is a whole number.
    public var isInteger: Bool { denominator == 1 }

    /// `self * other`, or `nil` on overflow.
    public func multiplied(by other: Rational) -> Rational? {
        let g1 = Rational.gcd(abs(numerator), other.denominator), g2 = Rational.gcd(abs(other.numerator), denominator)
        let (n, o1) = (numerator / max(g1, 1)).multipliedReportingOverflow(by: other.numerator / max(g2, 1))
        let (d, o2) = (denominator / max(g2, 1)).multipliedReportingOverflow(by: other.denominator / max(g1, 1))
        guard !o1, !o2 else { return nil }
        return Rational(n, d)
    }

    /// `self / other`, or `nil` on overflow or division by zero.
    public func divided(by other: Rational) -> Rational? {
        guard other.numerator != 0, let inverse = Rational(other.denominator, other.numerator) else { return nil }
        return multiplied(by: inverse)
    }

    /// `self + other`, or `nil` on overflow.
    public func adding(_ other: Rational) -> Rational? {
        let (a, o1) = numerator.multipliedReportingOverflow(by: other.denominator)
        let (b, o2) = other.numerator.multipliedReportingOverflow(by: denominator)
        let (n, o3) = a.addingReportingOverflow(b)
        let (d, o4) = denominator.multipliedReportingOverflow(by: other.denominator)
        guard !o1, !o2, !o3, !o4 else { return nil }
        return Rational(n, d)
    }

    /// `-self`.
    public var negated: Rational { Rational(-numerator, denominator) ?? self }

    public static func < (lhs: Rational, rhs: Rational) -> Bool {
        // Compare with 128-bit products so no overflow can flip the answer.
        let l = lhs.numerator.multipliedFullWidth(by: rhs.denominator)
        let r = rhs.numerator.multipliedFullWidth(by: lhs.denominator)
        return (l.high, l.low) < (r.high, r.low)
    }

    /// The shortest decimal form when the value has one (denominator of 2s and 5s), else `n/d`.
    public var description: String {
        var d = denominator, twos = 0, fives = 0
        while d % 2 == 0 { d /= 2; twos += 1 }
        while d % 5 == 0 { d /= 5; fives += 1 }
        guard d == 1 else { return "\(numerator)/\(denominator)" }
        let places = max(twos, fives)
        if places == 0 { return String(numerator) }
        guard let scaled = multiplied(by: Rational(integer: Rational.power10(places))) else { return String(doubleValue) }
        let digits = String(abs(scaled.numerator))
        let padded = String(repeating: "0", count: max(0, places + 1 - digits.count)) + digits
        let cut = padded.index(padded.endIndex, offsetBy: -places)
        return (numerator < 0 ? "-" : "") + padded[..<cut] + "." + padded[cut...]
    }

    private static func power10(_ n: Int) -> Int64 {
        var value: Int64 = 1
        for _ in 0..<min(n, 18) { value *= 10 }
        return value
    }

    private static func gcd(_ a: Int64, _ b: Int64) -> Int64 {
        var (a, b) = (a, b)
        while b != 0 { (a, b) = (b, a % b) }
        return a
    }
}
