import Foundation
import PathwayDiagnostics
import PathwayEvaluator
import PathwayYAML

/// Reads FHIR R4 JSON — a Bundle, a single resource, or a folder of such files — into resources,
/// with a located diagnostic (PW0901) for everything that is not FHIR: not JSON, not an object, a
/// `resourceType` that R4 does not define, a required element missing, a date element that is not a
/// valid FHIR date (``FHIRDate``: the R4 grammar, and a day within its month).
public enum FHIRReader {
    /// The largest FHIR file read, in bytes (16 MiB): Bundles are larger than patient files.
    public static let defaultLimit = 16 * 1024 * 1024
    /// The most files read from one folder.
    public static let maxFolderFiles = 10_000
    /// How deeply Bundles may nest in Bundles.
    static let maxBundleDepth = 4

    /// What was read: the resources, the files' texts (for excerpts) and every problem.
    public struct Result: Sendable {
        public var resources: [FHIRResource] = []
        public var sources: [SourceFile] = []
        public var diagnostics: [Diagnostic] = []
        public init() {}
    }

    /// Reads a file (a Bundle or a resource) or a folder of `.json` files, in name order.
    public static func read(path: String, limit: Int = defaultLimit) -> Result {
        var isDirectory: ObjCBool = false
        if path != "-", FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
            var result = Result()
            let names: [String]
            do {
                names = try FileManager.default.contentsOfDirectory(atPath: path).filter { $0.hasSuffix(".json") }.sorted()
            } catch {
                result.diagnostics.append(Diagnostic(.fhirMalformed, "cannot read the folder `\(Excerpt.truncated(path))`", at: nil))
                return result
            }
            if names.isEmpty {
                result.diagnostics.append(Diagnostic(.fhirMalformed, "the folder `\(Excerpt.truncated(path))` holds no `.json` file", at: nil))
            }
            for name in names.prefix(maxFolderFiles) {
                let one = read(path: (path as NSString).appendingPathComponent(name), limit: limit)
                result.resources += one.resources
                result.sources += one.sources
                result.diagnostics += one.diagnostics
            }
            if names.count > maxFolderFiles {
                result.diagnostics.append(Diagnostic(.fhirMalformed, "the folder `\(Excerpt.truncated(path))` holds \(names.count) `.json` files, more than the limit of \(maxFolderFiles)", at: nil))
            }
            return result
        }
        let file = PatientFile.read(path, limit: limit)
        var result = Result()
        if let source = file.source { result.sources.append(source) }
        result.diagnostics = file.diagnostics.map(asFHIR)
        guard let root = file.root else { return result }
        collect(root, into: &result)
        return result
    }

    /// Reads FHIR JSON given as bytes (a request body), named `name` in diagnostics.
    public static func read(bytes: [UInt8], name: String, limit: Int = defaultLimit) -> Result {
        var result = Result()
        result.sources.append(SourceFile(path: name, text: String(decoding: bytes, as: UTF8.self)))
        let loaded = YAMLLoader.load(json: bytes, path: name, limits: YAMLLimits(maxBytes: limit))
        result.diagnostics = loaded.diagnostics.map(asFHIR)
        guard let root = loaded.root else { return result }
        collect(root, into: &result)
        return result
    }

    /// Reads the resources of an already-loaded tree (a Bundle or a resource).
    public static func read(root: YAMLNode) -> Result {
        var result = Result()
        collect(root, into: &result)
        return result
    }

    /// Loader problems in FHIR input keep their code (PW01xx are YAML problems, PW06xx file problems)
    /// except that "not an object of facts" means nothing here.
    private static func asFHIR(_ d: Diagnostic) -> Diagnostic { d }

    static func collect(_ root: YAMLNode, into result: inout Result, depth: Int = 0, name: String? = nil) {
        guard case .mapping = root else {
            result.diagnostics.append(Diagnostic(.fhirMalformed, "expected a FHIR resource (a JSON object with `resourceType`), found \(root.shapeDescription)", at: root.span))
            return
        }
        guard let typeEntry = root.entry("resourceType") else {
            result.diagnostics.append(Diagnostic(.fhirMalformed, "this object has no `resourceType`; every FHIR resource names its type", at: root.span,
                                                 notes: [.init("e.g. `\"resourceType\": \"Bundle\"` or `\"resourceType\": \"Observation\"`")]))
            return
        }
        guard case .scalar(let typeScalar) = typeEntry.value else {
            result.diagnostics.append(Diagnostic(.fhirMalformed, "`resourceType` must be a string, found \(typeEntry.value.shapeDescription)", at: typeEntry.value.span))
            return
        }
        let type = typeScalar.value
        guard FHIRResourceTypes.r4.contains(type) else {
            result.diagnostics.append(Diagnostic(.fhirMalformed, "`\(Excerpt.truncated(type))` is not a FHIR R4 resource type", at: typeScalar.span,
                                                 suggestions: Suggest.closest(to: type, in: FHIRResourceTypes.r4.sorted()).map { [.replace(with: $0)] } ?? []))
            return
        }
        if type == "Bundle" {
            guard depth < maxBundleDepth else {
                result.diagnostics.append(Diagnostic(.fhirMalformed, "Bundles nest deeper than the limit of \(maxBundleDepth)", at: root.span))
                return
            }
            if root.member("type") == nil {
                result.diagnostics.append(Diagnostic(.fhirMalformed, "the Bundle has no `type`, which FHIR R4 requires (Bundle.type 1..1)", at: typeEntry.key.span,
                                                     notes: [.init("write e.g. `\"type\": \"collection\"` or `\"type\": \"searchset\"`")]))
            }
            guard let entries = root.member("entry") else { return }
            guard case .sequence(let items, _) = entries else {
                result.diagnostics.append(Diagnostic(.fhirMalformed, "`entry` of a Bundle must be a list, found \(entries.shapeDescription)", at: entries.span))
                return
            }
            for (index, item) in items.enumerated() {
                guard case .mapping = item else {
                    result.diagnostics.append(Diagnostic(.fhirMalformed, "a Bundle entry must be an object, found \(item.shapeDescription)", at: item.span))
                    continue
                }
                // An entry without a resource (a deleted one in a history Bundle) holds nothing to read.
                guard let resource = item.member("resource") else { continue }
                let fullUrl = item.member("fullUrl")?.text
                collect(resource, into: &result, depth: depth + 1, name: fullUrl.map(lastSegment) ?? "entry-\(index + 1)")
            }
            return
        }
        var id = name ?? "unnamed"
        if let idNode = root.member("id") {
            guard let text = idNode.text, !text.isEmpty else {
                result.diagnostics.append(Diagnostic(.fhirMalformed, "`id` must be a string, found \(idNode.shapeDescription)", at: idNode.span))
                return
            }
            id = text
        }
        for (element, rule) in FHIRResourceTypes.required[type] ?? [] where root.member(element) == nil {
            result.diagnostics.append(Diagnostic(.fhirMalformed, "\(type) `\(Excerpt.truncated(id))` has no `\(element)`, which FHIR R4 requires (\(rule))", at: typeEntry.key.span))
        }
        if let code = root.member("code"), case .scalar = code, type != "Patient" {
            result.diagnostics.append(Diagnostic(.fhirMalformed, "`code` of \(type) `\(Excerpt.truncated(id))` must be a CodeableConcept object, found \(code.shapeDescription)", at: code.span))
        }
        let resource = FHIRResource(type: type, id: id, node: root)
        result.diagnostics += resource.dateProblems
        result.resources.append(resource)
    }

    /// The last non-empty `/`-separated segment of a `fullUrl` (`Observation/ki67-1` → `ki67-1`),
    /// the whole text when it has none, or what follows `urn:uuid:`.
    static func lastSegment(_ url: String) -> String {
        if url.hasPrefix("urn:uuid:") { return String(url.dropFirst(9)) }
        let utf8 = url.utf8
        var end = utf8.endIndex
        while end > utf8.startIndex, utf8[utf8.index(before: end)] == UInt8(ascii: "/") { end = utf8.index(before: end) }
        guard end > utf8.startIndex else { return url }
        var start = end
        while start > utf8.startIndex, utf8[utf8.index(before: start)] != UInt8(ascii: "/") { start = utf8.index(before: start) }
        return String(url[start..<end])
    }
}
