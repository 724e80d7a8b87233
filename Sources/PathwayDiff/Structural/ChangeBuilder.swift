/// Turns matched snapshots into changes.
enum ChangeBuilder {
    /// The changes of one namespace of one document, given its old snapshots (in new names) and new ones.
    static func changes(old: [Snapshot], new: [Snapshot], document: String, factNames: Set<String>) -> [StructuralChange] {
        let matched = SnapshotMatching.match(old: old, new: new)
        let positions = PositionComparison.changes(matched.pairs)
        var result: [StructuralChange] = []
        for o in matched.removed {
            result.append(StructuralChange(kind: .removed, entity: o.entity, document: document, id: o.writtenID, container: o.container,
                                           fields: FieldComparison.content(o.fields, added: false), oldSpan: o.span))
        }
        for n in matched.added {
            result.append(StructuralChange(kind: .added, entity: n.entity, document: document, id: n.id, container: n.container,
                                           fields: FieldComparison.content(n.fields, added: true), newSpan: n.span))
        }
        for pair in matched.pairs {
            var fields = FieldComparison.changes(old: pair.old.fields, new: pair.new.fields, factNames: factNames)
            if let position = positions[pair.new.identity] { fields.append(position) }
            let renamed = pair.old.writtenID != pair.new.id
            guard renamed || !fields.isEmpty else { continue }
            let kind: StructuralChange.Kind
            if renamed {
                kind = .renamed
            } else if fields.allSatisfy({ FieldValue.placementFields.contains($0.field) }) {
                kind = .moved
            } else {
                kind = .changed
            }
            result.append(StructuralChange(kind: kind, entity: pair.new.entity, document: document, id: pair.new.id,
                                           oldID: renamed ? pair.old.writtenID : nil, container: pair.new.container,
                                           fields: fields, oldSpan: pair.old.span, newSpan: pair.new.span))
        }
        return result
    }
}
