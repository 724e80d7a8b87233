import PathwaySyntax

/// How numbers and fact values read in every output (traces, JSON, region text, witnesses,
/// messages): one function each, so a value prints the same everywhere.
extension PhysicalUnit {
    /// A number with its unit, as written in guidelines: `1 cm`, `55%`, `2.5`, `1/3`. With `places`,
    /// the number shows exactly that many decimals (`412.0`); a value without a finite decimal form
    /// and no places shows as its exact quotient.
    public static func text(_ value: Rational, _ unit: PhysicalUnit?, places: Int? = nil) -> String {
        var number = value.description
        if let places, places > 0, !number.contains("/") {
            let decimals = number.firstIndex(of: ".").map { number.distance(from: $0, to: number.endIndex) - 1 } ?? -1
            if decimals < 0 { number += "." }
            number += String(repeating: "0", count: max(0, places - max(decimals, 0)))
        }
        guard let unit else { return number }
        if unit.isDate { return value.isInteger ? CalendarDate.text(value.numerator) : "day \(number)" }
        return unit.isPercent ? "\(number)%" : "\(number) \(unit.symbol)"
    }
}

extension FactType {
    /// A fact's value as text: `T1a`, `true`, `0.8 cm`, `12`; `unknown` when unknown.
    public func text(_ value: FactValue) -> String {
        guard value.isKnown else { return "unknown" }
        switch self {
        case .boolean: return value.numerator != 0 ? "true" : "false"
        case .enumeration(let names):
            guard let index = value.index, names.indices.contains(index) else { return "unknown" }
            return names[index]
        case .integer, .number:
            guard let number = value.rational else { return "unknown" }
            return PhysicalUnit.text(number, unit)
        }
    }
}
