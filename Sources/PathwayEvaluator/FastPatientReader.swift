import PathwayCompiler
import PathwaySyntax

/// Reads a clean cohort line straight into a ``Patient``, without building a syntax tree or
/// allocating per fact. Any line it is not sure about (escapes, unknown keys, duplicates, values of
/// the wrong type, out of range or in another unit) is left to the full path, which produces the
/// exact diagnostics; so this is purely an optimisation and never changes a result.
struct FastPatientReader {
    private let slotByHash: [UInt64: Int]
    private let names: [[UInt8]]
    private let enumIndexByHash: [[UInt64: Int]]
    private let enumNames: [[[UInt8]]]
    private let facts: [FactSymbol]
    /// The id fields' names; their values are located, not read (`seen` has a flag for each after the facts').
    private let idNames: [[UInt8]]

    init(_ guidelines: CompiledGuidelines, idFields: [String] = []) {
        facts = guidelines.facts
        idNames = idFields.map { Array($0.utf8) }
        names = facts.map { Array($0.name.utf8) }
        var slots: [UInt64: Int] = [:]
        for (slot, name) in names.enumerated() { slots[Self.hash(name[...])] = slot }
        slotByHash = slots
        enumNames = facts.map { fact in
            if case .enumeration(let values) = fact.type { return values.map { Array($0.utf8) } }
            return []
        }
        enumIndexByHash = enumNames.map { values in
            var table: [UInt64: Int] = [:]
            for (i, v) in values.enumerated() { table[Self.hash(v[...])] = i }
            return table
        }
    }

    /// Byte equality without the generic sequence comparison.
    @inline(__always)
    static func same(_ a: [UInt8], _ b: ArraySlice<UInt8>) -> Bool {
        guard a.count == b.count else { return false }
        return a.withUnsafeBytes { x in b.withUnsafeBytes { y in x.elementsEqual(y) } }
    }

    static func hash(_ bytes: ArraySlice<UInt8>) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in bytes { h = (h ^ UInt64(b)) &* 0x100_0000_01b3 }
        return h
    }

    /// Fills `patient` (all unknown on entry) from the line, and `ids` with where each id field's
    /// value is (when its flag in `seen` is set); `false` when the full path must decide.
    func read(_ line: ArraySlice<UInt8>, into patient: inout Patient, seen: inout [Bool], ids: inout [Range<Int>]) -> Bool {
        var i = line.startIndex
        let end = line.endIndex
        func skip() { while i < end, line[i] == 0x20 || line[i] == 0x09 || line[i] == 0x0D { i += 1 } }
        func string() -> ArraySlice<UInt8>? {
            guard i < end, line[i] == UInt8(ascii: "\"") else { return nil }
            let start = i + 1
            var j = start
            while j < end, line[j] != UInt8(ascii: "\"") {
                if line[j] == UInt8(ascii: "\\") || line[j] < 0x20 { return nil }
                j += 1
            }
            guard j < end else { return nil }
            i = j + 1
            return line[start..<j]
        }
        skip()
        guard i < end, line[i] == UInt8(ascii: "{") else { return false }
        i += 1
        skip()
        if i < end, line[i] == UInt8(ascii: "}") {
            i += 1
            skip()
            return i == end
        }
        while true {
            skip()
            guard let key = string() else { return false }
            if let slot = slotByHash[Self.hash(key)], Self.same(names[slot], key) {
                guard !seen[slot] else { return false }
                seen[slot] = true
                skip()
                guard i < end, line[i] == UInt8(ascii: ":") else { return false }
                i += 1
                skip()
                guard i < end, let value = value(at: &i, in: line, slot: slot) else { return false }
                patient[slot] = value
            } else {
                guard let k = idNames.firstIndex(where: { Self.same($0, key) }), !seen[facts.count + k] else { return false }
                seen[facts.count + k] = true
                skip()
                guard i < end, line[i] == UInt8(ascii: ":") else { return false }
                i += 1
                skip()
                guard i < end, let range = idValue(at: &i, in: line) else { return false }
                ids[k] = range
            }
            skip()
            guard i < end else { return false }
            if line[i] == UInt8(ascii: ",") { i += 1; continue }
            guard line[i] == UInt8(ascii: "}") else { return false }
            i += 1
            skip()
            return i == end
        }
    }

    /// Where a record id's value is: a string of printable ASCII without escapes, a JSON number,
    /// `true`, `false` or `null` (anything else is for the full path, which may refuse it).
    private func idValue(at i: inout Int, in line: ArraySlice<UInt8>) -> Range<Int>? {
        let start = i, end = line.endIndex
        if line[i] == UInt8(ascii: "\"") {
            var j = i + 1
            while j < end, line[j] != UInt8(ascii: "\"") {
                guard line[j] >= 0x20, line[j] < 0x7F, line[j] != UInt8(ascii: "\\") else { return nil }
                j += 1
            }
            guard j < end else { return nil }
            i = j + 1
            return start..<i
        }
        while i < end, (line[i] >= 0x30 && line[i] <= 0x39) || (line[i] >= 0x61 && line[i] <= 0x7A) || line[i] == UInt8(ascii: "-")
                || line[i] == UInt8(ascii: ".") || line[i] == UInt8(ascii: "E") || line[i] == UInt8(ascii: "+") { i += 1 }
        let text = line[start..<i]
        guard !text.isEmpty else { return nil }
        if text.elementsEqual("true".utf8) || text.elementsEqual("false".utf8) || text.elementsEqual("null".utf8) { return start..<i }
        return JSONLinePatient.isJSONNumber(text) ? start..<i : nil
    }

    private func value(at i: inout Int, in line: ArraySlice<UInt8>, slot: Int) -> FactValue? {
        let fact = facts[slot]
        let end = line.endIndex
        func literal(_ word: StaticString) -> Bool {
            let count = word.utf8CodeUnitCount
            guard i + count <= end else { return false }
            let matches = word.withUTF8Buffer { line[i..<(i + count)].elementsEqual($0) }
            if matches { i += count }
            return matches
        }
        if literal("null") { return .unknown }
        switch fact.type {
        case .boolean:
            if literal("true") { return FactValue(boolean: true) }
            if literal("false") { return FactValue(boolean: false) }
            return nil
        case .enumeration:
            guard line[i] == UInt8(ascii: "\"") else { return nil }
            let start = i + 1
            var j = start
            while j < end, line[j] != UInt8(ascii: "\""), line[j] != UInt8(ascii: "\\") { j += 1 }
            guard j < end, line[j] == UInt8(ascii: "\"") else { return nil }
            let name = line[start..<j]
            guard let index = enumIndexByHash[slot][Self.hash(name)], Self.same(enumNames[slot][index], name) else { return nil }
            i = j + 1
            return FactValue(index: index)
        case .integer, .number:
            var text: ArraySlice<UInt8>
            var unitText: ArraySlice<UInt8>?
            if line[i] == UInt8(ascii: "\"") {
                let start = i + 1
                var j = start
                while j < end, line[j] != UInt8(ascii: "\""), line[j] != UInt8(ascii: "\\") { j += 1 }
                guard j < end, line[j] == UInt8(ascii: "\"") else { return nil }
                let content = line[start..<j]
                i = j + 1
                guard let space = content.firstIndex(of: 0x20) else { return nil }
                text = content[..<space]
                unitText = content[(space + 1)...]
            } else {
                let start = i
                while i < end, (line[i] >= 0x30 && line[i] <= 0x39) || line[i] == UInt8(ascii: "-") || line[i] == UInt8(ascii: ".")
                        || line[i] == UInt8(ascii: "e") || line[i] == UInt8(ascii: "E") || line[i] == UInt8(ascii: "+") { i += 1 }
                text = line[start..<i]
            }
            guard case .success(var value) = Rational.parse(bytes: text, grammar: .json) else { return nil }
            if let unitText {
                guard let unit = PhysicalUnit.named(String(decoding: unitText, as: UTF8.self)), let factUnit = fact.type.unit,
                      let converted = unit.convert(value, to: factUnit) else { return nil }
                value = converted
            }
            if case .integer = fact.type, !value.isInteger { return nil }
            if let lo = fact.minimum, value < lo { return nil }
            if let hi = fact.maximum, value > hi { return nil }
            return FactValue(value)
        }
    }
}
