import PathwayDiagnostics
import PathwaySyntax

/// The type of a fact after resolution.
public enum FactType: Hashable, Sendable, CustomStringConvertible {
    case boolean
    case integer
    /// A number, with the unit values are stored in (`nil` for a plain number).
    case number(PhysicalUnit?)
    /// An enumeration with its values in declared order (at most 64).
    case enumeration([String])

    public var description: String {
        switch self {
        case .boolean: "boolean"
        case .integer: "integer"
        case .number(nil): "number"
        case .number(let unit?): unit.isPercent ? "percentage" : unit.isDate ? "date" : "quantity in \(unit.symbol)"
        case .enumeration(let values): "one of " + values.joined(separator: ", ")
        }
    }

    /// Whether values are numbers (integers, numbers, quantities, percentages).
    public var isNumeric: Bool {
        switch self {
        case .integer, .number: true
        default: false
        }
    }

    /// The unit numeric values are stored in, if any.
    public var unit: PhysicalUnit? {
        if case .number(let unit) = self { return unit }
        return nil
    }
}

/// A patient input, resolved: its slot in the evaluator's arrays, its type and bounds.
public struct FactSymbol: Hashable, Sendable {
    /// The fact's name.
    public let name: String
    /// The index of the fact's value in a patient's fact array.
    public let slot: Int
    /// The fact's type.
    public let type: FactType
    /// The inclusive lower bound, in the fact's unit.
    public let minimum: Rational?
    /// The inclusive upper bound, in the fact's unit.
    public let maximum: Rational?
    /// The declared molar mass, if any: values convert between mass and substance concentration.
    public var molarMass: MolarMass? = nil
    /// What the fact means.
    public let description: String?
    /// Where it is declared.
    public let span: SourceSpan
    /// The id of the document (vocabulary or guideline) that declares it.
    public let declaredIn: String

    /// The bounds as text, e.g. `0–100`, for messages.
    public var rangeDescription: String {
        let unit = type.unit.map { $0.isPercent ? "%" : " \($0.symbol)" } ?? ""
        switch (minimum, maximum) {
        case let (lo?, hi?): return "\(lo)–\(hi)\(unit)"
        case let (lo?, nil): return "≥ \(lo)\(unit)"
        case let (nil, hi?): return "≤ \(hi)\(unit)"
        case (nil, nil): return "any"
        }
    }
}

/// A derived fact, resolved to formulas over atoms.
public struct DerivedSymbol: Hashable, Sendable {
    /// The name.
    public let name: String
    /// What it means.
    public let description: String?
    /// Where it is declared.
    public let span: SourceSpan
    /// For a boolean derived fact: the formula node of its condition.
    public let booleanNode: Int?
    /// For an enumerated derived fact: each value and the formula node that says "the value is this".
    public let valueNodes: [(value: String, node: Int)]
    /// For a numeric derived fact: how its value is computed, in its unit.
    public var numeric: NumericDerivation? = nil

    /// How a numeric derived fact is computed.
    public struct NumericDerivation: Hashable, Sendable {
        /// The computation, in ``unit``.
        public let program: NumericProgram
        /// The unit (`nil` for a plain number or integer).
        public let unit: PhysicalUnit?
        /// Whether the value is always a whole number.
        public let isInteger: Bool
        /// Decimal places to show it with (the value itself stays exact).
        public let round: Int?
        /// For a points score: each finding's condition text, node and points, for traces.
        public let findings: [(text: String, node: Int, points: Rational)]

        public static func == (lhs: Self, rhs: Self) -> Bool {
            lhs.program == rhs.program && lhs.unit == rhs.unit && lhs.isInteger == rhs.isInteger && lhs.round == rhs.round
                && lhs.findings.map(\.node) == rhs.findings.map(\.node)
        }
        public func hash(into hasher: inout Hasher) { hasher.combine(program) }
    }

    public static func == (lhs: Self, rhs: Self) -> Bool {
        lhs.name == rhs.name && lhs.booleanNode == rhs.booleanNode && lhs.numeric == rhs.numeric
            && lhs.valueNodes.map(\.value) == rhs.valueNodes.map(\.value) && lhs.valueNodes.map(\.node) == rhs.valueNodes.map(\.node)
    }

    public func hash(into hasher: inout Hasher) { hasher.combine(name) }
}

extension DerivedSymbol {
    /// For a numeric derived fact: a fact of its type and unit (no slot of its own, no range), so that
    /// a value written for it, such as a test's expected value, is read as a patient value is.
    public var valueReader: FactSymbol? {
        guard let numeric else { return nil }
        return FactSymbol(name: name, slot: -1, type: numeric.isInteger ? .integer : .number(numeric.unit), minimum: nil, maximum: nil,
                          description: description, span: span, declaredIn: "")
    }
}
