import FuzzSupport
import PathwayEvaluator

/// Cohort lines (the input split at newlines) through ``CohortRunner`` against the bundled
/// guidelines: compact with the fast reader, compact without it, and full detail.
///
/// Oracle: the fast reader never changes a result, so both compact outputs are the same bytes and
/// fail alike; full detail fails on the same lines as compact.
@_cdecl("fuzz_cohort_main")
func fuzzCohortMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> CInt {
    let guidelines = FuzzInputs.bundled
    var fast = CohortRunner(guidelines: guidelines, strict: false, detail: .compact, file: "cohort.jsonl")
    var slow = CohortRunner(guidelines: guidelines, strict: false, detail: .compact, file: "cohort.jsonl")
    slow.usesFastReader = false
    var full = CohortRunner(guidelines: guidelines, strict: false, detail: .full, file: "cohort.jsonl")
    return FuzzDriver.run(argc, argv) { bytes in
        for (k, line) in bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).enumerated() {
            let number = k + 1
            let a = fast.run(line: line, number: number), b = slow.run(line: line, number: number)
            FuzzDriver.check(a.output == b.output && a.failed == b.failed, """
                the fast reader changes line \(number) `\(String(decoding: line.prefix(300), as: UTF8.self))`:
                  fast: \(String(decoding: a.output.prefix(2000), as: UTF8.self))
                  full: \(String(decoding: b.output.prefix(2000), as: UTF8.self))
                """)
            let c = full.run(line: line, number: number)
            FuzzDriver.check(c.failed == b.failed, "line \(number) fails in compact detail: \(b.failed), in full detail: \(c.failed)")
        }
    }
}
