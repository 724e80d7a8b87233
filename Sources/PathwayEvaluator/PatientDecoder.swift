import PathwayCompiler
import PathwayDiagnostics
import PathwaySyntax
import PathwayYAML

/// Types patient data against the fact declarations.
///
/// Accepts a mapping from fact names to values. Quantities are a number in the fact's unit or a
/// string with a unit (`"8 mm"`); enumerations are value names; booleans are `true`/`false`; a
/// missing key or `null` means unknown. Numbers follow the JSON grammar (RFC 8259 § 6) and are read
/// exactly. Quoting never changes a value's meaning: `2` and `"2"`, `true` and `"true"` are the
/// same value wherever the fact's type allows it; only an unquoted `null` (or `~`, or nothing)
/// means unknown. Every problem is a diagnostic naming the fact; a patient with any error is not
/// evaluated.
public struct PatientDecoder: Sendable {
    /// The compiled guidelines whose facts the data is typed against.
    public let guidelines: CompiledGuidelines
    /// Whether keys that no guideline declares are errors (otherwise warnings).
    public var strict: Bool
    /// The evaluation date for a patient that does not carry `as_of` (day number): `--as-of`, or
    /// the current date (UTC) when the decoder was made.
    public var evaluationDate: Int64

    /// Creates a decoder.
    public init(guidelines: CompiledGuidelines, strict: Bool = false, evaluationDate: Int64? = nil) {
        self.guidelines = guidelines
        self.strict = strict
        self.evaluationDate = evaluationDate ?? CalendarDate.today()
    }

    /// The slot of the evaluation date, when the guidelines use one.
    var evaluationDateSlot: Int? { guidelines.slotByName[EvaluationDate.factName] }

    /// The patient, or `nil` when there were errors, and every diagnostic.
    public func decode(_ node: YAMLNode) -> (patient: Patient?, diagnostics: [Diagnostic]) {
        var diagnostics: [Diagnostic] = []
        var patient = Patient(slotCount: guidelines.facts.count)
        guard case .mapping(let entries, _) = node else {
            return (nil, [Diagnostic(.patientMalformed, "expected an object from fact names to values, found \(node.shapeDescription)", at: node.span)])
        }
        let names = guidelines.facts.map(\.name)
        var carried: Int64?
        for entry in entries {
            let name = entry.key.value
            if name == EvaluationDate.factName, guidelines.fact(named: name) == nil {
                // The evaluation date is always accepted, used or not.
                let asDate = FactSymbol.evaluationDate
                switch value(entry.value, for: asDate) {
                case .success(let v): carried = v.isKnown ? v.numerator : nil
                case .failure(let diagnostic): diagnostics.append(diagnostic)
                }
                continue
            }
            guard let fact = guidelines.fact(named: name) else {
                let derived = guidelines.derived.contains { $0.name == name }
                diagnostics.append(Diagnostic(
                    .patientUnknownFact,
                    derived ? "`\(name)` is a derived fact; it is computed, not given" : "no guideline declares the fact `\(name)`",
                    at: entry.key.span, severity: strict || derived ? .error : .warning,
                    notes: strict || derived ? [] : [.init("the value is ignored; pass --strict to make this an error")],
                    suggestions: Suggest.closest(to: name, in: names).map { [.replace(with: $0)] } ?? [], fact: name))
                continue
            }
            switch value(entry.value, for: fact) {
            case .success(let v): patient[fact.slot] = v
            case .failure(let diagnostic): diagnostics.append(diagnostic)
            }
        }
        if let slot = evaluationDateSlot {
            if !patient[slot].isKnown { patient[slot] = FactValue(Rational(integer: carried ?? evaluationDate)) }
            patient.evaluationDate = patient[slot].numerator
        }
        return (diagnostics.containsErrors ? nil : patient, diagnostics)
    }

    /// The slot value of one fact (``FactValue/unknown`` for unknown), or the diagnostic that says why not.
    public func value(_ node: YAMLNode, for fact: FactSymbol) -> Result<FactValue, Diagnostic> {
        func fail(_ code: DiagnosticCode, _ message: String, notes: [Diagnostic.Note] = [], suggestions: [Diagnostic.Suggestion] = []) -> Result<FactValue, Diagnostic> {
            .failure(Diagnostic(code, message, at: node.span, notes: notes, suggestions: suggestions, fact: fact.name))
        }
        guard case .scalar(let scalar) = node else {
            return fail(.patientWrongType, "`\(fact.name)` must be \(expected(fact)), found \(node.shapeDescription)")
        }
        let text = scalar.value
        if scalar.style == .plain && (text == "null" || text == "~" || text.isEmpty) { return .success(.unknown) }
        switch fact.type {
        case .boolean:
            guard text == "true" || text == "false" else {
                let lowered = text.lowercased()
                let guess = ["yes", "y", "on", "true", "1"].contains(lowered) ? "true" : ["no", "n", "off", "false", "0"].contains(lowered) ? "false" : nil
                return fail(.patientWrongType, "`\(fact.name)` must be `true` or `false`, found `\(text)`",
                            suggestions: guess.map { [.replace(with: $0)] } ?? [])
            }
            return .success(FactValue(boolean: text == "true"))
        case .enumeration(let values):
            guard let index = values.firstIndex(of: text) else {
                return fail(.patientUnknownValue, "`\(text)` is not a value of `\(fact.name)`",
                            notes: [.init("valid values: " + values.map { "`\($0)`" }.joined(separator: ", "))],
                            suggestions: Suggest.closest(to: text, in: values).map { [.replace(with: $0)] } ?? [])
            }
            return .success(FactValue(index: index))
        case .number(let unit?) where unit.isDate:
            guard let day = CalendarDate.parse(text) else {
                return fail(.patientInvalidDate, "`\(fact.name)` must be a date written `YYYY-MM-DD`, found `\(text)`",
                            notes: [.init(CalendarDate.looksLikeDate(text) ? "no such day: check the month and the day (`2023-02-29` does not exist)" : "dates are ISO 8601 calendar dates, e.g. `2024-03-31`")])
            }
            if fact.minimum.map({ Rational(integer: day) < $0 }) == true || fact.maximum.map({ Rational(integer: day) > $0 }) == true {
                return fail(.patientOutOfRange, "`\(text)` is outside the range of `\(fact.name)` (\(fact.rangeDescription))")
            }
            return .success(FactValue(Rational(integer: day)))
        case .integer, .number:
            return number(text, for: fact, fail: fail)
        }
    }

    private func number(_ text: String, for fact: FactSymbol,
                        fail: (DiagnosticCode, String, [Diagnostic.Note], [Diagnostic.Suggestion]) -> Result<FactValue, Diagnostic>) -> Result<FactValue, Diagnostic> {
        // The number is the leading run of JSON number characters; a unit may follow, after a space or not.
        let numberEnd = text.firstIndex { !($0.isASCII && ($0.isNumber || "+-.eE".contains($0))) } ?? text.endIndex
        var numberText = text[..<numberEnd]
        var unitText = text[numberEnd...].drop { $0 == " " }
        // `8em`-style spellings: an exponent marker that starts a unit belongs to the unit.
        while let last = numberText.last, last == "e" || last == "E" {
            numberText = numberText.dropLast()
            unitText = text[numberText.endIndex...].drop { $0 == " " }
        }
        let value: Rational
        switch Rational.parse(numberText, grammar: .json) {
        case .success(let v): value = v
        case .failure(.malformed(let suggestion)):
            let fixed = suggestion.map { unitText.isEmpty ? $0 : "\($0) \(unitText)" }
            return fail(.patientWrongType, "`\(fact.name)` must be \(expected(fact)), found `\(text)`",
                        suggestion == nil ? [] : [.init("numbers are written as in JSON: no `+`, no leading zeros, digits on both sides of `.`")],
                        fixed.map { [.replace(with: $0)] } ?? [])
        case .failure(let error):
            return fail(.patientNumberOverflow, "`\(text)` for `\(fact.name)` is \(error)", [], [])
        }
        var converted = value
        if !unitText.isEmpty {
            let unit: PhysicalUnit
            switch PhysicalUnit.parse(String(unitText)) {
            case .success(let u): unit = u
            case .failure(let problem):
                return fail(.patientIncompatibleUnit, "unknown unit `\(unitText)` for `\(fact.name)`: \(problem.message)", [.init(PhysicalUnit.unitSyntaxNote)],
                            PhysicalUnit.suggestion(for: String(unitText), expected: fact.type.unit).map { [.replace(with: "\(numberText) \($0)")] } ?? [])
            }
            guard let factUnit = fact.type.unit, unit.dimension == factUnit.dimension || fact.molarMass.map({ unit.convertsByMolarMass(to: factUnit, $0) }) == true else {
                var notes: [Diagnostic.Note] = [.init("`\(unit.symbol)` measures \(unit.dimension)")]
                if let factUnit = fact.type.unit { notes.append(.init("`\(factUnit.symbol)` measures \(factUnit.dimension)")) }
                if let factUnit = fact.type.unit, fact.molarMass == nil, unit.convertsByMolarMass(to: factUnit, MolarMass.any) {
                    notes.append(.init("mass and substance concentrations convert only when the fact declares its `molar_mass`"))
                }
                return fail(.patientIncompatibleUnit, "`\(text)` cannot be converted to \(fact.type.unit.map { "`\($0.symbol)`" } ?? "a plain number"), the unit of `\(fact.name)`",
                            notes, [])
            }
            guard let c = unit.convert(value, to: factUnit, molarMass: fact.molarMass) else {
                return fail(.patientNumberOverflow, "`\(text)` in `\(factUnit.symbol)`, the unit of `\(fact.name)`, is too large to hold exactly", [], [])
            }
            converted = c
        }
        if case .integer = fact.type, !converted.isInteger {
            return fail(.patientWrongType, "`\(fact.name)` must be a whole number, found `\(text)`", [], [])
        }
        if fact.minimum.map({ converted < $0 }) == true || fact.maximum.map({ converted > $0 }) == true {
            return fail(.patientOutOfRange, "`\(text)` is outside the range of `\(fact.name)` (\(fact.rangeDescription))", [], [])
        }
        return .success(FactValue(converted))
    }

    private func expected(_ fact: FactSymbol) -> String {
        switch fact.type {
        case .boolean: "`true` or `false`"
        case .integer: "a whole number"
        case .number(nil): "a number"
        case .number(let unit?) where unit.isDate: "a date written `YYYY-MM-DD`"
        case .number(let unit?): unit.isPercent ? "a percentage (a number from 0 to 100)" : "a number in \(unit.symbol) or a quantity such as `\"2 \(unit.symbol)\"`"
        case .enumeration(let values): "one of " + values.map { "`\($0)`" }.joined(separator: ", ")
        }
    }
}
