import PathwayCompiler
import PathwayDiagnostics

/// A fact as a member of a cohort line's `facts` object (`"name":"value"`): its key, serialised once,
/// and its slot (the value's text comes from ``FactValueTexts``).
struct FactFragment {
    /// `"name":`, with a comma in front unless it is the object's first member.
    let key: [UInt8]
    let slot: Int

    init(_ fact: FactSymbol, first: Bool) {
        key = (first ? [] : [UInt8(ascii: ",")]) + JSONValue.string(fact.name).bytes() + [UInt8(ascii: ":")]
        slot = fact.slot
    }
}

/// Each fact's value as a JSON string, as ``FactType/text(_:)`` gives it: for booleans and
/// enumerations every value's text serialised once, by value (`unknown` last); numbers as they come.
struct FactValueTexts {
    private let facts: [FactSymbol]
    /// Per slot, the texts of a boolean's or enumeration's values; empty for a number.
    private let texts: [[[UInt8]]]
    private let booleans: [Bool]

    init(_ guidelines: CompiledGuidelines) {
        facts = guidelines.facts
        booleans = guidelines.facts.map { $0.type == .boolean }
        texts = guidelines.facts.map { fact in
            let values: [FactValue]
            switch fact.type {
            case .boolean: values = [FactValue(boolean: false), FactValue(boolean: true)]
            case .enumeration(let names): values = names.indices.map { FactValue(index: $0) }
            case .integer, .number: return []
            }
            return (values + [.unknown]).map { JSONValue.string(fact.type.text($0)).bytes() }
        }
    }

    /// Whether the fact in `slot` is a number, whose text ``append(_:slot:to:)`` computes each time.
    func isComputed(_ slot: Int) -> Bool { texts[slot].isEmpty }

    /// Appends the text of `value`, the fact in `slot`'s, as a JSON string.
    func append(_ value: FactValue, slot: Int, to out: inout [UInt8]) {
        let table = texts[slot]
        guard let unknown = table.indices.last else {
            JSONValue.string(facts[slot].type.text(value)).append(to: &out)
            return
        }
        guard value.isKnown else { return out.append(contentsOf: table[unknown]) }
        // A boolean is 0 or 1 (`text` reads any non-zero as true); an enumeration's index outside its values is `unknown`.
        let index: Int
        if booleans[slot] {
            index = value.numerator != 0 ? 1 : 0
        } else {
            index = value.index.map { $0 >= 0 && $0 < unknown ? $0 : unknown } ?? unknown
        }
        out.append(contentsOf: table[index])
    }
}
