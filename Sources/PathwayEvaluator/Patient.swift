import PathwayCompiler

/// A patient's facts, by slot, ready for evaluation.
///
/// Values are stored as numbers in the fact's declared unit: booleans as 0 or 1, enumerations as
/// the index of the value, and unknown facts as NaN. This flat form is what keeps evaluation free of
/// dictionaries and allocation.
public struct Patient: Hashable, Sendable {
    /// The value of each slot; NaN means unknown.
    public var values: [Double]

    /// A patient with every fact unknown.
    public init(slotCount: Int) {
        values = [Double](repeating: .nan, count: slotCount)
    }

    /// Whether the fact in `slot` is known.
    public func isKnown(_ slot: Int) -> Bool { !values[slot].isNaN }

    /// The patient's value of a fact as text (`T1a`, `true`, `0.8 cm`), or `unknown`.
    public func describe(_ fact: FactSymbol) -> String {
        let value = values[fact.slot]
        guard !value.isNaN else { return "unknown" }
        switch fact.type {
        case .boolean: return value != 0 ? "true" : "false"
        case .enumeration(let names):
            let index = Int(value)
            return names.indices.contains(index) ? names[index] : "unknown"
        case .integer: return String(Int(value))
        case .number(let unit):
            let number = value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(value)
            guard let unit else { return number }
            return unit.dimension == .percent ? "\(number)%" : "\(number) \(unit.symbol)"
        }
    }
}
