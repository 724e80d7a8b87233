import PathwaySyntax

/// Snapshots of decision-tree nodes. Node ids are unique across a guideline's trees, so a node is
/// matched by id wherever it sits; where it sits (parent, position) is compared as placement.
enum TreeSnapshots {
    /// Every node of every tree, roots reported as `tree` and the others as `tree_node`.
    static func nodes(_ document: GuidelineDocument, translate: Translator) -> [Snapshot] {
        var result: [Snapshot] = []
        for root in document.trees {
            visit(root, parent: nil, index: 1, root: translate(.node, root.id.value), translate: translate, into: &result)
        }
        return result
    }

    private static func visit(_ node: TreeNode, parent: TreeNode?, index: Int, root: String, translate: Translator, into result: inout [Snapshot]) {
        let id = translate(.node, node.id.value)
        let parentID = parent.map { translate(.node, $0.id.value) }
        var fields = ownFields(node, translate: translate)
        fields.append(.plain("parent", parentID))
        let placement = parent.map { p in
            Placement(group: translate(.node, p.id.value), orderMatters: p.select == .first, index: index,
                      siblings: "the branches of \(translate(.node, p.id.value)) (select: \(p.select.rawValue))")
        }
        result.append(Snapshot(entity: parent == nil ? .tree : .treeNode, identity: id, id: id, writtenID: node.id.value,
                               container: parent == nil ? nil : root, fields: fields, span: node.span,
                               extraKey: "root=\(parent == nil)\u{1F}" + subtreeKey(node.branches, select: node.select, translate: translate),
                               placement: placement, containerInKey: false))
        for (i, child) in node.branches.enumerated() {
            visit(child, parent: node, index: i + 1, root: root, translate: translate, into: &result)
        }
    }

    /// What a node says by itself: title, section, condition, selection and recommendations.
    private static func ownFields(_ node: TreeNode, translate: Translator) -> [FieldValue] {
        [
            .plain("title", node.title),
            .plain("section", node.section),
            .condition("when", node.when, otherwise: node.isOtherwise, translate: translate),
            .plain("select", node.select.rawValue),
            .members("recommend", noun: "recommendation", node.recommend.map { translate(.recommendation, $0.value) }),
        ]
    }

    /// The content of a node's branches without their ids, so that a renamed node is recognised
    /// only when everything below it is the same too. Branch order counts only under `select: first`.
    private static func subtreeKey(_ branches: [TreeNode], select: BranchSelection, translate: Translator) -> String {
        let keys = branches.map { b in
            "(" + ownFields(b, translate: translate).map(\.keyText).joined(separator: ",")
                + subtreeKey(b.branches, select: b.select, translate: translate) + ")"
        }
        return "[" + (select == .first ? keys : keys.sorted()).joined(separator: ";") + "]"
    }
}
