/// Generates a synthetic guideline with many rules over a dozen facts, for measuring the compiler,
/// the evaluator and (later) analysis and diff at scale.
enum GeneratedGuideline {
    static let vocabulary = """
    kind: vocabulary
    id: bench-vocab
    facts:
      ki67: { type: percentage }
      size: { type: quantity, unit: cm, range: { min: 0, max: 50 } }
      stage: { type: enum, values: [s0, s1, s2, s3, s4] }
      site: { type: enum, values: [a, b, c, d, e, f] }
      age: { type: number, range: { min: 0, max: 120 } }
      ecog: { type: integer, range: { min: 0, max: 4 } }
      line: { type: integer, range: { min: 1, max: 5 } }
      ttp: { type: quantity, unit: month, range: { min: 0 } }
      flag_a: { type: boolean }
      flag_b: { type: boolean }
      flag_c: { type: boolean }
      mitoses: { type: number, range: { min: 0 } }
    """

    /// The guideline with every `ki67 > 20` moved to `ki67 > 25` and every `size < 2 cm` to `size < 3 cm`:
    /// many rules change at once.
    static func edited(_ guideline: String) -> String {
        guideline.replacingOccurrences(of: "ki67 > 20", with: "ki67 > 25").replacingOccurrences(of: "size < 2 cm", with: "size < 3 cm")
    }

    /// A guideline with `rules` recommendations, each reached by one tree branch and one table row.
    static func guideline(rules: Int, seed: UInt64 = 42) -> String {
        var rng = SplitMix64(seed: seed)
        func pick<T>(_ xs: [T]) -> T { xs[Int(rng.next() % UInt64(xs.count))] }
        func condition() -> String {
            let atoms = [
                "ki67 > \(pick([3, 10, 20, 55, 70]))", "size < \(pick([1, 2, 5])) cm", "stage in [\(pick(["s0", "s1", "s2"])), \(pick(["s3", "s4"]))]",
                "site == \(pick(["a", "b", "c", "d", "e", "f"]))", "age >= \(pick([18, 65, 75]))", "ecog <= \(pick([0, 1, 2]))",
                "line == \(pick([1, 2, 3]))", "ttp > \(pick([3, 6, 12])) month", "flag_a", "not flag_b", "flag_c or flag_a", "mitoses > \(pick([2, 10, 20]))",
            ]
            return (0..<Int(2 + rng.next() % 3)).map { _ in pick(atoms) }.joined(separator: " and ")
        }
        var out = """
        kind: guideline
        id: bench
        title: Generated benchmark guideline
        imports: [vocabulary.yaml]
        citations: { src: { title: Generated source, year: 2026 } }
        schemes: { ev: { levels: [ { id: high, definition: high }, { id: low, definition: low } ] } }
        recommendations:

        """
        for i in 0..<rules {
            out += "  r\(i): { text: Rule \(i), direction: \(i % 5 == 0 ? "against" : "for"), level: ev.\(i % 2 == 0 ? "high" : "low"), citations: [src], quote: Quote \(i) }\n"
        }
        out += "trees:\n"
        for group in stride(from: 0, to: rules, by: 10) {
            out += "  - id: tree\(group)\n    when: \"\(condition())\"\n    select: first\n    branches:\n"
            for i in group..<min(group + 10, rules) {
                out += "      - id: b\(i)\n        when: \"\(condition())\"\n        recommend: [r\(i)]\n"
            }
        }
        out += "tables:\n  - id: table\n    hit_policy: collect\n    inputs: [ki67, stage, ecog, ttp]\n    rows:\n"
        for i in 0..<rules {
            out += "      - id: row\(i)\n        if: { ki67: \"> \(pick([10, 20, 55]))\", stage: \"\(pick(["s1", "s2", "[s3, s4]", "-"]))\", ecog: \"<= \(pick([1, 2]))\", ttp: \"\(pick(["> 6 month", "<= 6 month", "-"]))\" }\n        recommend: [r\(i)]\n"
        }
        return out
    }
}

/// A small deterministic random number generator.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
