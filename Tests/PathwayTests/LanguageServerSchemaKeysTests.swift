import Foundation
@testable import PathwayLanguageServer
import Testing

/// The keys the language server completes, with their documentation, are the JSON Schema's
/// (Sources/PathwayLanguageServer/Features/SchemaKeys.swift is generated from it by
/// scripts/lsp-schema-keys.py: rerun it when this fails).
@Suite struct LanguageServerSchemaKeysTests {
    @Test func completedKeysAreTheSchemasKeys() throws {
        let data = try Data(contentsOf: TestFiles.repositoryRoot.appendingPathComponent("Grammar/guideline.schema.json"))
        let schema = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let defs = try #require(schema["$defs"] as? [String: Any])
        var withProperties: Set<String> = []
        for (name, value) in defs {
            guard let def = value as? [String: Any], let properties = def["properties"] as? [String: Any] else { continue }
            withProperties.insert(name)
            let generated = try #require(SchemaKeys.byMapping[name], "no keys for `\(name)`: rerun scripts/lsp-schema-keys.py")
            #expect(Set(generated.map(\.key)) == Set(properties.keys), "keys of `\(name)` differ from the schema: rerun scripts/lsp-schema-keys.py")
            for (key, documentation) in generated {
                if let direct = (properties[key] as? [String: Any])?["description"] as? String {
                    #expect(documentation == direct, "documentation of `\(name).\(key)` differs from the schema")
                }
                #expect(!documentation.isEmpty, "`\(name).\(key)` has no documentation")
            }
        }
        #expect(Set(SchemaKeys.byMapping.keys) == withProperties)
    }

    /// Every mapping the completion recognises by its place has keys.
    @Test func everyRecognisedMappingHasKeys() {
        for kind in ["guideline", "vocabulary", "fact", "derived", "citation", "scheme", "recommendation", "tree", "treeBranch",
                     "table", "tableRow", "outputColumn", "test", "range", "derivedCase", "scorePoints", "schemeLevel"] {
            #expect(SchemaKeys.byMapping[kind] != nil, "\(kind)")
        }
    }
}
