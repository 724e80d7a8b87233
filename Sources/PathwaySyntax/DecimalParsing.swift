/// Exact parsing of decimal numbers into ``Rational``, digit by digit and never through `Double`.
extension Rational {
    /// Which spellings of a number are accepted.
    public enum Grammar: Sendable {
        /// JSON numbers exactly as RFC 8259 § 6 defines them: `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`.
        /// No `+`, no leading zeros, no bare `.5` or `1.`. Patient data (JSON or YAML) uses this grammar.
        case json
        /// The expression language's and the documents' literals: an optional sign, digits with an
        /// optional fraction (`.5` and `007` allowed), an optional exponent.
        case literal
    }

    /// Why a text is not a number Pathway can hold.
    public enum ParseError: Error, Hashable, Sendable, CustomStringConvertible {
        /// Not a number in the grammar; `suggestion` is the same value spelled correctly, when there is one.
        case malformed(suggestion: String?)
        /// Its magnitude is 2^63 or more (larger than 9223372036854775807).
        case overflow
        /// It needs a denominator of 2^63 or more (too many decimal places, e.g. 1e-19).
        case tooPrecise

        public var description: String {
            switch self {
            case .malformed: "not a number"
            case .overflow: "too large: numbers must lie between -9223372036854775807 and 9223372036854775807"
            case .tooPrecise: "too precise: at most 18 decimal places are held exactly"
            }
        }
    }

    /// Parses `text` exactly in the given grammar.
    public static func parse(_ text: some StringProtocol, grammar: Grammar) -> Result<Rational, ParseError> {
        var bytes = Array(text.utf8)[...]
        return parse(&bytes, grammar: grammar)
    }

    /// Parses the whole of `bytes` exactly in the given grammar.
    public static func parse(bytes: ArraySlice<UInt8>, grammar: Grammar) -> Result<Rational, ParseError> {
        var copy = bytes
        return parse(&copy, grammar: grammar)
    }

    private static func parse(_ s: inout ArraySlice<UInt8>, grammar: Grammar) -> Result<Rational, ParseError> {
        let original = s
        func malformed() -> Result<Rational, ParseError> { .failure(.malformed(suggestion: suggestion(for: original, grammar: grammar))) }
        var i = s.startIndex
        let end = s.endIndex
        var negative = false
        if i < end, s[i] == UInt8(ascii: "-") { negative = true; i += 1 } else if grammar == .literal, i < end, s[i] == UInt8(ascii: "+") { i += 1 }
        // Significant digits (leading zeros skipped) in a 128-bit accumulator; digits beyond 38 must be zeros.
        var mantissa = UInt128(0), significant = 0, fractionDigits = 0, intDigits = 0, droppedNonZero = false, dropped = 0
        func digit(_ b: UInt8, fraction: Bool) {
            if fraction { fractionDigits += 1 } else { intDigits += 1 }
            if significant == 0 && b == 0x30 { return }
            if significant < 38 {
                mantissa = mantissa * 10 + UInt128(b - 0x30)
                significant += 1
            } else {
                // Beyond 38 digits: a zero keeps the value exact as a power of ten; anything else is too precise.
                dropped += 1
                if b != 0x30 { droppedNonZero = true }
            }
        }
        let intStart = i
        while i < end, s[i] >= 0x30, s[i] <= 0x39 { digit(s[i], fraction: false); i += 1 }
        if grammar == .json {
            guard intDigits > 0 else { return malformed() }
            if intDigits > 1 && s[intStart] == 0x30 { return malformed() }
        }
        if i < end, s[i] == UInt8(ascii: ".") {
            i += 1
            let start = i
            while i < end, s[i] >= 0x30, s[i] <= 0x39 { digit(s[i], fraction: true); i += 1 }
            if grammar == .json && i == start { return malformed() }
        }
        guard intDigits + fractionDigits > 0 else { return malformed() }
        var exponent = 0
        if i < end, s[i] == UInt8(ascii: "e") || s[i] == UInt8(ascii: "E") {
            i += 1
            var negativeExponent = false
            if i < end, s[i] == UInt8(ascii: "+") || s[i] == UInt8(ascii: "-") { negativeExponent = s[i] == UInt8(ascii: "-"); i += 1 }
            let start = i
            while i < end, s[i] >= 0x30, s[i] <= 0x39 {
                exponent = min(exponent * 10 + Int(s[i] - 0x30), 1_000_000)  // saturates: far beyond any representable value
                i += 1
            }
            guard i > start else { return malformed() }
            if negativeExponent { exponent = -exponent }
        }
        guard i == end else { return malformed() }
        s = s[i...]
        if droppedNonZero { return .failure(.tooPrecise) }
        if mantissa == 0 { return .success(.zero) }
        // value = mantissa × 10^scale; the dropped digits were zeros, and the fraction's digits move the point.
        var scale = exponent - fractionDigits + dropped
        while mantissa % 10 == 0 { mantissa /= 10; scale += 1 }
        if scale >= 0 {
            var digits = 1, rest = mantissa
            while rest >= 10 { rest /= 10; digits += 1 }
            guard digits + scale <= 19 else { return .failure(.overflow) }
            var value = mantissa
            for _ in 0..<scale { value *= 10 }
            guard value <= UInt128(Int64.max) else { return .failure(.overflow) }
            return .success(Rational(reduced: negative ? -Int64(value) : Int64(value), 1))
        }
        // A fraction: mantissa / (2^k 5^k), reduced by the twos and fives the mantissa has.
        guard -scale <= 200 else { return .failure(.tooPrecise) }
        var twos = -scale, fives = -scale
        while twos > 0, mantissa % 2 == 0 { mantissa /= 2; twos -= 1 }
        while fives > 0, mantissa % 5 == 0 { mantissa /= 5; fives -= 1 }
        guard twos < 63, fives < 28 else { return .failure(.tooPrecise) }
        var denominator = UInt128(1) << UInt128(twos)
        for _ in 0..<fives { denominator *= 5 }
        guard denominator <= UInt128(Int64.max) else { return .failure(.tooPrecise) }
        guard mantissa <= UInt128(Int64.max) else {
            // More than 19 significant digits after reduction: too precise when small, too large when not.
            return .failure(mantissa / denominator > UInt128(Int64.max) ? .overflow : .tooPrecise)
        }
        return .success(Rational(reduced: negative ? -Int64(mantissa) : Int64(mantissa), Int64(denominator)))
    }

    /// The same number in the JSON grammar, for the spellings people write by mistake (`01`, `.5`, `1.`, `+1`).
    private static func suggestion(for bytes: ArraySlice<UInt8>, grammar: Grammar) -> String? {
        guard grammar == .json else { return nil }
        var text = String(decoding: bytes, as: UTF8.self)
        guard !text.isEmpty, text.utf8.allSatisfy({ ($0 >= 0x30 && $0 <= 0x39) || $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: "+") || $0 == UInt8(ascii: "e") || $0 == UInt8(ascii: "E") }) else { return nil }
        if text.hasPrefix("+") { text.removeFirst() }
        guard case .success(let value) = parse(text, grammar: .literal) else { return nil }
        return value.description.contains("/") ? nil : value.description
    }
}
