import PathwayDiagnostics
import PathwaySyntax
import PathwayYAML

/// The result of compiling guideline documents: the compiled graph (when there were no errors),
/// every diagnostic, and the sources for rendering them.
public struct Compilation: Sendable {
    /// The compiled guidelines; `nil` when any error was found.
    public let guidelines: CompiledGuidelines?
    /// Every problem found, sorted by place.
    public let diagnostics: [Diagnostic]
    /// The text of every file read.
    public let sources: SourceFileStore
    /// The decoded documents, for tools that work on the syntax (diff, formatting).
    public let documents: [GuidelineDocument]
}

/// Loads, resolves, type checks and compiles guideline documents.
///
/// ```swift
/// let compilation = GuidelineCompiler.compile(paths: ["guidelines/"])
/// guard let guidelines = compilation.guidelines else {
///     print(TextDiagnosticRenderer(sources: compilation.sources).render(compilation.diagnostics))
///     return
/// }
/// ```
public enum GuidelineCompiler {
    /// Compiles the guideline documents at the given files or folders, with their imports; imports
    /// must stay in each guideline's folder tree unless `allowImportsOutside`.
    ///
    /// A file whose path is in `overlay` is compiled from the text given there instead of from disk
    /// (an editor's unsaved buffer), so that an editor and `pathway check` see the same diagnostics.
    ///
    /// With a `cache`, files whose bytes did not change since an earlier compile with the same cache
    /// are not parsed again (the diagnostics are the same either way).
    public static func compile(paths: [String], overlay: [String: String] = [:], cache: DocumentCache? = nil, limits: YAMLLimits = .standard,
                               allowImportsOutside: Bool = false) -> Compilation {
        var loader = DocumentLoader(limits: limits, allowImportsOutside: allowImportsOutside)
        loader.overlay = overlay
        loader.cache = cache
        loader.load(paths: paths)
        return compile(loader)
    }

    /// Compiles documents given as text; imports resolve among the given paths, and with
    /// `readingImportsFromDisk` from files for paths not given.
    ///
    /// Imports stay in the innermost of `importRoots` that holds a text (the folders it was listed
    /// from), or in the text's own folder, unless `allowImportsOutside`.
    public static func compile(texts: [(path: String, text: String)], readingImportsFromDisk: Bool = false,
                               limits: YAMLLimits = .standard, allowImportsOutside: Bool = false, importRoots: [String] = []) -> Compilation {
        var loader = DocumentLoader(limits: limits, allowImportsOutside: allowImportsOutside)
        loader.load(texts: texts, readingImportsFromDisk: readingImportsFromDisk, importRoots: importRoots)
        return compile(loader)
    }

    static func compile(_ loader: DocumentLoader) -> Compilation {
        let context = CompilerContext(documents: loader.documents)
        context.diagnostics = loader.diagnostics
        context.resolveFacts()
        context.registerDerivedFacts()
        context.compileAllDerivedFacts()

        var guidelines: [CompiledGuideline] = []
        var recommendations: [CompiledRecommendation] = []
        var tables: [CompiledTable] = []
        var branches: [CompiledBranch] = []
        for (documentIndex, document) in loader.documents.enumerated() where document.kind == .guideline {
            let guidelineIndex = guidelines.count
            let citations = context.citations(visibleFrom: documentIndex)
            let schemes = context.schemes(visibleFrom: documentIndex)
            let source = document.source.flatMap { context.resolve(CitationReference(citation: $0.value, section: nil, span: $0.span), in: citations, own: context.ownCitations(of: documentIndex)) }
            guidelines.append(CompiledGuideline(id: document.id.value, title: document.title?.value, version: document.version?.value,
                                                published: document.published?.value, status: document.status?.value, path: document.path,
                                                source: source, tests: document.tests))
            let scope = context.compileScope(ofDocument: documentIndex)
            guidelines[guidelineIndex].scope = scope
            var levels: [String: ResolvedLevel] = [:]
            for r in document.recommendations {
                if let level = r.level, let resolved = context.resolveLevel(level, in: schemes) { levels[r.id.value] = resolved }
            }
            var rules = RuleCompiler(context: context, document: documentIndex, guideline: guidelineIndex, rankOf: levels.mapValues(\.rank),
                                     scope: scope?.step)
            for tree in document.trees { rules.compile(tree: tree) }
            for (index, table) in document.tables.enumerated() { rules.compile(table: table, index: index) }
            tables += rules.tables
            branches += rules.branches

            let declared = document.recommendations.map(\.id.value)
            var references = rules.references
            for test in document.tests {
                references += test.given + test.notGiven + test.undetermined
                for expectation in test.derived { context.check(expectation) }
            }
            for reference in references where !declared.contains(reference.value) {
                context.report(Diagnostic(.unknownRecommendation, "unknown recommendation `\(reference.value)`", at: reference.span,
                                          suggestions: Suggest.closest(to: reference.value, in: declared).map { [.replace(with: $0)] } ?? []))
            }
            // A recommendation that a tree or table names but that got no path was left out by an
            // error in that tree or table (reported there): no follow-on "not reached" warning. Nor
            // while the file has errors at all: a table dropped by its decoder names nothing.
            let fileHasErrors = context.diagnostics.contains { $0.severity == .error && $0.span?.file == document.path }
            var named = Set<String>()
            var pending = document.trees
            while let node = pending.popLast() {
                named.formUnion(node.recommend.map(\.value))
                pending += node.branches
            }
            for table in document.tables { for row in table.rows { named.formUnion(row.recommend.map(\.value)) } }
            for r in document.recommendations {
                recommendations.append(resolve(r, guideline: guidelineIndex, document: documentIndex, level: levels[r.id.value], citations: citations,
                                               paths: rules.paths[r.id.value] ?? [], section: r.section ?? rules.sections[r.id.value],
                                               named: fileHasErrors || named.contains(r.id.value), context: context))
            }
        }
        let diagnostics = context.diagnostics.sorted()
        var compiled = diagnostics.containsErrors ? nil : CompiledGuidelines(
            facts: context.facts,
            derived: context.derivedOrder.compactMap { if case .done(let s)? = context.derivedStates[$0] { s } else { nil } },
            atoms: context.builder.atoms, nodes: context.builder.nodes, guidelines: guidelines,
            recommendations: recommendations, tables: tables, slotByName: context.slotByName,
            atomOrigins: context.builder.origins, atomTexts: context.builder.texts)
        compiled?.branches = branches
        return Compilation(guidelines: compiled, diagnostics: diagnostics, sources: loader.sources, documents: loader.documents)
    }

    private static func resolve(_ r: RecommendationDeclaration, guideline: Int, document: Int, level: ResolvedLevel?, citations: [String: CitationDeclaration],
                                paths: [DecisionPath], section: String?, named: Bool, context: CompilerContext) -> CompiledRecommendation {
        var paths = paths
        let compiler = ExpressionCompiler(context: context, document: document)
        let template = r.template.flatMap { compiler.template($0) }
        let notes = r.notes.map { n in
            var note = CompiledNote(kind: n.kind, text: n.text)
            note.template = n.template.flatMap { compiler.template($0) }
            return note
        }
        // A text that shows values is given only once they are determined: with a value still
        // depending on unknown facts, the recommendation is undetermined (and says what it needs).
        let shown = (template?.values ?? []) + notes.flatMap { $0.template?.values ?? [] }
        if !shown.isEmpty {
            let steps = shown.map { PathStep(node: $0.determined, text: "{\($0.source)} is known", span: $0.span, derived: $0.derived) }
            paths = paths.map { p in
                let all = p.steps + steps
                return DecisionPath(origin: p.origin, steps: all, node: context.builder.and(all.map(\.node)), outputs: p.outputs)
            }
        }
        if paths.isEmpty && !named {
            context.report(Diagnostic(.unreachableRecommendation, "recommendation `\(r.id.value)` is not reached by any decision tree or table", at: r.id.span,
                                      notes: [.init("list it under `recommend:` in a tree node or a table row")]))
        }
        let own = context.ownCitations(of: document)
        let resolvedCitations = r.citations.compactMap { context.resolve($0, in: citations, own: own) }
        let condition = context.builder.or(paths.map(\.node))
        var compiled = CompiledRecommendation(id: r.id.value, guideline: guideline, text: r.text?.value ?? "", direction: r.direction?.value ?? .for,
                                              action: r.action?.value,
                                              level: level, citations: resolvedCitations, quote: r.quote?.value ?? "", section: section,
                                              notes: notes, span: r.id.span, paths: paths, condition: condition)
        compiled.template = template
        return compiled
    }
}
