/// Merges regions that differ on a single axis into one, for fewer and more readable regions.
///
/// Two boxes that agree on every axis but one are, together, the box with the union of their cells
/// on that axis. Merging repeats until no two boxes merge; the result covers exactly the same
/// patients. Order follows the first occurrence, so output is deterministic.
public enum RegionMerge {
    /// The regions merged where they differ on one axis only.
    public static func merge(_ regions: [Region]) -> [Region] {
        var current = regions
        guard let axisCount = current.first?.cells.count else { return [] }
        var changed = true
        while changed {
            changed = false
            for axis in 0..<axisCount {
                var merged: [Region] = []
                var slot: [Region: Int] = [:]
                for region in current {
                    var key = region
                    key.cells[axis] = CellSet(count: 0)
                    if let at = slot[key] {
                        merged[at].cells[axis] = merged[at].cells[axis].union(region.cells[axis])
                        changed = true
                    } else {
                        slot[key] = merged.count
                        merged.append(region)
                    }
                }
                current = merged
            }
        }
        return current
    }
}
