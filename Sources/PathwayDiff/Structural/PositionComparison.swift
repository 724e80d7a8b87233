/// Finds siblings whose relative order changed where order decides the outcome: the branches of
/// a `select: first` node and the rows of a `first` or `priority` table.
///
/// Positions are compared through the longest common subsequence of the siblings present in both
/// versions, so inserting or removing one sibling does not report all those after it as moved.
enum PositionComparison {
    /// The position change of each paired snapshot that moved among its siblings, by new identity.
    static func changes(_ pairs: [SnapshotMatching.Pair]) -> [String: FieldChange] {
        var groups: [String: [SnapshotMatching.Pair]] = [:]
        for pair in pairs {
            guard let o = pair.old.placement, let n = pair.new.placement, o.group == n.group, o.orderMatters, n.orderMatters else { continue }
            groups[n.group, default: []].append(pair)
        }
        var result: [String: FieldChange] = [:]
        for group in groups.keys.sorted() {
            guard let members = groups[group] else { continue }
            let oldOrder = members.sorted { ($0.old.placement?.index ?? 0) < ($1.old.placement?.index ?? 0) }.map(\.new.identity)
            let newOrder = members.sorted { ($0.new.placement?.index ?? 0) < ($1.new.placement?.index ?? 0) }.map(\.new.identity)
            let kept = longestCommonSubsequence(oldOrder, newOrder)
            for pair in members where !kept.contains(pair.new.identity) {
                guard let o = pair.old.placement, let n = pair.new.placement else { continue }
                result[pair.new.identity] = FieldChange(field: "position", old: String(o.index), new: String(n.index),
                                                        detail: "\(o.index) → \(n.index) among \(n.siblings)")
            }
        }
        return result
    }

    /// The elements of one longest common subsequence of `a` and `b` (elements are distinct).
    static func longestCommonSubsequence(_ a: [String], _ b: [String]) -> Set<String> {
        guard !a.isEmpty, !b.isEmpty else { return [] }
        var table = Array(repeating: Array(repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in stride(from: a.count - 1, through: 0, by: -1) {
            for j in stride(from: b.count - 1, through: 0, by: -1) {
                table[i][j] = a[i] == b[j] ? table[i + 1][j + 1] + 1 : max(table[i + 1][j], table[i][j + 1])
            }
        }
        var kept: Set<String> = []
        var (i, j) = (0, 0)
        while i < a.count, j < b.count {
            if a[i] == b[j] { kept.insert(a[i]); i += 1; j += 1 } else if table[i + 1][j] >= table[i][j + 1] { i += 1 } else { j += 1 }
        }
        return kept
    }
}
