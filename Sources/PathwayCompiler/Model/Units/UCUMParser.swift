import PathwaySyntax

/// Why a unit string is not a unit: a message and where in the string (in Unicode scalars).
public struct UnitProblem: Error, Hashable, Sendable {
    /// What is wrong, e.g. "`dX` is not a UCUM unit".
    public let message: String
    /// Offset of the offending part in the unit text, in Unicode scalars.
    public let offset: Int
    /// Its length, in Unicode scalars (at least 1).
    public let length: Int
}

/// The meaning of a unit term: its dimension and exact factor to the base units.
struct UnitMeaning: Hashable, Sendable {
    var dimension: Dimension
    var scale: UnitScale
    /// The special unit's code when the term is exactly one special unit.
    var isSpecial: Bool { dimension.special != nil }

    static let one = UnitMeaning(dimension: .none, scale: .one)
}

/// A parser for UCUM's case-sensitive unit syntax (UCUM §2.1–2.4, and its grammar in §"The
/// Unified Code for Units of Measure in Backus–Naur Form"):
///
/// ```
/// mainTerm    := "/" term | term
/// term        := component (("." | "/") component)*
/// component   := annotatable annotation? | annotation | factor | "(" term ")"
/// annotatable := simpleUnit exponent?
/// simpleUnit  := atom | prefix metricAtom
/// exponent    := ("+" | "-")? digits
/// factor      := digits
/// annotation  := "{" (ASCII 33–126 except "{" "}")* "}"
/// ```
///
/// Atoms, prefixes and definitions come from ``UCUMTables``. Leniencies, all documented: `µ`
/// (U+00B5 or U+03BC) is read as the prefix `u`; Pathway's long spellings (`months`, `days`, …) are
/// atoms. Bounds: at most 200 scalars, nesting 10 deep, exponents up to 99.
struct UCUMParser {
    static let maxLength = 200
    static let maxDepth = 10

    private let scalars: [Unicode.Scalar]
    private var i = 0
    private let atoms: [String: (meaning: UnitMeaning, metric: Bool)]

    private init(_ text: String, atoms: [String: (meaning: UnitMeaning, metric: Bool)]) {
        // µ and μ are the micro sign; UCUM's case-sensitive code writes it `u`.
        scalars = text.unicodeScalars.map { $0 == "\u{00B5}" || $0 == "\u{03BC}" ? "u" : $0 }
        self.atoms = atoms
    }

    /// Parses `text` against the given atom table.
    static func parse(_ text: String, atoms: [String: (meaning: UnitMeaning, metric: Bool)]) -> Result<UnitMeaning, UnitProblem> {
        let count = text.unicodeScalars.count
        guard count > 0 else { return .failure(UnitProblem(message: "the unit is empty", offset: 0, length: 1)) }
        guard count <= maxLength else {
            return .failure(UnitProblem(message: "the unit is longer than \(maxLength) characters", offset: 0, length: count))
        }
        var parser = UCUMParser(text, atoms: atoms)
        do {
            var meaning: UnitMeaning
            if parser.peek == "/" {
                parser.i += 1
                let term = try parser.term(depth: 0)
                meaning = try parser.combine(.one, term, dividing: true, at: 0)
            } else {
                meaning = try parser.term(depth: 0)
            }
            if parser.i < parser.scalars.count {
                throw parser.problem("unexpected `\(parser.scalars[parser.i])`", at: parser.i, length: 1)
            }
            return .success(meaning)
        } catch let problem as UnitProblem {
            return .failure(problem)
        } catch {
            return .failure(UnitProblem(message: "malformed unit", offset: 0, length: count))
        }
    }

    private var peek: Unicode.Scalar? { i < scalars.count ? scalars[i] : nil }

    private func problem(_ message: String, at offset: Int, length: Int) -> UnitProblem {
        UnitProblem(message: message, offset: offset, length: max(1, length))
    }

    private mutating func term(depth: Int) throws -> UnitMeaning {
        guard depth <= UCUMParser.maxDepth else { throw problem("units nest more than \(UCUMParser.maxDepth) deep", at: i, length: 1) }
        var result = try component(depth: depth)
        while let c = peek, c == "." || c == "/" {
            let at = i
            i += 1
            let next = try component(depth: depth)
            result = try combine(result, next, dividing: c == "/", at: at)
        }
        return result
    }

    private func combine(_ a: UnitMeaning, _ b: UnitMeaning, dividing: Bool, at offset: Int) throws -> UnitMeaning {
        if a.isSpecial || b.isSpecial {
            throw problem("`\((a.dimension.special ?? b.dimension.special) ?? "")` is not a ratio unit and cannot be multiplied or divided", at: offset, length: 1)
        }
        let other = dividing ? b.dimension.inverse : b.dimension
        guard let other, let dimension = a.dimension.multiplied(by: other),
              let scale = dividing ? a.scale.divided(by: b.scale) : a.scale.multiplied(by: b.scale) else {
            throw problem("the unit's factor or powers are too large", at: offset, length: 1)
        }
        return UnitMeaning(dimension: dimension, scale: scale)
    }

    private mutating func component(depth: Int) throws -> UnitMeaning {
        let start = i
        guard let c = peek else { throw problem("a unit is missing at the end", at: max(0, i - 1), length: 1) }
        if c == "(" {
            i += 1
            let inner = try term(depth: depth + 1)
            guard peek == ")" else { throw problem("`(` is not closed", at: start, length: 1) }
            i += 1
            return inner
        }
        if c == "{" {
            return UnitMeaning(dimension: Dimension(annotations: [try annotation()]), scale: .one)
        }
        // A simple unit with its exponent: up to `.`, `/`, `(`, `)`, `{`, outside brackets.
        var j = i, bracket = 0
        while j < scalars.count {
            let s = scalars[j]
            if s == "[" { bracket += 1 } else if s == "]" { bracket -= 1; if bracket < 0 { break } }
            else if bracket == 0, s == "." || s == "/" || s == "(" || s == ")" || s == "{" { break }
            if bracket == 0, s == " " { break }
            j += 1
        }
        guard bracket == 0 else { throw problem("`[` is not closed", at: start, length: j - start) }
        guard j > i else { throw problem("a unit is missing before `\(c)`", at: i, length: 1) }
        let run = Array(scalars[i..<j])
        i = j
        let text = String(String.UnicodeScalarView(run))
        // A factor: digits only.
        if run.allSatisfy({ $0.properties.numericType != nil && $0.isASCII }) {
            guard run.count <= 18, let n = Int64(text), n > 0, let scale = UnitScale(normalizing: Rational(integer: n), power: 0) else {
                throw problem("the factor `\(text)` is not a positive whole number that fits", at: start, length: run.count)
            }
            return try annotated(UnitMeaning(dimension: .none, scale: scale))
        }
        // Split a trailing exponent (`m2`, `s-1`, `10*-3`) unless the digits belong to the atom.
        var meaning: UnitMeaning
        if let whole = simpleUnit(text) {
            meaning = whole
        } else {
            var k = run.count
            while k > 0, run[k - 1].isASCII, run[k - 1].properties.numericType != nil { k -= 1 }
            var signEnd = k
            if k > 0, k < run.count, run[k - 1] == "-" || run[k - 1] == "+" { signEnd = k - 1 }
            guard k < run.count, signEnd > 0 else { throw unknown(text, at: start, length: run.count) }
            let atomText = String(String.UnicodeScalarView(run[0..<signEnd]))
            let exponentText = String(String.UnicodeScalarView(run[signEnd..<run.count]))
            guard let base = simpleUnit(atomText) else { throw unknown(atomText, at: start, length: signEnd) }
            guard let exponent = Int(exponentText), abs(exponent) <= 99 else {
                throw problem("the exponent `\(exponentText)` is out of range (at most 99)", at: start + signEnd, length: run.count - signEnd)
            }
            if base.isSpecial { throw problem("`\(atomText)` is not a ratio unit and cannot be raised to a power", at: start, length: run.count) }
            guard let d = base.dimension.raised(to: exponent), let s = base.scale.raised(to: exponent) else {
                throw problem("`\(text)` is too large to hold exactly", at: start, length: run.count)
            }
            meaning = UnitMeaning(dimension: d, scale: s)
        }
        return try annotated(meaning)
    }

    /// An annotation following a unit, if any, added to its meaning.
    private mutating func annotated(_ meaning: UnitMeaning) throws -> UnitMeaning {
        guard peek == "{" else { return meaning }
        if meaning.isSpecial { throw problem("a special unit cannot carry an annotation", at: i, length: 1) }
        var m = meaning
        m.dimension.annotations = (m.dimension.annotations + [try annotation()]).sorted()
        return m
    }

    private mutating func annotation() throws -> String {
        let start = i
        i += 1
        var text = ""
        while let c = peek, c != "}" {
            guard c.isASCII, c.value >= 33, c.value <= 126, c != "{" else {
                throw problem("an annotation may hold only printable ASCII characters without spaces or braces", at: i, length: 1)
            }
            text.unicodeScalars.append(c)
            i += 1
        }
        guard peek == "}" else { throw problem("`{` is not closed", at: start, length: i - start) }
        i += 1
        return text
    }

    /// An atom, or a prefix and a metric atom.
    private func simpleUnit(_ text: String) -> UnitMeaning? {
        if let atom = atoms[text] { return atom.meaning }
        for prefix in UCUMTables.prefixes where text.hasPrefix(prefix.code) {
            let rest = String(text.dropFirst(prefix.code.count))
            guard let atom = atoms[rest], atom.metric, !atom.meaning.isSpecial,
                  let scale = atom.meaning.scale.multiplied(by: UnitScale(normalizing: .one, power: prefix.power) ?? .one) else { continue }
            return UnitMeaning(dimension: atom.meaning.dimension, scale: scale)
        }
        return nil
    }

    private func unknown(_ text: String, at offset: Int, length: Int) -> UnitProblem {
        if let first = text.unicodeScalars.first, first.isASCII, first.properties.numericType != nil {
            return problem("`\(text)` is not a UCUM unit: a number in a unit is a whole factor of its own (`/(24.h)`), a decimal belongs in an annotation (`{1.73_m2}`)",
                           at: offset, length: length)
        }
        return problem("`\(text)` is not a UCUM unit", at: offset, length: length)
    }

    /// The atom table: base units, then each row of ``UCUMTables/units`` evaluated from its
    /// definition by this parser, then the aliases. A row whose definition does not parse is left
    /// out (a test checks that none is).
    static let atomTable: [String: (meaning: UnitMeaning, metric: Bool)] = {
        var table: [String: (meaning: UnitMeaning, metric: Bool)] = [:]
        for (index, base) in UCUMTables.baseUnits.enumerated() {
            table[base.code] = (UnitMeaning(dimension: .base(index), scale: .one), true)
        }
        table["1"] = (.one, false)
        for row in UCUMTables.units {
            switch row.kind {
            case .special:
                table[row.code] = (UnitMeaning(dimension: Dimension(special: row.code), scale: .one), row.metric)
            case .arbitrary:
                table[row.code] = (UnitMeaning(dimension: Dimension(arbitrary: [row.code: 1]), scale: .one), row.metric)
            case .defined(let value, let unit):
                guard let factor = UnitScale(decimal: value), case .success(let defining) = parse(unit, atoms: table),
                      let scale = defining.scale.multiplied(by: factor) else { continue }
                table[row.code] = (UnitMeaning(dimension: defining.dimension, scale: scale), row.metric)
            }
        }
        for alias in UCUMTables.aliases {
            if let target = table[alias.code] { table[alias.spelling] = (target.meaning, false) }
        }
        return table
    }()
}
