import Foundation
import PathwayAnalysis
import PathwayCompiler
import PathwayDiff
import PathwayDiagnostics
import PathwayEvaluator
import PathwaySyntax
import PathwayYAML

// Benchmarks print figures; they never fail a build. Run with `swift run -c release pathway-bench`.

func seconds(_ body: () -> Void) -> Double {
    let start = DispatchTime.now().uptimeNanoseconds
    body()
    return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
}

func best(of runs: Int, _ body: () -> Void) -> Double {
    (0..<runs).map { _ in seconds(body) }.min() ?? 0
}

func format(_ value: Double) -> String { String(format: "%.3f", value) }

let arguments = CommandLine.arguments
if arguments.count >= 4, arguments[1] == "--write-cohort", let count = Int(arguments[3]) {
    // Optional fifth argument: the share of facts left unknown, in percent (default 33).
    let unknownPercent = UInt64(arguments.count > 4 ? Int(arguments[4]) ?? 33 : 33)
    // Writes `count` generated patients (JSONL) over the bundled vocabulary, for the end-to-end benchmark.
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    guard let g = GuidelineCompiler.compile(paths: [root.appendingPathComponent("guidelines").path]).guidelines else { exit(1) }
    var rng = SplitMix64(seed: 99)
    var text = ""
    for _ in 0..<count {
        var fields: [String] = []
        for fact in g.facts where rng.next() % 100 >= unknownPercent {
            let value: String
            switch fact.type {
            case .boolean: value = rng.next() % 2 == 0 ? "true" : "false"
            case .enumeration(let values): value = "\"\(values[Int(rng.next() % UInt64(values.count))])\""
            case .integer:
                let low = Int(fact.minimum?.floor.numerator ?? 0), high = Int(fact.maximum?.floor.numerator ?? Int64(low + 5))
                value = String(low + Int(rng.next() % UInt64(max(high - low + 1, 1))))
            case .number(let unit):
                let high = fact.maximum?.floor.numerator ?? 100
                let tenths = Int64(rng.next() % UInt64(max(high, 1) * 10))
                let v = "\(tenths / 10).\(tenths % 10)"  // one decimal, as 12.0 or 12.3
                value = unit?.dimension == .length ? "\"\(v) cm\"" : v
            }
            fields.append("\"\(fact.name)\": \(value)")
        }
        text += "{" + fields.joined(separator: ", ") + "}\n"
    }
    guard FileManager.default.createFile(atPath: arguments[2], contents: Data(text.utf8)) else {
        print("cannot write \(arguments[2])")
        exit(1)
    }
    exit(0)
}

if arguments.count >= 4, arguments[1] == "--write-generated", let rules = Int(arguments[3]) {
    // Writes the generated guideline and its edited copy as two folders, for timing `pathway diff` end to end.
    let text = GeneratedGuideline.guideline(rules: rules)
    for (folder, guideline) in [("old", text), ("new", GeneratedGuideline.edited(text))] {
        let dir = URL(fileURLWithPath: arguments[2]).appendingPathComponent(folder)
        try? FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        guard (try? Data(guideline.utf8).write(to: dir.appendingPathComponent("bench.yaml"))) != nil,
              (try? Data(GeneratedGuideline.vocabulary.utf8).write(to: dir.appendingPathComponent("vocabulary.yaml"))) != nil else {
            print("cannot write to \(dir.path)")
            exit(1)
        }
    }
    exit(0)
}

if arguments.count >= 3, arguments[1] == "--scale", let rules = Int(arguments[2]) {
    // Only the generated diff and analysis at one size, once each: for profiling.
    let text = GeneratedGuideline.guideline(rules: rules)
    let edited = GeneratedGuideline.edited(text)
    let old = GuidelineCompiler.compile(texts: [("bench.yaml", text), ("vocabulary.yaml", GeneratedGuideline.vocabulary)])
    let new = GuidelineCompiler.compile(texts: [("bench.yaml", edited), ("vocabulary.yaml", GeneratedGuideline.vocabulary)])
    guard let g = old.guidelines else { exit(1) }
    var diff: GuidelineDiff?
    print("diff: \(format(seconds { diff = GuidelineDiff(old: old, new: new) } * 1000)) ms, \(diff?.behaviour.regions.count ?? 0) regions")
    var findings: [Diagnostic] = []
    print("analyze: \(format(seconds { findings = GuidelineAnalyzer(guidelines: g).analyze() } * 1000)) ms, \(findings.count) findings")
    exit(0)
}

print("Pathway benchmarks (best of several runs, one core)")

// 1. Compile a generated guideline with hundreds of rules.
for rules in [100, 500, 1000] {
    let text = GeneratedGuideline.guideline(rules: rules)
    var compilation: Compilation?
    let time = best(of: 5) {
        compilation = GuidelineCompiler.compile(texts: [("bench.yaml", text), ("vocabulary.yaml", GeneratedGuideline.vocabulary)])
    }
    guard let compiled = compilation?.guidelines else {
        print("generated guideline did not compile:")
        print(TextDiagnosticRenderer(sources: compilation?.sources ?? SourceFileStore()).render(compilation?.diagnostics ?? []))
        exit(1)
    }
    let paths = compiled.recommendations.reduce(0) { $0 + $1.paths.count }
    print("compile: \(rules) recommendations, \(paths) decision paths, \(text.utf8.count / 1024) KiB of YAML: \(format(time * 1000)) ms (\(compiled.atoms.count) atoms, \(compiled.nodes.count) nodes)")
}

// 2. Compile the bundled guidelines.
let bundled = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("guidelines").path
var bundledCompilation: Compilation?
let bundledTime = best(of: 5) { bundledCompilation = GuidelineCompiler.compile(paths: [bundled]) }
if let g = bundledCompilation?.guidelines {
    print("compile: bundled guidelines (\(g.guidelines.count) guidelines, \(g.recommendations.count) recommendations): \(format(bundledTime * 1000)) ms")

    // 3. Evaluate in-memory patients through the library (graph truths only, the hot path).
    var rng = SplitMix64(seed: 7)
    let patients: [Patient] = (0..<10_000).map { _ in
        var p = Patient(slotCount: g.facts.count)
        for fact in g.facts where rng.next() % 4 != 0 {
            switch fact.type {
            case .boolean: p[fact.slot] = FactValue(boolean: rng.next() % 2 == 1)
            case .enumeration(let values): p[fact.slot] = FactValue(index: Int(rng.next() % UInt64(values.count)))
            case .integer: p[fact.slot] = FactValue(Rational(integer: (fact.minimum?.floor.numerator ?? 0) + Int64(rng.next() % 5)))
            case .number: p[fact.slot] = FactValue(Rational(integer: Int64(rng.next() % 100)))
            }
        }
        return p
    }
    let evaluator = Evaluator(guidelines: g)
    var truths: [Truth] = []
    var given = 0
    let rounds = 20
    let firstCondition = g.recommendations[0].condition
    let time = best(of: 3) {
        for _ in 0..<rounds {
            for p in patients {
                evaluator.truths(for: p, into: &truths)
                given &+= Int(truths[firstCondition].rawValue)
            }
        }
    }
    let perSecond = Double(patients.count * rounds) / time
    print("evaluate (library, one patient at a time): \(Int(perSecond)) patients/s against all \(g.recommendations.count) recommendations")
    var batch = BatchTruths()
    let batchTime = best(of: 3) {
        for _ in 0..<rounds {
            var start = 0
            while start < patients.count {
                let end = min(start + 64, patients.count)
                evaluator.truths(forBatch: patients[start..<end], into: &batch)
                given &+= Int(batch.isTrue[firstCondition].nonzeroBitCount)
                start = end
            }
        }
    }
    print("evaluate (library, 64 patients per word): \(Int(Double(patients.count * rounds) / batchTime)) patients/s against all \(g.recommendations.count) recommendations")
    let fullTime = best(of: 3) { for p in patients.prefix(2_000) { _ = evaluator.evaluate(p) } }
    print("evaluate (library, full result with traces and needs): \(Int(2_000 / fullTime)) patients/s")
    let noTraceTime = best(of: 3) { for p in patients.prefix(2_000) { _ = evaluator.evaluate(p, traces: false) } }
    print("evaluate (library, outcomes and needs, no traces): \(Int(2_000 / noTraceTime)) patients/s")
}

// 4. Diff and analysis: the bundled guidelines against a modified copy, and generated guidelines.
if let old = bundledCompilation, old.guidelines != nil, let files = DocumentLoader.guidelineFiles(at: bundled) {
    // The ESD size threshold moved from 1 cm to 2 cm, as a reviewer would see it.
    let texts = files.compactMap { file -> (path: String, text: String)? in
        guard let text = try? String(contentsOfFile: file, encoding: .utf8) else { return nil }
        return (file, text.replacingOccurrences(of: "and tumor_size < 1 cm", with: "and tumor_size < 2 cm"))
    }
    let new = GuidelineCompiler.compile(texts: texts)
    var diff: GuidelineDiff?
    let time = best(of: 5) { diff = GuidelineDiff(old: old, new: new) }
    print("diff: bundled guidelines against a copy with the ESD threshold moved: \(format(time * 1000)) ms (\(diff?.behaviour.regions.count ?? 0) regions, \(diff?.structural.count ?? 0) structural changes)")
    if let g = old.guidelines {
        let analysisTime = best(of: 5) { _ = GuidelineAnalyzer(guidelines: g).analyze() }
        print("analyze: bundled guidelines: \(format(analysisTime * 1000)) ms")
    }
}
for rules in [100, 300] {
    let text = GeneratedGuideline.guideline(rules: rules)
    let edited = GeneratedGuideline.edited(text)
    let old = GuidelineCompiler.compile(texts: [("bench.yaml", text), ("vocabulary.yaml", GeneratedGuideline.vocabulary)])
    let new = GuidelineCompiler.compile(texts: [("bench.yaml", edited), ("vocabulary.yaml", GeneratedGuideline.vocabulary)])
    guard let g = old.guidelines else { continue }
    var diff: GuidelineDiff?
    let diffTime = best(of: 3) { diff = GuidelineDiff(old: old, new: new) }
    let affected = Set(diff?.behaviour.regions.flatMap { $0.changes.map(\.recommendation) } ?? []).count
    print("diff: generated guideline, \(rules) rules over 12 facts, thresholds moved: \(format(diffTime * 1000)) ms (\(diff?.structural.count ?? 0) structural changes, \(diff?.behaviour.regions.count ?? 0) regions, \(affected) recommendations affected)")
    var findings: [Diagnostic] = []
    let analysisTime = best(of: 3) { findings = GuidelineAnalyzer(guidelines: g).analyze() }
    print("analyze: generated guideline, \(rules) rules over 12 facts: \(format(analysisTime * 1000)) ms (\(findings.count) findings)")
}
