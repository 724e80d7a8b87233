import PathwayDiagnostics
import PathwaySyntax

/// Compiles one guideline's decision trees and tables into decision paths per recommendation.
struct RuleCompiler {
    let context: CompilerContext
    let document: Int
    let guideline: Int
    /// Recommendation levels' ranks, for the `priority` hit policy.
    let rankOf: [String: Int]

    /// Paths per recommendation id, in the order found.
    private(set) var paths: [String: [DecisionPath]] = [:]
    /// The section of the tree or table that first reaches each recommendation.
    private(set) var sections: [String: String] = [:]
    /// Every recommendation reference, for checking that it exists.
    private(set) var references: [Located<String>] = []
    private(set) var tables: [CompiledTable] = []

    init(context: CompilerContext, document: Int, guideline: Int, rankOf: [String: Int]) {
        self.context = context
        self.document = document
        self.guideline = guideline
        self.rankOf = rankOf
    }

    private var expressions: ExpressionCompiler { ExpressionCompiler(context: context, document: document) }

    /// The node of a condition; an ill-typed condition (already reported) becomes `false`, so the
    /// recommendations below it still count as reached and no follow-on warning is raised.
    private func node(_ condition: Condition?) -> Int? {
        guard let condition else { return context.builder.constant(true) }
        guard let expression = condition.expression, let node = expressions.condition(expression) else {
            return context.builder.constant(false)
        }
        return node
    }

    private mutating func add(_ recommendations: [Located<String>], path: DecisionPath, section: String?) {
        for r in recommendations {
            references.append(r)
            paths[r.value, default: []].append(path)
            if let section, sections[r.value] == nil { sections[r.value] = section }
        }
    }

    /// The derived facts an expression names, for traces.
    private func derivedNames(_ e: Expression?) -> [String] {
        (e?.referencedNames ?? []).filter { context.derivedStates[$0] != nil && context.canSee($0, from: document) }
    }

    private func conjunction(_ steps: [PathStep]) -> Int {
        context.builder.and(steps.map(\.node))
    }

    // MARK: Trees

    mutating func compile(tree root: TreeNode) {
        visit(root, steps: [], origin: "tree \(root.id.value)", section: root.section, underFirst: false)
    }

    private mutating func visit(_ tree: TreeNode, steps: [PathStep], origin: String, section: String?, underFirst: Bool) {
        var steps = steps
        if let when = tree.when {
            guard let n = node(when) else { return }
            steps.append(PathStep(node: n, text: when.text, span: when.span, derived: derivedNames(when.expression)))
        }
        let section = tree.section ?? section
        if !tree.recommend.isEmpty {
            add(tree.recommend, path: DecisionPath(origin: origin, steps: steps, node: conjunction(steps), outputs: []), section: section)
        }
        var earlier: [(node: Int, text: String, span: SourceSpan)] = []
        for child in tree.branches {
            if child.isOtherwise && tree.select != .first {
                context.report(Diagnostic(.misplacedOtherwise, "`when: otherwise` in `\(child.id.value)` needs `select: first` on `\(tree.id.value)`",
                                          at: child.id.span, notes: [.init("under `select: all` every branch is tried, so there is nothing for `otherwise` to exclude")],
                                          suggestions: [.init("add `select: first` to `\(tree.id.value)`", replacement: "select: first", span: tree.id.span)]))
                continue
            }
            var childSteps = steps
            if tree.select == .first {
                for e in earlier {
                    childSteps.append(PathStep(node: context.builder.not(e.node), text: "not (\(e.text))", span: e.span, isExclusion: true))
                }
            }
            visit(child, steps: childSteps, origin: origin + " › " + child.id.value, section: section, underFirst: tree.select == .first)
            if tree.select == .first {
                let childNode = child.isOtherwise ? context.builder.constant(true) : (child.when.flatMap { node($0) } ?? context.builder.constant(false))
                earlier.append((childNode, child.when?.text ?? "otherwise", child.when?.span ?? child.id.span))
            }
        }
    }

    // MARK: Tables

    mutating func compile(table: DecisionTable) {
        let expressions = self.expressions
        for input in table.inputs where context.slotByName[input.value] == nil || !context.canSee(input.value, from: document) {
            if context.derivedStates[input.value] == nil || !context.canSee(input.value, from: document) {
                expressions.reportUnknownName(input.value, at: input.span)
            }
        }
        guard let applies = node(table.when) else { return }
        var tableSteps: [PathStep] = []
        if let when = table.when { tableSteps.append(PathStep(node: applies, text: when.text, span: when.span, derived: derivedNames(when.expression))) }
        struct RowMatch { let row: DecisionTable.Row; let node: Int; let steps: [PathStep] }
        var matches: [RowMatch] = []
        for row in table.rows {
            var steps: [PathStep] = []
            var failed = false
            for cell in row.cells {
                guard let expression = cell.condition.expression, let n = expressions.condition(expression) else {
                    failed = true
                    continue
                }
                steps.append(PathStep(node: n, text: expression.description, span: cell.condition.span, derived: derivedNames(expression)))
            }
            if failed { steps = [PathStep(node: context.builder.constant(false), text: "false", span: row.span)] }
            matches.append(RowMatch(row: row, node: conjunction(steps), steps: steps))
        }
        var ordered = matches
        if table.hitPolicy.value == .priority {
            func rank(_ m: RowMatch) -> Int { m.row.recommend.compactMap { rankOf[$0.value] }.min() ?? Int.max }
            ordered = matches.enumerated().sorted { (rank($0.element), $0.offset) < (rank($1.element), $1.offset) }.map(\.element)
        }
        let exclusive = table.hitPolicy.value == .first || table.hitPolicy.value == .priority
        for (k, match) in ordered.enumerated() {
            var steps = tableSteps + match.steps
            if exclusive && k > 0 {
                let earlier = ordered[..<k]
                let none = context.builder.and(earlier.map { context.builder.not($0.node) })
                let policy = table.hitPolicy.value == .priority ? "no row of higher priority matches" : "no earlier row matches"
                steps.append(PathStep(node: none, text: "\(policy) (" + earlier.map(\.row.id.value).joined(separator: ", ") + ")",
                                      span: match.row.id.span, isExclusion: true))
            }
            let path = DecisionPath(origin: "table \(table.id.value) › row \(match.row.id.value)", steps: steps, node: conjunction(steps),
                                    outputs: match.row.outputs.map { ($0.column.value, $0.value) })
            add(match.row.recommend, path: path, section: table.section)
        }
        tables.append(CompiledTable(id: table.id.value, guideline: guideline, hitPolicy: table.hitPolicy.value, span: table.id.span, applies: applies,
                                    rows: matches.map { .init(id: $0.row.id.value, match: $0.node, recommendations: $0.row.recommend.map(\.value),
                                                              span: $0.row.id.span, note: $0.row.note) },
                                    note: table.note))
    }
}
