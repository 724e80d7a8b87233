import PathwayCompiler
import PathwayDiagnostics

/// A fact as a member of a cohort line's `facts` object (`"name":"value"`), with its key serialised
/// once and, for booleans and enumerations, every value's text too.
struct FactFragment {
    /// `"name":`, with a comma in front unless it is the object's first member.
    let key: [UInt8]
    let fact: FactSymbol
    /// For booleans and enumerations, each value's text as a JSON string, by value, `unknown` last;
    /// empty for numbers (whose texts are written as they come).
    let texts: [[UInt8]]

    init(_ fact: FactSymbol, first: Bool) {
        self.fact = fact
        key = (first ? [] : [UInt8(ascii: ",")]) + JSONValue.string(fact.name).bytes() + [UInt8(ascii: ":")]
        let values: [FactValue]
        switch fact.type {
        case .boolean: values = [FactValue(boolean: false), FactValue(boolean: true)]
        case .enumeration(let names): values = names.indices.map { FactValue(index: $0) }
        case .integer, .number: values = []
        }
        texts = values.isEmpty ? [] : (values + [.unknown]).map { JSONValue.string(fact.type.text($0)).bytes() }
    }

    /// Appends the member for `value`: the key and ``FactType/text(_:)`` as a JSON string.
    func append(_ value: FactValue, to out: inout [UInt8]) {
        out.append(contentsOf: key)
        guard let unknown = texts.indices.last else {
            JSONValue.string(fact.type.text(value)).append(to: &out)
            return
        }
        let index: Int
        switch fact.type {
        case .boolean: index = value.isKnown ? (value.numerator != 0 ? 1 : 0) : unknown
        case .enumeration: index = value.isKnown ? value.index.map { $0 >= 0 && $0 < unknown ? $0 : unknown } ?? unknown : unknown
        case .integer, .number: index = unknown
        }
        out.append(contentsOf: texts[index])
    }
}
