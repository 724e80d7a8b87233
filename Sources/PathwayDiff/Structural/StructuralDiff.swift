import PathwaySyntax

/// The structural diff of two versions of a set of guideline documents: what a reviewer of a
/// guideline change needs to see, declaration by declaration, without the noise of formatting,
/// key order, comments or the order declarations are written in.
///
/// The diff is pure and deterministic: the same documents always give the same changes, in the
/// same order (by document, entity, container, id).
public enum StructuralDiff {
    /// Compares two versions; documents are matched by document id (guideline or vocabulary id), everything else by stable ids.
    ///
    /// A declaration that disappears under one id and appears under another with the same content is
    /// reported once, as a rename, and references to it (from trees, tables, tests, conditions and
    /// citations) are read under the new name, so the rename is not also reported where it is used.
    public static func compare(old: [GuidelineDocument], new: [GuidelineDocument]) -> [StructuralChange] {
        let oldDocuments = byID(old), newDocuments = byID(new)
        var changes: [StructuralChange] = []
        for (id, document) in oldDocuments where newDocuments[id] == nil {
            let snapshot = DeclarationSnapshots.document(document, translate: .identity)
            changes.append(StructuralChange(kind: .removed, entity: .document, document: id, id: id,
                                            fields: FieldComparison.content(snapshot.fields, added: false), oldSpan: snapshot.span))
        }
        for (id, document) in newDocuments where oldDocuments[id] == nil {
            let snapshot = DeclarationSnapshots.document(document, translate: .identity)
            changes.append(StructuralChange(kind: .added, entity: .document, document: id, id: id,
                                            fields: FieldComparison.content(snapshot.fields, added: true), newSpan: snapshot.span))
        }
        let pairs = oldDocuments.keys.sorted().compactMap { id in
            newDocuments[id].map { (id: id, old: oldDocuments[id] ?? $0, new: $0) }
        }
        let renames = findRenames(pairs)
        let factNames = declaredFactNames(old + new)
        for pair in pairs {
            let translate = renames.translator(for: pair.id)
            let oldDocument = DeclarationSnapshots.document(pair.old, translate: translate)
            let newDocument = DeclarationSnapshots.document(pair.new, translate: .identity)
            changes += ChangeBuilder.changes(old: [oldDocument], new: [newDocument], document: pair.id, factNames: factNames)
            for namespace in Namespace.allCases {
                changes += ChangeBuilder.changes(old: namespace.snapshots(of: pair.old, translate: translate),
                                                 new: namespace.snapshots(of: pair.new, translate: .identity),
                                                 document: pair.id, factNames: factNames)
            }
        }
        return changes.sorted(by: StructuralChange.precedes)
    }

    /// Looks for renames kind by kind, reading each kind's old content through the renames found
    /// for the kinds it refers to, so a rename of a fact does not hide a rename of the node using it.
    private static func findRenames(_ pairs: [(id: String, old: GuidelineDocument, new: GuidelineDocument)]) -> RenameMap {
        var renames = RenameMap()
        for namespace in Namespace.allCases {
            guard let space = namespace.renameSpace else { continue }
            for pair in pairs {
                let matched = SnapshotMatching.match(old: namespace.snapshots(of: pair.old, translate: renames.translator(for: pair.id)),
                                                     new: namespace.snapshots(of: pair.new, translate: .identity))
                for rename in SnapshotMatching.renames(removed: matched.removed, added: matched.added) {
                    renames.record(space, document: pair.id, oldKey: rename.oldIdentity, newID: rename.newID)
                }
            }
        }
        return renames
    }

    /// Documents by id; of two documents with the same id, the one with the first path is kept.
    private static func byID(_ documents: [GuidelineDocument]) -> [String: GuidelineDocument] {
        var result: [String: GuidelineDocument] = [:]
        for d in documents.sorted(by: { $0.path < $1.path }) where result[d.id.value] == nil {
            result[d.id.value] = d
        }
        return result
    }

    /// Every fact and derived fact name of both versions: identifiers in conditions that are not
    /// among them are enumeration values, i.e. literals.
    private static func declaredFactNames(_ documents: [GuidelineDocument]) -> Set<String> {
        Set(documents.flatMap { $0.facts.map(\.name.value) + $0.derived.map(\.name.value) })
    }
}
