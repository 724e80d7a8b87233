import FuzzSupport
import PathwayDiagnostics
import PathwaySyntax

/// Conditions and decision-table cells through the expression parser.
///
/// Oracle: whatever parses prints (`description`) to text that parses again to the same structure
/// (spans aside) and prints the same; a cell's test reparses as a condition the same way.
@_cdecl("fuzz_expression_main")
func fuzzExpressionMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> CInt {
    FuzzDriver.run(argc, argv) { bytes in
        guard let text = FuzzInputs.text(bytes) else { return }
        if case .success(let expression) = ExpressionParser.parse(text, locate: locate) {
            checkRoundTrip(expression, from: text)
        }
        let subject = Expression(.identifier("subject"), span: locate(0, 0))
        if case .success(let cell?) = ExpressionParser.parseCell(text, subject: subject, locate: locate) {
            checkRoundTrip(cell, from: text)
        }
    }
}

private func locate(_ offset: Int, _ length: Int) -> SourceSpan {
    SourceSpan(file: "fuzz", start: SourcePosition(line: 1, column: offset + 1), end: SourcePosition(line: 1, column: offset + length + 1))
}

private func checkRoundTrip(_ expression: Expression, from text: String) {
    let printed = expression.description
    switch ExpressionParser.parse(printed, locate: locate) {
    case .failure(let diagnostic) where KnownIssues.reparseHitLimit(diagnostic):
        return
    case .failure(let diagnostic):
        FuzzDriver.fail("`\(text)` parses, but its printed form `\(printed)` does not: \(diagnostic.message)")
    case .success(let reparsed):
        FuzzDriver.check(ExpressionShape(reparsed) == ExpressionShape(expression),
                         "`\(text)` prints as `\(printed)`, which parses to another structure:\n  \(ExpressionShape(expression))\n  \(ExpressionShape(reparsed))")
        FuzzDriver.check(reparsed.description == printed, "`\(text)` prints as `\(printed)`, which prints as `\(reparsed.description)`")
    }
}
