/// "Did you mean" support: the candidate closest to a misspelt name.
public enum Suggest {
    /// The candidate closest to `name` by edit distance, if it is close enough to be a plausible typo.
    ///
    /// A candidate qualifies when its distance is at most a third of the longer name's length (at
    /// least 1), or when one name contains the other ignoring case and underscores (`ki67` → `ki67_percent`).
    /// Ties break first in favour of the names in `preferred` (those the author's own file declares,
    /// over those of its imports), then alphabetically, so the answer is deterministic.
    public static func closest<S: Sequence>(to name: String, in candidates: S, preferring preferred: Set<String> = []) -> String?
    where S.Element == String {
        let normalizedName = normalize(name)
        var best: (distance: Int, foreign: Bool, candidate: String)?
        for candidate in candidates where candidate != name {
            let distance = editDistance(normalizedName, normalize(candidate))
            let limit = max(1, max(name.count, candidate.count) / 3)
            let contains = normalizedName.count >= 3
                && (normalize(candidate).contains(normalizedName) || normalizedName.contains(normalize(candidate)))
            guard distance <= limit || contains else { continue }
            let score = (contains ? min(distance, limit) : distance, !preferred.contains(candidate), candidate)
            if let current = best, (current.distance, current.foreign ? 1 : 0, current.candidate) <= (score.0, score.1 ? 1 : 0, score.2) { continue }
            best = (score.0, score.1, score.2)
        }
        return best?.candidate
    }

    private static func normalize(_ s: String) -> String {
        String(s.lowercased().filter { $0 != "_" && $0 != "-" })
    }

    /// The edit distance between two strings, by Unicode scalars, counting insertions, deletions,
    /// substitutions and transpositions of neighbours (`eraly` → `early` is 1) as one edit each.
    public static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a.unicodeScalars), b = Array(b.unicodeScalars)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var beforePrevious = [Int](repeating: 0, count: b.count + 1)
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    current[j] = min(current[j], beforePrevious[j - 2] + 1)
                }
            }
            (beforePrevious, previous, current) = (previous, current, beforePrevious)
        }
        return previous[b.count]
    }
}
