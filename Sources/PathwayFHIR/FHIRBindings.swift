import PathwayCompiler
import PathwayDiagnostics
import PathwayYAML

/// Where each fact is found in FHIR R4 data: a bindings document (`kind: fhir-bindings`), kept apart
/// from the vocabulary so that a deploying site can replace it with its own codes.
///
/// ```yaml
/// kind: fhir-bindings
/// id: nen-fhir
/// facts:
///   tumor_size:
///     resource: Observation
///     codes: ["http://loinc.org|21889-1"]
///     element: component http://loinc.org|33728-7
/// ```
public struct FHIRBindings: Sendable {
    /// The document's id.
    public let id: String
    /// The file it came from.
    public let path: String
    /// One binding per bound fact, in document order.
    public let bindings: [FactBinding]
    /// The bindings by resource type and code, to find those that may select a resource.
    let index: Index

    init(id: String, path: String, bindings: [FactBinding]) {
        self.id = id
        self.path = path
        self.bindings = bindings
        self.index = Index(bindings)
    }

    /// The resource types of FHIR R4 a binding can read.
    public enum ResourceType: String, CaseIterable, Sendable {
        case observation = "Observation"
        case condition = "Condition"
        case procedure = "Procedure"
        case medicationStatement = "MedicationStatement"
        case medicationRequest = "MedicationRequest"
        case patient = "Patient"
    }

    /// The element of a matched resource that holds the fact's value.
    public enum Element: Hashable, Sendable {
        /// Observation `value[x]`: `valueQuantity`, `valueCodeableConcept`, `valueBoolean`, `valueInteger`.
        case value
        /// The `value[x]` of the Observation `component` whose code is this `system|code`.
        case component(system: String, code: String)
        /// Condition/Procedure `bodySite` codes.
        case bodySite
        /// Condition `stage.summary` codes.
        case stageSummary
        /// The resource's own `code` (or `medicationCodeableConcept`), mapped through `values`.
        case code
        /// `true` when a matching resource exists (and is not void).
        case present

        var description: String {
            switch self {
            case .value: "value"
            case .component(let system, let code): "component \(system)|\(code)"
            case .bodySite: "bodySite"
            case .stageSummary: "stage.summary"
            case .code: "code"
            case .present: "present"
            }
        }
    }

    /// A `system|code` pattern; a code ending in `*` matches every code it begins (`C15*`: C15.0 … C15.9).
    public struct CodePattern: Hashable, Sendable {
        public let system: String
        public let code: String
        public let isPrefix: Bool

        func matches(_ coding: FHIRCoding) -> Bool {
            coding.system == system && (isPrefix ? coding.code.hasPrefix(code) : coding.code == code)
        }
    }

    /// How one fact is found.
    public struct FactBinding: Sendable {
        /// The bound fact.
        public let fact: FactSymbol
        /// The resource type it is read from.
        public let resource: ResourceType
        /// Codes that identify the resource (any one matches), on `code` or `medicationCodeableConcept`.
        public let codes: [CodePattern]
        /// A profile the resource must claim in `meta.profile`, if given.
        public let profile: String?
        /// The element holding the value.
        public let element: Element
        /// For a fact without a unit: the UCUM code a quantity must carry (`a` for years of age).
        public let unit: String?
        /// For coded values: each fact value and the codes that mean it.
        public let values: [(value: String, patterns: [CodePattern])]
        /// Where the binding is written.
        public let span: SourceSpan

        func matches(_ resource: FHIRResource, _ keys: MatchKeys) -> Bool {
            guard keys.type == self.resource else { return false }
            if let profile, !keys.profiles.contains(profile) { return false }
            if codes.isEmpty { return true }
            return keys.codes.contains { coding in codes.contains { $0.matches(coding) } }
        }
    }

    /// What bindings select a resource by: its codes (`code`, `medicationCodeableConcept`) and profiles.
    struct MatchKeys {
        /// The resource's type, when bindings can read it.
        let type: ResourceType?
        let codes: [FHIRCoding]
        let profiles: [String]

        init(_ resource: FHIRResource) {
            type = ResourceType(rawValue: resource.type)
            codes = resource.codes + (resource.node.member("medicationCodeableConcept")?.codings ?? [])
            profiles = resource.profiles
        }
    }

    /// The CDS Hooks prefetch templates these bindings need (one FHIR search per resource type,
    /// restricted to the bound codes where every binding of the type names codes), keyed by type.
    public var prefetchTemplates: [(key: String, query: String)] {
        var result: [(String, String)] = []
        for type in ResourceType.allCases {
            let of = bindings.filter { $0.resource == type }
            guard !of.isEmpty else { continue }
            if type == .patient {
                result.append(("patient", "Patient/{{context.patientId}}"))
                continue
            }
            var query = "\(type.rawValue)?patient={{context.patientId}}"
            if of.allSatisfy({ !$0.codes.isEmpty && !$0.codes.contains(where: \.isPrefix) }) {
                var seen = Set<String>()
                let tokens = of.flatMap(\.codes).map { "\($0.system)|\($0.code)" }.filter { seen.insert($0).inserted }
                query += "&code=" + tokens.joined(separator: ",")
            }
            result.append((type.rawValue.prefix(1).lowercased() + type.rawValue.dropFirst(), query))
        }
        return result
    }
}
