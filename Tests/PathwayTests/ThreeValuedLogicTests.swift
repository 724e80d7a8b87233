import Testing
import PathwayCompiler
import PathwayDiagnostics
import PathwayEvaluator
import PathwaySyntax
import PathwayYAML

/// Kleene's strong three-valued logic, exhaustively, both for the `Truth` operators and for the
/// evaluator running compiled formulas over facts that may be unknown.
@Suite struct ThreeValuedLogicTests {
    static let all: [Truth] = [.false, .true, .unknown]

    @Test func negation() {
        #expect(!Truth.true == .false)
        #expect(!Truth.false == .true)
        #expect(!Truth.unknown == .unknown)
    }

    @Test func conjunctionTruthTable() {
        let expected: [[Truth]] = [
            // false    true      unknown
            [.false, .false, .false],    // false and …
            [.false, .true, .unknown],   // true and …
            [.false, .unknown, .unknown], // unknown and …
        ]
        for (i, a) in Self.all.enumerated() {
            for (j, b) in Self.all.enumerated() {
                #expect((a && b) == expected[i][j], "\(a) and \(b)")
            }
        }
    }

    @Test func disjunctionTruthTable() {
        let expected: [[Truth]] = [
            [.false, .true, .unknown],
            [.true, .true, .true],
            [.unknown, .true, .unknown],
        ]
        for (i, a) in Self.all.enumerated() {
            for (j, b) in Self.all.enumerated() {
                #expect((a || b) == expected[i][j], "\(a) or \(b)")
            }
        }
    }

    /// The evaluator over real facts: `p` and `q` are boolean facts, each true, false or unknown.
    @Test func evaluatorFollowsKleeneForEveryOperator() throws {
        let vocabulary = """
        kind: vocabulary
        id: v
        facts:
          p: { type: boolean }
          q: { type: boolean }
          n: { type: integer }
        """
        var conditions: [(String, (Truth, Truth, Truth) -> Truth)] = [
            ("p and q", { p, q, _ in p && q }),
            ("p or q", { p, q, _ in p || q }),
            ("not p", { p, _, _ in !p }),
            ("not (p and q)", { p, q, _ in !(p && q) }),
            ("p and not q or not p and q", { p, q, _ in (p && !q) || (!p && q) }),
            ("p == q", { p, q, _ in (p && q) || (!p && !q) }),
            ("p != q", { p, q, _ in !((p && q) || (!p && !q)) }),
            ("known(p)", { p, _, _ in p == .unknown ? .false : .true }),
            ("known(p) and not p", { p, _, _ in (p == .unknown ? .false : .true) && !p }),
            ("n > 2 and p", { p, _, n in n && p }),
            ("n > 2 or q", { _, q, n in n || q }),
        ]
        conditions.append(("p or not p", { p, _, _ in p || !p }))
        var guideline = """
        kind: guideline
        id: g
        imports: [v.yaml]
        citations: { c: { title: T } }
        schemes: { s: { levels: [ { id: l, definition: d } ] } }
        recommendations:

        """
        for i in conditions.indices {
            guideline += "  r\(i): { text: t, direction: for, level: s.l, citations: [c], quote: q }\n"
        }
        guideline += "trees:\n"
        for (i, c) in conditions.enumerated() {
            guideline += "  - id: t\(i)\n    when: \"\(c.0)\"\n    recommend: [r\(i)]\n"
        }
        let compilation = GuidelineCompiler.compile(texts: [("g.yaml", guideline), ("v.yaml", vocabulary)])
        let guidelines = try #require(compilation.guidelines, "\(TestFiles.render(compilation))")
        let evaluator = Evaluator(guidelines: guidelines)
        func value(_ t: Truth) -> FactValue { t == .unknown ? .unknown : FactValue(boolean: t == .true) }
        for p in Self.all {
            for q in Self.all {
                for n in Self.all {
                    var patient = Patient(slotCount: guidelines.facts.count)
                    patient[0] = value(p)
                    patient[1] = value(q)
                    patient[2] = n == .unknown ? .unknown : FactValue(Rational(integer: n == .true ? 3 : 1))
                    // The graph's truths are Kleene's; an outcome is then decided after all when every
                    // completion of the missing facts agrees (so `p or not p` is given with p unknown).
                    var truths: [Truth] = []
                    evaluator.truths(for: patient, into: &truths)
                    let evaluation = evaluator.evaluate(patient)
                    for (i, c) in conditions.enumerated() {
                        let expected = c.1(p, q, n)
                        #expect(truths[guidelines.recommendations[i].condition] == expected, "\(c.0) with p=\(p) q=\(q) n>2=\(n)")
                        // `p` is tested with `known(p)` in this guideline: a fact about the record, never completed.
                        let completions = [[p]] + [q, n].map { $0 == .unknown ? [Truth.false, .true] : [$0] }
                        var agreed = Set<Truth>()
                        for x in completions[0] { for y in completions[1] { for z in completions[2] { agreed.insert(c.1(x, y, z)) } } }
                        let decided: Truth = expected != .unknown ? expected : (agreed.count == 1 ? agreed.first ?? .unknown : .unknown)
                        let status = evaluation.outcomes[i].status
                        let actual: Truth = status == .given ? .true : status == .notGiven ? .false : .unknown
                        #expect(actual == decided, "outcome of \(c.0) with p=\(p) q=\(q) n>2=\(n)")
                    }
                }
            }
        }
    }
}
