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
}
