import PathwayDiagnostics
import PathwayEvaluator

/// The results of running guideline tests, with their coverage when it was measured: what the
/// text, JSON and JUnit renderers of `pathway test` read.
public struct TestReport: Sendable {
    /// Each test's result, in run order.
    public let results: [GuidelineTestRunner.CaseResult]
    /// The coverage, when measured.
    public let coverage: CoverageReport?

    /// Creates a report.
    public init(results: [GuidelineTestRunner.CaseResult], coverage: CoverageReport?) {
        self.results = results
        self.coverage = coverage
    }

    /// The number of tests that failed.
    public var failed: Int { results.filter { !$0.passed }.count }
}

/// Selects tests by a pattern over `guideline/test`: with `*` (any run of characters) the whole
/// name must match; without, the pattern must occur in it.
public struct TestFilter: Sendable {
    /// The pattern as given.
    public let pattern: String

    /// Creates a filter.
    public init(_ pattern: String) { self.pattern = pattern }

    /// Whether the test `test` of guideline `guideline` is selected.
    public func includes(guideline: String, test: String) -> Bool {
        let name = Array("\(guideline)/\(test)".unicodeScalars)
        let parts = pattern.split(separator: "*", omittingEmptySubsequences: false).map { Array($0.unicodeScalars) }
        guard parts.count > 1 else { return "\(guideline)/\(test)".contains(pattern) }
        // Greedy-free matching of literal pieces in order: the first anchored at the start, the last at the end.
        guard let first = parts.first, let last = parts.last, name.count >= first.count + last.count,
              Array(name.prefix(first.count)) == first, Array(name.suffix(last.count)) == last else { return false }
        var position = first.count
        let end = name.count - last.count
        for piece in parts.dropFirst().dropLast() where !piece.isEmpty {
            guard let found = Self.find(piece, in: name, from: position, before: end) else { return false }
            position = found + piece.count
        }
        return position <= end
    }

    private static func find(_ piece: [Unicode.Scalar], in name: [Unicode.Scalar], from start: Int, before end: Int) -> Int? {
        guard end - start >= piece.count else { return nil }
        for i in start...(end - piece.count) where Array(name[i..<(i + piece.count)]) == piece { return i }
        return nil
    }
}
