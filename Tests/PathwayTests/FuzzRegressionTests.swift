import Foundation
import Testing
import PathwayDiagnostics
import PathwaySyntax

/// Inputs found by `scripts/fuzz.sh` (docs/fuzzing.md), reduced by hand, through the public API the
/// harness uses.
@Suite struct FuzzRegressionTests {
    static let span = SourceSpan(file: "e", start: SourcePosition(line: 1, column: 1), end: SourcePosition(line: 1, column: 200))
    static func locate(_ offset: Int, _ length: Int) -> SourceSpan { span.slice(offset: offset, length: length) }

    /// The `expression` target: a parenthesised condition is a valid list item or range bound (they
    /// are sums, and a sum's operand may be any parenthesised expression), but was printed without its
    /// parentheses, and the printed form did not parse. Found as the cell `kn,(owp >e)`.
    @Test(arguments: ["x in [a, (b > c)]", "x in [(b > c) .. 2]", "x in (0 .. (a or b)]", "x in [a, (b and c)]"])
    func printedListItemsAndBoundsReparse(_ text: String) throws {
        let expression = try ExpressionParser.parse(text, locate: Self.locate).get()
        let printed = expression.description
        let reparsed = try #require(try? ExpressionParser.parse(printed, locate: Self.locate).get(), "`\(printed)` does not parse")
        #expect(reparsed.description == printed)
    }

    @Test func printedCellReparses() throws {
        let subject = Expression(.identifier("subject"), span: Self.span)
        let cell = try #require(try ExpressionParser.parseCell("kn,(owp >e)", subject: subject, locate: Self.locate).get())
        #expect(cell.description == "subject in [kn, (owp > e)]")
        #expect((try? ExpressionParser.parse(cell.description, locate: Self.locate).get())?.description == cell.description)
    }

    /// Issue 11's crash, seeded into the `patient` and `cohort` targets
    /// (`Fixtures/fuzz/patient-integer-beyond-int.json`): an integer in [2^63 − 512, 2^63 − 1] on an
    /// integer fact without a maximum killed `pathway eval`, `test` and `--detail full` cohorts
    /// (`String(Int(value))` on a Double that rounded to 2^63). Numbers are exact now: the value is
    /// held and printed as written, and the stream keeps every line.
    @Test func integerNearTwoToTheSixtyThirdIsHeldExactly() throws {
        let patient = try String(contentsOf: TestFiles.fixtures.appendingPathComponent("fuzz/patient-integer-beyond-int.json"), encoding: .utf8)
        let guidelines = TestFiles.repositoryRoot.appendingPathComponent("guidelines").path
        let single = try PathwayProcess.run(["eval", guidelines, "--patient", "-", "--trace", "--format", "json"], stdin: patient)
        #expect(!single.signaled && single.status == 0, "\(single.stderr)")
        let explained = try PathwayProcess.run(["explain", guidelines, "first-line-ep-ec", "--patient", "-"], stdin: patient)
        #expect(!explained.signaled && explained.stdout.contains("treatment_line = 9223372036854775800"), "the trace shows the exact value: \(explained.stdout)")
        let cohort = try PathwayProcess.run(["eval", guidelines, "--patients", "-", "--detail", "full"], stdin: patient + "\n{}\n" + patient + "\n")
        #expect(!cohort.signaled && cohort.status == 0, "\(cohort.stderr)")
        #expect(cohort.stdout.split(separator: "\n").count == 3, "every line has its output")
        // One past the largest integer is an overflow, that line's error, and the stream goes on.
        let over = try PathwayProcess.run(["eval", guidelines, "--patients", "-"], stdin: "{\"treatment_line\": 9223372036854775808}\n{}\n")
        #expect(!over.signaled && over.status == 1)
        let lines = over.stdout.split(separator: "\n")
        #expect(lines.count == 2 && lines[0].contains("PW0607") && lines[1].contains("\"recommendations\""), "\(over.stdout)")
    }
}
