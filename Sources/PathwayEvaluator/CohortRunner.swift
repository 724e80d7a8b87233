import PathwayCompiler
import PathwayDiagnostics
import PathwayYAML

/// A cohort file format: JSON Lines (one object per line) or CSV with a header row.
public enum CohortFormat: String, Sendable, CaseIterable {
    case jsonl
    case csv
}

/// Evaluates a cohort, one JSON object (or CSV record) per line, writing one JSON result (or CSV
/// record) per line in the same order.
///
/// Streaming: each line is read, evaluated and written before the next; memory does not grow with
/// the number of patients. A line that fails yields an error object with its line number and the run
/// goes on. Record ids (``idFields``) are not facts: each is echoed, as given, after `line`.
public struct CohortRunner {
    let guidelines: CompiledGuidelines
    let evaluator: Evaluator
    let decoder: PatientDecoder
    let detail: EvaluationJSON.Detail
    let file: String
    /// The fields echoed in every output line instead of being read as facts (record ids).
    public let idFields: [String]
    /// Per recommendation, its compact `recommendations` entry and the start of its `undetermined`
    /// entry, serialised once: a cohort line is then mostly a concatenation of ready bytes.
    let givenEntries: [[UInt8]]
    let undeterminedPrefixes: [[UInt8]]
    /// Each fact's name as a JSON string, by slot.
    let factNames: [[UInt8]]
    /// Each recommendation's condition node, and for those given when true the pre-serialised entry.
    let conditions: [Int]
    /// `,"name":` for each id field.
    let idKeys: [[UInt8]]
    /// `,"guidelines":[…]`: the guidelines applied, with their versions, as every result states them.
    let appliedMember: [UInt8]
    /// For `--detail full`, the entries' fragments.
    let fullDetail: CohortFullDetail?
    /// The `scope` entries' fragments.
    let scopeEntries: CohortScopeEntries
    var fastReader: FastPatientReader
    private var truths: [Truth] = []
    private var seen: [Bool]
    private var patient: Patient
    /// The id fields' values on the current line, as JSON bytes, and whether each was there.
    private var idValues: [[UInt8]]
    private var idPresent: [Bool]
    private var idRanges: [Range<Int>]
    /// The id values as text (a string's content), for CSV output.
    private var idTexts: [[UInt8]]
    /// The format of the lines given to ``run(line:number:into:)`` and of the lines written.
    public var inputFormat = CohortFormat.jsonl
    public var outputFormat = CohortFormat.jsonl
    /// For CSV input: the header's column names (set before the first record).
    public var csvHeader: [String] = []
    /// The counts of the lines run so far.
    public private(set) var summary: CohortSummary
    /// The current line's undetermined recommendations with their needs, and which were decided given.
    private var undetermined: [(index: Int, needs: [Int])] = []
    private var decidedGiven: [Bool]
    private var needsCache: NeedsCache
    /// `,"as_of":"…"` of the last evaluation date written.
    private var asOfMember: (day: Int64, bytes: [UInt8]) = (.min, [])
    private var fullLine: FullDetailLine
    /// Whether clean compact lines take the fast reader; `false` sends every line down the full
    /// path (for differential tests and fuzzing, which demand both give the same output).
    package var usesFastPath = true
    /// Whether `needs` are looked up in the cache (`false` computes each, for differential tests).
    package var usesNeedsCache = true
    /// Lines read by the fast reader, for tests.
    package private(set) var fastLines = 0
    package var needsCacheHits: Int { needsCache.hits }
    package var needsCacheMisses: Int { needsCache.misses }

    /// The output keys an id field may not take.
    public static let reservedKeys: Set<String> = ["line", "guidelines", "as_of", "recommendations", "undetermined", "scope", "diagnostics", "error", "excerpt"]

    /// The id fields used when none are named: `id`, unless the guidelines declare a fact of that name.
    public static func defaultIdFields(_ guidelines: CompiledGuidelines) -> [String] {
        isFactName("id", guidelines) ? [] : ["id"]
    }

    static func isFactName(_ name: String, _ guidelines: CompiledGuidelines) -> Bool {
        guidelines.fact(named: name) != nil || guidelines.derived.contains { $0.name == name }
    }

    /// Why `names` cannot be the id fields (a fact's name, an output key, given twice), or `nil`.
    public static func problem(withIdFields names: [String], guidelines: CompiledGuidelines) -> String? {
        var seen = Set<String>()
        for name in names {
            if isFactName(name, guidelines) { return "`\(name)` is a fact of the guidelines, not a record id" }
            if reservedKeys.contains(name) { return "`\(name)` is a key of the output lines; choose another id field" }
            if name.isEmpty { return "an id field needs a name" }
            guard seen.insert(name).inserted else { return "id field `\(name)` is given twice" }
        }
        return nil
    }

    /// Creates a runner; `idFields` `nil` means ``defaultIdFields(_:)`` (check named ones with
    /// ``problem(withIdFields:guidelines:)`` first: a fact named here is no longer read as a fact).
    public init(guidelines: CompiledGuidelines, strict: Bool, detail: EvaluationJSON.Detail, file: String, evaluationDate: Int64? = nil,
                idFields: [String]? = nil) {
        self.guidelines = guidelines
        self.evaluator = Evaluator(guidelines: guidelines)
        self.decoder = PatientDecoder(guidelines: guidelines, strict: strict, evaluationDate: evaluationDate)
        self.detail = detail
        self.file = file
        let ids = idFields ?? Self.defaultIdFields(guidelines)
        self.idFields = ids
        givenEntries = guidelines.recommendations.map { r in
            Array(JSONValue.object([("id", .string(r.id)), ("guideline", .string(guidelines.guidelines[r.guideline].id)),
                                    ("direction", .string(r.direction.rawValue)),
                                    ("level", .optional(r.level.map { "\($0.scheme).\($0.value)" }))]).serialized().utf8)
        }
        fastReader = FastPatientReader(guidelines, idFields: ids, evaluationDate: decoder.evaluationDate)
        conditions = guidelines.recommendations.map(\.condition)
        seen = [Bool](repeating: false, count: guidelines.facts.count + ids.count)
        patient = Patient(slotCount: guidelines.facts.count)
        factNames = guidelines.facts.map { Array(JSONValue.string($0.name).serialized().utf8) }
        undeterminedPrefixes = guidelines.recommendations.map { r in
            let entry = JSONValue.object([("id", .string(r.id)), ("guideline", .string(guidelines.guidelines[r.guideline].id))]).serialized()
            return Array(entry.dropLast().utf8) + Array(",\"needs\":[".utf8)
        }
        idKeys = ids.map { Array(",".utf8) + JSONValue.string($0).bytes() + Array(":".utf8) }
        appliedMember = Array(",\"guidelines\":".utf8) + EvaluationJSON.applied(guidelines, detail: detail).bytes()
        idValues = ids.map { _ in [] }
        idPresent = ids.map { _ in false }
        idRanges = ids.map { _ in 0..<0 }
        idTexts = ids.map { _ in [] }
        summary = CohortSummary(recommendations: guidelines.recommendations.count, facts: guidelines.facts.count)
        decidedGiven = [Bool](repeating: false, count: guidelines.recommendations.count)
        needsCache = NeedsCache(guidelines: guidelines)
        fullLine = FullDetailLine(evaluator)
        scopeEntries = CohortScopeEntries(guidelines)
        fullDetail = detail == .full ? CohortFullDetail(guidelines, stepFacts: evaluator.stepFacts, derivedIndex: evaluator.derivedIndex) : nil
        undetermined.reserveCapacity(guidelines.recommendations.count)
    }

    /// The output line (UTF-8, without newline) for input line `number` (1-based), and whether it failed.
    public mutating func run(line: ArraySlice<UInt8>, number: Int) -> (output: [UInt8], failed: Bool) {
        var out: [UInt8] = []
        let failed = run(line: line, number: number, into: &out)
        return (out, failed)
    }

    /// Appends the output line (UTF-8, without newline) for input line `number` (1-based) to `out`;
    /// `true` when the line failed.
    public mutating func run(line: ArraySlice<UInt8>, number: Int, into out: inout [UInt8]) -> Bool {
        for k in idPresent.indices { idPresent[k] = false }
        if usesFastPath && inputFormat == .jsonl {
            patient.clear()
            for k in seen.indices { seen[k] = false }
            if fastReader.read(line, into: &patient, seen: &seen, ids: &idRanges) {
                fastLines += 1
                for k in idFields.indices where seen[guidelines.facts.count + k] {
                    idPresent[k] = true
                    idValues[k].removeAll(keepingCapacity: true)
                    idValues[k].append(contentsOf: line[idRanges[k]])
                    if outputFormat == .csv { setIdText(k, string: line[idRanges[k]]) }
                }
                evaluator.truths(for: patient, into: &truths)
                if let overflow = evaluator.evaluationError(in: patient, truths: truths) {
                    error(number, [overflow], into: &out)
                    return true
                }
                evaluated(number, diagnostics: [], into: &out)
                return false
            }
            for k in idPresent.indices { idPresent[k] = false }
        }
        let node: YAMLNode
        let parsed = inputFormat == .csv ? CohortCSV.node(line, header: csvHeader, lineNumber: number, file: file)
            : JSONLinePatient.parse(line, lineNumber: number, file: file)
        switch parsed {
        case .failure(let diagnostic):
            error(number, [diagnostic], into: &out)
            return true
        case .success(let parsed):
            node = parsed
        }
        var idDiagnostics: [Diagnostic] = []
        let decoded = decoder.decode(idFields.isEmpty ? node : takeIds(node, diagnostics: &idDiagnostics))
        let diagnostics = idDiagnostics + decoded.diagnostics
        guard var patient = decoded.patient, !diagnostics.containsErrors else {
            error(number, diagnostics, into: &out)
            return true
        }
        swap(&patient, &self.patient)
        evaluator.truths(for: self.patient, into: &truths)
        if let overflow = evaluator.evaluationError(in: self.patient, truths: truths) {
            error(number, diagnostics + [overflow], into: &out)
            return true
        }
        evaluated(number, diagnostics: diagnostics, into: &out)
        return false
    }

    /// The node without the id fields, whose values are kept for the output (or a diagnostic when an
    /// id is not a JSON scalar).
    private mutating func takeIds(_ node: YAMLNode, diagnostics: inout [Diagnostic]) -> YAMLNode {
        guard case .mapping(let entries, let span) = node else { return node }
        var kept: [YAMLMappingEntry] = []
        kept.reserveCapacity(entries.count)
        for entry in entries {
            guard let k = idFields.firstIndex(of: entry.key.value) else { kept.append(entry); continue }
            guard case .scalar(let scalar) = entry.value else { continue }
            let bytes: [UInt8]
            if scalar.style != .plain {
                bytes = JSONValue.string(scalar.value).bytes()
            } else if ["true", "false", "null"].contains(scalar.value) || JSONLinePatient.isJSONNumber(Array(scalar.value.utf8)[...]) {
                bytes = Array(scalar.value.utf8)
            } else {
                diagnostics.append(Diagnostic(.patientMalformed, "record id `\(entry.key.value)` must be a string or a number, found `\(scalar.value)`",
                                              at: scalar.span, fact: entry.key.value))
                continue
            }
            idValues[k] = bytes
            idPresent[k] = true
            idTexts[k] = scalar.style == .plain && scalar.value == "null" ? [] : Array(scalar.value.utf8)
        }
        return .mapping(kept, span)
    }

    /// `line` and the ids present, as the first members of an output object.
    private func header(_ line: Int) -> [(String, JSONValue)] {
        var members: [(String, JSONValue)] = [("line", .int(line))]
        for k in idFields.indices where idPresent[k] {
            // Already JSON text (a string, a number, true, false or null): written as is.
            members.append((idFields[k], .number(String(decoding: idValues[k], as: UTF8.self))))
        }
        return members
    }

    /// The text of a fast-path id value (JSON without escapes): a string's content, `null` as nothing.
    private mutating func setIdText(_ k: Int, string value: ArraySlice<UInt8>) {
        idTexts[k].removeAll(keepingCapacity: true)
        if value.first == UInt8(ascii: "\"") {
            idTexts[k].append(contentsOf: value.dropFirst().dropLast())
        } else if !value.elementsEqual("null".utf8) {
            idTexts[k].append(contentsOf: value)
        }
    }

    private mutating func error(_ line: Int, _ diagnostics: [Diagnostic], into out: inout [UInt8]) {
        summary.failed += 1
        let message = diagnostics.first { $0.severity == .error }?.message ?? "invalid patient"
        if outputFormat == .csv {
            csvStart(line, into: &out)
            for _ in guidelines.recommendations.indices { out.append(UInt8(ascii: ",")) }
            out.append(UInt8(ascii: ","))
            CohortCSV.appendCell(Array(message.utf8), to: &out)
            return
        }
        out.append(contentsOf: JSONValue.object(header(line) + [
            ("error", .string(message)),
            ("diagnostics", .array(diagnostics.map(EvaluationJSON.diagnostic))),
        ]).bytes())
    }

    /// `,"reason":…` of an undetermined recommendation that no missing fact would decide (as ``EvaluationJSON``).
    private static let undecidableMember = Array((",\"reason\":" + JSONValue.string(RecommendationOutcome.undecidable).serialized()).utf8)
    private static let diagnosticsMember = Array(",\"diagnostics\":".utf8)

    private static let recommendationsKey = Array(",\"recommendations\":[".utf8)
    private static let undeterminedKey = Array("],\"undetermined\":[".utf8)
    private static let givenCell = Array("given".utf8)
    private static let notGivenCell = Array("not_given".utf8)
    private static let undeterminedCell = Array("undetermined".utf8)

    /// A CSV output record's first cells: the line number and the ids.
    private func csvStart(_ line: Int, into out: inout [UInt8]) {
        Self.appendDecimal(line, to: &out)
        for k in idFields.indices {
            out.append(UInt8(ascii: ","))
            if idPresent[k] { CohortCSV.appendCell(idTexts[k], to: &out) }
        }
    }

    private static let lineKey = Array("{\"line\":".utf8)

    /// Appends `value` in decimal, without allocating.
    static func appendDecimal(_ value: Int, to out: inout [UInt8]) {
        if value < 0 { out.append(UInt8(ascii: "-")) }
        var v = value.magnitude, digits = 1, scale: UInt = 1
        while v / scale >= 10 { scale *= 10; digits += 1 }
        while scale > 0 { out.append(UInt8(ascii: "0") + UInt8(v / scale)); v %= scale; scale /= 10 }
    }

    /// The line of `self.patient`, whose node truths are in `truths`, assembled from the pre-serialised
    /// entries (compact) or fragments (full).
    private mutating func evaluated(_ line: Int, diagnostics: [Diagnostic], into out: inout [UInt8]) {
        let conditions = self.conditions
        // Unknown conditions are resolved first: some are decided after all (every completion agrees).
        undetermined.removeAll(keepingCapacity: true)
        for index in conditions.indices {
            decidedGiven[index] = false
            guard truths[conditions[index]] == .unknown else { continue }
            let resolution = usesNeedsCache
                ? needsCache.resolve(index, node: conditions[index], patient: patient, truths: truths, evaluator: evaluator)
                : evaluator.resolve(conditions[index], patient: patient, conjunctions: evaluator.conjunctions[index], truths: truths)
            switch resolution {
            case .decided(true): decidedGiven[index] = true
            case .decided(false): break
            case .needs(let slots): undetermined.append((index, slots))
            }
        }
        summary.evaluated += 1
        for index in conditions.indices where truths[conditions[index]] == .true || decidedGiven[index] {
            summary.given[index] += 1
        }
        for (index, needs) in undetermined {
            summary.undetermined[index] += 1
            for slot in needs { summary.needed[index][slot] += 1 }
        }
        if outputFormat == .csv {
            csvStart(line, into: &out)
            var next = 0
            for index in conditions.indices {
                out.append(UInt8(ascii: ","))
                if next < undetermined.count, undetermined[next].index == index {
                    out.append(contentsOf: Self.undeterminedCell)
                    next += 1
                } else if truths[conditions[index]] == .true || decidedGiven[index] {
                    out.append(contentsOf: Self.givenCell)
                } else {
                    out.append(contentsOf: Self.notGivenCell)
                }
            }
            out.append(UInt8(ascii: ","))
            return
        }
        out.append(contentsOf: Self.lineKey)
        Self.appendDecimal(line, to: &out)
        for k in idFields.indices where idPresent[k] {
            out.append(contentsOf: idKeys[k])
            out.append(contentsOf: idValues[k])
        }
        out.append(contentsOf: appliedMember)
        if let day = patient.evaluationDate {
            // Most lines share one evaluation date: its member is written once and reused.
            if asOfMember.day != day { asOfMember = (day, Array(",\"as_of\":\"\(CalendarDate.text(day))\"".utf8)) }
            out.append(contentsOf: asOfMember.bytes)
        }
        out.append(contentsOf: Self.recommendationsKey)
        fullLine.start()
        defer { fullLine.end() }
        var first = true
        for index in conditions.indices where truths[conditions[index]] == .true || decidedGiven[index] {
            if !first { out.append(UInt8(ascii: ",")) }
            first = false
            if let fullDetail {
                // Traces only where the condition holds outright (as `EvaluationJSON` shows them).
                fullDetail.appendGiven(index, traced: truths[conditions[index]] == .true, patient, truths, &fullLine, into: &out)
            } else {
                out.append(contentsOf: givenEntries[index])
            }
        }
        out.append(contentsOf: Self.undeterminedKey)
        first = true
        for (index, needs) in undetermined {
            if !first { out.append(UInt8(ascii: ",")) }
            first = false
            if let fullDetail {
                fullDetail.appendUndeterminedHead(index, patient, &fullLine, into: &out)
            } else {
                out.append(contentsOf: undeterminedPrefixes[index])
            }
            for (k, slot) in needs.enumerated() {
                if k > 0 { out.append(UInt8(ascii: ",")) }
                out.append(contentsOf: factNames[slot])
            }
            out.append(UInt8(ascii: "]"))
            if needs.isEmpty { out.append(contentsOf: Self.undecidableMember) }
            out.append(UInt8(ascii: "}"))
        }
        out.append(UInt8(ascii: "]"))
        scopeEntries.append(patient, truths: truths, into: &out)
        out.append(contentsOf: Self.diagnosticsMember)
        if diagnostics.isEmpty {
            out.append(UInt8(ascii: "["))
            out.append(UInt8(ascii: "]"))
        } else {
            out.append(contentsOf: JSONValue.array(diagnostics.map(EvaluationJSON.diagnostic)).bytes())
        }
        out.append(UInt8(ascii: "}"))
    }
}
