/// Matches the snapshots of one namespace across versions by identity, and finds renames among
/// what is left: one removed and one added snapshot with the same content apart from the id.
enum SnapshotMatching {
    /// A snapshot present in both versions.
    struct Pair {
        var old: Snapshot
        var new: Snapshot
    }

    /// The outcome of matching: pairs, and what exists in one version only.
    struct Result {
        var pairs: [Pair] = []
        var removed: [Snapshot] = []
        var added: [Snapshot] = []
    }

    /// Matches by identity; the first of duplicate identities wins (duplicates are already diagnosed).
    static func match(old: [Snapshot], new: [Snapshot]) -> Result {
        let newIndex = firstByIdentity(new)
        var result = Result()
        var seenOld: Set<String> = []
        for o in old where seenOld.insert(o.identity).inserted {
            if let n = newIndex[o.identity] { result.pairs.append(Pair(old: o, new: n)) } else { result.removed.append(o) }
        }
        var seenNew: Set<String> = []
        for n in new where seenNew.insert(n.identity).inserted && !seenOld.contains(n.identity) {
            result.added.append(n)
        }
        return result
    }

    /// Old identity → new id for each removed snapshot whose content equals that of exactly one added
    /// snapshot, and no other removed snapshot's: ambiguous look-alikes stay a removal and an addition.
    static func renames(removed: [Snapshot], added: [Snapshot]) -> [(oldIdentity: String, newID: String)] {
        let removedByKey = Dictionary(grouping: removed, by: \.renameKey)
        let addedByKey = Dictionary(grouping: added, by: \.renameKey)
        var result: [(oldIdentity: String, newID: String)] = []
        for key in removedByKey.keys.sorted() {
            guard let olds = removedByKey[key], olds.count == 1, let news = addedByKey[key], news.count == 1,
                  let o = olds.first, let n = news.first else { continue }
            result.append((o.identity, n.id))
        }
        return result
    }

    private static func firstByIdentity(_ snapshots: [Snapshot]) -> [String: Snapshot] {
        var index: [String: Snapshot] = [:]
        for s in snapshots where index[s.identity] == nil { index[s.identity] = s }
        return index
    }
}
