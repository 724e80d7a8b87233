import PathwayCompiler
import PathwayDiagnostics
import PathwayEvaluator
import PathwayFHIR

/// What the service answers from: compiled guidelines and the bindings, loaded together and
/// replaced together on reload (a request keeps the snapshot it started with).
public struct ServiceSnapshot: Sendable {
    public let guidelines: CompiledGuidelines
    public let bindings: FHIRBindings
    /// Built once per snapshot: building an evaluator costs far more than evaluating a patient.
    public let evaluator: Evaluator
    /// Where the guidelines were compiled from (for excerpts in diagnostics).
    public let sources: SourceFileStore
    /// Per guideline (by index), the indices of its recommendations in order: a CDS service
    /// evaluates its own guideline's recommendations only.
    public let recommendationsByGuideline: [[Int]]
    /// The bindings' prefetch templates (``FHIRBindings/prefetchTemplates``), computed once.
    public let prefetchTemplates: [(key: String, query: String)]

    init(guidelines: CompiledGuidelines, bindings: FHIRBindings, evaluator: Evaluator, sources: SourceFileStore) {
        self.guidelines = guidelines
        self.bindings = bindings
        self.evaluator = evaluator
        self.sources = sources
        var byGuideline = [[Int]](repeating: [], count: guidelines.guidelines.count)
        for (index, r) in guidelines.recommendations.enumerated() { byGuideline[r.guideline].append(index) }
        self.recommendationsByGuideline = byGuideline
        self.prefetchTemplates = bindings.prefetchTemplates
    }

    /// Compiles `paths` and loads `bindingsPath`; the diagnostics say why not.
    public static func load(paths: [String], bindingsPath: String, allowImportsOutside: Bool) -> Result<ServiceSnapshot, SnapshotFailure> {
        let compilation = GuidelineCompiler.compile(paths: paths, allowImportsOutside: allowImportsOutside)
        guard let guidelines = compilation.guidelines, !guidelines.guidelines.isEmpty else {
            return .failure(SnapshotFailure(diagnostics: compilation.diagnostics, sources: compilation.sources, what: "guidelines"))
        }
        let loaded = FHIRBindingsLoader.load(path: bindingsPath, guidelines: guidelines)
        var sources = compilation.sources
        if let source = loaded.source { sources.add(source) }
        guard let bindings = loaded.bindings else {
            return .failure(SnapshotFailure(diagnostics: loaded.diagnostics, sources: sources, what: "bindings"))
        }
        return .success(ServiceSnapshot(guidelines: guidelines, bindings: bindings, evaluator: Evaluator(guidelines: guidelines), sources: sources))
    }
}

/// Why a snapshot could not be loaded.
public struct SnapshotFailure: Error, Sendable {
    public let diagnostics: [Diagnostic]
    public let sources: SourceFileStore
    /// `guidelines` or `bindings`.
    public let what: String
}
