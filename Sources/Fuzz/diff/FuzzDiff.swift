import FuzzSupport
import PathwayAnalysis
import PathwayCompiler
import PathwayDiff
import PathwayEvaluator

/// The diff of a fuzzed guideline against a second compilation of itself and against a mutated copy.
///
/// Oracles: against itself, no structural and no behavioural change. Against the mutated copy, every
/// reported region's exact witness is a patient of that region in both versions, and gets from each
/// version exactly the outcome the diff reports for every change of the region.
@_cdecl("fuzz_diff_main")
func fuzzDiffMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> CInt {
    FuzzDriver.run(argc, argv) { bytes in
        guard let text = FuzzInputs.text(bytes) else { return }
        let old = GuidelineCompiler.compile(texts: FuzzInputs.texts(text))
        guard old.guidelines != nil else { return }
        let again = GuidelineCompiler.compile(texts: FuzzInputs.texts(text))
        guard let same = GuidelineDiff(old: old, new: again, regionBudget: budget) else {
            FuzzDriver.fail("the same text compiles once and not twice")
        }
        FuzzDriver.check(same.structural.isEmpty, "self-diff has structural changes: \(same.structural.map { "\($0.kind) \($0.entity) \($0.id)" })")
        FuzzDriver.check(same.behaviour.regions.isEmpty && same.behaviour.domainChanges.isEmpty,
                         "self-diff has behavioural changes: \(same.behaviour.regions.map(\.condition))")

        guard let mutated = GuidelineMutation.mutate(bytes, choice: GuidelineMutation.hash(bytes)), let newText = FuzzInputs.text(mutated) else { return }
        let new = GuidelineCompiler.compile(texts: FuzzInputs.texts(newText))
        guard let diff = GuidelineDiff(old: old, new: new, regionBudget: budget) else {
            FuzzDriver.note("the edited copy does not compile")
            return
        }
        _ = DiffTextRenderer().render(diff)
        _ = DiffJSONRenderer.render(diff).serialized()
        _ = DiffMarkdownRenderer.render(diff)
        let regions = diff.behaviour.regions.prefix(50).filter { !$0.witness.isApproximate }
        for region in regions { checkWitness(region, in: diff) }
        FuzzDriver.note("\(diff.structural.count) structural changes, \(diff.behaviour.regions.count) regions, \(regions.count) witnesses checked")
    }
}

private let budget = 2_000

private func checkWitness(_ region: AffectedRegion, in diff: GuidelineDiff) {
    let space = diff.behaviour.space
    for version in 0...1 {
        guard let patient = space.patient(region.witness, version: version) else {
            FuzzDriver.fail("the witness of region `\(region.condition)` is rejected by version \(version)")
        }
        let cells = space.cells(of: patient, version: version)
        for (axis, cell) in cells.enumerated() where !region.region.cells[axis].contains(cell) {
            FuzzDriver.fail("the witness of region `\(region.condition)` lies outside it on axis `\(space.axes[axis].name)` in version \(version)")
        }
    }
    for change in region.changes {
        for version in 0...1 {
            let expected = version == 0 ? change.old : change.new
            let outcome = diff.witnessOutcome(region.witness, change, version: version)
            let actual = outcome.map(describe) ?? "absent"
            FuzzDriver.check(actual == expected.description || (expected.status == .notGiven && actual == "absent")
                                 || (expected.status == .absent && actual == "not given"),
                             "region `\(region.condition)`, \(change.recommendation): the diff says version \(version) gives `\(expected)`, its witness gets `\(actual)`")
        }
    }
}

/// An evaluated outcome in the words of ``Outcome/description``.
private func describe(_ outcome: RecommendationOutcome) -> String {
    let r = outcome.recommendation
    let details = [r.direction.rawValue] + (r.level.map { ["\($0.scheme).\($0.value)"] } ?? [])
    switch outcome.status {
    case .notGiven: return "not given"
    case .given: return "given (\(details.joined(separator: ", ")))"
    case .undetermined: return "undetermined (\(details.joined(separator: ", ")))"
    }
}
