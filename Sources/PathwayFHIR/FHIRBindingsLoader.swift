import PathwayCompiler
import PathwayDiagnostics
import PathwayEvaluator
import PathwayYAML

/// Loads and checks a bindings document against the compiled guidelines' facts; every problem is a
/// located PW0906 (or the loader's PW01xx).
public enum FHIRBindingsLoader {
    static let documentKeys = ["kind", "id", "title", "description", "vocabulary", "facts"]
    static let bindingKeys = ["resource", "codes", "profile", "element", "unit", "values", "description"]

    /// The bindings in the file at `path` (read with the guideline file limits), or `nil` with errors.
    public static func load(path: String, guidelines: CompiledGuidelines) -> (bindings: FHIRBindings?, source: SourceFile?, diagnostics: [Diagnostic]) {
        let file = PatientFile.read(path, limit: YAMLLimits.standard.maxBytes)
        guard let root = file.root else { return (nil, file.source, file.diagnostics) }
        let (bindings, diagnostics) = load(root, path: path, guidelines: guidelines)
        return (bindings, file.source, file.diagnostics + diagnostics)
    }

    /// The bindings of a loaded tree.
    public static func load(_ root: YAMLNode, path: String, guidelines: CompiledGuidelines) -> (FHIRBindings?, [Diagnostic]) {
        var diagnostics: [Diagnostic] = []
        func fail(_ message: String, _ span: SourceSpan, notes: [Diagnostic.Note] = [], suggestion: String? = nil) {
            diagnostics.append(Diagnostic(.bindingsInvalid, message, at: span, notes: notes, suggestions: suggestion.map { [.replace(with: $0)] } ?? []))
        }
        guard case .mapping(let entries, let span) = root else {
            fail("a bindings document is a mapping with `kind: fhir-bindings`, found \(root.shapeDescription)", root.span)
            return (nil, diagnostics)
        }
        for entry in entries where !documentKeys.contains(entry.key.value) {
            fail("unknown key `\(Excerpt.truncated(entry.key.value))` in a bindings document", entry.key.span,
                 suggestion: Suggest.closest(to: entry.key.value, in: documentKeys))
        }
        if root.member("kind")?.text != "fhir-bindings" {
            fail("a bindings document needs `kind: fhir-bindings`", root.member("kind")?.span ?? span)
        }
        let id = root.member("id")?.text ?? "bindings"
        var bindings: [FHIRBindings.FactBinding] = []
        guard case .mapping(let facts, _)? = root.member("facts") else {
            fail("a bindings document needs `facts:`, a mapping from fact names to bindings", root.entry("facts")?.value.span ?? span)
            return (nil, diagnostics)
        }
        let names = guidelines.facts.map(\.name)
        for entry in facts {
            guard let fact = guidelines.fact(named: entry.key.value) else {
                fail("no guideline declares the fact `\(Excerpt.truncated(entry.key.value))`", entry.key.span,
                     notes: guidelines.derived.contains { $0.name == entry.key.value } ? [.init("derived facts are computed, not read from FHIR")] : [],
                     suggestion: Suggest.closest(to: entry.key.value, in: names))
                continue
            }
            let report: (String, SourceSpan, [Diagnostic.Note], String?) -> Void = { fail($0, $1, notes: $2, suggestion: $3) }
            if let binding = binding(for: fact, entry.value, keySpan: entry.key.span, fail: report) { bindings.append(binding) }
        }
        return (diagnostics.containsErrors ? nil : FHIRBindings(id: id, path: path, bindings: bindings), diagnostics)
    }

    static func patterns(_ node: YAMLNode, fail: (String, SourceSpan, [Diagnostic.Note], String?) -> Void) -> [FHIRBindings.CodePattern] {
        var result: [FHIRBindings.CodePattern] = []
        guard case .sequence(let items, _) = node else {
            fail("expected a list of `system|code` tokens, found \(node.shapeDescription)", node.span, [], nil)
            return []
        }
        for item in items {
            guard let text = item.text, let bar = text.lastIndex(of: "|"), bar != text.startIndex, text.index(after: bar) != text.endIndex else {
                fail("expected a `system|code` token such as `http://loinc.org|21889-1`, found \(item.shapeDescription)", item.span, [], nil)
                continue
            }
            var code = String(text[text.index(after: bar)...])
            let isPrefix = code.hasSuffix("*")
            if isPrefix { code.removeLast() }
            result.append(.init(system: String(text[..<bar]), code: code, isPrefix: isPrefix))
        }
        return result
    }

    static func binding(for fact: FactSymbol, _ node: YAMLNode, keySpan: SourceSpan,
                        fail report: (String, SourceSpan, [Diagnostic.Note], String?) -> Void) -> FHIRBindings.FactBinding? {
        func fail(_ m: String, _ s: SourceSpan, notes: [Diagnostic.Note] = [], suggestion: String? = nil) { report(m, s, notes, suggestion) }
        guard case .mapping(let entries, let span) = node else {
            fail("the binding of `\(fact.name)` must be a mapping, found \(node.shapeDescription)", node.span)
            return nil
        }
        for entry in entries where !bindingKeys.contains(entry.key.value) {
            fail("unknown key `\(Excerpt.truncated(entry.key.value))` in the binding of `\(fact.name)`", entry.key.span,
                 suggestion: Suggest.closest(to: entry.key.value, in: bindingKeys))
        }
        let allTypes = FHIRBindings.ResourceType.allCases.map(\.rawValue)
        guard let resourceText = node.member("resource")?.text, let resource = FHIRBindings.ResourceType(rawValue: resourceText) else {
            let written = node.member("resource")
            fail(written == nil ? "the binding of `\(fact.name)` needs `resource:`" : "`\(written?.text ?? "")` is not a resource type a binding can read",
                 written?.span ?? span, notes: [.init("one of " + allTypes.map { "`\($0)`" }.joined(separator: ", "))],
                 suggestion: written?.text.flatMap { Suggest.closest(to: $0, in: allTypes) })
            return nil
        }
        let codes = node.member("codes").map { patterns($0, fail: report) } ?? []
        let profile = node.member("profile")?.text
        if codes.isEmpty && profile == nil && resource != .patient {
            fail("the binding of `\(fact.name)` needs `codes:` or `profile:` to tell its resources from others", span)
        }
        var element: FHIRBindings.Element = resource == .observation ? .value : .code
        if let written = node.member("element") {
            let text = written.text ?? ""
            switch text {
            case "value": element = .value
            case "bodySite": element = .bodySite
            case "stage.summary": element = .stageSummary
            case "code": element = .code
            case "present": element = .present
            default:
                let parts = text.split(separator: " ", maxSplits: 1)
                if parts.count == 2, parts[0] == "component", let bar = parts[1].lastIndex(of: "|") {
                    element = .component(system: String(parts[1][..<bar]), code: String(parts[1][parts[1].index(after: bar)...]))
                } else {
                    fail("`\(Excerpt.truncated(text))` is not an element a binding can read", written.span,
                         notes: [.init("one of `value`, `component SYSTEM|CODE`, `bodySite`, `stage.summary`, `code`, `present`")])
                    return nil
                }
            }
            if case .component = element, resource != .observation {
                fail("only an Observation has components", written.span)
            }
            if element == .value && resource != .observation {
                fail("only an Observation has `value[x]`; read `code`, `bodySite`, `stage.summary` or `present`", written.span)
            }
        }
        if element == .present, fact.type != .boolean {
            fail("`present` gives a boolean, but `\(fact.name)` is \(fact.type)", node.member("element")?.span ?? span)
        }
        var values: [(String, [FHIRBindings.CodePattern])] = []
        if let written = node.member("values") {
            guard case .mapping(let items, _) = written else {
                fail("`values` must map each value of `\(fact.name)` to a list of codes, found \(written.shapeDescription)", written.span)
                return nil
            }
            for item in items {
                let name = item.key.value
                switch fact.type {
                case .enumeration(let allowed) where !allowed.contains(name):
                    fail("`\(Excerpt.truncated(name))` is not a value of `\(fact.name)`", item.key.span,
                         notes: [.init("valid values: " + allowed.map { "`\($0)`" }.joined(separator: ", "))], suggestion: Suggest.closest(to: name, in: allowed))
                case .boolean where name != "true" && name != "false":
                    fail("a boolean fact maps `true` and `false`, not `\(Excerpt.truncated(name))`", item.key.span)
                default: break
                }
                values.append((name, patterns(item.value, fail: report)))
            }
        } else if element == .code || element == .bodySite || element == .stageSummary {
            fail("the binding of `\(fact.name)` reads codes from `\(element.description)` and needs `values:` to map them to the fact's values", span)
        }
        let unit = node.member("unit")?.text
        if unit != nil, fact.type.unit != nil {
            fail("`unit` is for facts without a unit; `\(fact.name)` converts quantities to `\(fact.type.unit?.symbol ?? "")` itself", node.member("unit")?.span ?? span)
        }
        return .init(fact: fact, resource: resource, codes: codes, profile: profile, element: element, unit: unit, values: values, span: keySpan)
    }
}
