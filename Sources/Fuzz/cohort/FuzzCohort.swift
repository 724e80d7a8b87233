import FuzzSupport
import PathwayEvaluator

/// Cohort lines (the first four lines of the input) through ``CohortRunner`` against the two smallest
/// bundled guidelines over the whole vocabulary (every fact type, and a sparse line costs well under a
/// millisecond instead of tens against all of `guidelines/`): compact with the fast reader, compact
/// without it, and full detail.
///
/// Oracle: the fast reader never changes a result, so both compact outputs are the same bytes and
/// fail alike; full detail (on the first line) fails when compact fails.
@_cdecl("fuzz_cohort_main")
func fuzzCohortMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> CInt {
    let guidelines = FuzzInputs.bundledSmall
    FuzzDriver.note("\(guidelines.facts.count) facts, \(guidelines.recommendations.count) recommendations")
    var fast = CohortRunner(guidelines: guidelines, strict: false, detail: .compact, file: "cohort.jsonl")
    var slow = CohortRunner(guidelines: guidelines, strict: false, detail: .compact, file: "cohort.jsonl")
    slow.usesFastPath = false
    var full = CohortRunner(guidelines: guidelines, strict: false, detail: .full, file: "cohort.jsonl")
    let decoder = PatientDecoder(guidelines: guidelines)
    return FuzzDriver.run(argc, argv) { bytes in
        for (k, line) in bytes.split(separator: UInt8(ascii: "\n"), maxSplits: maxLines, omittingEmptySubsequences: false).prefix(maxLines).enumerated() {
            let number = k + 1
            let a = fast.run(line: line, number: number), b = slow.run(line: line, number: number)
            FuzzDriver.check(a.output == b.output && a.failed == b.failed, """
                the fast reader changes line \(number) `\(String(decoding: line.prefix(300), as: UTF8.self))`:
                  with it: \(String(decoding: a.output.prefix(2000), as: UTF8.self))
                  without it: \(String(decoding: b.output.prefix(2000), as: UTF8.self))
                """)
            // Full detail (traces for every given recommendation) on the first line only: it is the slowest.
            guard k == 0 else { continue }
            let c = full.run(line: line, number: number)
            FuzzDriver.check(c.failed == b.failed, "line \(number) fails in compact detail: \(b.failed), in full detail: \(c.failed)")
        }
    }
}

/// The lines evaluated per input.
private let maxLines = 4
