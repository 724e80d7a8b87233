import PathwayDiagnostics
import PathwayYAML

extension DocumentBuilder {
    mutating func decodeCitations(_ node: YAMLNode?, into diagnostics: inout [Diagnostic]) {
        let keys = ["authors", "title", "venue", "journal", "year", "doi", "pmid", "url", "sections"]
        for entry in Scalars.entries(node, what: "citations", into: &diagnostics) {
            let id = Located(entry.key.value, at: entry.key.span)
            guard Scalars.checkIdentifier(id, what: "citation id", expressionName: false, into: &diagnostics),
                  claim(id, kind: "citation", into: &diagnostics),
                  let m = MappingReader(entry.value, what: "citation `\(id.value)`", allowed: keys, owner: entry.key.span, into: &diagnostics) else { continue }
            let authors = Scalars.list(m["authors"], what: "authors", into: &diagnostics)
                .compactMap { Scalars.string($0, what: "author", into: &diagnostics)?.value }
            var sections: [(id: Located<String>, title: String)] = []
            for section in Scalars.entries(m["sections"], what: "sections", into: &diagnostics) {
                let sectionId = Located(section.key.value, at: section.key.span)
                guard Scalars.checkIdentifier(sectionId, what: "section anchor", expressionName: false, into: &diagnostics),
                      claim(Located("\(id.value)§\(sectionId.value)", at: sectionId.span), kind: "section anchor", into: &diagnostics),
                      let title = Scalars.string(section.value, what: "section title", into: &diagnostics) else { continue }
                sections.append((sectionId, title.value))
            }
            if m["title"] == nil && m["doi"] == nil && m["url"] == nil && m["pmid"] == nil {
                diagnostics.append(Diagnostic(.missingKey, "citation `\(id.value)` needs a `title`, `doi`, `pmid` or `url` so readers can find it",
                                              at: entry.key.span))
            }
            document.citations.append(CitationDeclaration(
                id: id, authors: authors,
                title: Scalars.string(m["title"], what: "title", into: &diagnostics)?.value,
                venue: Scalars.string(m["venue"] ?? m["journal"], what: "venue", into: &diagnostics)?.value,
                year: Scalars.integer(m["year"], what: "year", into: &diagnostics)?.value,
                doi: Scalars.string(m["doi"], what: "doi", into: &diagnostics)?.value,
                pmid: Scalars.string(m["pmid"], what: "pmid", into: &diagnostics)?.value,
                url: Scalars.string(m["url"], what: "url", into: &diagnostics)?.value,
                sections: sections, span: entry.value.span))
        }
    }

    mutating func decodeSchemes(_ node: YAMLNode?, into diagnostics: inout [Diagnostic]) {
        for entry in Scalars.entries(node, what: "schemes", into: &diagnostics) {
            let id = Located(entry.key.value, at: entry.key.span)
            guard Scalars.checkIdentifier(id, what: "scheme id", expressionName: true, into: &diagnostics),
                  claim(id, kind: "scheme", into: &diagnostics),
                  let m = MappingReader(entry.value, what: "scheme `\(id.value)`", allowed: ["title", "description", "levels"], owner: entry.key.span, into: &diagnostics)
            else { continue }
            var levels: [SchemeDeclaration.Level] = []
            var levelIds: [String: SourceSpan] = [:]
            for levelNode in Scalars.list(m.require("levels", into: &diagnostics), what: "levels", into: &diagnostics) {
                guard let lm = MappingReader(levelNode, what: "a level of `\(id.value)`", allowed: ["id", "definition"], into: &diagnostics),
                      let levelId = Scalars.identifier(lm.require("id", into: &diagnostics), what: "level id", expressionName: true, leadingDigit: true, into: &diagnostics)
                else { continue }
                if let first = levelIds[levelId.value] {
                    diagnostics.append(Diagnostic(.duplicateIdentifier, "duplicate level id `\(levelId.value)` in scheme `\(id.value)`",
                                                  at: levelId.span, notes: [.init("first declared here", at: first)]))
                    continue
                }
                levelIds[levelId.value] = levelId.span
                let definition = Scalars.string(lm.require("definition", into: &diagnostics), what: "level definition", into: &diagnostics)
                levels.append(.init(id: levelId, definition: definition?.value ?? ""))
            }
            document.schemes.append(SchemeDeclaration(id: id, title: Scalars.string(m["title"], what: "title", into: &diagnostics)?.value,
                                                      levels: levels, span: entry.value.span))
        }
    }

    mutating func decodeFacts(_ node: YAMLNode?, into diagnostics: inout [Diagnostic]) {
        let keys = ["type", "unit", "values", "range", "description", "molar_mass"]
        for entry in Scalars.entries(node, what: "facts", into: &diagnostics) {
            let name = Located(entry.key.value, at: entry.key.span)
            guard Scalars.checkIdentifier(name, what: "fact name", expressionName: true, into: &diagnostics),
                  claim(name, kind: "fact", into: &diagnostics),
                  let m = MappingReader(entry.value, what: "fact `\(name.value)`", allowed: keys, owner: entry.key.span, into: &diagnostics),
                  let typeName = Scalars.string(m.require("type", into: &diagnostics), what: "fact type", into: &diagnostics) else { continue }
            let unit = Scalars.string(m["unit"], what: "unit", into: &diagnostics)
            var type: FactTypeSyntax?
            switch typeName.value {
            case "boolean": type = .boolean
            case "integer": type = .integer
            case "number": type = .number(unit: unit)
            case "percentage": type = .percentage
            case "date": type = .date
            case "quantity":
                if let unit { type = .quantity(unit: unit) } else {
                    diagnostics.append(Diagnostic(.missingKey, "quantity fact `\(name.value)` needs a `unit`", at: typeName.span,
                                                  suggestions: [Diagnostic.Suggestion("declare its unit, e.g. `unit: cm`", replacement: "quantity\nunit: cm")]))
                }
            case "enum":
                var values: [Located<String>] = []
                var seenValues: [String: SourceSpan] = [:]
                for v in Scalars.list(m.require("values", into: &diagnostics), what: "enum values", into: &diagnostics) {
                    guard let value = Scalars.identifier(v, what: "enum value", expressionName: true, into: &diagnostics) else { continue }
                    if let first = seenValues[value.value] {
                        diagnostics.append(Diagnostic(.duplicateIdentifier, "duplicate value `\(value.value)` in enum `\(name.value)`",
                                                      at: value.span, notes: [.init("first listed here", at: first)]))
                        continue
                    }
                    seenValues[value.value] = value.span
                    values.append(value)
                }
                type = .enumeration(values)
            default:
                let options = ["boolean", "integer", "number", "quantity", "percentage", "enum", "date"]
                diagnostics.append(Diagnostic(.invalidValue, "`\(typeName.value)` is not a fact type", at: typeName.span,
                                              notes: [.init("expected one of " + options.map { "`\($0)`" }.joined(separator: ", "))],
                                              suggestions: Suggest.closest(to: typeName.value, in: options).map { [.replace(with: $0)] } ?? []))
            }
            if let unit, !["number", "quantity"].contains(typeName.value) {
                diagnostics.append(Diagnostic(.unknownKey, "a fact of type `\(typeName.value)` has no unit", at: unit.span))
            }
            if m["values"] != nil, typeName.value != "enum" {
                diagnostics.append(Diagnostic(.unknownKey, "only `enum` facts list `values`", at: m.keySpan("values") ?? entry.value.span))
            }
            var minimum: NumberSyntax?, maximum: NumberSyntax?
            if let rangeNode = m["range"], let r = MappingReader(rangeNode, what: "range", allowed: ["min", "max"], into: &diagnostics) {
                minimum = Scalars.number(r["min"], what: "range.min", into: &diagnostics)
                maximum = Scalars.number(r["max"], what: "range.max", into: &diagnostics)
            }
            let molarMass = Scalars.number(m["molar_mass"], what: "molar_mass", into: &diagnostics)
            guard let type else { continue }
            document.facts.append(FactDeclaration(name: name, type: type, typeSpan: typeName.span, minimum: minimum, maximum: maximum,
                                                  molarMass: molarMass,
                                                  description: Scalars.string(m["description"], what: "description", into: &diagnostics)?.value,
                                                  span: entry.value.span))
        }
    }

    mutating func decodeDerived(_ node: YAMLNode?, into diagnostics: inout [Diagnostic]) {
        for entry in Scalars.entries(node, what: "derived", into: &diagnostics) {
            let name = Located(entry.key.value, at: entry.key.span)
            guard Scalars.checkIdentifier(name, what: "derived fact name", expressionName: true, into: &diagnostics),
                  claim(name, kind: "fact", into: &diagnostics),
                  let m = MappingReader(entry.value, what: "derived fact `\(name.value)`",
                                        allowed: ["description", "when", "values", "cases", "otherwise", "type", "unit", "value", "points", "round"],
                                        owner: entry.key.span, into: &diagnostics) else { continue }
            let definition: DerivedFactDeclaration.Definition
            if let typeNode = m["type"] {
                guard let numeric = decodeNumericDerived(name, typeNode: typeNode, m, into: &diagnostics) else { continue }
                definition = .numeric(numeric)
            } else if let whenNode = m["when"] {
                if let extra = m.keySpan("cases") ?? m.keySpan("values") ?? m.keySpan("otherwise") {
                    diagnostics.append(Diagnostic(.unknownKey, "a derived fact has either `when` (boolean) or `values` and `cases` (enum), not both", at: extra))
                }
                guard let condition = Scalars.condition(whenNode, what: "condition", into: &diagnostics) else { continue }
                definition = .boolean(condition)
            } else if m["cases"] != nil || m["values"] != nil {
                let values = Scalars.list(m.require("values", into: &diagnostics), what: "values", into: &diagnostics)
                    .compactMap { Scalars.identifier($0, what: "enum value", expressionName: true, into: &diagnostics) }
                var cases: [DerivedFactDeclaration.Case] = []
                for caseNode in Scalars.list(m.require("cases", into: &diagnostics), what: "cases", into: &diagnostics) {
                    guard let c = MappingReader(caseNode, what: "a case of `\(name.value)`", allowed: ["when", "value"], into: &diagnostics),
                          let when = Scalars.condition(c.require("when", into: &diagnostics), what: "condition", into: &diagnostics),
                          let value = Scalars.identifier(c.require("value", into: &diagnostics), what: "value", expressionName: true, into: &diagnostics)
                    else { continue }
                    cases.append(.init(when: when, value: value))
                }
                let otherwise = Scalars.identifier(m["otherwise"], what: "value", expressionName: true, into: &diagnostics)
                definition = .cases(values: values, cases: cases, otherwise: otherwise)
            } else if let extra = m.keySpan("value") ?? m.keySpan("points") {
                diagnostics.append(Diagnostic(.missingKey, "numeric derived fact `\(name.value)` needs a `type` (`number`, `integer`, `quantity` or `percentage`)",
                                              at: extra, notes: [.init("for example `type: integer` for a points score")]))
                continue
            } else {
                diagnostics.append(Diagnostic(.missingKey, "derived fact `\(name.value)` needs `when` (boolean), `values` and `cases` (enum), or a `type` with `value`, `cases` or `points` (numeric)",
                                              at: entry.key.span))
                continue
            }
            if case .numeric = definition {} else if let extra = m.keySpan("unit") ?? m.keySpan("value") ?? m.keySpan("points") ?? m.keySpan("round") {
                diagnostics.append(Diagnostic(.unknownKey, "only numeric derived facts (with a `type`) have `unit`, `value`, `points` or `round`", at: extra))
            }
            document.derived.append(DerivedFactDeclaration(name: name, description: Scalars.string(m["description"], what: "description", into: &diagnostics)?.value,
                                                           definition: definition, span: entry.value.span))
        }
    }

    /// `type: integer` with `value`, `cases` and `otherwise`, or `points`.
    private func decodeNumericDerived(_ name: Located<String>, typeNode: YAMLNode, _ m: MappingReader,
                                      into diagnostics: inout [Diagnostic]) -> DerivedFactDeclaration.NumericDefinition? {
        let types = ["number", "integer", "quantity", "percentage", "date"]
        guard let type = Scalars.string(typeNode, what: "derived fact type", into: &diagnostics) else { return nil }
        guard types.contains(type.value) else {
            diagnostics.append(Diagnostic(.invalidValue, "`\(type.value)` is not a numeric derived fact type", at: type.span,
                                          notes: [.init("expected one of " + types.map { "`\($0)`" }.joined(separator: ", ") + "; boolean and enum derived facts have no `type`")],
                                          suggestions: Suggest.closest(to: type.value, in: types).map { [.replace(with: $0)] } ?? []))
            return nil
        }
        let unit = Scalars.string(m["unit"], what: "unit", into: &diagnostics)
        if type.value == "quantity" && unit == nil {
            diagnostics.append(Diagnostic(.missingKey, "quantity derived fact `\(name.value)` needs a `unit`", at: type.span))
            return nil
        }
        if let unit, type.value != "quantity" && type.value != "number" {
            diagnostics.append(Diagnostic(.unknownKey, "a derived fact of type `\(type.value)` has no unit", at: unit.span))
        }
        let written = ["value", "cases", "points"].filter { m[$0] != nil }
        guard written.count == 1, let form = written.first else {
            diagnostics.append(Diagnostic(.missingKey, written.isEmpty
                ? "numeric derived fact `\(name.value)` needs `value` (an expression), `cases` (with `otherwise`) or `points` (a score)"
                : "numeric derived fact `\(name.value)` has " + written.map { "`\($0)`" }.joined(separator: " and ") + "; give exactly one",
                at: m.keySpan(written.dropFirst().first ?? "") ?? name.span))
            return nil
        }
        if let w = m.keySpan("when") ?? (form != "cases" ? m.keySpan("otherwise") : nil) {
            diagnostics.append(Diagnostic(.unknownKey, form == "cases" ? "a numeric derived fact's conditions go in its `cases`" : "`\(form)` takes no `when` or `otherwise` beside it", at: w))
        }
        let computation: DerivedFactDeclaration.Computation
        switch form {
        case "value":
            guard let value = Scalars.condition(m["value"], what: "value", into: &diagnostics) else { return nil }
            computation = .value(value)
        case "cases":
            var cases: [DerivedFactDeclaration.NumericCase] = []
            for caseNode in Scalars.list(m["cases"], what: "cases", into: &diagnostics) {
                guard let c = MappingReader(caseNode, what: "a case of `\(name.value)`", allowed: ["when", "value"], into: &diagnostics),
                      let when = Scalars.condition(c.require("when", into: &diagnostics), what: "condition", into: &diagnostics),
                      let value = Scalars.condition(c.require("value", into: &diagnostics), what: "value", into: &diagnostics) else { continue }
                cases.append(.init(when: when, value: value))
            }
            computation = .cases(cases, otherwise: Scalars.condition(m.require("otherwise", into: &diagnostics), what: "value", into: &diagnostics))
        default:
            var points: [DerivedFactDeclaration.Points] = []
            for pointNode in Scalars.list(m["points"], what: "points", into: &diagnostics) {
                guard let p = MappingReader(pointNode, what: "a finding of `\(name.value)`", allowed: ["when", "points"], into: &diagnostics),
                      let when = Scalars.condition(p.require("when", into: &diagnostics), what: "condition", into: &diagnostics) else { continue }
                points.append(.init(when: when, points: Scalars.number(p["points"], what: "points", into: &diagnostics)))
            }
            if points.isEmpty {
                diagnostics.append(Diagnostic(.missingKey, "score `\(name.value)` lists no findings under `points`", at: m.keySpan("points") ?? name.span))
            }
            computation = .points(points)
        }
        var round = Scalars.integer(m["round"], what: "round", into: &diagnostics)
        if let r = round, !(0...18).contains(r.value) {
            diagnostics.append(Diagnostic(.invalidValue, "`round` is a number of decimal places from 0 to 18, found `\(r.value)`", at: r.span))
            round = nil
        }
        return .init(type: type, unit: unit, computation: computation, round: round)
    }
}
