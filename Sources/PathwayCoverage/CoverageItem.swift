import PathwayCompiler
import PathwayDiagnostics
import PathwaySyntax

/// One thing the tests of a guideline may or may not exercise: a tree branch, a table row, a case
/// of a derived fact, a recommendation given or withheld, or both sides of a threshold or enum test.
public struct CoverageItem: Hashable, Sendable {
    /// What kind of thing an item is, in the order reports list them.
    public enum Kind: String, CaseIterable, Hashable, Sendable, Comparable {
        /// A tree node some test reaches.
        case branch
        /// A table row some test fires.
        case row
        /// A value or case of a derived fact some test patient takes.
        case derived
        /// A recommendation some test expects given, and gets.
        case given
        /// A recommendation some test expects not given, and it is not.
        case withheld
        /// A threshold, enum or boolean test reached by tests on both sides (for a threshold, one of
        /// them exactly at it).
        case boundary

        /// The kind's name in reports, plural.
        public var title: String {
            switch self {
            case .branch: "tree branches"
            case .row: "table rows"
            case .derived: "derived-fact cases"
            case .given: "recommendations given"
            case .withheld: "recommendations withheld"
            case .boundary: "boundaries"
            }
        }

        public static func < (lhs: Self, rhs: Self) -> Bool {
            allCases.firstIndex(of: lhs) ?? 0 < allCases.firstIndex(of: rhs) ?? 0
        }
    }

    /// What the item is about, precisely enough to find patients for it.
    public enum Target: Hashable, Sendable {
        /// A tree node, by index in ``CompiledGuidelines/branches``.
        case branch(Int)
        /// A row, by table index in ``CompiledGuidelines/tables`` and row index in the table.
        case row(table: Int, row: Int)
        /// A boolean derived fact (by index in ``CompiledGuidelines/derived``) being true or false.
        case derivedTruth(Int, Bool)
        /// An enumerated derived fact taking its `value`-th value.
        case derivedValue(Int, value: Int)
        /// A numeric derived fact by cases taking case `case` (`nil`: its `otherwise`).
        case derivedCase(Int, case: Int?)
        /// A finding of a points score holding.
        case finding(Int, finding: Int)
        /// A recommendation (by index in ``CompiledGuidelines/recommendations``) expected and given.
        case given(Int)
        /// A recommendation expected not given, and not given.
        case withheld(Int)
        /// An atom (by index in ``CompiledGuidelines/atoms``) as used by one guideline.
        case boundary(guideline: Int, atom: Int)
    }

    /// The sides of a boundary a test reaches.
    public struct Sides: OptionSet, Hashable, Sendable {
        public let rawValue: UInt8
        public init(rawValue: UInt8) { self.rawValue = rawValue }
        /// Some test reaches the test with it true.
        public static let trueSide = Sides(rawValue: 1)
        /// Some test reaches the test with it false.
        public static let falseSide = Sides(rawValue: 2)
        /// Some test reaches it with the fact's value exactly at the threshold.
        public static let atThreshold = Sides(rawValue: 4)
    }

    /// The item's kind.
    public let kind: Kind
    /// What the item is about.
    public let target: Target
    /// The guideline's id, or `nil` for a derived fact of a vocabulary (any guideline's tests cover it).
    public let guideline: String?
    /// A short description, e.g. `tree enec-local › esd`, `tumor_size < 1 cm`, `who_category = NEC`.
    public let name: String
    /// Where it is written.
    public let span: SourceSpan
    /// The sides an item needs; for a boundary `trueSide, falseSide` and, for a threshold, `atThreshold`;
    /// for other items just `trueSide`.
    public let needed: Sides
    /// The sides reached by the tests.
    public internal(set) var reached: Sides = []
    /// The tests that exercise it, as `guideline/test`, in run order.
    public internal(set) var coveredBy: [String] = []
    /// For a threshold, the threshold in the fact's unit and the fact's slot (for a test at it).
    public let threshold: (slot: Int, value: Rational)?

    /// Whether the tests exercise the item fully.
    public var isCovered: Bool { reached.isSuperset(of: needed) }

    /// What is missing, in words (`nil` when covered).
    public var missing: String? {
        guard !isCovered else { return nil }
        switch kind {
        case .branch: return "no test reaches it"
        case .row: return "no test fires it"
        case .derived: return "no test patient takes it"
        case .given: return "no test expects it given"
        case .withheld: return "no test expects it not given"
        case .boundary:
            var parts: [String] = []
            if !reached.contains(.trueSide) { parts.append("no test where it is true") }
            if !reached.contains(.falseSide) { parts.append("no test where it is false") }
            if needed.contains(.atThreshold), !reached.contains(.atThreshold) { parts.append("no test exactly at the threshold") }
            return parts.joined(separator: "; ")
        }
    }

    public static func == (lhs: Self, rhs: Self) -> Bool {
        lhs.target == rhs.target && lhs.reached == rhs.reached && lhs.coveredBy == rhs.coveredBy
    }

    public func hash(into hasher: inout Hasher) { hasher.combine(target) }
}

/// The coverage of guidelines by their tests: every item, in source order within each kind.
public struct CoverageReport: Sendable {
    /// Every item, sorted by kind, then place.
    public let items: [CoverageItem]
    /// The number of tests run.
    public let testCount: Int
    /// The number of guidelines.
    public let guidelineCount: Int

    /// The items not fully exercised.
    public var uncovered: [CoverageItem] { items.filter { !$0.isCovered } }

    /// Covered and total items of one kind (every kind when `nil`).
    public func count(_ kind: CoverageItem.Kind? = nil) -> (covered: Int, total: Int) {
        let chosen = items.filter { kind == nil || $0.kind == kind }
        return (chosen.filter(\.isCovered).count, chosen.count)
    }

    /// Covered items in tenths of a percent of all items, rounded down (1000 when there are none).
    public var permille: Int {
        let (covered, total) = count()
        return total == 0 ? 1000 : covered * 1000 / total
    }

    /// A proportion in percent with one decimal, rounded down, from exact integers: `68.7%`.
    public static func percent(_ covered: Int, of total: Int) -> String {
        let tenths = total == 0 ? 1000 : covered * 1000 / total
        return "\(tenths / 10).\(tenths % 10)%"
    }
}
