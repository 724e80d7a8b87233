import PathwayCompiler
import PathwayDiagnostics
import PathwayEvaluator
import PathwayFHIR
import PathwaySyntax

/// CDS Hooks 2.0 cards (https://cds-hooks.hl7.org/2.0/#card-attributes) for one guideline's
/// recommendations.
///
/// - `summary`: "For:"/"Against:" and the recommendation's text, cut to 139 characters with `…`
///   (the specification asks for fewer than 140).
/// - `detail` (GitHub-flavoured Markdown): the level and its meaning, the verbatim quote, the
///   citation, and the facts the decision used with the resource each came from.
/// - `indicator` (the mapping documented in docs/service.md): `warning` for a recommendation
///   *against* an action (it asks the clinician not to do something they may be about to do), `info`
///   for one *for* an action and for the missing-data and data-problem cards; Pathway never sends
///   `critical`: a guideline recommendation is not an alert that must interrupt the user.
/// - `source`: the first citation's text as `label` (cut to 100 characters) and its DOI as `url`.
/// - `links`: the DOI, and the service's own explanation of the recommendation
///   (`GET /recommendations/{id}`).
public enum CDSCards {
    static let summaryLimit = 139

    /// Cuts `text` to at most `limit` characters, ending in `…` when cut.
    static func cut(_ text: String, _ limit: Int) -> String {
        text.count <= limit ? text : String(text.prefix(limit - 1)) + "…"
    }

    /// `text` with every `byte` (an ASCII character) replaced by `replacement`; `text` itself when it
    /// has none (most quotes have no line break).
    static func replacing(_ byte: UInt8, in text: String, with replacement: String) -> String {
        guard text.utf8.contains(byte) else { return text }
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count + 16)
        for b in text.utf8 {
            if b == byte { out += replacement.utf8 } else { out.append(b) }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// A stable card id (a name-based UUID of the hook instance and the card's key), so the same call
    /// gives the same cards and feedback can name them.
    static func uuid(_ hookInstance: String, _ key: String) -> String {
        // Two FNV-1a-style hashes over the bytes of `hookInstance`, a zero byte and `key`.
        var a: UInt64 = 0xcbf2_9ce4_8422_2325, b: UInt64 = 0x8422_2325_cbf2_9ce4
        func mix(_ byte: UInt8) {
            a = (a ^ UInt64(byte)) &* 0x100_0000_01b3
            b = (b ^ UInt64(byte)) &* 0x100_0000_01b3 &+ 0x9e37_79b9
        }
        for byte in hookInstance.utf8 { mix(byte) }
        mix(0)
        for byte in key.utf8 { mix(byte) }
        var out: [UInt8] = []
        out.reserveCapacity(36)
        // The lowest `digits` hexadecimal digits of `v`, lowercase, zero-padded.
        func hex(_ v: UInt64, _ digits: Int) {
            for nibble in stride(from: digits - 1, through: 0, by: -1) {
                let d = UInt8((v >> UInt64(4 * nibble)) & 0xf)
                out.append(d < 10 ? UInt8(ascii: "0") + d : UInt8(ascii: "a") + d - 10)
            }
        }
        // Version 8 (custom) and RFC 4122 variant bits.
        let timeHigh = (b >> 48) & 0x0fff | 0x8000
        let clock = (b >> 32) & 0x3fff | 0x8000
        hex(a >> 32, 8)
        out.append(UInt8(ascii: "-"))
        hex((a >> 16) & 0xffff, 4)
        out.append(UInt8(ascii: "-"))
        hex(timeHigh, 4)
        out.append(UInt8(ascii: "-"))
        hex(clock, 4)
        out.append(UInt8(ascii: "-"))
        hex(b & 0xffff_ffff_ffff, 12)
        return String(decoding: out, as: UTF8.self)
    }

    /// The cards for guideline `guideline` (an index) of an evaluation.
    public static func cards(_ evaluation: Evaluation, guideline: Int, guidelines: CompiledGuidelines, mapped: FHIRPatient?,
                             bindings: FHIRBindings? = nil, hookInstance: String, baseURL: String) -> [JSONValue] {
        let sources = mapped?.sourceByFact ?? [:]
        var cards: [JSONValue] = []
        let outcomes = evaluation.outcomes.filter { $0.recommendation.guideline == guideline }
        for outcome in outcomes where outcome.status == .given {
            cards.append(card(outcome, sources: sources, hookInstance: hookInstance, baseURL: baseURL))
        }
        let undetermined = outcomes.filter { $0.status == .undetermined }
        if !undetermined.isEmpty {
            var needs: [String] = []
            for o in undetermined { for n in o.needs where !needs.contains(n) { needs.append(n) } }
            let shown = needs.prefix(4).map { "`\($0)`" }.joined(separator: ", ") + (needs.count > 4 ? " and \(needs.count - 4) more" : "")
            var detail = "Pathway could not decide these recommendations because data is missing. Recording the facts listed would decide them.\n\n"
            for o in undetermined {
                detail += "- **\(o.recommendation.id)** (\(o.recommendation.direction.rawValue)): \(o.text) — needs: "
                    + o.needs.map { "`\($0)`" }.joined(separator: ", ") + "\n"
            }
            if let bindings {
                let how = needs.compactMap { name -> String? in
                    guard let b = bindings.bindings.first(where: { $0.fact.name == name }) else { return nil }
                    let code = b.codes.first.map { " with code \($0.system)|\($0.code)\($0.isPrefix ? "*" : "")" } ?? b.profile.map { " with profile \($0)" } ?? ""
                    return "- `\(name)`: \(b.resource.rawValue)\(code)"
                }
                if !how.isEmpty { detail += "\nRecorded in FHIR as (bindings `\(bindings.id)`):\n\n" + how.joined(separator: "\n") + "\n" }
            }
            cards.append(.object([
                ("uuid", .string(uuid(hookInstance, "missing-data"))),
                ("summary", .string(replacing(UInt8(ascii: "`"), in: cut("\(undetermined.count) undetermined: missing \(shown)", summaryLimit), with: ""))),
                ("detail", .string(detail)),
                ("indicator", .string("info")),
                ("source", .object([("label", .string("Pathway: missing data"))])),
            ]))
        }
        if let mapped {
            let problems = mapped.diagnostics.filter { $0.code == .fhirConflict || $0.code == .fhirUnconvertibleUnit || $0.code == .fhirUnusableValue }
            if !problems.isEmpty {
                let detail = "Some patient data could not be used; the facts concerned were left unknown.\n\n"
                    + problems.map { "- \($0.code.rawValue): \($0.message)" }.joined(separator: "\n") + "\n"
                cards.append(.object([
                    ("uuid", .string(uuid(hookInstance, "data-problems"))),
                    ("summary", .string(cut("\(problems.count) patient data problem\(problems.count == 1 ? "" : "s"): conflicting or unusable values left unknown", summaryLimit))),
                    ("detail", .string(detail)),
                    ("indicator", .string("info")),
                    ("source", .object([("label", .string("Pathway: FHIR data"))])),
                ]))
            }
        }
        return cards
    }

    /// Each prefetch key not obtained, its query (cut to 120 characters) and why, as Markdown items.
    static func unobtainedList(_ items: [(CDSHookCall.Missing, String)]) -> String {
        items.map { "- `\($0.0.key)` (`\(cut($0.0.query, 120))`): \($0.1)" }.joined(separator: "\n") + (items.isEmpty ? "" : "\n")
    }

    /// The only card when the call brought no data and none could be fetched: no recommendation
    /// could be evaluated; it names each prefetch key not obtained and why.
    static func noData(_ unobtained: [(CDSHookCall.Missing, String)], hookInstance: String) -> JSONValue {
        .object([
            ("uuid", .string(uuid(hookInstance, "no-data"))),
            ("summary", .string("No patient data: the call's prefetch holds none, and none could be fetched")),
            ("detail", .string("Pathway evaluates the data the CDS client sends as `prefetch` (the templates of `GET /cds-services`) and, when the call "
                               + "gives `fhirServer` and `fhirAuthorization`, fetches from that server what the prefetch leaves out. "
                               + "No recommendation could be evaluated.\n\n" + unobtainedList(unobtained))),
            ("indicator", .string("warning")),
            ("source", .object([("label", .string("Pathway: FHIR data"))])),
        ])
    }

    /// The card for data the call neither brought nor let Pathway fetch, when other data was there.
    static func notObtained(_ unobtained: [(CDSHookCall.Missing, String)], hookInstance: String) -> JSONValue {
        .object([
            ("uuid", .string(uuid(hookInstance, "data-not-obtained"))),
            ("summary", .string(cut("Patient data not obtained: " + unobtained.map(\.0.key).joined(separator: ", ") + "; the facts it holds are unknown", summaryLimit))),
            ("detail", .string("Pathway could not obtain this data; the facts it would give were left unknown, and recommendations that need them "
                               + "are listed as undetermined.\n\n" + unobtainedList(unobtained))),
            ("indicator", .string("warning")),
            ("source", .object([("label", .string("Pathway: FHIR data"))])),
        ])
    }

    static func indicator(_ direction: Direction) -> String {
        switch direction {
        case .for: "info"
        case .against: "warning"
        }
    }

    static func card(_ outcome: RecommendationOutcome, sources: [String: String], hookInstance: String, baseURL: String) -> JSONValue {
        let r = outcome.recommendation
        let word: String
        switch r.direction {
        case .for: word = "For"
        case .against: word = "Against"
        }
        var detail = ""
        if let level = r.level {
            detail += "**Level:** \(level.scheme).\(level.value) — \(level.definition)\n\n"
        }
        detail += "> " + replacing(0x0A, in: r.quote, with: "\n> ") + "\n\n"
        for c in r.citations {
            detail += "**Source:** \(c.text)" + (c.section.map { " § \($0)" } ?? "") + (c.doi.map { " [doi:\($0)](https://doi.org/\($0))" } ?? "") + "\n\n"
        }
        var used: [(String, String)] = []
        for path in outcome.paths where path.value == .true {
            for step in path.steps { for f in step.facts where !used.contains(where: { $0.0 == f.name }) { used.append((f.name, f.value)) } }
            break
        }
        if !used.isEmpty {
            detail += "**Facts used:** " + used.map { name, value in "`\(name)` = \(value)" + (sources[name].map { " (\($0))" } ?? "") }.joined(separator: "; ") + "\n"
        }
        var source: [(String, JSONValue)] = [("label", .string(cut(r.citations.first?.text ?? "Pathway", 100)))]
        if let doi = r.citations.first?.doi { source.append(("url", .string("https://doi.org/\(doi)"))) }
        var links: [JSONValue] = [.object([("label", .string("Why: the recommendation, its conditions and source")),
                                           ("url", .string("\(baseURL)/recommendations/\(r.id)")), ("type", .string("absolute"))])]
        if let doi = r.citations.first?.doi {
            links.append(.object([("label", .string("Source publication (doi:\(doi))")), ("url", .string("https://doi.org/\(doi)")), ("type", .string("absolute"))]))
        }
        return .object([
            ("uuid", .string(uuid(hookInstance, r.id))),
            ("summary", .string(cut("\(word): \(outcome.text)", summaryLimit))),
            ("detail", .string(detail)),
            ("indicator", .string(indicator(r.direction))),
            ("source", .object(source)),
            ("links", .array(links)),
        ])
    }
}
