import Foundation
import Testing
import PathwayCompiler
import PathwayDiagnostics
import PathwayEvaluator

/// Tests that expect derived facts' values (`derived: { name: value }`): checked at compile time
/// where the type allows, compared exactly when the tests run, failing with the value found.
@Suite struct DerivedExpectationTests {
    static func guideline(tests: String) -> String {
        """
        kind: guideline
        id: derived-tests
        facts:
          size: { type: quantity, unit: mm, range: { min: 0 } }
          stage: { type: enum, values: [early, late] }
          weight: { type: number, range: { min: 0 } }
        derived:
          small: { when: size < 10 mm }
          band:
            values: [low, high]
            cases:
              - { when: size < 20 mm, value: low }
              - { when: stage == late, value: high }
          dose:
            type: quantity
            unit: mg
            round: 0
            value: weight * 1.25 * 1 mg
          points:
            type: integer
            points:
              - when: small
                points: 2
              - when: stage == late
        citations:
          src: { title: A source }
        schemes:
          s:
            levels:
              - { id: a, definition: A }
        recommendations:
          r:
            text: Do it
            direction: for
            level: s.a
            citations: [src]
            quote: Do it.
        trees:
          - id: t
            when: small
            recommend: [r]
        tests:
        \(tests)
        """
    }

    static func run(_ tests: String) throws -> (compilation: Compilation, results: [GuidelineTestRunner.CaseResult]) {
        let compilation = GuidelineCompiler.compile(texts: [(path: "g.yaml", text: guideline(tests: tests))])
        guard let guidelines = compilation.guidelines else { return (compilation, []) }
        return (compilation, GuidelineTestRunner(guidelines: guidelines).run())
    }

    @Test func matchingValuesOfEveryKindPass() throws {
        let (compilation, results) = try Self.run("""
          - id: all-known
            patient: { size: 8 mm, stage: late, weight: 70 }
            derived: { small: true, band: low, dose: "87.5 mg", points: 3 }
          - id: other-unit
            patient: { size: 8 mm, weight: 70 }
            derived: { dose: "0.0875 g" }
          - id: unknowns
            patient: { stage: early }
            derived: { small: unknown, band: unknown, dose: unknown, points: unknown }
          - id: no-case
            patient: { size: 25 mm, stage: early }
            derived: { band: none, small: false, points: 0 }
        """)
        #expect(!compilation.diagnostics.containsErrors, "\(TestFiles.render(compilation))")
        #expect(results.count == 4)
        for result in results { #expect(result.passed, "\(result.test): \(result.failures.map(\.message))") }
    }

    @Test func aWrongValueFailsAtTheExpectationWithTheValueFound() throws {
        let (_, results) = try Self.run("""
          - id: wrong
            patient: { size: 8 mm, stage: late, weight: 70 }
            derived: { small: false, band: high, dose: "88 mg", points: 2 }
          - id: not-yet-known
            patient: { stage: late }
            derived: { points: 1 }
          - id: known-after-all
            patient: { size: 8 mm, weight: 1 }
            derived: { dose: unknown }
        """)
        let messages = results.flatMap { $0.failures.map(\.message) }
        #expect(messages == [
            "test `wrong`: expected `small` to be `false`, but it is `true`",
            "test `wrong`: expected `band` to be `high`, but it is `low`",
            // Compared exactly: the display rounding (88 mg) is not the value.
            "test `wrong`: expected `dose` to be `88 mg`, but it is `87.5 mg`",
            "test `wrong`: expected `points` to be `2`, but it is `3`",
            "test `not-yet-known`: expected `points` to be `1`, but it is between 1 and 3",
            "test `known-after-all`: expected `dose` to be `unknown`, but it is `1 mg (exactly 1.25 mg)`",
        ], "\(messages)")
        let wrong = try #require(results.first)
        #expect(wrong.failures.allSatisfy { $0.code == .testFailed && $0.span?.start.line == 45 })
        // A score's findings are shown with a failure.
        let pending = try #require(results.first { $0.test == "not-yet-known" }?.failures.first)
        #expect(pending.notes.map(\.message) == ["finding stage == late: +1", "finding small: +2?"], "\(pending.notes.map(\.message))")
    }

    @Test func namesAndValuesAreCheckedAtCompileTime() throws {
        let (compilation, _) = try Self.run("""
          - id: typos
            patient: { size: 8 mm }
            derived: { smal: true, band: lwo, size: 8 mm, small: maybe }
        """)
        let found = compilation.diagnostics.map { "\($0.code.rawValue) \($0.message) \($0.suggestions.first?.replacement ?? "")" }
        #expect(found.contains("PW0301 unknown derived fact `smal` small"), "\(found)")
        #expect(found.contains("PW0206 `lwo` is not a value of `band`; expected one of `low`, `high`, `none`, `unknown` low"), "\(found)")
        #expect(found.contains("PW0301 `size` is a fact, not a derived fact; give it under `patient` "), "\(found)")
        #expect(found.contains { $0.hasPrefix("PW0206 `maybe` is not a value of `small`") }, "\(found)")
    }

    @Test func anUnreadableNumberFailsTheTestWithTheReason() throws {
        let (compilation, results) = try Self.run("""
          - id: bad-number
            patient: { size: 8 mm, weight: 70 }
            derived: { dose: "87.5 m" }
        """)
        #expect(!compilation.diagnostics.containsErrors)
        let failure = try #require(results.first?.failures.first)
        #expect(failure.message.hasPrefix("test `bad-number`: the expected value of `dose` cannot be read:"), "\(failure.message)")
    }

    @Test func aTestMustExpectSomething() throws {
        let (compilation, _) = try Self.run("""
          - id: nothing
            patient: { size: 8 mm }
            derived: {}
        """)
        #expect(compilation.diagnostics.contains { $0.code == .missingKey && $0.message.contains("add `given`, `not_given`, `undetermined` or `derived`") },
                "\(TestFiles.render(compilation))")
    }
}
