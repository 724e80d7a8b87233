import Foundation
import PathwayCompiler
import PathwayDiagnostics
import PathwayEvaluator
import PathwayYAML

/// A cohort as NDJSON of Bundles (FHIR bulk data's format): one Bundle per line in, one JSON object
/// per line out — `{"line": N, "recommendations": …, "undetermined": …, "diagnostics": …, "fhir": …}`
/// with compact entries (ids, direction, level, needs) and the FHIR report. A line longer than
/// `maxLineBytes` is never held whole: it is counted to its newline and becomes that line's error.
public struct FHIRCohort {
    let guidelines: CompiledGuidelines
    let bindings: FHIRBindings
    let maxLineBytes: Int
    let file: String
    let evaluator: Evaluator
    private var pending: [UInt8] = []
    private var skipped = 0
    private var lineNumber = 0
    /// Lines that could not be evaluated, and lines in all.
    public private(set) var failed = 0
    public private(set) var count = 0

    public init(guidelines: CompiledGuidelines, bindings: FHIRBindings, file: String, maxLineBytes: Int) {
        self.guidelines = guidelines
        self.bindings = bindings
        self.file = file
        self.maxLineBytes = max(1, maxLineBytes)
        self.evaluator = Evaluator(guidelines: guidelines)
    }

    /// Whether a path names NDJSON (`.ndjson`, `.jsonl`).
    public static func isNDJSON(_ path: String) -> Bool { path.hasSuffix(".ndjson") || path.hasSuffix(".jsonl") }

    /// Feeds bytes; returns the output lines completed by them.
    public mutating func consume(_ bytes: ArraySlice<UInt8>) -> [UInt8] {
        var out: [UInt8] = []
        var start = bytes.startIndex
        while start < bytes.endIndex {
            let newline = bytes[start...].firstIndex(of: 0x0A)
            let end = newline ?? bytes.endIndex
            if skipped > 0 || pending.count + (end - start) > maxLineBytes {
                skipped = max(skipped, pending.count) + (end - start)
                pending = []
            } else {
                pending.append(contentsOf: bytes[start..<end])
            }
            guard let newline else { break }
            out += endLine()
            start = newline + 1
        }
        return out
    }

    /// Ends the input; returns the last line's output.
    public mutating func finish() -> [UInt8] {
        pending.isEmpty && skipped == 0 ? [] : endLine()
    }

    private mutating func endLine() -> [UInt8] {
        lineNumber += 1
        defer { pending = []; skipped = 0 }
        if skipped > 0 {
            count += 1
            failed += 1
            let d = Diagnostic(.patientTooLarge, "line is \(skipped) bytes, more than the limit of \(maxLineBytes) bytes", at: nil)
            return JSONValue.object([("line", .int(lineNumber)), ("diagnostics", .array([EvaluationJSON.diagnostic(d)]))]).bytes() + [0x0A]
        }
        var line = pending[...]
        if line.last == 0x0D { line = line.dropLast() }
        if line.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) { return [] }
        count += 1
        let read = FHIRReader.read(bytes: Array(line), name: "line \(lineNumber)", limit: maxLineBytes)
        let (mapped, evaluation) = FHIREvaluation.evaluate(read, guidelines: guidelines, bindings: bindings, evaluator: evaluator)
        var members: [(String, JSONValue)] = [("line", .int(lineNumber))]
        if let evaluation, case .object(let body) = EvaluationJSON.object(evaluation, guidelines: guidelines, diagnostics: mapped.diagnostics, detail: .compact) {
            members += body
        } else {
            failed += 1
            members.append(("diagnostics", .array(mapped.diagnostics.map(EvaluationJSON.diagnostic))))
        }
        members.append(("fhir", FHIRReport.json(mapped)))
        return JSONValue.object(members).bytes() + [0x0A]
    }
}
