import PathwayCompiler
import PathwaySyntax

/// A patient's facts, by slot, ready for evaluation.
///
/// Values are stored exactly, in the fact's declared unit, as ``FactValue``s: booleans as 0 or 1,
/// enumerations as the index of the value, numbers as exact rationals, unknown facts as
/// ``FactValue/unknown``. This flat form is what keeps evaluation free of dictionaries and
/// allocation. The storage is private: values are read and written through the subscript, and the
/// evaluators check the slot count once per evaluation.
public struct Patient: Hashable, Sendable {
    /// The value of each slot.
    package private(set) var values: [FactValue]

    /// The evaluation date used for this patient (day number), when the guidelines use one: the
    /// patient's `as_of`, else the caller's (`--as-of`), else the current date.
    public var evaluationDate: Int64?

    /// A patient with every fact unknown.
    public init(slotCount: Int) {
        values = [FactValue](repeating: .unknown, count: slotCount)
    }

    /// The number of fact slots.
    public var slotCount: Int { values.count }

    /// The value of the fact in `slot`.
    public subscript(slot: Int) -> FactValue {
        get { values[slot] }
        set { values[slot] = newValue }
    }

    /// Whether the fact in `slot` is known.
    public func isKnown(_ slot: Int) -> Bool { values[slot].isKnown }

    /// Makes every fact unknown again, keeping the storage.
    public mutating func clear() {
        for i in values.indices { values[i] = .unknown }
    }

    /// The patient's value of a fact as text (`T1a`, `true`, `0.8 cm`), or `unknown`.
    public func describe(_ fact: FactSymbol) -> String {
        fact.type.text(values[fact.slot])
    }
}
