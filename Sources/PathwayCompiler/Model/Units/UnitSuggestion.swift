import PathwaySyntax
import PathwayDiagnostics

extension PhysicalUnit {
    /// The real unit most likely meant by a unit text that does not parse, for "did you mean".
    ///
    /// First the spellings laboratory systems use in place of UCUM's are rewritten (`1.73m2` →
    /// `{1.73_m2}`, `mmHg` → `mm[Hg]`, `IU` → `[IU]`, `mcg` → `ug`, `mEq` → `meq`, `hr` → `h`);
    /// then the common clinical units (``common``) are ranked by edit distance (case-insensitive,
    /// so `CM` finds `cm`). With `expected`, only units of its dimension qualify — a suggestion is
    /// never a unit the value could not be converted from — and among equally distant ones the one
    /// closest in magnitude comes first, so a typo never suggests a unit a factor of ten or more
    /// away when a closer one is as near in spelling (`8 mmm` for a length in cm suggests `mm`).
    /// Without `expected`, ties go to the candidate that shares the longest start and end with the
    /// symbol, then the unit more common on laboratory reports, then alphabetically. A candidate
    /// qualifies when its distance is at most half the typed symbol's length (at least 1).
    ///
    /// ```swift
    /// PhysicalUnit.suggestion(for: "mmm")                                   // "mm"
    /// PhysicalUnit.suggestion(for: "mL/min/1.73m2", expected: egfrUnit)     // "mL/min/{1.73_m2}"
    /// ```
    public static func suggestion(for symbol: String, expected: PhysicalUnit? = nil) -> String? {
        if let rewritten = rewritten(symbol), let unit = named(rewritten),
           expected.map({ $0.dimension == unit.dimension }) ?? true {
            return rewritten
        }
        return suggestion(for: symbol, expected: expected, among: common.keys.sorted())
    }

    /// The position of each common unit in ``commonSymbols`` (more frequent on reports first): the
    /// last tie-break before the alphabet.
    static let commonRank: [String: Int] = {
        var rank: [String: Int] = [:]
        for (i, s) in commonSymbols.enumerated() where rank[s] == nil { rank[s] = i }
        return rank
    }()

    /// Lab spellings that are not UCUM, and UCUM's for them.
    static let labSpellings: [(String, String)] = [
        ("/1.73m2", "/{1.73_m2}"), ("/1.73 m2", "/{1.73_m2}"), ("/1.73m^2", "/{1.73_m2}"), ("/1.73m²", "/{1.73_m2}"),
        ("mmHg", "mm[Hg]"), ("cmH2O", "cm[H2O]"), ("mcg", "ug"), ("mEq", "meq"), ("mOsm", "mosm"),
        ("hrs", "h"), ("hr", "h"), ("sec", "s"), ("x10^9", "10*9"), ("x10^12", "10*12"), ("x10^3", "10*3"),
        ("m²", "m2"), ("m³", "m3"),
    ]

    /// `symbol` with the lab spellings replaced, and bare `IU` bracketed; `nil` when nothing changed.
    static func rewritten(_ symbol: String) -> String? {
        var text = symbol
        for (from, to) in labSpellings { text = text.replacingOccurrences(of: from, with: to) }
        if !text.contains("[IU]") { text = text.replacingOccurrences(of: "IU", with: "[IU]") }
        return text == symbol ? nil : text
    }

    /// The same ranking over given candidate symbols (each must be a key of ``common``).
    static func suggestion(for symbol: String, expected: PhysicalUnit?, among candidates: [String]) -> String? {
        let typed = symbol.lowercased()
        var best: (key: RankKey, symbol: String)?
        for candidate in candidates where candidate != symbol {
            guard let unit = common[candidate] else { continue }
            if let expected, expected.dimension != unit.dimension { continue }
            let distance = Suggest.editDistance(typed, candidate.lowercased())
            guard distance <= max(1, typed.unicodeScalars.count / 2) else { continue }
            let key = RankKey(
                distance: distance,
                magnitudeGap: expected.map { magnitudeGap(unit, $0) } ?? Magnitude(power: 0, mantissa: .one),
                sharedAffix: -sharedAffix(typed, candidate.lowercased()),
                exactDistance: Suggest.editDistance(symbol, candidate),
                commonness: commonRank[candidate] ?? .max,
                symbol: candidate)
            if let current = best, !(key < current.key) { continue }
            best = (key, candidate)
        }
        return best?.symbol
    }

    /// How many powers of ten apart two units are (0 across dimensions, where it is not compared).
    /// How far apart in size two units are, exactly: the ratio of their factors (or its inverse,
    /// whichever is at least one) as a power of ten and a mantissa in [1, 10).
    private static func magnitudeGap(_ a: PhysicalUnit, _ b: PhysicalUnit) -> Magnitude {
        guard a.dimension == b.dimension, let ratio = a.scale.divided(by: b.scale) else { return Magnitude(power: 0, mantissa: .one) }
        func normalized(_ s: UnitScale) -> Magnitude {
            var power = s.power, m = s.mantissa
            let ten = Rational(integer: 10)
            while m >= ten, let next = m.divided(by: ten) { m = next; power += 1 }
            while m < .one, let next = m.multiplied(by: ten) { m = next; power -= 1 }
            return Magnitude(power: power, mantissa: m)
        }
        let forward = normalized(ratio)
        guard forward.power < 0, let inverse = UnitScale.one.divided(by: ratio) else { return forward }
        return normalized(inverse)
    }

    /// A ratio of at least one, `mantissa × 10^power`, ordered exactly.
    struct Magnitude: Comparable {
        var power: Int
        var mantissa: Rational
        static func < (l: Magnitude, r: Magnitude) -> Bool {
            l.power != r.power ? l.power < r.power : l.mantissa < r.mantissa
        }
    }

    /// The length of the common start plus the common end of two strings, in scalars.
    private static func sharedAffix(_ a: String, _ b: String) -> Int {
        let x = Array(a.unicodeScalars), y = Array(b.unicodeScalars)
        var prefix = 0
        while prefix < min(x.count, y.count), x[prefix] == y[prefix] { prefix += 1 }
        var suffix = 0
        while suffix < min(x.count, y.count) - prefix, x[x.count - 1 - suffix] == y[y.count - 1 - suffix] { suffix += 1 }
        return prefix + suffix
    }

    /// Ranks candidates: smaller is better, field by field.
    private struct RankKey: Comparable {
        var distance: Int
        var magnitudeGap: Magnitude
        var sharedAffix: Int
        var exactDistance: Int
        var commonness: Int
        var symbol: String

        static func < (l: RankKey, r: RankKey) -> Bool {
            if l.distance != r.distance { return l.distance < r.distance }
            if l.magnitudeGap != r.magnitudeGap { return l.magnitudeGap < r.magnitudeGap }
            if l.sharedAffix != r.sharedAffix { return l.sharedAffix < r.sharedAffix }
            if l.exactDistance != r.exactDistance { return l.exactDistance < r.exactDistance }
            if l.commonness != r.commonness { return l.commonness < r.commonness }
            return l.symbol < r.symbol
        }
    }
}
