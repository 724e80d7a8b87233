import PathwayCompiler
import PathwayDiagnostics
import PathwayEvaluator

/// Static checks of compiled guidelines over the region partition of their patients: table gaps and
/// overlaps, shadowed rows and branches, contradictions and unsatisfiable conditions.
///
/// Every finding is a ``Diagnostic`` (codes PW0801–PW0806) with the source locations involved, the
/// patients concerned as a readable condition and one witness patient. Findings the author marked
/// as intentional (a row's or table's `note`, a recommendation note of kind `conflict`) are kept,
/// as notes carrying the author's reason, instead of warnings.
///
/// ```swift
/// let findings = GuidelineAnalyzer(guidelines: compiled).analyze()
/// print(TextDiagnosticRenderer(sources: compilation.sources).render(findings))
/// ```
public struct GuidelineAnalyzer: Sendable {
    /// The guidelines analysed.
    public let guidelines: CompiledGuidelines
    let space: PatientSpace
    let partitioner: Partitioner
    /// Evaluates witnesses, to name the branch or row that takes them first.
    let evaluator: Evaluator
    /// The patients the guidelines accept.
    let domain: Region
    /// How many regions a finding lists before saying how many more there are.
    let regionsShown = 3

    /// Creates an analyzer; `regionBudget` bounds the regions one check may visit.
    public init(guidelines: CompiledGuidelines, regionBudget: Int = 200_000) {
        self.guidelines = guidelines
        space = PatientSpace([guidelines])
        partitioner = Partitioner(space: space, regionBudget: regionBudget)
        evaluator = Evaluator(guidelines: guidelines)
        domain = space.accepted(by: 0)
    }

    /// Every finding, sorted by place.
    public func analyze() -> [Diagnostic] {
        var findings: [Diagnostic] = []
        for table in guidelines.tables { findings += TableAnalysis(analyzer: self, table: table).findings() }
        findings += treeFindings()
        findings += recommendationFindings()
        findings += contradictionFindings()
        return findings.sorted()
    }

    // MARK: Shared wording

    /// Notes describing the patients of some regions: each as a condition with a witness.
    func regionNotes(_ regions: [Region], _ lead: String) -> [Diagnostic.Note] {
        let merged = RegionMerge.merge(regions)
        var notes: [Diagnostic.Note] = []
        for region in merged.prefix(regionsShown) {
            let witness = space.witness(in: region, within: domain)
            notes.append(.init("\(lead): \(space.describe(region, within: domain))"))
            notes.append(.init("for example \(space.json(witness).serialized())\(witness.isApproximate ? " (approximate)" : "")"))
        }
        if merged.count > regionsShown { notes.append(.init("and \(merged.count - regionsShown) more region\(merged.count - regionsShown == 1 ? "" : "s")")) }
        return notes
    }

    /// The finding as a note carrying the author's reason, when the author marked it intentional.
    func honouring(_ reason: String?, _ finding: Diagnostic) -> Diagnostic {
        guard let reason else { return finding }
        var d = finding
        d.severity = .note
        d.notes.insert(.init("marked intentional: \(reason)"), at: 0)
        return d
    }

    func incomplete(_ what: String, at span: SourceSpan?) -> Diagnostic {
        Diagnostic(.analysisIncomplete, "analysis of \(what) stopped at its budget (\(partitioner.budgetDescription))", at: span,
                   notes: [.init("findings there may be missing; split the conditions or the table into smaller parts")])
    }

    // MARK: Trees

    private func treeFindings() -> [Diagnostic] {
        var findings: [Diagnostic] = []
        var seen = Set<String>()
        for r in guidelines.recommendations {
            for path in r.paths where path.origin.hasPrefix("tree ") && seen.insert(path.origin).inserted {
                let whole = search(path)
                if whole == .gaveUp { findings.append(incomplete("path \(path.origin)", at: path.steps.last?.span ?? r.span)) }
                guard whole == .none else { continue }
                let own = path.steps.filter { !$0.isExclusion }
                let span = own.last?.span ?? r.span
                let branch = path.origin.split(separator: "›").last.map { $0.trimmingCharacters(in: .whitespaces) } ?? path.origin
                let search = partitioner.search(within: domain, where: own.map { VersionedNode(version: 0, node: $0.node) }, are: own.map { _ in .true })
                if search == .gaveUp {
                    findings.append(incomplete("branch `\(branch)` (\(path.origin))", at: span))
                } else if let region = search.region {
                    let taking = earlierBranches(of: path, in: region)
                    findings.append(Diagnostic(.shadowed, "branch `\(branch)` (\(path.origin)) is never taken: earlier branches take every patient it matches",
                                               at: span, label: "never taken",
                                               notes: taking.map { .init("taken first by `\($0.text.dropFirst(5).dropLast())`", at: $0.span) }
                                                   + regionNotes([region], "patients it matches")))
                } else {
                    findings.append(Diagnostic(.unsatisfiable, "branch `\(branch)` (\(path.origin)) is never taken: its conditions cannot all hold",
                                               at: span, label: "no patient satisfies every condition on this path",
                                               notes: own.map { .init("condition `\($0.text)`", at: $0.span) }))
                }
            }
        }
        return findings
    }

    /// Whether some patient may satisfy every step of a path (when the search gives up, it may).
    /// Steps are searched as separate conditions, so a region is dropped as soon as one step is false
    /// or unknown throughout it.
    func canHold(_ path: DecisionPath) -> Bool { search(path) != .none }

    /// A search for a patient who satisfies every step of a path.
    func search(_ path: DecisionPath) -> Partitioner.Search {
        let steps = path.steps.isEmpty ? [VersionedNode(version: 0, node: path.node)] : path.steps.map { VersionedNode(version: 0, node: $0.node) }
        return partitioner.search(within: domain, where: steps, are: steps.map { _ in .true })
    }

    /// The exclusion steps of a path that fail for a region's witness: the earlier branches that take it.
    private func earlierBranches(of path: DecisionPath, in region: Region) -> [PathStep] {
        guard let patient = space.patient(space.witness(in: region, within: domain), version: 0) else { return [] }
        var truths: [Truth] = []
        evaluator.truths(for: patient, into: &truths)
        return path.steps.filter { $0.isExclusion && truths[$0.node] == .false }
    }

    // MARK: Recommendations

    private func recommendationFindings() -> [Diagnostic] {
        guidelines.recommendations.compactMap { r in
            guard !r.paths.isEmpty, !r.paths.contains(where: canHold) else { return nil }
            return Diagnostic(.unsatisfiable, "recommendation `\(r.id)` is never given: no patient satisfies any of its paths", at: r.span,
                              notes: r.paths.map { .init("path \($0.origin) cannot hold", at: $0.steps.last?.span) })
        }
    }

    // MARK: Contradictions

    private func contradictionFindings() -> [Diagnostic] {
        var findings: [Diagnostic] = []
        let recommendations = guidelines.recommendations
        for (i, a) in recommendations.enumerated() {
            guard let action = a.action else { continue }
            for b in recommendations[(i + 1)...] where b.action == action && b.guideline == a.guideline && b.direction != a.direction {
                var regions: [Region] = []
                let conditions = [VersionedNode.outcome(version: 0, node: a.condition), .outcome(version: 0, node: b.condition)]
                let complete = partitioner.partition(domain, by: conditions, keep: { truths in
                    truths.allSatisfy { $0 == nil || $0 == .true }
                }, leaf: { region, truths in
                    if truths == [.true, .true] { regions.append(region) }
                    return true
                })
                if !complete { findings.append(incomplete("`\(a.id)` against `\(b.id)`", at: b.span)) }
                guard !regions.isEmpty else { continue }
                let reason = (a.notes + b.notes).first { $0.kind == "conflict" }?.text
                findings.append(honouring(reason, Diagnostic(
                    .contradiction, "`\(a.id)` (\(a.direction.rawValue)) and `\(b.id)` (\(b.direction.rawValue)) both apply to some patients, for action `\(action)`",
                    at: b.span, label: "\(b.direction.rawValue) `\(action)`",
                    notes: [.init("`\(a.id)` recommends \(a.direction.rawValue) `\(action)`", at: a.span)] + regionNotes(regions, "patients given both"))))
            }
        }
        return findings
    }
}
