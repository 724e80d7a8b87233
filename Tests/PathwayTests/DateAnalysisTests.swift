import Foundation
import Testing
@testable import PathwayCompiler
import PathwayAnalysis
import PathwayDiff
import PathwaySyntax

/// Analysis and diff over dates: with the evaluation date fixed, a condition on the time since a
/// date is a threshold on the date, exactly.
@Suite struct DateAnalysisTests {
    /// `pathway diff` of a schedule change (3 years → 2 years), as of 2024-06-01: exactly the patients
    /// resected after 2021-06-01 and on or before 2022-06-01 change, and the report says so by date.
    @Test func scheduleChangeDiffGolden() throws {
        let old = GuidelineCompiler.compile(texts: [(path: "old/schedule.yaml", text: try TestFiles.fixture("dates/schedule-old.yaml"))])
        let new = GuidelineCompiler.compile(texts: [(path: "new/schedule.yaml", text: try TestFiles.fixture("dates/schedule-new.yaml"))])
        #expect(old.diagnostics.isEmpty && new.diagnostics.isEmpty)
        let asOf = try #require(CalendarDate.parse("2024-06-01"))
        let diff = try #require(GuidelineDiff(old: old, new: new, evaluationDate: asOf))
        let text = DiffTextRenderer().render(diff)
        try TestFiles.assertGolden(text, "dates/schedule-change-diff.txt")
        #expect(text.contains("2021-06-01") && text.contains("2022-06-01"))
    }

    /// For random evaluation dates, durations and operators, the threshold the analysis uses agrees
    /// with evaluating the condition for every date around it (brute force over ±3 years).
    @Test func thresholdMatchesBruteForce() throws {
        var rng = SystemRandomNumberGenerator()
        let base = try #require(CalendarDate.parse("2000-01-01"))
        let ops: [ComparisonOperator] = [.less, .lessOrEqual, .greater, .greaterOrEqual, .equal, .notEqual]
        for _ in 0..<300 {
            let asOf = base + Int64.random(in: 0...10_000, using: &rng)
            let op = ops.randomElement(using: &rng) ?? .less
            let calendar = Bool.random(using: &rng)
            let n = Int64.random(in: 0...72, using: &rng)
            // The program as compiled: calendar `D op d + n months`, or days `D - d - n op 0`.
            let program: NumericProgram = calendar
                ? .function(.daysBetween, [.function(.addMonths, [.slot(0), .constant(Rational(integer: n))]), .slot(1)])
                : .binary(.subtract, .function(.daysBetween, [.slot(0), .slot(1)]), .constant(Rational(integer: n * 7 + 3) .divided(by: Rational(integer: 2)) ?? .zero))
            let threshold = DateThreshold.threshold(program, op, asOf: 1, day: asOf)
            if threshold == nil { #expect(op == .equal || op == .notEqual, "only == and != may stay opaque"); continue }
            guard let t = threshold else { continue }
            for d in (asOf - 2300)...(asOf + 100) {
                let truth: Bool
                if calendar {
                    guard let shifted = CalendarDate.adding(months: n, to: d) else { continue }
                    truth = op.holds(Rational.order(asOf - shifted, 1, 0, 1))
                } else {
                    let k = Rational(integer: n * 7 + 3).divided(by: Rational(integer: 2)) ?? .zero
                    let left = Rational(integer: asOf - d).subtracting(k) ?? .zero
                    truth = op.holds(Rational.order(left.numerator, left.denominator, 0, 1))
                }
                let byThreshold = t.op.holds(Rational.order(d, 1, t.value, 1))
                #expect(truth == byThreshold, "as of \(CalendarDate.text(asOf)), d = \(CalendarDate.text(d)), \(op) n=\(n) calendar=\(calendar)")
                if truth != byThreshold { return }
            }
        }
    }

    /// The analysis of the example as of a date reports its regions with dates.
    @Test func analysisPrintsDates() throws {
        let compilation = GuidelineCompiler.compile(texts: [(path: "schedule.yaml", text: try TestFiles.fixture("dates/schedule-old.yaml"))])
        let guidelines = try #require(compilation.guidelines).fixingEvaluationDate(try #require(CalendarDate.parse("2024-06-01")))
        let rec = try #require(guidelines.recommendations.firstIndex { $0.id == "intensive_phase" })
        let atom = guidelines.atoms.first { if case .fact(let slot, .compare) = $0.kind { guidelines.facts[slot].name == "resection_date" } else { false } }
        #expect(atom != nil, "the condition is a threshold on resection_date")
        #expect(rec >= 0)
        let findings = GuidelineAnalyzer(guidelines: guidelines).analyze()
        #expect(!findings.contains { $0.severity == .error })
    }
}
