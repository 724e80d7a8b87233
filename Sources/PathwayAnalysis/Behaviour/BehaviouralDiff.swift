import PathwayCompiler

/// The patients whose outcome changes between two versions of a guideline, as regions.
///
/// Each recommendation is matched across versions (by guideline and id, or through a rename), and
/// the patients both versions accept are partitioned by its old and new condition (see
/// ``Partitioner``). Pieces where the outcome differs are merged per change into regions; regions
/// shared by several recommendations are reported once. Missing data is a value of every fact,
/// so changes in what is undetermined are found too. Patients only one version accepts (an
/// enumeration value added, a range widened) are reported separately, as ``DomainChange``s.
///
/// ```swift
/// let diff = BehaviouralDiff.compare(old: before, new: after)
/// for region in diff.regions { print(region.condition, region.changes.map(\.recommendation)) }
/// ```
public struct BehaviouralDiff: Sendable {
    /// The joint space of the two versions (version 0 is old, 1 is new).
    public let space: PatientSpace
    /// The patients both versions accept.
    public let domain: Region
    /// The regions where some recommendation's outcome differs, each with every change in it.
    public let regions: [AffectedRegion]
    /// Values one version accepts and the other rejects.
    public let domainChanges: [DomainChange]
    /// Recommendations whose partition ran out of budget: their changes may be incomplete.
    public let incomplete: [RecommendationKey]

    /// The kind of change as a whole.
    public var classification: ChangeClass {
        let additive = regions.allSatisfy { $0.changes.allSatisfy(\.isAdditive) } && domainChanges.allSatisfy { $0.acceptedBy == 1 }
        if !additive { return .breaking }
        // What was not searched may hold a lost recommendation: only a breaking change found is certain.
        if !incomplete.isEmpty { return .undecided }
        return regions.isEmpty && domainChanges.isEmpty ? .editorial : .additive
    }

    /// Compares two compiled versions; `renamed` maps an old recommendation to its id in the new version.
    public static func compare(old: CompiledGuidelines, new: CompiledGuidelines, renamed: [RecommendationKey: String] = [:],
                               regionBudget: Int = 200_000) -> BehaviouralDiff {
        let space = PatientSpace([old, new])
        let domain = space.acceptedByAll
        let partitioner = Partitioner(space: space, regionBudget: regionBudget)

        var regionOrder: [Region] = []
        var changesByRegion: [Region: [OutcomeChange]] = [:]
        var incomplete: [RecommendationKey] = []

        for pair in RecommendationPairs(old: old, new: new, renamed: renamed).pairs {
            let o = pair.old.map { old.recommendations[$0] }
            let n = pair.new.map { new.recommendations[$0] }
            if let o, let n, partitioner.equivalent(.outcome(version: 0, node: o.condition), .outcome(version: 1, node: n.condition)),
               Outcome(o, .true) == Outcome(n, .true), Outcome(o, .unknown) == Outcome(n, .unknown) {
                continue
            }
            var pieces: [OutcomeChange: [Region]] = [:]
            var order: [OutcomeChange] = []
            func record(_ piece: Region, _ before: Outcome, _ after: Outcome) {
                guard before.differs(from: after) else { return }
                let change = OutcomeChange(recommendation: pair.key, renamedFrom: pair.renamedFrom, old: before, new: after)
                if pieces[change] == nil { order.append(change) }
                pieces[change, default: []].append(piece)
            }
            let complete: Bool
            if let o, let n {
                let oldNode = VersionedNode.outcome(version: 0, node: o.condition), newNode = VersionedNode.outcome(version: 1, node: n.condition)
                if Outcome(o, .true) == Outcome(n, .true) && Outcome(o, .unknown) == Outcome(n, .unknown) {
                    // Same direction and level: only patients whose truth differs can differ.
                    complete = partitioner.partitionDifferences(domain, old: oldNode, new: newNode) { piece, before, after in
                        record(piece, Outcome(o, before), Outcome(n, after))
                    }
                } else {
                    complete = partitioner.partition(domain, by: [oldNode, newNode]) { piece, truths in
                        record(piece, Outcome(o, truths[0]), Outcome(n, truths[1]))
                        return true
                    }
                }
            } else {
                let only = VersionedNode.outcome(version: o == nil ? 1 : 0, node: (o ?? n)?.condition ?? 0)
                complete = partitioner.partition(domain, by: [only], keep: { $0[0] != .false }) { piece, truths in
                    record(piece, Outcome(o, o == nil ? .false : truths[0]), Outcome(n, n == nil ? .false : truths[0]))
                    return true
                }
            }
            if !complete { incomplete.append(pair.key) }
            for change in order {
                for region in RegionMerge.merge(pieces[change] ?? []) {
                    if changesByRegion[region] == nil { regionOrder.append(region) }
                    changesByRegion[region, default: []].append(change)
                }
            }
        }
        let regions = regionOrder.map { region in
            AffectedRegion(region: region, condition: space.describe(region, within: domain), changes: changesByRegion[region] ?? [],
                           witness: space.witness(in: region, within: domain))
        }
        return BehaviouralDiff(space: space, domain: domain, regions: regions, domainChanges: domainChanges(space, partitioner),
                               incomplete: incomplete)
    }

    private static func domainChanges(_ space: PatientSpace, _ partitioner: Partitioner) -> [DomainChange] {
        var result: [DomainChange] = []
        for (a, axis) in space.axes.enumerated() {
            for v in [0, 1] {
                var only = axis.accepted[v].subtracting(axis.accepted[1 - v])
                guard !only.isEmpty else { continue }
                only = only.intersection(axis.accepted[v])
                let accepting = space.accepted(by: v)
                let region = accepting.restricting(a, to: only)
                result.append(DomainChange(fact: axis.name, acceptedBy: v, region: region,
                                           condition: space.describe(region, within: accepting),
                                           witness: space.witness(in: region, within: accepting),
                                           given: given(in: region, version: v, space, partitioner)))
            }
        }
        return result
    }

    /// Where in `region` a version gives each of its recommendations, as conditions relative to the region.
    private static func given(in region: Region, version v: Int, _ space: PatientSpace, _ partitioner: Partitioner)
        -> [(recommendation: RecommendationKey, condition: String)] {
        let guidelines = space.versions[v]
        var result: [(RecommendationKey, String)] = []
        for r in guidelines.recommendations {
            var pieces: [Region] = []
            partitioner.partition(region, by: [.outcome(version: v, node: r.condition)], keep: { $0[0] == nil || $0[0] == .true }) { piece, _ in
                pieces.append(piece)
                return true
            }
            let key = RecommendationKey(guideline: guidelines.guidelines[r.guideline].id, id: r.id)
            for piece in RegionMerge.merge(pieces) { result.append((key, space.describe(piece, within: region))) }
        }
        return result
    }

    /// Whether a patient, given as a cell per axis, lies in a reported region or domain change.
    public func reports(cells: [Int]) -> Bool {
        func inside(_ region: Region) -> Bool { cells.indices.allSatisfy { region.cells[$0].contains(cells[$0]) } }
        return regions.contains { inside($0.region) } || domainChanges.contains { inside($0.region) }
    }
}

/// How a change affects patients as a whole.
public enum ChangeClass: String, Sendable {
    /// No patient's outcome changes.
    case editorial
    /// Patients only gain recommendations (or gain data-dependent ones), and no accepted patient is rejected.
    case additive
    /// Some patient loses a recommendation, or one changes level or direction, or is now rejected.
    case breaking
    /// No breaking change was found, but the search ran out of budget before it covered every patient.
    case undecided
}

/// Patients whose outcome differs, and how.
public struct AffectedRegion: Sendable {
    /// The patients.
    public let region: Region
    /// The patients as a readable condition.
    public let condition: String
    /// The recommendations whose outcome changes for every patient of the region.
    public let changes: [OutcomeChange]
    /// One patient of the region.
    public let witness: Witness
}

/// Values of a fact that only one version accepts.
public struct DomainChange: Sendable {
    /// The fact.
    public let fact: String
    /// The version that accepts them (0 old, 1 new); the other rejects such patient data.
    public let acceptedBy: Int
    /// The patients the accepting version accepts with such a value.
    public let region: Region
    /// The values, as a readable condition.
    public let condition: String
    /// One such patient.
    public let witness: Witness
    /// Where the accepting version gives each recommendation among these patients (conditions on the other facts).
    public let given: [(recommendation: RecommendationKey, condition: String)]
}

/// Recommendations of two versions matched by guideline and id (through renames).
struct RecommendationPairs {
    struct Pair {
        let key: RecommendationKey
        let renamedFrom: String?
        let old: Int?
        let new: Int?
    }

    let pairs: [Pair]

    init(old: CompiledGuidelines, new: CompiledGuidelines, renamed: [RecommendationKey: String]) {
        var oldIndex: [RecommendationKey: Int] = [:]
        var renamedFrom: [RecommendationKey: String] = [:]
        for (i, r) in old.recommendations.enumerated() {
            let key = RecommendationKey(guideline: old.guidelines[r.guideline].id, id: r.id)
            if let newID = renamed[key] {
                let target = RecommendationKey(guideline: key.guideline, id: newID)
                oldIndex[target] = i
                renamedFrom[target] = r.id
            } else {
                oldIndex[key] = i
            }
        }
        var pairs: [Pair] = []
        var matched = Set<RecommendationKey>()
        for (i, r) in new.recommendations.enumerated() {
            let key = RecommendationKey(guideline: new.guidelines[r.guideline].id, id: r.id)
            matched.insert(key)
            pairs.append(Pair(key: key, renamedFrom: oldIndex[key] == nil ? nil : renamedFrom[key], old: oldIndex[key], new: i))
        }
        for (i, r) in old.recommendations.enumerated() {
            let key = RecommendationKey(guideline: old.guidelines[r.guideline].id, id: r.id)
            let target = renamed[key].map { RecommendationKey(guideline: key.guideline, id: $0) } ?? key
            if !matched.contains(target) { pairs.append(Pair(key: key, renamedFrom: nil, old: i, new: nil)) }
        }
        self.pairs = pairs
    }
}
