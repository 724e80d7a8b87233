import PathwaySyntax

/// A unit as written (`cm`, `mg/dL`, `mL/min/{1.73_m2}`, `10*9/L`, `months`): its symbol, dimension
/// and exact factor to the base units. Parsed by UCUM's grammar (``parse(_:)``).
public struct PhysicalUnit: Hashable, Sendable, CustomStringConvertible {
    /// The symbol as written, e.g. `cm`.
    public let symbol: String
    /// The dimension.
    public let dimension: Dimension
    /// How many base units (m, s, g, mol, …) one of this unit is, exactly.
    public let scale: UnitScale

    public var description: String { symbol }

    /// Whether this is the percent sign, which prints glued to its number (`55%`).
    public var isPercent: Bool { symbol == "%" }

    /// The one entry point for reading a unit string: UCUM's case-sensitive syntax, plus
    /// Pathway's long spellings (`month`, `years`, `days`, `weeks`) and `µ` for micro.
    ///
    /// ```swift
    /// PhysicalUnit.parse("mg/dL")              // mass concentration, 10^4 g per m^3
    /// PhysicalUnit.parse("mL/min/{1.73_m2}")   // volume flow, annotated {1.73_m2}
    /// PhysicalUnit.parse("mg/dX")              // failure: `dX` is not a UCUM unit
    /// ```
    public static func parse(_ text: String) -> Result<PhysicalUnit, UnitProblem> {
        if let unit = common[text] { return .success(unit) }
        return UCUMParser.parse(text, atoms: UCUMParser.atomTable).map {
            PhysicalUnit(symbol: text, dimension: $0.dimension, scale: $0.scale)
        }
    }

    /// The unit for a symbol, if it parses.
    public static func named(_ symbol: String) -> PhysicalUnit? {
        if case .success(let unit) = parse(symbol) { return unit }
        return nil
    }

    /// Common clinical units by symbol, parsed once: the candidates of "did you mean" and the fast
    /// path of ``parse(_:)``.
    public static let common: [String: PhysicalUnit] = {
        var result: [String: PhysicalUnit] = [:]
        for symbol in commonSymbols {
            if case .success(let m) = UCUMParser.parse(symbol, atoms: UCUMParser.atomTable) {
                result[symbol] = PhysicalUnit(symbol: symbol, dimension: m.dimension, scale: m.scale)
            }
        }
        return result
    }()

    /// The symbols of ``common``: Pathway's long spellings and units seen on laboratory reports.
    static let commonSymbols: [String] = UCUMTables.aliases.map(\.spelling) + [
        "1", "%", "10*3/uL", "10*6/uL", "10*9/L", "10*12/L", "/uL", "/mL", "/L", "/[HPF]", "/[LPF]",
        "m", "cm", "mm", "um", "nm", "m2", "cm2", "mm2", "m3", "cm3", "mm3",
        "L", "dL", "mL", "uL", "fL", "nL",
        "g", "kg", "mg", "ug", "ng", "pg",
        "s", "ms", "min", "h", "d", "wk", "mo", "a",
        "mol", "mmol", "umol", "nmol", "pmol",
        "g/L", "g/dL", "mg/dL", "mg/L", "ug/L", "ug/dL", "ng/mL", "ng/L", "pg/mL", "ug/mL", "mg/mL", "g/mL",
        "mol/L", "mmol/L", "umol/L", "nmol/L", "pmol/L", "mmol/mol", "mol/kg", "mmol/kg", "mosm/kg", "meq/L",
        "U/L", "[IU]/L", "[IU]/mL", "m[IU]/L", "u[IU]/mL", "k[IU]/L", "U/mL", "kU/L", "ukat/L",
        "mL/min", "mL/min/{1.73_m2}", "L/min", "mL/h", "mg/d", "g/d", "mg/kg", "ug/kg/min",
        "kg/m2", "g/m2", "mg/m2", "m/s", "cm/s", "mm/h", "/min", "/s", "Hz",
        "mm[Hg]", "cm[H2O]", "kPa", "Pa", "Cel", "[degF]", "[pH]", "fmol", "Gy", "mGy", "Bq", "MBq",
        "[in_i]", "[ft_i]", "[lb_av]", "[oz_av]", "[arb'U]/mL", "[CFU]/mL", "ug/g", "mg/g", "g/g",
    ]

    /// How many `other` one of this unit is, exactly (the ratio of the factors); `nil` across
    /// dimensions, between different special units, or when it does not fit.
    public func ratio(to other: PhysicalUnit) -> Rational? {
        guard dimension == other.dimension, let scale = scale.divided(by: other.scale) else { return nil }
        return scale.rational
    }

    /// `value` in this unit expressed in `other`, exactly; `nil` across dimensions or on overflow.
    public func convert(_ value: Rational, to other: PhysicalUnit) -> Rational? {
        guard dimension == other.dimension, let scale = scale.divided(by: other.scale) else { return nil }
        return scale.applied(to: value)
    }

    /// `value` in this unit expressed in `other`, exactly, using a molar mass (mass per amount, e.g.
    /// `113.12 g/mol`) where the dimensions differ by it: mass concentration ↔ substance
    /// concentration, mass ↔ amount. `nil` when no such conversion exists or on overflow.
    public func convert(_ value: Rational, to other: PhysicalUnit, molarMass: MolarMass?) -> Rational? {
        if dimension == other.dimension { return convert(value, to: other) }
        guard let molarMass, let massPerAmount = molarMass.unit.scale.multiplied(by: UnitScale(normalizing: molarMass.value, power: 0) ?? .one),
              molarMass.value > .zero else { return nil }
        // amount → mass: multiply by the molar mass.
        if let times = dimension.multiplied(by: molarMass.unit.dimension), times == other.dimension,
           let s = scale.multiplied(by: massPerAmount)?.divided(by: other.scale) {
            return s.applied(to: value)
        }
        // mass → amount: divide by it.
        if let inverse = molarMass.unit.dimension.inverse, let over = dimension.multiplied(by: inverse), over == other.dimension,
           let s = scale.divided(by: massPerAmount)?.divided(by: other.scale) {
            return s.applied(to: value)
        }
        return nil
    }
}

/// A substance's molar mass, declared on a fact (`molar_mass: 113.12 g/mol` for creatinine): what
/// lets its values convert between mass and substance concentration.
public struct MolarMass: Hashable, Sendable, CustomStringConvertible {
    /// The number, in ``unit``.
    public let value: Rational
    /// A unit of dimension mass per amount of substance (`g/mol`).
    public let unit: PhysicalUnit

    public init(value: Rational, unit: PhysicalUnit) {
        self.value = value
        self.unit = unit
    }

    public var description: String { "\(value) \(unit.symbol)" }

    /// The dimension a molar mass has (mass per amount of substance).
    public static let dimension: Dimension = {
        var d = Dimension.mass
        d.powers[7] = -1
        return d
    }()
}

extension PhysicalUnit {
    /// Whether values in this unit convert to `other` through a molar mass (the dimensions differ
    /// by exactly mass per amount of substance).
    public func convertsByMolarMass(to other: PhysicalUnit, _ molarMass: MolarMass) -> Bool {
        guard dimension != other.dimension else { return false }
        let m = molarMass.unit.dimension
        if let times = dimension.multiplied(by: m), times == other.dimension { return true }
        if let inverse = m.inverse, let over = dimension.multiplied(by: inverse), over == other.dimension { return true }
        return false
    }
}

extension MolarMass {
    /// A molar mass of 1 g/mol, for asking whether two units differ by a molar mass at all.
    public static let any = MolarMass(value: .one, unit: PhysicalUnit(symbol: "g/mol", dimension: MolarMass.dimension, scale: .one))
}

extension UnitScale: CustomStringConvertible {
    /// `1`, `10^-3`, `1461/48 × 10^5`: the exact factor, for explanations and tests.
    public var description: String {
        switch (mantissa == .one, power == 0) {
        case (true, true): "1"
        case (true, false): power == 1 ? "10" : "10^\(power)"
        case (false, true): mantissa.description
        case (false, false): "\(mantissa) × 10^\(power)"
        }
    }
}

extension PhysicalUnit {
    /// What the unit means in base units: `mg/dL` is `10 g.m-3 (mass concentration)`.
    public var meaning: String {
        let powers = dimension.powersText
        let factor = scale.description
        let annotation = dimension.annotations.isEmpty ? "" : " " + dimension.annotations.map { "{\($0)}" }.joined()
        if let special = dimension.special { return "special scale \(special)" }
        return (powers == "1" ? factor : factor == "1" ? powers : "\(factor) \(powers)") + annotation
            + (dimension.withoutAnnotations.name.map { " (\($0))" } ?? "")
    }
}
