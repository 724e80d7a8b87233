import PathwayCompiler
import PathwaySyntax

/// One fact's values, cut into the finitely many cells that no condition of the compared versions
/// can tell apart.
///
/// Every atom is constant on every cell: numbers are cut at each threshold (the threshold itself is
/// a cell of its own), enumerations and booleans have a cell per value, and *unknown* (the fact is
/// missing) is always the last cell. So a patient's outcome depends only on which cell each fact's
/// value falls in, and the space of patients becomes a finite product.
public struct FactAxis: Hashable, Sendable {
    /// What kind of values the axis has.
    public enum Kind: Hashable, Sendable {
        /// `false`, `true`, unknown.
        case boolean
        /// The values of both versions (the newer version's order, then values only the older has), unknown.
        case enumeration([String])
        /// Intervals and points of a number line, unknown. `integer` when every version that declares the fact says so.
        case numeric(integer: Bool, unit: PhysicalUnit?)
        /// A condition relating several facts (`a + b > 3`, as written): true, false, unknown. Treated as
        /// independent of the facts it reads (`reads`, by name), so findings over it are approximate.
        case relation(String, reads: [String])
    }

    /// One cell of the axis.
    public enum Cell: Hashable, Sendable {
        /// The fact is missing.
        case unknown
        /// An enumeration value's or boolean's index (false 0, true 1), or a relation's truth (false 0, true 1).
        case value(Int)
        /// Exactly this number (in the axis's unit).
        case point(Rational)
        /// The open interval between two numbers; `nil` is unbounded.
        case between(Rational?, Rational?)
    }

    /// The fact's name (or the relation's text).
    public let name: String
    /// The kind of values.
    public let kind: Kind
    /// The cells, unknown last.
    public let cells: [Cell]
    /// For each compared version, the cells whose values it accepts (bit `i` for cell `i`).
    public let accepted: [CellSet]

    /// The index of the unknown cell.
    public var unknownCell: Int { cells.count - 1 }

    /// A value inside a cell, in the axis's unit (for enumerations and booleans, the value's index;
    /// for relations, 0 or 1); `nil` for unknown, and for an interval with no value Pathway can hold.
    public func representative(of cell: Int) -> Rational? {
        switch cells[cell] {
        case .unknown: return nil
        case .value(let index): return Rational(integer: Int64(index))
        case .point(let x): return x
        case .between(let lo, let hi):
            let integer = if case .numeric(true, _) = kind { true } else { false }
            return CellPoints.representative(between: lo, hi, integer: integer)
        }
    }
}

/// A set of cells of one axis, as bits.
public struct CellSet: Hashable, Sendable {
    /// Bit `i` of word `i / 64` is cell `i`.
    public internal(set) var words: [UInt64]

    /// The empty set for an axis of `count` cells.
    public init(count: Int) {
        words = [UInt64](repeating: 0, count: max(1, (count + 63) / 64))
    }

    /// Whether cell `i` is in the set.
    public func contains(_ i: Int) -> Bool { words[i >> 6] & (1 << UInt64(i & 63)) != 0 }

    /// Adds cell `i`.
    public mutating func insert(_ i: Int) { words[i >> 6] |= 1 << UInt64(i & 63) }

    /// Whether no cell is in the set.
    public var isEmpty: Bool { words.allSatisfy { $0 == 0 } }

    /// The cells in the set, in order.
    public var members: [Int] {
        var result: [Int] = []
        for (w, word) in words.enumerated() where word != 0 {
            for b in 0..<64 where word & (1 << UInt64(b)) != 0 { result.append(w * 64 + b) }
        }
        return result
    }

    /// The cells in both sets.
    public func intersection(_ other: CellSet) -> CellSet {
        var r = self
        for i in r.words.indices { r.words[i] &= other.words[i] }
        return r
    }

    /// The cells in either set.
    public func union(_ other: CellSet) -> CellSet {
        var r = self
        for i in r.words.indices { r.words[i] |= other.words[i] }
        return r
    }

    /// The cells in this set but not in `other`.
    public func subtracting(_ other: CellSet) -> CellSet {
        var r = self
        for i in r.words.indices { r.words[i] &= ~other.words[i] }
        return r
    }
}
