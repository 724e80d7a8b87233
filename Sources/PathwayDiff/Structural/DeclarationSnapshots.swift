import PathwaySyntax

/// Snapshots of the keyed declarations: facts, derived facts, citations, schemes, recommendations and tests.
enum DeclarationSnapshots {
    /// Facts: type, unit, enumeration values (unordered), range and description.
    static func facts(_ document: GuidelineDocument, translate: Translator) -> [Snapshot] {
        document.facts.map { f in
            let (lo, hi) = (CanonicalText.number(f.minimum), CanonicalText.number(f.maximum))
            let values = CanonicalText.enumValues(f.type)
            let fields: [FieldValue] = [
                .plain("type", CanonicalText.typeName(f.type)),
                .plain("unit", CanonicalText.unit(f.type)),
                .members("values", noun: "value", values),
                FieldValue(name: "range", text: CanonicalText.range(min: lo, max: hi), shape: .range(min: lo, max: hi)),
                .plain("description", f.description),
            ]
            let id = translate(.fact, f.name.value)
            return Snapshot(entity: .fact, identity: id, id: id, writtenID: f.name.value, container: nil, fields: fields, span: f.span)
        }
    }

    /// Derived facts: the condition of a boolean one, or the values, cases (in order: the first
    /// that holds wins) and fallback of an enumerated one.
    static func derivedFacts(_ document: GuidelineDocument, translate: Translator) -> [Snapshot] {
        document.derived.map { d in
            var fields: [FieldValue] = [.plain("description", d.description)]
            switch d.definition {
            case .boolean(let condition):
                fields.append(.condition("when", condition, translate: translate))
            case .cases(let values, let cases, let otherwise):
                fields.append(.members("values", noun: "value", values.map(\.value)))
                for (i, c) in cases.enumerated() {
                    fields.append(.condition("cases.\(i + 1).when", c.when, translate: translate))
                    fields.append(.plain("cases.\(i + 1).value", c.value.value))
                }
                fields.append(.plain("otherwise", otherwise?.value))
            case .numeric(let n):
                fields.append(.plain("type", n.type.value))
                fields.append(.plain("unit", n.unit?.value))
                fields.append(.plain("round", n.round.map { String($0.value) }))
                switch n.computation {
                case .value(let value):
                    fields.append(.condition("value", value, translate: translate))
                case .cases(let cases, let otherwise):
                    for (i, c) in cases.enumerated() {
                        fields.append(.condition("cases.\(i + 1).when", c.when, translate: translate))
                        fields.append(.condition("cases.\(i + 1).value", c.value, translate: translate))
                    }
                    if let otherwise { fields.append(.condition("otherwise", otherwise, translate: translate)) }
                case .points(let points):
                    for (i, p) in points.enumerated() {
                        fields.append(.condition("points.\(i + 1).when", p.when, translate: translate))
                        fields.append(.plain("points.\(i + 1).points", (p.points?.value ?? .one).description))
                    }
                }
            }
            let id = translate(.fact, d.name.value)
            return Snapshot(entity: .derivedFact, identity: id, id: id, writtenID: d.name.value, container: nil, fields: fields, span: d.span)
        }
    }

    /// Citations: bibliographic fields and section anchors.
    static func citations(_ document: GuidelineDocument, translate: Translator) -> [Snapshot] {
        document.citations.map { c in
            let fields: [FieldValue] = [
                .sequence("authors", noun: "author", c.authors),
                .plain("title", c.title),
                .plain("venue", c.venue),
                .plain("year", c.year.map(String.init)),
                .plain("doi", c.doi),
                .plain("pmid", c.pmid),
                .plain("url", c.url),
                .members("sections", noun: "section", c.sections.map { "\($0.id.value): \($0.title)" }),
            ]
            let id = translate(.citation, c.id.value)
            return Snapshot(entity: .citation, identity: id, id: id, writtenID: c.id.value, container: nil, fields: fields, span: c.span)
        }
    }

    /// Schemes: the title, the levels in order (strongest first, so order matters) and each level's definition.
    static func schemes(_ document: GuidelineDocument, translate: Translator) -> [Snapshot] {
        document.schemes.map { s in
            var fields: [FieldValue] = [.plain("title", s.title), .sequence("levels", noun: "level", s.levels.map(\.id.value))]
            fields += s.levels.map { .plain("levels.\($0.id.value)", $0.definition) }
            return Snapshot(entity: .scheme, identity: s.id.value, id: s.id.value, writtenID: s.id.value, container: nil, fields: fields, span: s.span)
        }
    }

    /// Recommendations: text, direction, action, level, citations (unordered, in new names), quote, section and notes.
    static func recommendations(_ document: GuidelineDocument, translate: Translator) -> [Snapshot] {
        document.recommendations.map { r in
            let fields: [FieldValue] = [
                .plain("text", r.text?.value),
                .plain("direction", r.direction?.value.rawValue),
                .plain("action", r.action?.value),
                .plain("level", r.level.map { "\($0.scheme.value).\($0.value.value)" }),
                .members("citations", noun: "citation", r.citations.map { CanonicalText.citation($0, translate: translate) }),
                .plain("quote", r.quote?.value),
                .plain("section", r.section),
                .plain("notes", CanonicalText.notes(r.notes)),
            ]
            let id = translate(.recommendation, r.id.value)
            return Snapshot(entity: .recommendation, identity: id, id: id, writtenID: r.id.value, container: nil, fields: fields, span: r.span)
        }
    }

    /// Tests: description, patient (keys sorted) and the expected recommendations (unordered, in new names).
    static func tests(_ document: GuidelineDocument, translate: Translator) -> [Snapshot] {
        document.tests.map { t in
            func ids(_ list: [Located<String>]) -> [String] { list.map { translate(.recommendation, $0.value) } }
            let fields: [FieldValue] = [
                .plain("description", t.description),
                CanonicalText.patient(t.patient, translate: translate),
                .members("given", noun: "recommendation", ids(t.given)),
                .members("not_given", noun: "recommendation", ids(t.notGiven)),
                .members("undetermined", noun: "recommendation", ids(t.undetermined)),
                .members("derived", noun: "expected value", t.derived.map { e in
                    guard case .scalar(let value) = e.value else { return translate(.fact, e.name.value) }
                    return "\(translate(.fact, e.name.value)) = \(value.value)"
                }),
            ]
            let id = translate(.test, t.id.value)
            return Snapshot(entity: .test, identity: id, id: id, writtenID: t.id.value, container: nil, fields: fields, span: t.span)
        }
    }

    /// The document's own fields: kind, title, version, publication date, status, source and imports.
    static func document(_ document: GuidelineDocument, translate: Translator) -> Snapshot {
        let fields: [FieldValue] = [
            .plain("kind", document.kind.rawValue),
            .plain("title", document.title?.value),
            .plain("version", document.version?.value),
            .plain("published", document.published?.value),
            .plain("status", document.status?.value),
            .plain("source", document.source.map { translate(.citation, $0.value) }),
            .members("imports", noun: "import", document.imports.map(\.value)),
        ]
        return Snapshot(entity: .document, identity: document.id.value, id: document.id.value, writtenID: document.id.value,
                        container: nil, fields: fields, span: document.id.span)
    }
}
