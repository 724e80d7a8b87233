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

    /// Issue 11: `Patient.describe` traps (`Int(value)`) on an integer fact without a maximum whose
    /// value is in [2^63 − 512, 2^63 − 1]: the decoder accepts it, and as a Double it rounds to 2^63.
    /// Reproducer: `patient-integer-beyond-int.json` (`{"treatment_line": 922337203685477580e1}`).
    public static func integerBeyondInt(_ patient: Patient, in guidelines: CompiledGuidelines) -> Bool {
        guard skipping else { return false }
        return guidelines.facts.contains { fact in
            guard case .integer = fact.type, fact.slot < patient.values.count else { return false }
            let value = patient.values[fact.slot]
            return !value.isNaN && !(value > -9.2e18 && value < 9.2e18)
        }
    }

    /// The expression parser's limits (48 levels, 2,000 tokens) apply to the text parsed, and a table
    /// cell's printed form is a whole condition (`subject == …`, `subject in [...]`): more tokens, and
    /// one more level, since `parse` counts the top level and `parseCell` does not. So a cell at the
    /// limit prints to a condition just over it. Reproducer: `expression-cell-depth.txt`, 48 unary
    /// minus signs and `1` (parses as a cell, `subject == ---…1` does not parse).
    public static func reparseHitLimit(_ diagnostic: Diagnostic) -> Bool {
        skipping && diagnostic.code == .expressionTooComplex
    }
}
