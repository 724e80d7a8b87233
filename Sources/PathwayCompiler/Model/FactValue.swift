import PathwaySyntax

/// One fact's value for one patient, in the flat form evaluation reads: an exact number
/// (numerator over a positive denominator) in the fact's unit, a boolean as 0 or 1, an enumeration
/// as the index of its value; a denominator of 0 means *unknown*.
///
/// Sixteen bytes, no payload enum, no reference counting: what keeps evaluation free of allocation
/// while every comparison stays exact.
@frozen
public struct FactValue: Hashable, Sendable {
    /// The numerator (for booleans and enumerations: the value itself).
    public let numerator: Int64
    /// The denominator: positive for a known value, 0 for unknown.
    public let denominator: Int64

    /// The unknown value.
    public static let unknown = FactValue(numerator: 0, denominator: 0)

    @inlinable
    init(numerator: Int64, denominator: Int64) {
        self.numerator = numerator
        self.denominator = denominator
    }

    /// An exact number.
    @inlinable
    public init(_ value: Rational) {
        numerator = value.numerator
        denominator = value.denominator
    }

    /// A boolean: 1 for true, 0 for false.
    @inlinable
    public init(boolean: Bool) {
        numerator = boolean ? 1 : 0
        denominator = 1
    }

    /// An enumeration value, by its index in the declared order.
    @inlinable
    public init(index: Int) {
        numerator = Int64(index)
        denominator = 1
    }

    /// Whether the value is known.
    @inlinable
    public var isKnown: Bool { denominator != 0 }

    /// The exact number, or `nil` when unknown.
    @inlinable
    public var rational: Rational? { denominator == 0 ? nil : Rational(numerator, denominator) }

    /// For booleans and enumerations: the integer value (index, or 0/1); `nil` when unknown.
    @inlinable
    public var index: Int? { denominator == 0 ? nil : Int(numerator) }
}
