import PathwayCompiler
import PathwayDiagnostics

/// What an adherence audit reads first: per recommendation, how many patients it was given to, not
/// given to and left undetermined, and which missing facts were needed most often.
///
/// Counted by ``CohortRunner`` as lines are evaluated (a few additions per line); one per job,
/// merged with ``merge(_:)``. Lines that failed count as failed, not for any recommendation.
public struct CohortSummary: Sendable, Equatable {
    /// Patients evaluated (lines that did not fail).
    public internal(set) var evaluated = 0
    /// Lines that failed.
    public internal(set) var failed = 0
    /// By recommendation index.
    public internal(set) var given: [Int]
    public internal(set) var undetermined: [Int]
    /// By recommendation index, then fact slot: how often the fact was in the entry's `needs`.
    var needed: [[Int]]

    /// An empty summary for `guidelines`.
    public init(_ guidelines: CompiledGuidelines) {
        self.init(recommendations: guidelines.recommendations.count, facts: guidelines.facts.count)
    }

    init(recommendations: Int, facts: Int) {
        given = [Int](repeating: 0, count: recommendations)
        undetermined = given
        needed = [[Int]](repeating: [Int](repeating: 0, count: facts), count: recommendations)
    }

    /// By recommendation index: patients for whom it was decided not to apply.
    public var notGiven: [Int] { given.indices.map { evaluated - given[$0] - undetermined[$0] } }

    /// Adds another job's counts.
    public mutating func merge(_ other: CohortSummary) {
        evaluated += other.evaluated
        failed += other.failed
        for r in given.indices {
            given[r] += other.given[r]
            undetermined[r] += other.undetermined[r]
            for f in needed[r].indices { needed[r][f] += other.needed[r][f] }
        }
    }

    /// The facts most often needed, with their counts, most frequent first (ties by name), at most `limit`.
    func mostNeeded(_ counts: [Int], facts: [FactSymbol], limit: Int) -> [(name: String, count: Int)] {
        Array(counts.indices.filter { counts[$0] > 0 }.map { (facts[$0].name, counts[$0]) }
            .sorted { $0.1 != $1.1 ? $0.1 > $1.1 : $0.0 < $1.0 }.prefix(limit))
    }

    /// Over all recommendations: how many undetermined entries needed each fact.
    func totalNeeded() -> [Int] {
        var total = [Int](repeating: 0, count: needed.first?.count ?? 0)
        for r in needed { for f in r.indices { total[f] += r[f] } }
        return total
    }

    /// The summary as JSON: totals, the facts most often needed overall, and one entry per recommendation.
    public func json(_ guidelines: CompiledGuidelines) -> JSONValue {
        let notGiven = self.notGiven
        func facts(_ counts: [Int], _ limit: Int) -> JSONValue {
            .array(mostNeeded(counts, facts: guidelines.facts, limit: limit).map { .object([("fact", .string($0.name)), ("count", .int($0.count))]) })
        }
        return .object([
            ("patients", .int(evaluated)), ("failed", .int(failed)),
            ("most_needed", facts(totalNeeded(), 10)),
            ("recommendations", .array(guidelines.recommendations.indices.map { r in
                .object([("id", .string(guidelines.recommendations[r].id)),
                         ("guideline", .string(guidelines.guidelines[guidelines.recommendations[r].guideline].id)),
                         ("given", .int(given[r])), ("not_given", .int(notGiven[r])), ("undetermined", .int(undetermined[r])),
                         ("most_needed", facts(needed[r], 3))])
            })),
        ])
    }

    /// The summary as an aligned text table, for standard error.
    public func text(_ guidelines: CompiledGuidelines) -> String {
        let notGiven = self.notGiven
        let ids = guidelines.recommendations.map { "\(guidelines.guidelines[$0.guideline].id)/\($0.id)" }
        let width = max(14, ids.map(\.count).max() ?? 0)
        func pad(_ s: String, _ n: Int, right: Bool = false) -> String {
            let fill = String(repeating: " ", count: max(0, n - s.count))
            return right ? fill + s : s + fill
        }
        var out = "summary: \(evaluated) patients evaluated, \(failed) lines failed\n"
        let overall = mostNeeded(totalNeeded(), facts: guidelines.facts, limit: 10)
        if !overall.isEmpty {
            out += "facts most often needed: " + overall.map { "\($0.name) (\($0.count))" }.joined(separator: ", ") + "\n"
        }
        out += pad("recommendation", width) + "  " + pad("given", 9, right: true) + "  " + pad("not given", 9, right: true) + "  "
            + pad("undetermined", 12, right: true) + "  most often needed\n"
        for r in ids.indices {
            let needs = mostNeeded(needed[r], facts: guidelines.facts, limit: 3).map { "\($0.name) (\($0.count))" }.joined(separator: ", ")
            out += pad(ids[r], width) + "  " + pad(String(given[r]), 9, right: true) + "  " + pad(String(notGiven[r]), 9, right: true) + "  "
                + pad(String(undetermined[r]), 12, right: true) + (needs.isEmpty ? "" : "  " + needs) + "\n"
        }
        return out
    }
}
