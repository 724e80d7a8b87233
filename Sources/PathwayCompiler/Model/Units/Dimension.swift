import PathwaySyntax

/// A physical dimension: integer powers of the base units (length, time, mass, plane angle,
/// temperature, charge, luminous intensity, amount of substance), powers of arbitrary units, the
/// annotations written in braces, or a special (non-ratio) unit. Quantities convert exactly within
/// a dimension and never across.
public struct Dimension: Hashable, Sendable, CustomStringConvertible {
    /// Powers of ``UCUMTables/baseUnits``, in that order.
    public internal(set) var powers: [Int]
    /// Powers of arbitrary units (`[iU]`, `[arb'U]`), by code; no zero entries.
    public internal(set) var arbitrary: [String: Int]
    /// The annotations (`{1.73_m2}`), sorted; units convert only when these agree.
    public internal(set) var annotations: [String]
    /// A special unit (`Cel`, `[degF]`, `[pH]`): converts only to itself.
    public internal(set) var special: String?

    init(powers: [Int] = Array(repeating: 0, count: UCUMTables.baseUnits.count), arbitrary: [String: Int] = [:],
         annotations: [String] = [], special: String? = nil) {
        self.powers = powers
        self.arbitrary = arbitrary
        self.annotations = annotations
        self.special = special
    }

    /// A dimensionless number (`1`, `%`, `10*9`).
    public static let none = Dimension()
    /// Length (`m`).
    public static let length = Dimension.base(0)
    /// Time (`s`).
    public static let time = Dimension.base(1)
    /// Mass (`g`).
    public static let mass = Dimension.base(2)
    /// Amount of substance (`mol`).
    public static let amount = Dimension.base(7)

    static func base(_ index: Int) -> Dimension {
        var d = Dimension()
        d.powers[index] = 1
        return d
    }

    /// The product of two dimensions; `nil` when a power leaves the range ±99.
    func multiplied(by other: Dimension) -> Dimension? {
        guard special == nil, other.special == nil else { return nil }
        var result = self
        for i in powers.indices { result.powers[i] += other.powers[i] }
        for (code, power) in other.arbitrary {
            let p = (result.arbitrary[code] ?? 0) + power
            result.arbitrary[code] = p == 0 ? nil : p
        }
        result.annotations = (annotations + other.annotations).sorted()
        return result.isInRange ? result : nil
    }

    /// This dimension raised to an integer power; `nil` out of range.
    func raised(to exponent: Int) -> Dimension? {
        guard special == nil else { return exponent == 1 ? self : nil }
        var result = self
        for i in powers.indices { result.powers[i] *= exponent }
        for (code, power) in arbitrary { result.arbitrary[code] = power * exponent }
        if exponent == 0 { result.arbitrary = [:] }
        return result.isInRange ? result : nil
    }

    /// The inverse (for `/`); annotations stay as they are (they are labels, not powers).
    var inverse: Dimension? {
        guard special == nil else { return nil }
        var result = self
        for i in powers.indices { result.powers[i] = -powers[i] }
        for (code, power) in arbitrary { result.arbitrary[code] = -power }
        return result
    }

    private var isInRange: Bool {
        powers.allSatisfy { abs($0) <= 99 } && arbitrary.values.allSatisfy { abs($0) <= 99 }
    }

    /// Whether the dimension has no powers and no special unit (annotations aside).
    var isDimensionless: Bool {
        special == nil && arbitrary.isEmpty && powers.allSatisfy { $0 == 0 }
    }

    /// The same dimension without annotations, for naming.
    var withoutAnnotations: Dimension {
        var d = self
        d.annotations = []
        return d
    }

    /// The dimension in words for messages: a name where one is common in the clinic
    /// (`mass concentration`), followed by the powers of base units (`g.m-3`).
    public var description: String {
        if let special { return "the special scale `\(special)`" }
        let plain = withoutAnnotations
        var text = ""
        if let name = Dimension.names[plain] { text = name } else { text = plain.powersText }
        if !annotations.isEmpty { text += ", annotated " + annotations.map { "{\($0)}" }.joined(separator: " ") }
        return text
    }

    /// The common name of the dimension (`mass concentration`), if it has one.
    public var name: String? { Dimension.names[self] }

    /// `g.m-3`, `[iU].m-3`; `1` when dimensionless.
    var powersText: String {
        // Positive powers first (`g.m-3`), each group in the base units' order, then arbitrary units.
        var all: [(String, Int)] = powers.enumerated().map { (UCUMTables.baseUnits[$0.offset].code, $0.element) }
        all += arbitrary.keys.sorted().map { ($0, arbitrary[$0] ?? 0) }
        let ordered = all.filter { $0.1 > 0 } + all.filter { $0.1 < 0 }
        let parts = ordered.map { $0.0 + ($0.1 == 1 ? "" : String($0.1)) }
        return parts.isEmpty ? "1" : parts.joined(separator: ".")
    }

    /// Common clinical dimensions by name.
    private static let names: [Dimension: String] = {
        func dim(_ pairs: [(Int, Int)]) -> Dimension {
            var d = Dimension()
            for (i, p) in pairs { d.powers[i] = p }
            return d
        }
        let L = 0, T = 1, M = 2, N = 7
        return [
            Dimension(): "a pure number",
            dim([(L, 1)]): "length",
            dim([(L, 2)]): "area",
            dim([(L, 3)]): "volume",
            dim([(T, 1)]): "time",
            dim([(T, -1)]): "frequency",
            dim([(M, 1)]): "mass",
            dim([(N, 1)]): "amount of substance",
            dim([(M, 1), (L, -3)]): "mass concentration",
            dim([(N, 1), (L, -3)]): "substance concentration",
            dim([(L, -3)]): "number concentration",
            dim([(M, 1), (N, -1)]): "molar mass",
            dim([(N, 1), (M, -1)]): "molality",
            dim([(M, 1), (L, -2)]): "mass per area",
            dim([(L, 3), (T, -1)]): "volume flow",
            dim([(L, 1), (T, -1)]): "velocity",
            dim([(M, 1), (L, -1), (T, -2)]): "pressure",
            dim([(M, 1), (T, -1)]): "mass rate",
            dim([(N, 1), (T, -1)]): "catalytic activity",
            dim([(N, 1), (T, -1), (L, -3)]): "catalytic concentration",
            dim([(M, 1), (L, 2), (T, -2)]): "energy",
            dim([(L, 2), (T, -2)]): "absorbed dose",
        ]
    }()
}
