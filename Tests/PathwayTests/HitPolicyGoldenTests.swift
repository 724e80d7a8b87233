import Foundation
import Testing
import PathwayCompiler
import PathwayDiagnostics
import PathwayEvaluator
import PathwaySyntax
import PathwayYAML

/// The DMN 1.5 specification's hit-policy examples (§8.2.11), one fixture per policy in
/// `Fixtures/hit-policies/`, each with an `.expected` file: one case a line,
/// `<patient JSON> => <output> = <value>`, checked through evaluation.
///
/// A value is an enumeration value, a number, `between a and b` (bounds under missing data),
/// `undetermined: a or b` (the enumeration values still possible), `none`, or `[a, b]` (the
/// output of every matching row of a multi-hit table, in the order the policy lists them).
@Suite struct HitPolicyGoldenTests {
    static let directory = TestFiles.fixtures.appendingPathComponent("hit-policies")
    static let policies = ["unique", "any", "first", "priority", "priority-reordered", "collect", "collect-sum", "collect-min", "collect-max", "collect-count",
                           "rule-order", "output-order"]

    @Test(arguments: policies)
    func dmnExample(_ name: String) throws {
        let text = try String(contentsOf: Self.directory.appendingPathComponent(name + ".yaml"), encoding: .utf8)
        let compilation = GuidelineCompiler.compile(texts: [(path: name + ".yaml", text: text)])
        #expect(compilation.diagnostics.isEmpty, "\(name): \(TestFiles.render(compilation))")
        let guidelines = try #require(compilation.guidelines)
        let expected = try String(contentsOf: Self.directory.appendingPathComponent(name + ".expected"), encoding: .utf8)
        var cases = 0
        for (number, line) in expected.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = line.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") { continue }
            let parts = line.components(separatedBy: " => ")
            let assignment = parts.count == 2 ? parts[1].components(separatedBy: " = ") : []
            guard parts.count == 2, assignment.count == 2 else {
                Issue.record("\(name).expected:\(number + 1): expected `<patient> => <output> = <value>`, found `\(line)`")
                continue
            }
            let patient = try #require(TestPatients.decode(parts[0], guidelines: guidelines), "\(name).expected:\(number + 1): bad patient")
            let actual = try HitPolicyValues.value(of: assignment[0], for: patient, in: guidelines)
            #expect(actual == assignment[1], "\(name).expected:\(number + 1): \(parts[0]) gave \(assignment[0]) = \(actual)")
            cases += 1
        }
        #expect(cases >= 3, "\(name).expected holds \(cases) cases")
    }

    /// Every hit policy has a golden example here, so a new policy cannot go untested.
    @Test func everyPolicyHasAnExample() {
        let named = Set(Self.policies.map { $0.split(separator: "-").first.map(String.init) ?? $0 })
        for policy in HitPolicy.allCases {
            let stem = policy.rawValue.split(separator: "_").first.map(String.init) ?? policy.rawValue
            #expect(named.contains(stem), "no golden example for hit policy `\(policy.rawValue)`")
        }
        for aggregation in Aggregation.allCases {
            #expect(Self.policies.contains("collect-\(aggregation.rawValue)"), "no golden example for `aggregation: \(aggregation.rawValue)`")
        }
    }
}

/// The value of a table output for a patient, written as in the `.expected` files.
enum HitPolicyValues {
    static func value(of name: String, for patient: Patient, in guidelines: CompiledGuidelines) throws -> String {
        let evaluator = Evaluator(guidelines: guidelines)
        if let error = evaluator.evaluationError(in: patient) { return "error \(error.code)" }
        if let symbol = guidelines.derived.first(where: { $0.name == name }) {
            if let numeric = symbol.numeric {
                let cone = ConeEvaluator(guidelines: guidelines, values: patient.values)
                switch numeric.program.evaluate(cone) {
                case .exact(let v): return v.description
                case .range(let lo, let hi): return "between \(lo?.description ?? "-∞") and \(hi?.description ?? "+∞")"
                case .undefined: return "undefined"
                case .overflow: return "overflow"
                }
            }
            var truths: [Truth] = []
            evaluator.truths(for: patient, into: &truths)
            if let given = symbol.valueNodes.first(where: { truths[$0.node] == .true }) { return given.value }
            let possible = symbol.valueNodes.filter { truths[$0.node] == .unknown }.map(\.value)
            return possible.isEmpty ? "none" : "undetermined: " + possible.joined(separator: " or ")
        }
        // A multi-hit table's column: the values of the matching rows, in the policy's order.
        let table = try #require(guidelines.tables.first { $0.rows.contains { $0.outputs.contains { $0.column.value == name } } },
                                 "no derived fact or table column `\(name)`")
        let hits = evaluator.hits(of: table, for: patient)
        let values = hits.matching.compactMap { row in row.outputs.first { $0.column.value == name }?.value }
        return "[" + values.joined(separator: ", ") + "]" + (hits.undetermined.isEmpty ? "" : " and undetermined " + hits.undetermined.map(\.id).joined(separator: ", "))
    }
}
