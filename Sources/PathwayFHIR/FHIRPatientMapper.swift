import PathwayCompiler
import PathwayDiagnostics
import PathwayEvaluator
import PathwayYAML

/// Where one fact's value came from.
public struct FHIRFactSource: Hashable, Sendable {
    /// The fact.
    public let fact: String
    /// Its value as text (`0.8 cm`, `T1a`).
    public let value: String
    /// The resource, `Observation/ki67-1`.
    public let resource: String
    /// The element the value was read from.
    public let span: SourceSpan
    /// The resource's effective date, when it has one.
    public let date: String?
}

/// A patient built from FHIR resources, with the provenance of each fact and what could not be used.
public struct FHIRPatient: Sendable {
    /// The patient, or `nil` when the FHIR data had errors.
    public var patient: Patient?
    /// One entry per known fact, in the facts' order.
    public var sources: [FHIRFactSource]
    /// Resources that matched no binding (`Patient/p1`), in input order.
    public var unmatched: [String]
    /// Every diagnostic: malformed FHIR (errors), conflicts, unconvertible units, unusable values
    /// (warnings: the fact is left unknown).
    public var diagnostics: [Diagnostic]

    /// The resource each known fact came from, by fact name.
    public var sourceByFact: [String: String] {
        Dictionary(sources.map { ($0.fact, $0.resource) }, uniquingKeysWith: { a, _ in a })
    }
}

/// Maps FHIR resources to patient facts through bindings.
///
/// Each binding selects resources by type, codes and profile, and reads one element. When several
/// resources give a fact, the latest by effective date wins (a resource without a date is older than
/// any with one); when the latest date is shared by resources that disagree, the fact is left unknown
/// and the conflict reported (PW0902), never guessed. Void resources (entered in error, refuted,
/// cancelled, not done) are skipped. Values are typed by the same decoder as patient JSON, so units
/// convert through ``PhysicalUnit/named(_:)`` exactly as `"8 mm"` does.
public struct FHIRPatientMapper: Sendable {
    public let guidelines: CompiledGuidelines
    public let bindings: FHIRBindings

    public init(guidelines: CompiledGuidelines, bindings: FHIRBindings) {
        self.guidelines = guidelines
        self.bindings = bindings
    }

    private struct Candidate {
        let resource: FHIRResource
        let date: FHIRDate?
        let result: Result<(FactValue, SourceSpan), Diagnostic>?  // nil: the resource has no value there
    }

    /// The patient of `resources` (read from FHIR); `readDiagnostics` are the reader's, kept in front.
    public func map(_ read: FHIRReader.Result, evaluator: Evaluator? = nil) -> FHIRPatient {
        var diagnostics = read.diagnostics
        var matched = Set<Int>()
        var patient = Patient(slotCount: guidelines.facts.count)
        var sources: [FHIRFactSource] = []
        let decoder = PatientDecoder(guidelines: guidelines, strict: true)
        // Each resource's codes and profiles once, not once per binding.
        let keys = read.resources.map { FHIRBindings.MatchKeys($0) }
        // Per binding (by index), the resources it selects that are not void, with their values.
        var byFact = [[Candidate]](repeating: [], count: bindings.bindings.count)
        for (index, resource) in read.resources.enumerated() {
            for b in bindings.index.candidates(keys[index]) where bindings.bindings[b].matches(resource, keys[index]) {
                matched.insert(index)
                if resource.isVoid { continue }
                byFact[b].append(Candidate(resource: resource, date: resource.effectiveDate,
                                           result: value(of: resource, bindings.bindings[b], decoder: decoder)))
            }
        }
        for (b, all) in byFact.enumerated() where !all.isEmpty {
            let binding = bindings.bindings[b]
            let candidates = all.filter { $0.result != nil }
            guard !candidates.isEmpty else { continue }
            let latest = candidates.map(\.date).max { a, b in (a.map { ($0.seconds, $0.nanoseconds) } ?? (Int64.min, 0)) < (b.map { ($0.seconds, $0.nanoseconds) } ?? (Int64.min, 0)) } ?? nil
            let winners = candidates.filter { $0.date == latest }
            // Older values that failed are reported too: a reader should know the data has them.
            for candidate in candidates where candidate.date != latest {
                if case .failure(let d)? = candidate.result { diagnostics.append(d) }
            }
            var good: [(FactValue, SourceSpan, FHIRResource)] = []
            for winner in winners {
                switch winner.result {
                case .success(let (value, span))?: good.append((value, span, winner.resource))
                case .failure(let d)?: diagnostics.append(d)
                case nil: break
                }
            }
            guard good.count == winners.count, let first = good.first else { continue }
            if good.contains(where: { $0.0 != first.0 }) {
                let fact = binding.fact
                diagnostics.append(Diagnostic(
                    .fhirConflict,
                    "resources disagree on `\(fact.name)`" + (latest.map { " at their latest date, \($0.description)" } ?? ", and none has a date"),
                    at: first.1,
                    notes: good.map { .init("\($0.2.reference) gives \(fact.type.text($0.0))", at: $0.1) }
                        + [.init("`\(fact.name)` is left unknown: Pathway does not choose between conflicting values")],
                    fact: fact.name))
                continue
            }
            patient[binding.fact.slot] = first.0
            sources.append(FHIRFactSource(fact: binding.fact.name, value: binding.fact.type.text(first.0), resource: first.2.reference,
                                          span: first.1, date: latest?.description))
        }
        let unmatched = read.resources.indices.filter { !matched.contains($0) }.map { read.resources[$0].reference }
        let hasErrors = diagnostics.containsErrors
        if !hasErrors, let overflow = (evaluator ?? Evaluator(guidelines: guidelines)).evaluationError(in: patient) {
            diagnostics.append(overflow)
        }
        sources.sort { guidelines.slotByName[$0.fact] ?? 0 < guidelines.slotByName[$1.fact] ?? 0 }
        return FHIRPatient(patient: diagnostics.containsErrors ? nil : patient, sources: sources, unmatched: unmatched, diagnostics: diagnostics)
    }

    /// The fact value one resource gives through one binding; `nil` when the element is absent.
    private func value(of resource: FHIRResource, _ binding: FHIRBindings.FactBinding, decoder: PatientDecoder) -> Result<(FactValue, SourceSpan), Diagnostic>? {
        let fact = binding.fact
        let node = resource.node
        func unusable(_ message: String, _ span: SourceSpan, notes: [Diagnostic.Note] = []) -> Result<(FactValue, SourceSpan), Diagnostic> {
            .failure(Diagnostic(.fhirUnusableValue, "\(resource.reference): \(message)", at: span,
                                notes: notes + [.init("`\(fact.name)` is not taken from this resource")], fact: fact.name))
        }
        func typed(_ text: String, _ span: SourceSpan) -> Result<(FactValue, SourceSpan), Diagnostic> {
            let scalar = YAMLNode.scalar(YAMLScalar(value: text, style: .plain, span: span))
            switch decoder.value(scalar, for: fact) {
            case .success(let v): return .success((v, span))
            case .failure(let d):
                let code: DiagnosticCode = d.code == .patientIncompatibleUnit ? .fhirUnconvertibleUnit : .fhirUnusableValue
                return .failure(Diagnostic(code, "\(resource.reference): \(d.message)", at: span, notes: d.notes + [.init("`\(fact.name)` is not taken from this resource")],
                                           suggestions: [], fact: fact.name))
            }
        }
        func coded(_ codings: [FHIRCoding], _ span: SourceSpan) -> Result<(FactValue, SourceSpan), Diagnostic> {
            // Exact codes before prefixes, so that `C18.1` (appendix) wins over `C18*` (colon).
            for exact in [true, false] {
                let hits = binding.values.filter { entry in entry.patterns.contains { p in p.isPrefix != exact && codings.contains { p.matches($0) } } }
                if hits.count == 1 { return typed(hits[0].value, span) }
                if hits.count > 1 {
                    return unusable("its codes mean several values of `\(fact.name)`: " + hits.map { "`\($0.value)`" }.joined(separator: ", "), span)
                }
            }
            let seen = codings.prefix(4).map { "`\($0.token)`" }.joined(separator: ", ")
            return unusable(codings.isEmpty ? "no coded value" : "no binding of `\(fact.name)` maps \(seen)", span,
                            notes: [.init("the bindings map " + binding.values.map { "`\($0.value)`" }.joined(separator: ", "))])
        }
        func valueX(_ holder: YAMLNode) -> Result<(FactValue, SourceSpan), Diagnostic>? {
            if let q = holder.member("valueQuantity") {
                guard let number = q.member("value"), let numberText = number.text else {
                    return unusable("`valueQuantity` has no `value`", q.span)
                }
                let ucum = q.member("system")?.text == "http://unitsofmeasure.org" ? q.member("code")?.text : nil
                let unit = ucum ?? q.member("unit")?.text ?? q.member("code")?.text
                if fact.type.unit == nil {
                    // A fact without a unit takes the number only in the unit the binding names (or none).
                    if let expected = binding.unit, unit != expected {
                        return .failure(Diagnostic(.fhirUnconvertibleUnit, "\(resource.reference): `\(numberText) \(unit ?? "")` is not in `\(expected)`, the unit bound to `\(fact.name)`",
                                                   at: q.span, notes: [.init("`\(fact.name)` is not taken from this resource")], fact: fact.name))
                    }
                    if binding.unit == nil, let unit, !unit.isEmpty, unit != "1" {
                        return .failure(Diagnostic(.fhirUnconvertibleUnit, "\(resource.reference): `\(fact.name)` is a plain number, but the quantity is in `\(unit)`",
                                                   at: q.span, notes: [.init("`\(fact.name)` is not taken from this resource")], fact: fact.name))
                    }
                    return typed(numberText, number.span)
                }
                guard let unit, !unit.isEmpty else {
                    return .failure(Diagnostic(.fhirUnconvertibleUnit, "\(resource.reference): the quantity `\(numberText)` has no unit; `\(fact.name)` is in `\(fact.type.unit?.symbol ?? "")`",
                                               at: q.span, notes: [.init("`\(fact.name)` is not taken from this resource")], fact: fact.name))
                }
                return typed("\(numberText) \(unit)", q.span)
            }
            if let d = holder.member("valueDateTime") {
                // A date fact takes the calendar day as written; a time and its zone are not read.
                guard fact.type.unit?.isDate == true else { return unusable("`valueDateTime` cannot give `\(fact.name)`", d.span) }
                guard let text = d.text, FHIRDate(text) != nil else {
                    return unusable("`\(d.text ?? "")` is not a FHIR dateTime", d.span, notes: [.init(FHIRDate.Kind.dateTime.grammarNote)])
                }
                guard text.count >= 10 else { return unusable("`\(text)` is not a whole day, and `\(fact.name)` is a date", d.span) }
                return typed(String(text.prefix(10)), d.span)
            }
            if let concept = holder.member("valueCodeableConcept") { return coded(concept.codings, concept.span) }
            if let b = holder.member("valueBoolean") {
                if !binding.values.isEmpty, case .boolean = fact.type {} else if !binding.values.isEmpty {
                    return unusable("`valueBoolean` cannot give `\(fact.name)`, which the bindings read from codes", b.span)
                }
                return typed(b.text ?? "", b.span)
            }
            if let i = holder.member("valueInteger") {
                if !binding.values.isEmpty { return typed(i.text ?? "", i.span) }  // keys are numbers, or the decoder says why not
                return typed(i.text ?? "", i.span)
            }
            for other in ["valueString", "valueRange", "valueRatio", "valueSampledData", "valueTime", "valuePeriod"] {
                if let v = holder.member(other) { return unusable("`\(other)` cannot give `\(fact.name)`", v.span) }
            }
            return nil
        }
        switch binding.element {
        case .value:
            return valueX(node)
        case .component(let system, let code):
            guard let components = node.member("component") else { return valueX(node) }  // a single-dimension Observation
            for component in components.elements where component.member("code")?.codings.contains(where: { $0.system == system && $0.code == code }) == true {
                return valueX(component)
            }
            return nil
        case .bodySite:
            guard let sites = node.member("bodySite") else { return nil }
            return coded(sites.elements.flatMap(\.codings), sites.span)
        case .stageSummary:
            guard let stages = node.member("stage") else { return nil }
            let summaries = stages.elements.compactMap { $0.member("summary") }
            guard let first = summaries.first else { return nil }
            return coded(summaries.flatMap(\.codings), first.span)
        case .code:
            guard let code = node.member("code") ?? node.member("medicationCodeableConcept") else { return nil }
            return coded(code.codings, code.span)
        case .present:
            return typed("true", resource.span)
        }
    }
}
