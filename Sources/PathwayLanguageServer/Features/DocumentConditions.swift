import PathwaySyntax

/// A condition of a document with what it is written in: a table cell's test is read with its
/// column as the subject (`< 5` under `ki67_percent`).
struct WrittenCondition {
    var condition: Condition
    /// The input column of a table cell, whose fact the cell tests.
    var subject: Located<String>?
}

extension GuidelineDocument {
    /// Every condition and expression written in the document, in the order of the document's
    /// parts: derived facts, recommendation texts (`{ki67_percent}`), trees, then tables (their
    /// `when:`, defaults, cells and row outputs).
    var writtenConditions: [WrittenCondition] {
        var found: [WrittenCondition] = []
        func add(_ c: Condition?, subject: Located<String>? = nil) {
            if let c { found.append(WrittenCondition(condition: c, subject: subject)) }
        }
        for f in derived {
            switch f.definition {
            case .boolean(let c): add(c)
            case .cases(_, let cases, _): cases.forEach { add($0.when) }
            case .numeric(let n):
                switch n.computation {
                case .value(let c): add(c)
                case .cases(let cases, let otherwise):
                    for c in cases { add(c.when); add(c.value) }
                    add(otherwise)
                case .points(let points): points.forEach { add($0.when) }
                }
            }
        }
        for r in recommendations {
            for template in [r.template] + r.notes.map(\.template) {
                for case .value(let c) in template?.pieces ?? [] { add(c) }
            }
        }
        func tree(_ node: TreeNode) {
            add(node.when)
            node.branches.forEach(tree)
        }
        trees.forEach(tree)
        for t in tables {
            add(t.when)
            for column in t.outputs { add(column.defaultExpression) }
            for row in t.rows {
                for cell in row.cells { add(cell.condition, subject: cell.column) }
                for output in row.outputs { add(output.expression) }
            }
        }
        return found
    }
}
