#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import PathwayCompiler
import PathwaySyntax

/// Reads a clean cohort line straight into a ``Patient``, without building a syntax tree or
/// allocating per fact. Any line it is not sure about (escapes, unknown keys, duplicates, values of
/// the wrong type, out of range or in another unit it has not seen) is left to the full path, which
/// produces the exact diagnostics; so this is purely an optimisation and never changes a result.
///
/// Keys are found without hashing when lines list them in the same order (the reader predicts the
/// key after each one from the previous line), else through an open-addressing table on a 64-bit
/// FNV-1a hash, confirmed byte by byte. Plain decimals of up to 18 digits are read directly into a
/// reduced fraction (the same value ``Rational/parse(bytes:grammar:)`` gives); others go through it.
struct FastPatientReader {
    private let names: [[UInt8]]
    /// Slot per bucket (-1 empty), a power of two at least four times the number of facts.
    private let buckets: [Int32]
    private let enumNames: [[[UInt8]]]
    private let facts: [FactSymbol]
    /// Per slot, what ``value(_:_:_:slot:)`` reads of the fact, so that no `FactSymbol` is copied per value.
    private let kinds: [Kind]
    private let bounds: [(low: Rational?, high: Rational?)]

    enum Kind {
        case boolean, enumeration, integer, number, date
    }
    /// The evaluation date's slot, when the guidelines read it, and the day it takes when a line
    /// does not carry `as_of` (as ``PatientDecoder`` gives it).
    private let evaluationDateSlot: Int?
    private let evaluationDate: Int64
    /// The id fields' names; their values are located, not read (`seen` has a flag for each after the facts').
    private let idNames: [[UInt8]]
    /// After each slot (and, at the last index, at the start of a line), the slot that followed it last time.
    private var nextGuess: [Int32]
    /// Per slot, unit spellings met in values (`"8 mm"`) and their units, a few at most.
    private var units: [[(text: [UInt8], unit: PhysicalUnit)]]

    init(_ guidelines: CompiledGuidelines, idFields: [String] = [], evaluationDate: Int64 = CalendarDate.today()) {
        facts = guidelines.facts
        kinds = facts.map { fact in
            switch fact.type {
            case .boolean: .boolean
            case .enumeration: .enumeration
            case .integer: .integer
            case .number(let unit): unit?.isDate == true ? .date : .number
            }
        }
        bounds = guidelines.factRanges
        evaluationDateSlot = guidelines.slotByName[EvaluationDate.factName]
        self.evaluationDate = evaluationDate
        idNames = idFields.map { Array($0.utf8) }
        names = facts.map { Array($0.name.utf8) }
        var size = 16
        while size < 4 * max(1, facts.count) { size *= 2 }
        var table = [Int32](repeating: -1, count: size)
        for (slot, name) in names.enumerated() {
            var b = Int(truncatingIfNeeded: name.withUnsafeBufferPointer { Self.hash($0) }) & (size - 1)
            while table[b] >= 0 { b = (b + 1) & (size - 1) }
            table[b] = Int32(slot)
        }
        buckets = table
        enumNames = facts.map { fact in
            if case .enumeration(let values) = fact.type { return values.map { Array($0.utf8) } }
            return []
        }
        nextGuess = [Int32](repeating: 0, count: facts.count + 1)
        units = facts.map { _ in [] }
    }

    static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in bytes { h = (h ^ UInt64(b)) &* 0x100_0000_01b3 }
        return h ^ (h >> 29)
    }

    @inline(__always)
    static func same(_ a: [UInt8], _ p: UnsafePointer<UInt8>, _ count: Int) -> Bool {
        guard a.count == count else { return false }
        return a.withUnsafeBufferPointer { b in b.baseAddress.map { memcmp($0, p, count) == 0 } ?? true }
    }

    /// Fills `patient` (all unknown on entry) from the line, and `ids` with where each id field's
    /// value is (when its flag in `seen` is set); `false` when the full path must decide.
    mutating func read(_ line: ArraySlice<UInt8>, into patient: inout Patient, seen: inout [Bool], ids: inout [Range<Int>]) -> Bool {
        let clean = line.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return false }
            return read(base, buffer.count, offset: line.startIndex, into: &patient, seen: &seen, ids: &ids)
        }
        // The evaluation date: the line's `as_of`, else the runner's (as the decoder sets it).
        if clean, let slot = evaluationDateSlot {
            if !patient[slot].isKnown { patient[slot] = FactValue(Rational(integer: evaluationDate)) }
            patient.evaluationDate = patient[slot].numerator
        }
        return clean
    }

    private mutating func slot(of key: UnsafePointer<UInt8>, _ count: Int, after previous: Int) -> Int? {
        let guess = Int(nextGuess[previous])
        if guess < names.count, Self.same(names[guess], key, count) { return guess }
        var b = Int(truncatingIfNeeded: Self.hash(UnsafeBufferPointer(start: key, count: count))) & (buckets.count - 1)
        while buckets[b] >= 0 {
            let slot = Int(buckets[b])
            if Self.same(names[slot], key, count) {
                nextGuess[previous] = Int32(slot)
                return slot
            }
            b = (b + 1) & (buckets.count - 1)
        }
        return nil
    }

    private mutating func read(_ p: UnsafePointer<UInt8>, _ end: Int, offset: Int, into patient: inout Patient, seen: inout [Bool],
                               ids: inout [Range<Int>]) -> Bool {
        var i = 0
        @inline(__always) func skip() { while i < end, p[i] == 0x20 || p[i] == 0x09 || p[i] == 0x0D { i += 1 } }
        skip()
        guard i < end, p[i] == UInt8(ascii: "{") else { return false }
        i += 1
        skip()
        if i < end, p[i] == UInt8(ascii: "}") {
            i += 1
            skip()
            return i == end
        }
        var previous = facts.count
        while true {
            skip()
            // The key: a string without escapes or control characters.
            guard i < end, p[i] == UInt8(ascii: "\"") else { return false }
            let keyStart = i + 1
            var j = keyStart
            while j < end, p[j] != UInt8(ascii: "\"") {
                if p[j] == UInt8(ascii: "\\") || p[j] < 0x20 { return false }
                j += 1
            }
            guard j < end else { return false }
            i = j + 1
            let keyCount = j - keyStart
            skip()
            guard i < end, p[i] == UInt8(ascii: ":") else { return false }
            i += 1
            skip()
            guard i < end else { return false }
            if let slot = slot(of: p + keyStart, keyCount, after: previous) {
                guard !seen[slot] else { return false }
                seen[slot] = true
                guard let value = value(p, &i, end, slot: slot) else { return false }
                patient[slot] = value
                previous = slot
            } else {
                guard let k = idNames.firstIndex(where: { Self.same($0, p + keyStart, keyCount) }), !seen[facts.count + k],
                      let range = idValue(p, &i, end) else { return false }
                seen[facts.count + k] = true
                ids[k] = (range.lowerBound + offset)..<(range.upperBound + offset)
            }
            skip()
            guard i < end else { return false }
            if p[i] == UInt8(ascii: ",") { i += 1; continue }
            guard p[i] == UInt8(ascii: "}") else { return false }
            i += 1
            skip()
            return i == end
        }
    }

    /// Where a record id's value is: a string of printable ASCII without escapes, a JSON number,
    /// `true`, `false` or `null` (anything else is for the full path, which may refuse it).
    private func idValue(_ p: UnsafePointer<UInt8>, _ i: inout Int, _ end: Int) -> Range<Int>? {
        let start = i
        if p[i] == UInt8(ascii: "\"") {
            var j = i + 1
            while j < end, p[j] != UInt8(ascii: "\"") {
                guard p[j] >= 0x20, p[j] < 0x7F, p[j] != UInt8(ascii: "\\") else { return nil }
                j += 1
            }
            guard j < end else { return nil }
            i = j + 1
            return start..<i
        }
        while i < end, (p[i] >= 0x30 && p[i] <= 0x39) || (p[i] >= 0x61 && p[i] <= 0x7A) || p[i] == UInt8(ascii: "-")
                || p[i] == UInt8(ascii: ".") || p[i] == UInt8(ascii: "E") || p[i] == UInt8(ascii: "+") { i += 1 }
        let text = UnsafeBufferPointer(start: p + start, count: i - start)
        guard !text.isEmpty else { return nil }
        if text.elementsEqual("true".utf8) || text.elementsEqual("false".utf8) || text.elementsEqual("null".utf8) { return start..<i }
        return JSONLinePatient.isJSONNumber(ArraySlice(text)) ? start..<i : nil
    }

    /// A plain decimal (`-12`, `0.75`; at most 18 digits, no exponent) as a reduced fraction, or
    /// `nil` to leave it to the full grammar. JSON forbids leading zeros (`007`), so those go there too.
    @inline(__always)
    static func decimal(_ p: UnsafePointer<UInt8>, _ count: Int) -> Rational? {
        var k = 0, negative = false
        if k < count, p[k] == UInt8(ascii: "-") { negative = true; k += 1 }
        guard k < count, count - k <= 19 else { return nil }
        if p[k] == 0x30, k + 1 < count, p[k + 1] != UInt8(ascii: ".") { return nil }
        var n: Int64 = 0, d: Int64 = 1, digits = 0, point = false
        while k < count {
            let c = p[k]
            if c == UInt8(ascii: ".") {
                guard !point, digits > 0 else { return nil }
                point = true
            } else {
                // At most 18 digits, checked before the digit is added: 10^18 fits in Int64, 10^19 does not.
                guard c >= 0x30, c <= 0x39, digits < 18 else { return nil }
                n = n * 10 + Int64(c - 0x30)
                digits += 1
                if point { d *= 10 }
            }
            k += 1
        }
        guard digits > 0, p[count - 1] != UInt8(ascii: ".") else { return nil }
        return Rational(negative ? -n : n, d)
    }

    private mutating func value(_ p: UnsafePointer<UInt8>, _ i: inout Int, _ end: Int, slot: Int) -> FactValue? {
        @inline(__always) func literal(_ word: StaticString) -> Bool {
            let count = word.utf8CodeUnitCount
            guard i + count <= end, memcmp(p + i, word.utf8Start, count) == 0 else { return false }
            i += count
            return true
        }
        if p[i] == UInt8(ascii: "n"), literal("null") { return .unknown }
        let kind = kinds[slot]
        switch kind {
        case .boolean:
            if literal("true") { return FactValue(boolean: true) }
            if literal("false") { return FactValue(boolean: false) }
            return nil
        case .enumeration:
            guard p[i] == UInt8(ascii: "\"") else { return nil }
            let start = i + 1
            var j = start
            while j < end, p[j] != UInt8(ascii: "\""), p[j] != UInt8(ascii: "\\") { j += 1 }
            guard j < end, p[j] == UInt8(ascii: "\"") else { return nil }
            guard let index = enumNames[slot].firstIndex(where: { Self.same($0, p + start, j - start) }) else { return nil }
            i = j + 1
            return FactValue(index: index)
        case .date:
            // `"YYYY-MM-DD"`, a day that exists, within the fact's range; anything else is the full path's.
            guard i + 12 <= end, p[i] == UInt8(ascii: "\""), p[i + 11] == UInt8(ascii: "\""),
                  let day = CalendarDate.parse(utf8: UnsafeBufferPointer(start: p + i + 1, count: 10)) else { return nil }
            let value = Rational(integer: day)
            let (lo, hi) = bounds[slot]
            if let lo, value < lo { return nil }
            if let hi, value > hi { return nil }
            i += 12
            return FactValue(value)
        case .integer, .number:
            var textStart = i, textCount: Int
            var unitStart = 0, unitCount = -1
            if p[i] == UInt8(ascii: "\"") {
                let start = i + 1
                var j = start
                while j < end, p[j] != UInt8(ascii: "\""), p[j] != UInt8(ascii: "\\") { j += 1 }
                guard j < end, p[j] == UInt8(ascii: "\"") else { return nil }
                i = j + 1
                guard let space = UnsafeBufferPointer(start: p + start, count: j - start).firstIndex(of: 0x20) else { return nil }
                textStart = start
                textCount = space
                unitStart = start + space + 1
                unitCount = j - unitStart
            } else {
                let start = i
                while i < end, (p[i] >= 0x30 && p[i] <= 0x39) || p[i] == UInt8(ascii: "-") || p[i] == UInt8(ascii: ".")
                        || p[i] == UInt8(ascii: "e") || p[i] == UInt8(ascii: "E") || p[i] == UInt8(ascii: "+") { i += 1 }
                textCount = i - start
            }
            var value: Rational
            if let fast = Self.decimal(p + textStart, textCount) {
                value = fast
            } else {
                guard case .success(let parsed) = Rational.parse(bytes: ArraySlice(UnsafeBufferPointer(start: p + textStart, count: textCount)), grammar: .json)
                else { return nil }
                value = parsed
            }
            if unitCount >= 0 {
                guard let factUnit = facts[slot].type.unit, let unit = unit(p + unitStart, unitCount, slot: slot),
                      let converted = unit.convert(value, to: factUnit, molarMass: facts[slot].molarMass) else { return nil }
                value = converted
            }
            if kind == .integer, !value.isInteger { return nil }
            let (lo, hi) = bounds[slot]
            if let lo, value < lo { return nil }
            if let hi, value > hi { return nil }
            return FactValue(value)
        }
    }

    /// The unit spelled by the bytes, remembered per slot (at most eight spellings each).
    private mutating func unit(_ p: UnsafePointer<UInt8>, _ count: Int, slot: Int) -> PhysicalUnit? {
        if let known = units[slot].first(where: { Self.same($0.text, p, count) }) { return known.unit }
        let text = Array(UnsafeBufferPointer(start: p, count: count))
        guard let unit = PhysicalUnit.named(String(decoding: text, as: UTF8.self)) else { return nil }
        if units[slot].count < 8 { units[slot].append((text, unit)) }
        return unit
    }
}
