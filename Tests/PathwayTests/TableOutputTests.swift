import Testing
import PathwayCompiler
import PathwayDiagnostics
import PathwayEvaluator
import PathwaySyntax

/// Typed table outputs as derived facts: tables that feed tables, trees and derived facts in any
/// order, missing data, `any` disagreements at evaluation, and the compile errors of outputs.
@Suite struct TableOutputTests {
    /// A guideline over `age`, `weight` and `stage`, with one recommendation per id in `recommend`,
    /// and `body` (tables, trees, derived facts) appended.
    static func guideline(_ body: String, recommend: [String] = ["a", "b"]) -> String {
        var text = """
        kind: guideline
        id: g
        facts:
          age: { type: integer, range: { min: 0, max: 120 } }
          weight: { type: number, range: { min: 0, max: 300 } }
          stage: { type: enum, values: [I, II, III] }
        citations:
          src: { title: A source }
        schemes:
          s:
            levels:
              - { id: strong, definition: strong }
              - { id: weak, definition: weak }
        recommendations:

        """
        for id in recommend {
            text += "  \(id): { text: \(id), direction: for, level: s.strong, citations: [src], quote: Q. }\n"
        }
        return text + body
    }

    static func compile(_ text: String) -> Compilation {
        GuidelineCompiler.compile(texts: [(path: "g.yaml", text: text)])
    }

    static func statuses(_ guidelines: CompiledGuidelines, _ patient: String) throws -> [String: String] {
        let p = try #require(TestPatients.decode(patient, guidelines: guidelines), "patient \(patient)")
        var result: [String: String] = [:]
        for o in Evaluator(guidelines: guidelines).evaluate(p).outcomes {
            result[o.recommendation.id] = o.status == .undetermined ? "undetermined(\(o.needs.joined(separator: ",")))" : o.status.rawValue
        }
        return result
    }

    /// A later table decides on an earlier table's enum and numeric outputs; written before it, so
    /// outputs compile on demand in any order, and a derived fact and a tree use them too.
    static let feeding = guideline("""
        derived:
          heavy_dose: { when: dose > 100 }
        tables:
          - id: decide
            hit_policy: first
            inputs: [risk, dose]
            rows:
              - { id: high-risk, if: { risk: high, dose: "<= 100" }, recommend: [a] }
              - { id: otherwise, if: { risk: "[low, high]" }, recommend: [b] }
          - id: risk-table
            hit_policy: unique
            inputs: [age, stage]
            outputs:
              risk: { type: enum, values: [low, high] }
              dose: { type: number, default: 0 }
            rows:
              - { id: old, if: { age: ">= 65", stage: "[II, III]" }, outputs: { risk: high, dose: 2 * weight } }
              - { id: young, if: { age: "< 65" }, outputs: { risk: low, dose: 3 * weight } }
        trees:
          - id: heavy
            when: heavy_dose
            recommend: [c]
        """, recommend: ["a", "b", "c"])

    @Test func anOutputFeedsALaterTableATreeAndADerivedFact() throws {
        let compilation = Self.compile(Self.feeding)
        #expect(compilation.diagnostics.isEmpty, "\(TestFiles.render(compilation))")
        let guidelines = try #require(compilation.guidelines)
        // 70 years, stage II: risk high, dose 2 × 40 = 80 ≤ 100.
        #expect(try Self.statuses(guidelines, #"{"age": 70, "stage": "II", "weight": 40}"#) == ["a": "given", "b": "not_given", "c": "not_given"])
        // Dose 2 × 60 = 120: the first row fails on the dose, the second takes the patient.
        #expect(try Self.statuses(guidelines, #"{"age": 70, "stage": "II", "weight": 60}"#) == ["a": "not_given", "b": "given", "c": "given"])
        // Stage I at 70: no row of risk-table matches, so risk has no value and dose is the default 0.
        #expect(try Self.statuses(guidelines, #"{"age": 70, "stage": "I", "weight": 60}"#) == ["a": "not_given", "b": "not_given", "c": "not_given"])
    }

    /// An undetermined row selection leaves the output undetermined, and `needs` names exactly the
    /// facts that can still decide it.
    @Test func missingDataLeavesOutputsUndeterminedWithExactNeeds() throws {
        let guidelines = try #require(Self.compile(Self.feeding).guidelines)
        // Age unknown: the risk (and which dose formula) depends on it; the weight is known.
        #expect(try Self.statuses(guidelines, #"{"stage": "II", "weight": 40}"#)
                == ["a": "undetermined(age)", "b": "undetermined(age)", "c": "undetermined(age)"])
        // Weight unknown at 70, stage II: risk is high, only the dose (so the weight) decides a and c.
        #expect(try Self.statuses(guidelines, #"{"age": 70, "stage": "II"}"#)
                == ["a": "undetermined(weight)", "b": "undetermined(weight)", "c": "undetermined(weight)"])
        // Stage I at 70: no row can match, whatever the weight, so nothing depends on it.
        #expect(try Self.statuses(guidelines, #"{"age": 70, "stage": "I"}"#) == ["a": "not_given", "b": "not_given", "c": "not_given"])
    }

    /// Rows of an `any` table that disagree for a patient stop that patient's evaluation with
    /// PW0608; computed values disagree exactly when their values differ.
    @Test func anyDisagreementIsThePatientsError() throws {
        let text = Self.guideline("""
            tables:
              - id: dosing
                hit_policy: any
                inputs: [age, stage]
                outputs:
                  dose: { type: number, default: 0 }
                rows:
                  - { id: by-weight, if: { age: ">= 18" }, outputs: { dose: 2 * weight } }
                  - { id: fixed, if: { stage: III }, outputs: { dose: 100 } }
                  - { id: also-fixed, if: { stage: "[II, III]" }, outputs: { dose: 100 } }
                  - { id: other, if: { age: "< 18" }, recommend: [a], outputs: { dose: 0 } }
            """, recommend: ["a"])
        let compilation = Self.compile(text)
        #expect(compilation.diagnostics.isEmpty, "\(TestFiles.render(compilation))")
        let guidelines = try #require(compilation.guidelines)
        let evaluator = Evaluator(guidelines: guidelines)
        func error(_ patient: String) throws -> Diagnostic? {
            evaluator.evaluationError(in: try #require(TestPatients.decode(patient, guidelines: guidelines)))
        }
        // 2 × 50 = 100 agrees with the fixed dose; 2 × 60 does not.
        #expect(try error(#"{"age": 40, "stage": "III", "weight": 50}"#) == nil)
        let conflict = try #require(try error(#"{"age": 40, "stage": "III", "weight": 60}"#))
        #expect(conflict.code == .patientTableConflict)
        #expect(conflict.message == "rows `by-weight` and `fixed` of `any` table `dosing` both match this patient and give different outputs")
        // Rows with the same output never conflict; a row that also recommends disagrees with one that does not.
        #expect(try error(#"{"age": 10, "stage": "I", "weight": 60}"#) == nil)
        #expect(try error(#"{"age": 10, "stage": "II", "weight": 60}"#)?.message.contains("`also-fixed` and `other`") == true)
        // The weight unknown: the disagreement is undecided, not an error, and the output is
        // undetermined (not the first row's value) until the weight decides it.
        #expect(try error(#"{"age": 40, "stage": "III"}"#) == nil)
        func dose(_ patient: String) throws -> String {
            try HitPolicyValues.value(of: "dose", for: try #require(TestPatients.decode(patient, guidelines: guidelines)), in: guidelines)
        }
        #expect(try dose(#"{"age": 40, "stage": "III"}"#) == "between 0 and 600")
        #expect(try dose(#"{"age": 40, "stage": "III", "weight": 50}"#) == "100")
        #expect(try dose(#"{"age": 40, "stage": "I", "weight": 70}"#) == "140")
    }

    /// Multi-hit policies recommend every matching row; `output_order` lists them by output priority.
    @Test func outputOrderListsRowsByPriority() throws {
        let text = Self.guideline("""
            tables:
              - id: options
                hit_policy: output_order
                inputs: [age]
                outputs:
                  urgency: { type: enum, values: [urgent, soon, routine] }
                rows:
                  - { id: r1, if: { age: ">= 0" }, recommend: [b], outputs: { urgency: routine } }
                  - { id: r2, if: { age: ">= 50" }, recommend: [a], outputs: { urgency: urgent } }
                  - { id: r3, if: { age: ">= 40" }, recommend: [a], outputs: { urgency: soon } }
            """)
        let guidelines = try #require(Self.compile(text).guidelines)
        let table = try #require(guidelines.tables.first)
        let patient = try #require(TestPatients.decode(#"{"age": 60}"#, guidelines: guidelines))
        #expect(Evaluator(guidelines: guidelines).hits(of: table, for: patient).matching.map(\.id) == ["r2", "r3", "r1"])
        let a = try #require(guidelines.recommendations.first { $0.id == "a" })
        #expect(a.paths.map(\.origin) == ["table options › row r2", "table options › row r3"])
    }

    // MARK: Compile errors

    static func errors(_ body: String) -> [String] {
        Self.compile(Self.guideline(body)).diagnostics.filter { $0.severity == .error }.map { "\($0.code.rawValue) \($0.message)" }
    }

    @Test func aMultiHitOutputIsNotADerivedFact() {
        let errors = Self.errors("""
            tables:
              - id: all
                hit_policy: rule_order
                inputs: [age]
                outputs: { level: { type: integer } }
                rows:
                  - { id: r1, if: { age: "> 1" }, outputs: { level: 1 }, recommend: [a] }
            trees:
              - { id: t, when: level > 0, recommend: [b] }
            """)
        #expect(errors == ["PW0402 output `level` of table `all` has a value per matching row (`hit_policy: rule_order`), so it is not a derived fact"])
    }

    @Test func aNumericOutputNeedsADefault() {
        let errors = Self.errors("""
            tables:
              - id: doses
                hit_policy: first
                inputs: [age]
                outputs: { dose: { type: number } }
                rows:
                  - { id: r1, if: { age: "> 1" }, outputs: { dose: 5 } }
            trees:
              - { id: t, when: dose > 1, recommend: [a, b] }
            """)
        #expect(errors == ["PW0203 output `dose` of table `doses` needs a `default`: its value when no row is selected"])
    }

    @Test func aTableCannotUseItsOwnOutput() {
        let errors = Self.errors("""
            tables:
              - id: loop
                hit_policy: unique
                inputs: [age, score]
                outputs: { score: { type: integer, default: 0 } }
                rows:
                  - { id: r1, if: { age: "> 1", score: "> 2" }, outputs: { score: 1 }, recommend: [a, b] }
            """)
        #expect(errors == ["PW0501 derived facts form a cycle: `score` → `score`"], "\(errors)")
    }

    /// Two tables that use each other's outputs form a cycle, reported once, without follow-on errors.
    @Test func tablesThatUseEachOthersOutputsFormACycle() {
        let errors = Self.errors("""
            tables:
              - id: first-table
                hit_policy: first
                inputs: [age, band]
                outputs: { level: { type: integer, default: 0 } }
                rows:
                  - { id: r1, if: { age: "> 1", band: high }, outputs: { level: 2 }, recommend: [a] }
              - id: second-table
                hit_policy: unique
                inputs: [level]
                outputs: { band: { type: enum, values: [low, high] } }
                rows:
                  - { id: r1, if: { level: "> 1" }, outputs: { band: high }, recommend: [b] }
            """)
        #expect(errors == ["PW0501 derived facts form a cycle: `level` → `band` → `level`"], "\(errors)")
    }

    @Test func outputsAreTypeChecked() {
        let errors = Self.errors("""
            tables:
              - id: t1
                hit_policy: priority
                inputs: [age]
                outputs: { dose: { type: integer, default: 0 } }
                rows:
                  - { id: r1, if: { age: "> 1" }, outputs: { dose: weight / 3 }, recommend: [a] }
              - id: t2
                hit_policy: collect
                aggregation: sum
                inputs: [age]
                outputs: { band: { type: enum, values: [x, y] } }
                rows:
                  - { id: r1, if: { age: "> 1" }, outputs: { band: z }, recommend: [b] }
            """)
        #expect(Set(errors) == [
            "PW0402 `dose` is declared `integer`, but this value may not be a whole number",
            "PW0203 `priority` orders rows by the listed `values` of an output column, and table `t1` lists none",
            "PW0402 `aggregation: sum` needs numeric outputs, but `band` is an enumeration",
            "PW0203 `aggregation: sum` needs a numeric output column to hold the result",
            "PW0406 `z` is not a value of `band`",
        ], "\(errors)")
    }

    @Test func listedNumericValuesAreChecked() {
        let errors = Self.errors("""
            tables:
              - id: t1
                hit_policy: output_order
                inputs: [age]
                outputs: { days: { type: integer, values: [22, 5, 3] }, comment: { type: text, default: none } }
                rows:
                  - { id: r1, if: { age: "> 1" }, outputs: { days: 4 }, recommend: [a, b] }
            """)
        #expect(errors == ["PW0201 a text output has no `default`: it is only shown with the rows that give it",
                           "PW0206 `4` is not one of the listed values of `days`"], "\(errors)")
    }

    @Test func policiesAndAggregationsAreChecked() {
        let errors = Self.errors("""
            tables:
              - id: t1
                hit_policy: rule-order
                inputs: [age]
                rows:
                  - { id: r1, if: { age: "> 1" }, recommend: [a] }
              - id: t2
                hit_policy: first
                aggregation: sum
                inputs: [age]
                rows:
                  - { id: r1, if: { age: "> 1" }, recommend: [b] }
              - id: t3
                hit_policy: collect
                aggregation: average
                inputs: [age]
                rows:
                  - { id: r1, if: { age: "> 1" }, recommend: [b] }
            """)
        #expect(errors == [
            "PW0206 `rule-order` is not a valid hit policy",
            "PW0206 `aggregation` applies only to `hit_policy: collect`, not `first`",
            "PW0206 `average` is not a valid aggregation",
        ], "\(errors)")
        let compilation = Self.compile(Self.guideline("""
            tables:
              - id: t1
                hit_policy: rule-order
                inputs: [age]
                rows: []
            """))
        #expect(compilation.diagnostics.first { $0.code == .invalidValue }?.suggestions.first?.replacement == "rule_order")
    }

    /// An `any` table with more disagreeing row pairs than the limit is a located error, not a stall.
    @Test func aHugeAnyTableIsBounded() {
        let rows = (0..<150).map { "      - { id: r\($0), if: { age: \">= 0\" }, outputs: { dose: \($0) } }" }.joined(separator: "\n")
        let errors = Self.errors("""
            tables:
              - id: huge
                hit_policy: any
                inputs: [age]
                outputs: { dose: { type: integer, default: 0 } }
                rows:
            \(rows)
            trees:
              - { id: t, when: dose > 1, recommend: [a, b] }
            """)
        #expect(errors == ["PW0407 `any` table `huge` has more than 10000 pairs of rows with different outputs to check"], "\(errors)")
    }

    /// Under `any` and `unique`, the enumeration output without a `default` has no value when no row
    /// matches: every test of it is false, none undetermined.
    @Test func anEnumOutputWithoutDefaultHasNoValueWhenNoRowMatches() throws {
        let text = Self.guideline("""
            tables:
              - id: bands
                hit_policy: unique
                inputs: [age]
                outputs: { band: { type: enum, values: [young, old] } }
                rows:
                  - { id: r1, if: { age: "< 18" }, outputs: { band: young } }
                  - { id: r2, if: { age: ">= 80" }, outputs: { band: old } }
            trees:
              - { id: t1, when: band == young, recommend: [a] }
              - { id: t2, when: band != young, recommend: [b] }
            """)
        let guidelines = try #require(Self.compile(text).guidelines)
        #expect(try Self.statuses(guidelines, #"{"age": 40}"#) == ["a": "not_given", "b": "given"])
        #expect(try Self.statuses(guidelines, #"{"age": 10}"#) == ["a": "given", "b": "not_given"])
    }
}
