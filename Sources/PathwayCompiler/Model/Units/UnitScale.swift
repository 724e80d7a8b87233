import PathwaySyntax

/// An exact positive factor `mantissa × 10^power`: how many base units one unit is. Keeping the
/// power of ten apart lets prefixes from yocto to yotta and powers such as `10*12` combine
/// without overflowing the 64-bit rational, and conversions between two units stay exact.
public struct UnitScale: Hashable, Sendable {
    /// The factor without its powers of ten (neither numerator nor denominator divisible by 10).
    public let mantissa: Rational
    /// The power of ten.
    public let power: Int

    /// One.
    public static let one = UnitScale(normalizing: .one, power: 0)!

    /// `mantissa × 10^power`, with factors of ten moved into the power; `nil` when not positive or
    /// the power leaves ±10 000.
    init?(normalizing mantissa: Rational, power: Int) {
        guard mantissa > .zero else { return nil }
        var n = mantissa.numerator, d = mantissa.denominator, p = power
        while n % 10 == 0 { n /= 10; p += 1 }
        while d % 10 == 0 { d /= 10; p -= 1 }
        guard abs(p) <= 10_000, let m = Rational(n, d) else { return nil }
        self.mantissa = m
        self.power = p
    }

    /// A decimal as the essence file writes it (`365.25`, `980665e-5`, `1e3`), exactly.
    init?(decimal text: String) {
        var digits = "", power = 0, seenPoint = false
        var rest = Substring(text)
        if let e = rest.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            guard let exponent = Int(rest[rest.index(after: e)...]) else { return nil }
            power = exponent
            rest = rest[..<e]
        }
        for c in rest {
            if c == "." { guard !seenPoint else { return nil }; seenPoint = true; continue }
            guard c.isASCII, c.isNumber else { return nil }
            digits.append(c)
            if seenPoint { power -= 1 }
        }
        while digits.count > 1, digits.first == "0" { digits.removeFirst() }
        guard !digits.isEmpty, digits.count <= 18, let n = Int64(digits) else { return nil }
        self.init(normalizing: Rational(integer: n), power: power)
    }

    /// The product; `nil` on overflow.
    func multiplied(by other: UnitScale) -> UnitScale? {
        guard let m = mantissa.multiplied(by: other.mantissa) else { return nil }
        return UnitScale(normalizing: m, power: power + other.power)
    }

    /// The quotient; `nil` on overflow.
    func divided(by other: UnitScale) -> UnitScale? {
        guard let m = mantissa.divided(by: other.mantissa) else { return nil }
        return UnitScale(normalizing: m, power: power - other.power)
    }

    /// This factor raised to an integer power; `nil` on overflow.
    func raised(to exponent: Int) -> UnitScale? {
        var result = UnitScale.one
        let base = exponent < 0 ? UnitScale.one.divided(by: self) : self
        guard let base else { return nil }
        for _ in 0..<abs(exponent) {
            guard let next = result.multiplied(by: base) else { return nil }
            result = next
        }
        return result
    }

    /// The factor as one rational; `nil` when it does not fit.
    public var rational: Rational? {
        var value = mantissa
        let ten = Rational(integer: 10)
        for _ in 0..<abs(power) {
            guard let next = power > 0 ? value.multiplied(by: ten) : value.divided(by: ten) else { return nil }
            value = next
        }
        return value
    }

    /// `value × self`, exactly; `nil` when the result does not fit.
    func applied(to value: Rational) -> Rational? {
        guard var result = value.multiplied(by: mantissa) else { return nil }
        guard abs(power) <= 40 || result == .zero else { return nil }
        let ten = Rational(integer: 10)
        for _ in 0..<abs(power) {
            guard let next = power > 0 ? result.multiplied(by: ten) : result.divided(by: ten) else { return nil }
            result = next
        }
        return result
    }
}
