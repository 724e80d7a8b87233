import Foundation
import PathwayDiagnostics
import PathwayCompiler
import PathwayEvaluator

/// Crashes already found and filed, which the harnesses step around so that a run goes on looking for
/// new ones. Each names its reproducer under `Tests/PathwayTests/Fixtures/fuzz/`; remove it once
/// fixed. `PATHWAY_FUZZ_SKIP_KNOWN=0` turns the skipping off (to check that a fix holds).
public enum KnownIssues {
    /// Whether known crashes are skipped (the default).
    public static let skipping = ProcessInfo.processInfo.environment["PATHWAY_FUZZ_SKIP_KNOWN"] != "0"

    /// The expression parser's limits (48 levels, 2,000 tokens) apply to the text parsed, and a table
    /// cell's printed form is a whole condition (`subject == …`, `subject in [...]`): more tokens, and
    /// one more level, since `parse` counts the top level and `parseCell` does not. So a cell at the
    /// limit prints to a condition just over it. Reproducer: `expression-cell-depth.txt`, 48 unary
    /// minus signs and `1` (parses as a cell, `subject == ---…1` does not parse).
    public static func reparseHitLimit(_ diagnostic: Diagnostic) -> Bool {
        skipping && diagnostic.code == .expressionTooComplex
    }
}
