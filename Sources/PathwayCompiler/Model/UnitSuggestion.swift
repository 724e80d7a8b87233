import PathwaySyntax
import PathwayDiagnostics

extension PhysicalUnit {
    /// The known unit most likely meant by an unknown unit symbol, for "did you mean".
    ///
    /// Candidates are ranked by edit distance first (case-insensitive, so `CM` finds `cm`); among
    /// equally distant ones, a unit of `expected`'s dimension comes first, then the one closest in
    /// magnitude to `expected`, so a typo never suggests a unit a factor of ten or more away when
    /// a closer one is as near in spelling (`8 mmm` for a length in cm suggests `mm`, not `m`).
    /// Without `expected`, ties go to the candidate that shares the longest start and end with the
    /// symbol, then alphabetically. A candidate qualifies when its distance is at most half the
    /// longer symbol's length (at least 1).
    ///
    /// ```swift
    /// PhysicalUnit.suggestion(for: "mmm")                          // "mm"
    /// PhysicalUnit.suggestion(for: "km", expected: .named("cm"))   // "cm"
    /// ```
    public static func suggestion(for symbol: String, expected: PhysicalUnit? = nil) -> String? {
        suggestion(for: symbol, expected: expected, among: known.keys.sorted())
    }

    /// The same ranking over given candidate symbols (each must be a key of ``known``).
    static func suggestion(for symbol: String, expected: PhysicalUnit?, among candidates: [String]) -> String? {
        let typed = symbol.lowercased()
        var best: (key: RankKey, symbol: String)?
        for candidate in candidates where candidate != symbol {
            guard let unit = known[candidate] else { continue }
            let distance = Suggest.editDistance(typed, candidate.lowercased())
            guard distance <= max(1, max(typed.unicodeScalars.count, candidate.unicodeScalars.count) / 2) else { continue }
            let key = RankKey(
                distance: distance,
                otherDimension: expected.map { $0.dimension != unit.dimension } ?? false,
                magnitudeGap: expected.map { magnitudeGap(unit, $0) } ?? 0,
                sharedAffix: -sharedAffix(typed, candidate.lowercased()),
                exactDistance: Suggest.editDistance(symbol, candidate),
                symbol: candidate)
            if let current = best, !(key < current.key) { continue }
            best = (key, candidate)
        }
        return best?.symbol
    }

    /// How many powers of ten apart two units are (0 across dimensions, where it is not compared).
    private static func magnitudeGap(_ a: PhysicalUnit, _ b: PhysicalUnit) -> Int {
        guard a.dimension == b.dimension else { return 0 }
        // Exactly: the number of factors of ten between the units' factors.
        guard var ratio = a.factor.divided(by: b.factor), ratio > .zero else { return .max }
        if ratio < .one { ratio = Rational.one.divided(by: ratio) ?? ratio }
        var gap = 0
        let ten = Rational(integer: 10)
        while ratio >= ten, let next = ratio.divided(by: ten) { ratio = next; gap += 1 }
        return gap
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
        var otherDimension: Bool
        var magnitudeGap: Int
        var sharedAffix: Int
        var exactDistance: Int
        var symbol: String

        static func < (l: RankKey, r: RankKey) -> Bool {
            if l.distance != r.distance { return l.distance < r.distance }
            if l.otherDimension != r.otherDimension { return !l.otherDimension }
            if l.magnitudeGap != r.magnitudeGap { return l.magnitudeGap < r.magnitudeGap }
            if l.sharedAffix != r.sharedAffix { return l.sharedAffix < r.sharedAffix }
            if l.exactDistance != r.exactDistance { return l.exactDistance < r.exactDistance }
            return l.symbol < r.symbol
        }
    }
}
