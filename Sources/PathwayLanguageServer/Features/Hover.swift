import PathwayCompiler
import PathwayDiagnostics
import PathwaySyntax

/// The Markdown shown for a symbol (LSP 3.17, "Hover Request").
enum Hover {
    /// A fact's type as written: `quantity (cm)`, `enum: well, poor`.
    static func typeText(_ f: FactDeclaration) -> String {
        switch f.type {
        case .boolean: "boolean"
        case .integer: "integer"
        case .number(let unit): unit.map { "number (\($0.value))" } ?? "number"
        case .quantity(let unit): "quantity (\(unit.value))"
        case .percentage: "percentage"
        case .date: "date (YYYY-MM-DD)"
        case .enumeration(let values): "enum: " + values.map(\.value).joined(separator: ", ")
        }
    }

    static func bound(_ b: NumberSyntax) -> String {
        b.unit.map { "\(b.value) \($0.value)" } ?? "\(b.value)"
    }

    static func fact(_ f: FactDeclaration) -> String {
        var lines = ["**fact** `\(f.name.value)`: \(typeText(f))"]
        switch (f.minimum, f.maximum) {
        case (let lo?, let hi?): lines.append("range: \(bound(lo)) to \(bound(hi))")
        case (let lo?, nil): lines.append("range: at least \(bound(lo))")
        case (nil, let hi?): lines.append("range: at most \(bound(hi))")
        case (nil, nil): break
        }
        if let d = f.description { lines.append(d) }
        lines.append("declared in `\(Paths.normalize(f.name.span.file).split(separator: "/").last.map(String.init) ?? f.name.span.file)`")
        return lines.joined(separator: "\n\n")
    }

    static func derived(_ d: DerivedFactDeclaration) -> String {
        var lines: [String]
        switch d.definition {
        case .boolean(let c): lines = ["**derived fact** `\(d.name.value)`: boolean", "```\n\(c.text)\n```"]
        case .cases(let values, _, _): lines = ["**derived fact** `\(d.name.value)`: enum: " + values.map(\.value).joined(separator: ", ")]
        case .numeric(let n):
            lines = ["**derived fact** `\(d.name.value)`: \(n.type.value)" + (n.unit.map { " (\($0.value))" } ?? "")]
            if case .value(let c) = n.computation { lines.append("```\n\(c.text)\n```") }
        }
        if let description = d.description { lines.append(description) }
        return lines.joined(separator: "\n\n")
    }

    static func citationText(_ c: CitationDeclaration) -> String {
        var parts: [String] = []
        if !c.authors.isEmpty { parts.append(c.authors.joined(separator: ", ")) }
        if let t = c.title { parts.append("*\(t)*") }
        if let v = c.venue { parts.append(v) }
        if let y = c.year { parts.append(String(y)) }
        if let doi = c.doi { parts.append("doi:\(doi)") }
        return parts.joined(separator: ". ")
    }

    static func recommendation(_ r: RecommendationDeclaration, index: SymbolIndex, path: String) -> String {
        var lines = ["**recommendation** `\(r.id.value)`" + (r.direction.map { " (\($0.value.rawValue))" } ?? "")]
        if let text = r.text?.value { lines.append(text) }
        if let level = r.level {
            let scheme = index.declaringPath(ofScheme: level.scheme.value, from: path)
                .flatMap { index.documents[$0]?.schemes.first { $0.id.value == level.scheme.value } }
            let definition = scheme?.levels.first { $0.id.value == level.value.value }?.definition
            lines.append("level `\(level.scheme.value).\(level.value.value)`" + (definition.map { ": \($0)" } ?? ""))
        }
        for c in r.citations {
            let declared = index.declaringPath(ofCitation: c.citation, from: path)
                .flatMap { index.documents[$0]?.citations.first { $0.id.value == c.citation } }
            var text = "cites `\(c.citation)`"
            if let s = c.section {
                text += " § \(s)"
                if let title = declared?.sections.first(where: { $0.id.value == s })?.title { text += " (\(title))" }
            }
            if let declared, let title = declared.title { text += ": *\(title)*" }
            lines.append(text)
        }
        if let quote = r.quote?.value { lines.append("> " + quote) }
        return lines.joined(separator: "\n\n")
    }

    static func unit(_ u: PhysicalUnit) -> String {
        "**unit** `\(u.symbol)`: \(u.dimension)"
    }
}

extension LanguageServer {
    func hover(_ document: TextDocument, _ unit: CompileUnit, _ position: (line: Int, column: Int)) -> JSONValue {
        let index = unit.index
        guard let o = index.occurrence(in: document.path, line: position.line, column: position.column) else {
            return unitHover(document, unit, position) ?? .null
        }
        let text: String?
        switch o.key.kind {
        case .fact: text = index.facts[o.key.name].map(Hover.fact) ?? index.derived[o.key.name].map(Hover.derived)
        case .recommendation:
            text = index.documents[o.key.scope]?.recommendations.first { $0.id.value == o.key.name }
                .map { Hover.recommendation($0, index: index, path: o.key.scope) }
        case .citation: text = index.documents[o.key.scope]?.citations.first { $0.id.value == o.key.name }.map { "**citation** `\($0.id.value)`\n\n" + Hover.citationText($0) }
        case .section:
            let (owner, citation) = Self.split(o.key.scope)
            text = index.documents[owner]?.citations.first { $0.id.value == citation }?.sections.first { $0.id.value == o.key.name }
                .map { "**section** `\(citation) § \($0.id.value)`: \($0.title)" }
        case .scheme:
            text = index.documents[o.key.scope]?.schemes.first { $0.id.value == o.key.name }.map { s in
                (["**scheme** `\(s.id.value)`" + (s.title.map { ": \($0)" } ?? "")] + s.levels.map { "- `\($0.id.value)`: \($0.definition)" }).joined(separator: "\n")
            }
        case .level:
            let (owner, scheme) = Self.split(o.key.scope)
            text = index.documents[owner]?.schemes.first { $0.id.value == scheme }?.levels.first { $0.id.value == o.key.name }
                .map { "**level** `\(scheme).\($0.id.value)`: \($0.definition)" }
        }
        guard let text else { return .null }
        return .object([("contents", LSP.markdown(text)), ("range", range(o.span, in: unit.compilation))])
    }

    /// The owner path and name of a level's or section's scope (`path#owner`).
    static func split(_ scope: String) -> (String, String) {
        guard let hash = scope.lastIndex(of: "#") else { return (scope, "") }
        return (String(scope[..<hash]), String(scope[scope.index(after: hash)...]))
    }

    /// A unit's dimension, when the cursor is on a known unit symbol (after a number, or as `unit:`).
    private func unitHover(_ document: TextDocument, _ unit: CompileUnit, _ position: (line: Int, column: Int)) -> JSONValue? {
        guard let line = document.line(position.line - 1) else { return nil }
        let scalars = Array(line.unicodeScalars)
        var from = min(max(position.column - 1, 0), scalars.count), to = from
        let isUnitScalar = { (s: Unicode.Scalar) in s.properties.isAlphabetic || s == "%" }
        while from > 0, isUnitScalar(scalars[from - 1]) { from -= 1 }
        while to < scalars.count, isUnitScalar(scalars[to]) { to += 1 }
        guard from < to, let u = PhysicalUnit.named(String(String.UnicodeScalarView(scalars[from..<to]))) else { return nil }
        // Only where a unit is written: after a number, or as the value of `unit:`.
        let before = String(String.UnicodeScalarView(scalars[..<from])).trimmingCharacters(in: " ")
        guard before.last?.isNumber == true || before.hasSuffix("unit:") else { return nil }
        let span = SourceSpan(file: document.path, start: SourcePosition(line: position.line, column: from + 1),
                              end: SourcePosition(line: position.line, column: to + 1))
        return .object([("contents", LSP.markdown(Hover.unit(u))), ("range", range(span, in: unit.compilation))])
    }
}

extension String {
    func trimmingCharacters(in set: Character) -> String {
        String(drop { $0 == set }.reversed().drop { $0 == set }.reversed())
    }
}
