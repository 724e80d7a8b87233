import PathwayCompiler
import PathwayDiagnostics
import PathwayYAML

/// One FHIR R4 resource read from a Bundle, a file or a folder, with where it came from.
public struct FHIRResource: Sendable {
    /// `resourceType`, e.g. `Observation`.
    public let type: String
    /// The resource's `id`, or a name derived from the Bundle entry when it has none.
    public let id: String
    /// The resource's JSON tree.
    public let node: YAMLNode

    /// `Observation/ki67-1`: how traces and reports name the resource.
    public var reference: String { "\(type)/\(id)" }

    /// Where the resource starts.
    public var span: SourceSpan { node.span }

    /// The codings of the resource's `code` element.
    var codes: [FHIRCoding] { node.member("code")?.codings ?? [] }

    /// The profiles the resource claims in `meta.profile`.
    var profiles: [String] { node.member(path: "meta.profile")?.elements.compactMap(\.text) ?? [] }

    /// Whether the resource's status says it must not be used: entered in error, cancelled,
    /// refuted, not done (FHIR R4 Observation.status, Condition.verificationStatus,
    /// Procedure.status, MedicationStatement.status, MedicationRequest.status).
    let isVoid: Bool

    /// The date the resource's finding holds at, as an exact instant, for "latest wins": the first of
    /// the elements FHIR R4 defines for it that is present and valid (Observation `effective[x]`,
    /// `issued`; Condition `onset[x]`, `recordedDate`; Procedure `performed[x]`; MedicationStatement
    /// `effective[x]`, `dateAsserted`; MedicationRequest `authoredOn`).
    let effectiveDate: FHIRDate?

    /// A located problem (PW0901) for each date element that is not a valid FHIR R4 date of its type
    /// (those of ``effectiveDate`` and `Patient.birthDate`).
    let dateProblems: [Diagnostic]

    /// Reads the status and the dates of `node` once.
    init(type: String, id: String, node: YAMLNode) {
        self.type = type
        self.id = id
        self.node = node
        var void = false
        if let status = node.member("status")?.text, Self.voidStatuses.contains(status) { void = true }
        if let verification = node.member("verificationStatus")?.codings,
           verification.contains(where: { $0.code == "entered-in-error" || $0.code == "refuted" }) { void = true }
        isVoid = void
        var effective: FHIRDate?
        var problems: [Diagnostic] = []
        for element in Self.dateElements {
            var found: YAMLNode? = node
            for part in element.path { found = found?.member(part) }
            guard let found else { continue }
            let name = element.path.joined(separator: ".")
            // FHIR JSON writes every date as a string (R4 JSON representation: primitive types).
            guard case .scalar(let scalar) = found, scalar.style.isQuotedOrBlock else {
                problems.append(Diagnostic(.fhirMalformed, "\(type)/\(id): `\(name)` must be a \(element.kind.rawValue) string, found \(found.shapeDescription)",
                                           at: found.span))
                continue
            }
            switch FHIRDate.parse(scalar.value, as: element.kind) {
            case .success(let date):
                if element.isEffective, effective == nil { effective = date }
            case .failure(let problem):
                problems.append(Diagnostic(.fhirMalformed, "\(type)/\(id): `\(name)` is not a valid FHIR \(element.kind.rawValue): \(problem.description)",
                                           at: scalar.span, notes: [.init(element.kind.grammarNote)]))
            }
        }
        effectiveDate = effective
        dateProblems = problems
    }

    static let voidStatuses: Set<String> = ["entered-in-error", "cancelled", "not-done", "refuted", "revoked", "stopped"]

    /// The date elements read, in ``effectiveDate``'s order, with their FHIR R4 types; `birthDate`
    /// is checked but gives no effective date.
    static let dateElements: [(path: [String], kind: FHIRDate.Kind, isEffective: Bool)] = [
        (["effectiveDateTime"], .dateTime, true), (["effectiveInstant"], .instant, true),
        (["effectivePeriod", "end"], .dateTime, true), (["effectivePeriod", "start"], .dateTime, true),
        (["issued"], .instant, true), (["onsetDateTime"], .dateTime, true),
        (["onsetPeriod", "end"], .dateTime, true), (["onsetPeriod", "start"], .dateTime, true),
        (["recordedDate"], .dateTime, true), (["performedDateTime"], .dateTime, true),
        (["performedPeriod", "end"], .dateTime, true), (["performedPeriod", "start"], .dateTime, true),
        (["dateAsserted"], .dateTime, true), (["authoredOn"], .dateTime, true),
        (["birthDate"], .date, false),
    ]
}
