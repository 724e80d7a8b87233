/// An exact rational number: every number Pathway reads, stores, compares, converts or computes.
///
/// Numerator and denominator are 64-bit, in lowest terms, the denominator positive; so `0.1 + 0.2`
/// is exactly `0.3`, `8 mm` is exactly `0.8 cm`, and every integer up to 2^63 − 1 is itself.
/// Intermediate results are computed in 128 bits and reduced, so only a result that itself does not
/// fit overflows; arithmetic that overflows yields `nil` (reported by the caller as an overflow),
/// never a trap and never a rounding. Comparison is exact for every pair of values (128-bit
/// cross products). There is no negative zero.
public struct Rational: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The numerator; carries the sign.
    public let numerator: Int64
    /// The denominator; always positive, and coprime with the numerator.
    public let denominator: Int64

    /// The largest magnitude of a numerator or denominator, 2^63 − 1.
    public static let limit = Int64.max

    /// Creates `numerator / denominator` in lowest terms; `nil` if the denominator is zero or on overflow.
    public init?(_ numerator: Int64, _ denominator: Int64 = 1) {
        self.init(wide: Int128(numerator), Int128(denominator))
    }

    /// Creates `numerator / denominator` from 128-bit parts, reduced; `nil` if the denominator is
    /// zero or the reduced parts do not fit in 64 bits (`Int64.min` is never used, so negation is safe).
    @inlinable
    public init?(wide numerator: Int128, _ denominator: Int128) {
        guard denominator != 0 else { return nil }
        var n = numerator, d = denominator
        if d < 0 { n = 0 - n; d = 0 - d }
        let g = Rational.gcd(n.magnitude, d.magnitude)
        if g > 1 { n /= Int128(g); d /= Int128(g) }
        guard n.magnitude <= UInt128(Int64.max), d <= Int128(Int64.max) else { return nil }
        self.numerator = Int64(n)
        self.denominator = Int64(d)
    }

    /// Creates an integer-valued rational.
    /// - Precondition: `integer != Int64.min` (numerators stay negatable); values from outside come
    ///   through ``init(wide:_:)`` or ``parse(_:grammar:)``, which check.
    @inlinable
    public init(integer: Int64) {
        precondition(integer != .min, "Int64.min is not a Rational numerator")
        self.numerator = integer
        self.denominator = 1
    }

    /// Parts already in lowest terms (no checks); for code that keeps the invariant itself.
    @usableFromInline
    init(reduced numerator: Int64, _ denominator: Int64) {
        self.numerator = numerator
        self.denominator = denominator
    }

    /// Zero.
    public static let zero = Rational(integer: 0)
    /// One.
    public static let one = Rational(integer: 1)

    /// Parses a decimal literal such as `12`, `0.8`, `-3.25`, `.5` or `1e3` exactly (the expression
    /// language's and the YAML documents' grammar); `nil` when malformed or not representable.
    public init?(decimal text: some StringProtocol) {
        guard case .success(let value) = Rational.parse(text, grammar: .literal) else { return nil }
        self = value
    }

    /// Whether the value is a whole number.
    @inlinable public var isInteger: Bool { denominator == 1 }

    /// Whether the value is below zero.
    @inlinable public var isNegative: Bool { numerator < 0 }

    /// `self * other`, or `nil` on overflow.
    @inlinable
    public func multiplied(by other: Rational) -> Rational? {
        Rational(wide: Int128(numerator) * Int128(other.numerator), Int128(denominator) * Int128(other.denominator))
    }

    /// `self / other`, or `nil` on overflow or division by zero.
    @inlinable
    public func divided(by other: Rational) -> Rational? {
        guard other.numerator != 0 else { return nil }
        return Rational(wide: Int128(numerator) * Int128(other.denominator), Int128(denominator) * Int128(other.numerator))
    }

    /// `self + other`, or `nil` on overflow.
    @inlinable
    public func adding(_ other: Rational) -> Rational? {
        if denominator == other.denominator {
            return Rational(wide: Int128(numerator) + Int128(other.numerator), Int128(denominator))
        }
        // Each product is below 2^126 in magnitude, so the sum cannot overflow 128 bits.
        return Rational(wide: Int128(numerator) * Int128(other.denominator) + Int128(other.numerator) * Int128(denominator),
                        Int128(denominator) * Int128(other.denominator))
    }

    /// `self - other`, or `nil` on overflow.
    @inlinable
    public func subtracting(_ other: Rational) -> Rational? { adding(other.negated) }

    /// `-self` (always representable: numerators never hold `Int64.min`).
    @inlinable
    public var negated: Rational { Rational(reduced: -numerator, denominator) }

    /// `|self|`.
    @inlinable
    public var magnitude: Rational { numerator < 0 ? negated : self }

    /// The greatest integer not above the value.
    @inlinable
    public var floor: Rational {
        if denominator == 1 { return self }
        let q = numerator / denominator
        return Rational(integer: numerator < 0 ? q - 1 : q)
    }

    /// The least integer not below the value.
    @inlinable
    public var ceiling: Rational {
        if denominator == 1 { return self }
        let q = numerator / denominator
        return Rational(integer: numerator > 0 ? q + 1 : q)
    }

    /// The value rounded to `digits` decimal places, halves away from zero (as clinicians and
    /// FEEL's `round half up` do); `nil` on overflow. Negative `digits` round to tens, hundreds…
    public func rounded(toPlaces digits: Int) -> Rational? {
        guard (-18...18).contains(digits) else { return nil }
        var scale = Int128(1)
        for _ in 0..<abs(digits) { scale *= 10 }
        // value × 10^digits, rounded half away from zero, then divided back.
        let n = Int128(numerator), d = Int128(denominator)
        let scaledN = digits >= 0 ? n * scale : n, scaledD = digits >= 0 ? d : d * scale
        let q = scaledN / scaledD, r = scaledN % scaledD
        var rounded = q
        if (r.magnitude * 2) >= scaledD.magnitude { rounded += scaledN < 0 ? -1 : 1 }
        return digits >= 0 ? Rational(wide: rounded, scale) : Rational(wide: rounded * scale, 1)
    }

    /// The order of `a/b` and `c/d` (positive denominators): negative, zero or positive. Exact.
    @inlinable @inline(__always)
    public static func order(_ a: Int64, _ b: Int64, _ c: Int64, _ d: Int64) -> Int {
        if b == d { return a < c ? -1 : (a == c ? 0 : 1) }
        let l = Int128(a) * Int128(d), r = Int128(c) * Int128(b)
        return l < r ? -1 : (l == r ? 0 : 1)
    }

    @inlinable
    public static func < (lhs: Rational, rhs: Rational) -> Bool {
        order(lhs.numerator, lhs.denominator, rhs.numerator, rhs.denominator) < 0
    }

    /// The canonical decimal form: `0.3`, `-12.5`, `9223372036854775807`, no exponent, no trailing
    /// zeros; a value without a finite decimal expansion prints as a quotient, `1/3`, which reads
    /// back as the same value in a condition.
    public var description: String {
        var d = denominator, twos = 0, fives = 0
        while d % 2 == 0 { d /= 2; twos += 1 }
        while d % 5 == 0 { d /= 5; fives += 1 }
        guard d == 1 else { return "\(numerator)/\(denominator)" }
        let places = max(twos, fives)
        if places == 0 { return String(numerator) }
        // Long division: the remainder stays below the denominator, so 10 × remainder fits easily.
        let n = numerator.magnitude, den = UInt64(denominator)
        var text = (numerator < 0 ? "-" : "") + String(n / den) + "."
        var remainder = UInt128(n % den)
        for _ in 0..<places {
            remainder *= 10
            text.append(Character(Unicode.Scalar(UInt8(48 + remainder / UInt128(den)))))
            remainder %= UInt128(den)
        }
        return text
    }

    @usableFromInline
    static func gcd(_ a: UInt128, _ b: UInt128) -> UInt128 {
        var (a, b) = (a, b)
        if a <= UInt128(UInt64.max) && b <= UInt128(UInt64.max) {
            var (x, y) = (UInt64(a), UInt64(b))
            while y != 0 { (x, y) = (y, x % y) }
            return UInt128(x)
        }
        while b != 0 { (a, b) = (b, a % b) }
        return a
    }
}
