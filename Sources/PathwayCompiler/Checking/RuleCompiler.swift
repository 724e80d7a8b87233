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
    /// Every tree node compiled, root first.
    private(set) var branches: [CompiledBranch] = []

    /// The guideline's scope, the first step of every path, if it declares one.
    let scope: PathStep?

    init(context: CompilerContext, document: Int, guideline: Int, rankOf: [String: Int], scope: PathStep? = nil) {
        self.scope = scope
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
        visit(root, steps: scope.map { [$0] } ?? [], origin: "tree \(root.id.value)", root: root.id.value, section: root.section, firstOrder: nil)
    }

    /// Compiles a tree node and its branches; returns the node of its own `when` (true without one),
    /// so that `select: first` excludes it from later siblings without compiling it twice.
    @discardableResult
    private mutating func visit(_ tree: TreeNode, steps: [PathStep], origin: String, root: String, section: String?, firstOrder: Int?) -> Int {
        var steps = steps
        var own = context.builder.constant(true)
        if let when = tree.when {
            let n = node(when) ?? context.builder.constant(false)
            own = n
            steps.append(PathStep(node: n, text: when.text, span: when.span, derived: derivedNames(when.expression)))
        }
        branches.append(CompiledBranch(guideline: guideline, tree: root, id: tree.id.value, origin: origin, span: tree.id.span, steps: steps,
                                       reached: conjunction(steps), recommendations: tree.recommend.map(\.value), isOtherwise: tree.isOtherwise,
                                       firstOrder: firstOrder))
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
            let childNode = visit(child, steps: childSteps, origin: origin + " › " + child.id.value, root: root, section: section,
                                  firstOrder: tree.select == .first ? earlier.count + 1 : nil)
            if tree.select == .first {
                earlier.append((child.when == nil && !child.isOtherwise ? context.builder.constant(false) : childNode,
                                child.when?.text ?? "otherwise", child.when?.span ?? child.id.span))
            }
        }
        return own
    }

    // MARK: Tables

    /// The decision paths of a table (the `index`-th of its document): one per row, with the steps
    /// that exclude earlier rows under `first` and higher-priority rows under `priority`.
    mutating func compile(table: DecisionTable, index: Int) {
        let rankOf = self.rankOf
        let key = CompilerContext.TableKey(document: document, table: index)
        guard let rows = context.compiledRows(key, rank: { row in row.recommend.compactMap { rankOf[$0.value] }.min() ?? Int.max }) else { return }
        let exclusion: String?
        switch table.hitPolicy.value {
        case .first: exclusion = "no earlier row matches"
        case .priority: exclusion = "no row of higher priority matches"
        case .unique, .any, .collect, .ruleOrder, .outputOrder: exclusion = nil
        }
        for (k, index) in rows.order.enumerated() {
            let match = rows.matches[index]
            var steps = (scope.map { [$0] } ?? []) + rows.tableSteps + match.steps
            if let exclusion, k > 0 {
                let earlier = rows.order[..<k].map { rows.matches[$0] }
                let none = context.builder.and(earlier.map { context.builder.not($0.node) })
                steps.append(PathStep(node: none, text: "\(exclusion) (" + earlier.map(\.row.id.value).joined(separator: ", ") + ")",
                                      span: match.row.id.span, isExclusion: true))
            }
            let path = DecisionPath(origin: "table \(table.id.value) › row \(match.row.id.value)", steps: steps, node: conjunction(steps),
                                    outputs: match.row.outputs.map { ($0.column.value, $0.value) })
            add(match.row.recommend, path: path, section: table.section)
        }
        var compiled = CompiledTable(id: table.id.value, guideline: guideline, hitPolicy: table.hitPolicy.value, aggregation: table.aggregation?.value,
                                    span: table.id.span, applies: scope.map { context.builder.and([$0.node, rows.applies]) } ?? rows.applies,
                                    rows: rows.matches.map { .init(id: $0.row.id.value, match: $0.node, recommendations: $0.row.recommend.map(\.value),
                                                                   span: $0.row.id.span, note: $0.row.note) },
                                    note: table.note, conflicts: rows.conflicts)
        compiled.order = rows.order
        for k in compiled.rows.indices { compiled.rows[k].outputs = rows.matches[k].row.outputs }
        tables.append(compiled)
    }
}
