import Testing
import PathwayCompiler
import PathwayDiagnostics
import PathwayEvaluator
import PathwaySyntax
import PathwayYAML

@Suite struct ExpressionParserTests {
    let span = SourceSpan(file: "e", start: SourcePosition(line: 1, column: 1), end: SourcePosition(line: 1, column: 200))

    func parse(_ text: String) -> Result<Expression, Diagnostic> {
        ExpressionParser.parse(text, locate: { [span] in span.slice(offset: $0, length: $1) })
    }

    func printed(_ text: String) -> String {
        switch parse(text) {
        case .success(let e): return e.description
        case .failure(let d): return "error at \(d.span?.start.column ?? 0): \(d.message)"
        }
    }

    @Test(arguments: [
        ("a or b and c", "a or b and c"),
        ("(a or b) and c", "(a or b) and c"),
        ("not a and b", "not a and b"),
        ("not (a and b)", "not (a and b)"),
        ("x + y * 2 > 3", "x + y * 2 > 3"),
        ("(x + y) * 2 > 3", "(x + y) * 2 > 3"),
        ("-x < -2", "-x < -2"),
        ("20 < ki67 <= 55", "20 < ki67 and ki67 <= 55"),
        ("t in [Tis, T1a]", "t in [Tis, T1a]"),
        ("t not in [Tis]", "t not in [Tis]"),
        ("k in [20 .. 55)", "k in [20 .. 55)"),
        ("k in (0 .. 1 cm]", "k in (0 .. 1 cm]"),
        ("size < 1 cm and size >= 8 mm", "size < 1 cm and size >= 8 mm"),
        ("ki67 ≥ 55 or ki67 ≠ 3", "ki67 >= 55 or ki67 != 3"),
        ("known(ki67) and not known(mitoses)", "known(ki67) and not known(mitoses)"),
        ("pct > 20 %", "pct > 20 %"),
        ("a or b or c and d", "a or b or c and d"),
    ])
    func precedenceAndCanonicalForm(text: String, expected: String) {
        #expect(printed(text) == expected)
    }

    @Test func andBindsTighterThanOr() throws {
        guard case .success(let e) = parse("a or b and c"), case .logical(.or, _, let rhs) = e.kind,
              case .logical(.and, _, _) = rhs.kind else {
            Issue.record("expected a or (b and c)"); return
        }
    }

    @Test(arguments: [
        ("a and", "error at 6: expected a value, found the end of the condition"),
        ("a = 1", "error at 3: `=` is not an operator; use `==` to compare"),
        ("a && b", "error at 3: `&` is not an operator; use `and`"),
        ("(a or b", "error at 8: expected `)`, found the end of the condition"),
        ("x in Tis", "error at 6: expected a list `[a, b]` or a range `[low .. high]` after `in`, found `Tis`"),
        ("[a, b]", "error at 1: a list can only follow `in`, as in `t_category in [Tis, T1a]`"),
        ("x in [1 .. 2", "error at 13: expected `]` or `)` to close the range, found the end of the condition"),
        ("a b", "error at 3: expected an operator or the end of the condition, found `b`"),
        ("x > 3 $", "error at 7: unexpected character `$`"),
        ("x > 99999999999999999999", "error at 5: the number `99999999999999999999` is too large: numbers must lie between -9223372036854775807 and 9223372036854775807"),
        ("x > 1e-40", "error at 5: the number `1e-40` is too precise: at most 18 decimal places are held exactly"),
    ])
    func syntaxErrorsPointAtTheProblem(text: String, expected: String) {
        #expect(printed(text) == expected)
    }

    @Test func deepNestingIsRejectedNotCrashed() {
        let text = String(repeating: "(", count: 10_000) + "a" + String(repeating: ")", count: 10_000)
        guard case .failure(let d) = parse(text) else { Issue.record("expected an error"); return }
        #expect(d.code == .expressionTooComplex)
        let long = Array(repeating: "a", count: 3_000).joined(separator: " and ")
        guard case .failure(let d2) = parse(long) else { Issue.record("expected an error"); return }
        #expect(d2.code == .expressionTooComplex)
    }

    @Test(arguments: [
        ("> 6", "x > 6"), ("<= 6 month", "x <= 6 month"), ("T1a", "x == T1a"), ("[Tis, T1a]", "x in [Tis, T1a]"),
        ("not [Tis]", "not x in [Tis]"), ("[1 .. 2)", "x in [1 .. 2)"), ("true", "x == true"), ("known", "known(x)"),
        ("unknown", "not known(x)"), ("Tis, T1a", "x in [Tis, T1a]"), ("!= T2", "x != T2"),
    ])
    func tableCells(cell: String, expected: String) {
        let subject = Expression(.identifier("x"), span: span)
        switch ExpressionParser.parseCell(cell, subject: subject, locate: { [span] in span.slice(offset: $0, length: $1) }) {
        case .success(let e?): #expect(e.description == expected)
        case .success(nil): Issue.record("cell \(cell) parsed as any")
        case .failure(let d): Issue.record("cell \(cell): \(d.message)")
        }
    }

    @Test func anyCell() {
        let subject = Expression(.identifier("x"), span: span)
        for cell in ["-", " - ", "any", ""] {
            guard case .success(nil) = ExpressionParser.parseCell(cell, subject: subject, locate: { [span] in span.slice(offset: $0, length: $1) }) else {
                Issue.record("`\(cell)` should match any value"); continue
            }
        }
    }

    @Test func spansPointIntoTheSource() throws {
        guard case .success(let e) = parse("ki67 > 55 and size < 1 cm"), case .logical(_, _, let rhs) = e.kind,
              case .comparison(_, let lhs, let number) = rhs.kind else { Issue.record("unexpected shape"); return }
        #expect(lhs.span.start.column == 15)
        #expect(lhs.span.end.column == 19)
        #expect(number.span.start.column == 22)
        #expect(number.span.end.column == 26)
    }
}
