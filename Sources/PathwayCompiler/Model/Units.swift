import PathwaySyntax

/// A physical dimension. Quantities convert exactly within a dimension and never across.
public enum Dimension: String, Hashable, Sendable, CustomStringConvertible {
    case length
    case months
    case days
    case mass
    case percent

    /// The dimension in words, for messages.
    public var description: String {
        switch self {
        case .length: "length"
        case .months: "time in months and years"
        case .days: "time in days and weeks"
        case .mass: "mass"
        case .percent: "percentage"
        }
    }
}

/// A unit Pathway knows: its symbol, dimension and exact factor to the dimension's base unit.
public struct PhysicalUnit: Hashable, Sendable, CustomStringConvertible {
    /// The symbol as written, e.g. `cm`.
    public let symbol: String
    /// The dimension.
    public let dimension: Dimension
    /// How many base units one of this unit is (mm for length, month, day, mg, %).
    public let factor: Rational

    public var description: String { symbol }

    /// The units Pathway knows, by symbol. Plural spellings (`months`) are accepted too.
    public static let known: [String: PhysicalUnit] = {
        let table: [(String, Dimension, Int64)] = [
            ("mm", .length, 1), ("cm", .length, 10), ("m", .length, 1000),
            ("month", .months, 1), ("year", .months, 12),
            ("day", .days, 1), ("week", .days, 7),
            ("mg", .mass, 1), ("g", .mass, 1000), ("kg", .mass, 1_000_000),
            ("%", .percent, 1),
        ]
        var result: [String: PhysicalUnit] = [:]
        for (symbol, dimension, factor) in table {
            let unit = PhysicalUnit(symbol: symbol, dimension: dimension, factor: Rational(integer: factor))
            result[symbol] = unit
            if symbol.count > 2 { result[symbol + "s"] = unit }
        }
        return result
    }()

    /// The unit for a symbol, if known.
    public static func named(_ symbol: String) -> PhysicalUnit? { known[symbol] }

    /// `value` in this unit expressed in `other`, exactly; `nil` across dimensions or on overflow.
    public func convert(_ value: Rational, to other: PhysicalUnit) -> Rational? {
        guard dimension == other.dimension, let base = value.multiplied(by: factor) else { return nil }
        return base.divided(by: other.factor)
    }
}
