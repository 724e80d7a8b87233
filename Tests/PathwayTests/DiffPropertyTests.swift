import Testing
import PathwayAnalysis
import PathwayCompiler
import PathwayEvaluator

/// The behavioural diff is exact: for random small guidelines A and B and random patients, a patient
/// gets different results from A and B if and only if it lies in a region the diff reports, and each
/// region's readable condition, compiled back as a guideline condition, holds exactly for its patients.
/// The versions may differ in a quantity's unit (cm or mm, the thresholds the same lengths), in a
/// points score's points and in a table that computes a value (its hit policy, thresholds and outputs),
/// and conditions test the score and the table's value as well as the facts.
@Suite struct DiffPropertyTests {
    /// Random guidelines over four facts of every kind, with conditions built from random atoms.
    struct Generator {
        var rng: SplitMix64

        mutating func pick<T>(_ options: [T]) -> T { options[Int(rng.next() % UInt64(options.count))] }
        mutating func chance(_ percent: UInt64) -> Bool { rng.next() % 100 < percent }

        mutating func atom() -> String {
            switch rng.next() % 10 {
            case 0: return "n > \(pick(Array(0...10)))"
            case 1: return "n <= \(pick(Array(0...10)))"
            case 2: return "n == \(pick(Array(0...10)))"
            case 3: return "q < \(pick(["1 cm", "15 mm", "2 cm", "0.5 cm"]))"
            case 4: return "q >= \(pick(["1 cm", "15 mm", "2 cm", "25 mm"]))"
            case 5: return "e in [\(pick(["a", "b", "c"])), \(pick(["a", "b", "c"]))]"
            case 6: return "e == \(pick(["a", "b", "c"]))"
            case 7: return pick(["f", "not f"])
            case 8: return pick(["known(n)", "not known(q)", "known(e)", "not known(f)", "known(s)", "not known(t)"])
            case 9: return "s \(pick([">=", "<", "=="])) \(pick(Array(0...6)))"
            default: return "t \(pick([">=", "<=", "=="])) \(pick(Array(0...4)))"
            }
        }

        mutating func condition(depth: Int = 2) -> String {
            guard depth > 0, chance(60) else { return atom() }
            switch rng.next() % 3 {
            case 0: return "(\(condition(depth: depth - 1))) and (\(condition(depth: depth - 1)))"
            case 1: return "(\(condition(depth: depth - 1))) or (\(condition(depth: depth - 1)))"
            default: return "not (\(condition(depth: depth - 1)))"
            }
        }

        /// The parts of a guideline that a new version may change.
        struct Parts {
            var levels: [String]
            var present: [Bool]
            var conditions: [String]
            var recommends: [String]
            /// The declarations the conditions read: the unit of `q`, the score's points, the table.
            var declarations: Declarations
        }

        /// The facts' units, the points score `s` and the table computing `t`.
        struct Declarations {
            var quantityUnit: String
            var points: [Int]
            var hitPolicy: String
            var thresholds: [Int]
            var outputs: [Int]
        }

        mutating func declarations() -> Declarations {
            Declarations(quantityUnit: pick(["cm", "mm"]), points: (0..<4).map { _ in pick([0, 1, 1, 2, 3]) },
                         hitPolicy: pick(["first", "collect\n    aggregation: sum", "collect\n    aggregation: max", "collect\n    aggregation: min"]),
                         thresholds: (0..<2).map { _ in pick(Array(0...10)) }, outputs: (0..<3).map { _ in pick([0, 1, 2, 3]) })
        }

        mutating func parts() -> Parts {
            Parts(levels: (0..<4).map { _ in pick(["consensus", "majority"]) }, present: [true, true, true, chance(50)],
                  conditions: (0..<5).map { _ in condition() }, recommends: (0..<5).map { _ in "r\(pick([1, 2, 3, 4]))" },
                  declarations: declarations())
        }

        /// A few edits: a condition re-rolled, a level changed, a recommendation added or removed.
        mutating func edit(_ p: Parts) -> Parts {
            var q = p
            for _ in 0..<(1 + rng.next() % 2) {
                switch rng.next() % 8 {
                case 0, 1: q.conditions[Int(rng.next() % 5)] = condition()
                case 2: q.levels[Int(rng.next() % 4)] = pick(["consensus", "majority"])
                case 3: q.present[3].toggle()
                case 4: q.declarations.quantityUnit = q.declarations.quantityUnit == "cm" ? "mm" : "cm"
                case 5: q.declarations.points[Int(rng.next() % 4)] = pick([0, 1, 2, 3])
                case 6: q.declarations.thresholds[Int(rng.next() % 2)] = pick(Array(0...10))
                default:
                    let d = declarations()
                    q.declarations.hitPolicy = d.hitPolicy
                    q.declarations.outputs = d.outputs
                }
            }
            return q
        }

        /// A guideline's opening over the four generated facts, the score and the table, up to its `recommendations:` key.
        static func header(id: String, _ d: Declarations) -> String {
            """
            kind: guideline
            id: \(id)
            source: src
            facts:
              e: { type: enum, values: [a, b, c] }
              n: { type: integer, range: { min: 0, max: 10 } }
              q: { type: quantity, unit: \(d.quantityUnit), range: { min: 0 } }
              f: { type: boolean }
            derived:
              s:
                type: integer
                points:
                  - { when: f, points: \(d.points[0]) }
                  - { when: e == a, points: \(d.points[1]) }
                  - { when: n > 5, points: \(d.points[2]) }
                  - { when: q >= 1 cm, points: \(d.points[3]) }
            tables:
              - id: grade
                hit_policy: \(d.hitPolicy)
                inputs: [e, n]
                outputs:
                  t: { type: integer, default: 0 }
                rows:
                  - { id: ra, if: { e: a, n: "> \(d.thresholds[0])" }, outputs: { t: \(d.outputs[0]) } }
                  - { id: rb, if: { e: b }, outputs: { t: \(d.outputs[1]) } }
                  - { id: rc, if: { n: "<= \(d.thresholds[1])" }, outputs: { t: \(d.outputs[2]) } }
            citations:
              src: { authors: [Doe J], title: A source, venue: Journal, year: 2025 }
            schemes:
              panel:
                levels: [{ id: consensus, definition: all }, { id: majority, definition: most }]
            recommendations:

            """
        }

        static func yaml(_ p: Parts) -> String {
            var used = Set(p.recommends.map { p.present[3] || $0 != "r4" ? $0 : "r1" })
            if !p.present[3] { used.remove("r4") }
            var text = header(id: "random", p.declarations)
            for k in 1...4 where used.contains("r\(k)") {
                text += "  r\(k): { text: R\(k), direction: \(k == 2 ? "against" : "for"), level: panel.\(p.levels[k - 1]), citations: [src], quote: Q }\n"
            }
            func recommend(_ i: Int) -> String { p.present[3] || p.recommends[i] != "r4" ? "[\(p.recommends[i])]" : "[r1]" }
            text += """
            trees:
              - id: first
                select: first
                branches:
                  - { id: b1, when: "\(p.conditions[0])", recommend: \(recommend(0)) }
                  - { id: b2, when: "\(p.conditions[1])", recommend: \(recommend(1)) }
                  - { id: b3, when: otherwise, recommend: \(recommend(2)) }
              - id: all
                when: "\(p.conditions[2])"
                branches:
                  - { id: c1, when: "\(p.conditions[3])", recommend: \(recommend(3)) }
                  - { id: c2, when: "\(p.conditions[4])", recommend: \(recommend(4)) }

            """
            return text
        }

        mutating func patient() -> String {
            var members: [String] = []
            if chance(75) { members.append("\"e\": \"\(pick(["a", "b", "c"]))\"") }
            if chance(75) { members.append("\"n\": \(pick(Array(0...10)))") }
            if chance(75) { members.append("\"q\": \"\(pick(["0 cm", "0.5 cm", "7 mm", "1 cm", "12 mm", "1.5 cm", "2 cm", "2.5 cm", "4 cm"]))\"") }
            if chance(75) { members.append("\"f\": \(pick(["true", "false"]))") }
            return "{" + members.joined(separator: ", ") + "}"
        }
    }

    /// What a patient is told about one recommendation; not given and absent look alike.
    static func shown(_ evaluation: Evaluation, _ id: String) -> String {
        guard let o = evaluation.outcomes.first(where: { $0.recommendation.id == id }), o.status != .notGiven else { return "-" }
        return "\(o.status) \(o.recommendation.direction) \(o.recommendation.level?.value ?? "")"
    }

    @Test func diffReportsExactlyThePatientsWhoseOutcomeDiffers() throws {
        var differing = 0, same = 0
        for seed in 0..<60 {
            let (d, s) = try check(seed: seed)
            differing += d
            same += s
        }
        // Both sides of the "if and only if" are exercised.
        #expect(differing > 500 && same > 500, "differing \(differing), same \(same)")
    }

    /// Checks one pair of random guidelines; the numbers of patients whose outcome differs and does not.
    func check(seed: Int) throws -> (Int, Int) {
        var generator = Generator(rng: SplitMix64(seed: UInt64(seed) &* 7919 &+ 17))
        let a = generator.parts()
        let b = generator.chance(25) ? generator.parts() : generator.edit(a)
        let old = GuidelineCompiler.compile(texts: [(path: "a.yaml", text: Generator.yaml(a))])
        let new = GuidelineCompiler.compile(texts: [(path: "b.yaml", text: Generator.yaml(b))])
        guard let oldGuidelines = old.guidelines, let newGuidelines = new.guidelines else {
            Issue.record("generated guidelines must compile: \((old.diagnostics + new.diagnostics).map(\.message))")
            return (0, 0)
        }
        var differing = 0, same = 0
        let diff = BehaviouralDiff.compare(old: oldGuidelines, new: newGuidelines)
        let oldEvaluator = Evaluator(guidelines: oldGuidelines), newEvaluator = Evaluator(guidelines: newGuidelines)
        let probe = try RegionProbe(diff.regions.map(\.condition), b.declarations)
        // Every region is exact: no condition of these guidelines relates facts by arithmetic.
        #expect(diff.regions.allSatisfy { !$0.witness.isApproximate }, "approximate region\nA:\n\(Generator.yaml(a))\nB:\n\(Generator.yaml(b))")
        for _ in 0..<150 {
            let json = generator.patient()
            let p = try #require(TestPatients.decode(json, guidelines: oldGuidelines))
            let q = try #require(TestPatients.decode(json, guidelines: newGuidelines))
            let before = oldEvaluator.evaluate(p, traces: false), after = newEvaluator.evaluate(q, traces: false)
            let differs = ["r1", "r2", "r3", "r4"].contains { Self.shown(before, $0) != Self.shown(after, $0) }
            if differs { differing += 1 } else { same += 1 }
            let cells = diff.space.cells(of: p, version: 0)
            let reported = diff.reports(cells: cells)
            #expect(differs == reported, "patient \(json): differs \(differs), reported \(reported)\nA:\n\(Generator.yaml(a))\nB:\n\(Generator.yaml(b))")
            // The readable conditions say exactly what the regions hold: compiled as guideline conditions,
            // each is true for precisely the patients of its region.
            let written = try probe.holds(for: json)
            for (k, region) in diff.regions.enumerated() {
                let inside = cells.indices.allSatisfy { region.region.cells[$0].contains(cells[$0]) }
                #expect(written[k] == inside, "patient \(json) and region `\(region.condition)`: inside \(inside), condition \(written[k])")
            }
            if differs != reported { break }
        }
        return (differing, same)
    }

    /// The reported regions' conditions, compiled over the generated facts, one recommendation each.
    struct RegionProbe {
        let guidelines: CompiledGuidelines?
        let count: Int

        init(_ conditions: [String], _ declarations: Generator.Declarations) throws {
            count = conditions.count
            guard !conditions.isEmpty else { guidelines = nil; return }
            var text = Generator.header(id: "probe", declarations)
            for k in conditions.indices { text += "  p\(k): { text: P, direction: for, level: panel.consensus, citations: [src], quote: Q }\n" }
            text += "trees:\n"
            for (k, condition) in conditions.enumerated() {
                // "every patient" is the one description that is not a condition.
                let written = condition == "every patient" ? "known(n) or not known(n)" : condition
                text += "  - { id: t\(k), when: \"\(written)\", recommend: [p\(k)] }\n"
            }
            let compilation = GuidelineCompiler.compile(texts: [(path: "probe.yaml", text: text)])
            guidelines = compilation.guidelines
            #expect(guidelines != nil, "region conditions must compile: \(compilation.diagnostics.map(\.message))\n\(text)")
        }

        /// Whether each region's condition is true for the patient.
        func holds(for json: String) throws -> [Bool] {
            guard let guidelines else { return [Bool](repeating: false, count: count) }
            let patient = try #require(TestPatients.decode(json, guidelines: guidelines))
            var truths: [Truth] = []
            Evaluator(guidelines: guidelines).truths(for: patient, into: &truths)
            return guidelines.recommendations.map { truths[$0.condition] == .true }
        }
    }
}
