import PathwayCompiler
import PathwaySyntax

/// A recommendation's identity across versions: its guideline and its id.
public struct RecommendationKey: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// The guideline's id.
    public let guideline: String
    /// The recommendation's id.
    public let id: String

    /// Creates a key.
    public init(guideline: String, id: String) {
        self.guideline = guideline
        self.id = id
    }

    public var description: String { "\(guideline)/\(id)" }

    public static func < (lhs: Self, rhs: Self) -> Bool { (lhs.guideline, lhs.id) < (rhs.guideline, rhs.id) }
}

/// What one version does with one recommendation for a patient: its status and, when it is given or
/// undetermined, its direction and level.
public struct Outcome: Hashable, Sendable, CustomStringConvertible {
    /// The recommendation's status for the patient.
    public enum Status: String, Hashable, Sendable {
        /// The version has no such recommendation.
        case absent
        /// Every path is false.
        case notGiven = "not_given"
        /// No path holds yet, and some could with more data.
        case undetermined
        /// A path holds.
        case given

        /// not given and absent < undetermined < given: moving up only adds to what a patient is told.
        var rank: Int {
            switch self {
            case .absent, .notGiven: 0
            case .undetermined: 1
            case .given: 2
            }
        }
    }

    /// The status.
    public let status: Status
    /// The direction, when given or undetermined.
    public let direction: Direction?
    /// The level (`scheme.level`), when given or undetermined.
    public let level: String?

    /// The outcome of a recommendation (or its absence) for a truth of its condition.
    init(_ recommendation: CompiledRecommendation?, _ truth: Truth) {
        guard let recommendation else {
            status = .absent
            direction = nil
            level = nil
            return
        }
        switch truth {
        case .true: status = .given
        case .false: status = .notGiven
        case .unknown: status = .undetermined
        }
        if status == .notGiven {
            direction = nil
            level = nil
        } else {
            direction = recommendation.direction
            level = recommendation.level.map { "\($0.scheme).\($0.value)" }
        }
    }

    /// Whether a patient would see a difference: absent and not given look the same.
    func differs(from other: Outcome) -> Bool {
        if status.rank == 0 && other.status.rank == 0 { return false }
        return self != other
    }

    /// `given (for, nanets_panel.consensus)`, `undetermined (for, …)`, `not given`, `absent`.
    public var description: String {
        switch status {
        case .absent: return "absent"
        case .notGiven: return "not given"
        case .given, .undetermined:
            let words = status == .given ? "given" : "undetermined"
            let details = [direction?.rawValue, level].compactMap { $0 }
            return details.isEmpty ? words : "\(words) (\(details.joined(separator: ", ")))"
        }
    }
}

/// One recommendation's outcome in the old and the new version.
public struct OutcomeChange: Hashable, Sendable {
    /// The recommendation, by its id in the new version (in the old one when it was removed).
    public let recommendation: RecommendationKey
    /// Its id in the old version, when it was renamed.
    public let renamedFrom: String?
    /// The old outcome.
    public let old: Outcome
    /// The new outcome.
    public let new: Outcome

    /// Whether the change only adds: the status moves up (not given → undetermined → given) with the
    /// same direction and level where the old outcome had them.
    public var isAdditive: Bool {
        guard new.status.rank > old.status.rank else { return false }
        return old.status.rank == 0 || (old.direction == new.direction && old.level == new.level)
    }
}
