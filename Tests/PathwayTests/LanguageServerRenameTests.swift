import Foundation
@testable import PathwayCompiler
@testable import PathwayDiagnostics
@testable import PathwayLanguageServer
import Testing

/// Rename of each kind of symbol, in process on a copy of the bundled guidelines: the edit, applied,
/// leaves guidelines that compile without errors (every use was renamed, nothing else was touched),
/// and a name already declared is refused.
@Suite(.serialized) struct LanguageServerRenameTests {
    final class Session {
        let folder: URL
        let server = LanguageServer()
        var id = 0

        init() throws {
            folder = FileManager.default.temporaryDirectory.appendingPathComponent("pathway-lsp-rename-\(ProcessInfo.processInfo.processIdentifier)-\(UUID().uuidString)")
            try FileManager.default.copyItem(at: TestFiles.repositoryRoot.appendingPathComponent("guidelines"), to: folder)
            _ = request("initialize", .object([("capabilities", .object([])), ("rootUri", .string(folder.absoluteString))]))
        }

        deinit { try? FileManager.default.removeItem(at: folder) }

        func request(_ method: String, _ params: JSONValue) -> JSONValue {
            id += 1
            return server.receive(.object([("jsonrpc", .string("2.0")), ("id", .int(id)), ("method", .string(method)), ("params", params)])).first ?? .null
        }

        /// The position of the `occurrence`-th `needle` in `file`, `offset` characters in.
        func position(_ file: String, _ needle: String, offset: Int = 0) throws -> JSONValue {
            let text = try String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8)
            let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
            let line = try #require(lines.firstIndex { $0.contains(needle) }, "`\(needle)` not in \(file)")
            let column = try #require(lines[line].range(of: needle)).lowerBound
            return LSP.position(line: line, character: lines[line][..<column].utf16.count + offset)
        }

        func rename(_ file: String, at position: JSONValue, to name: String) -> JSONValue {
            request("textDocument/rename", .object([("textDocument", .object([("uri", .string(folder.appendingPathComponent(file).absoluteString))])),
                                                    ("position", position), ("newName", .string(name))]))
        }

        /// Applies a WorkspaceEdit to the files; returns how many edits it made, by file name.
        func apply(_ edit: JSONValue) throws -> [String: Int] {
            guard case .object(let changes)? = edit["changes"] else { return [:] }
            var counts: [String: Int] = [:]
            for (uri, edits) in changes {
                let path = try #require(Paths.path(ofURI: uri))
                var document = TextDocument(uri: uri, path: path, version: 0, text: try String(contentsOfFile: path, encoding: .utf8))
                let sorted = (edits.array ?? []).sorted {
                    ($0["range"]?["start"]?["line"]?.int ?? 0, $0["range"]?["start"]?["character"]?.int ?? 0)
                        > ($1["range"]?["start"]?["line"]?.int ?? 0, $1["range"]?["start"]?["character"]?.int ?? 0)
                }
                for e in sorted {
                    let s = try #require(e["range"]?["start"]), t = try #require(e["range"]?["end"])
                    document.apply(range: ((s["line"]?.int ?? 0, s["character"]?.int ?? 0), (t["line"]?.int ?? 0, t["character"]?.int ?? 0)),
                                   text: e["newText"]?.string ?? "", encoding: .utf16)
                }
                try document.text.write(toFile: path, atomically: true, encoding: .utf8)
                counts[(path as NSString).lastPathComponent] = sorted.count
            }
            return counts
        }

        var diagnostics: [Diagnostic] { GuidelineCompiler.compile(paths: [folder.path]).diagnostics.filter { $0.severity == .error } }
    }

    @Test(arguments: [
        // file, text at the name, offset into it, new name, files that must change
        ("nanets-2023.yaml", "  eads2023:", 2, "eads_2023", ["nanets-2023.yaml"]),
        ("nanets-2023.yaml", "      pathology: Initial", 6, "path_section", ["nanets-2023.yaml"]),
        ("nanets-2023.yaml", "  nanets_panel:", 2, "panel", ["nanets-2023.yaml"]),
        ("nanets-2023.yaml", "- id: consensus", 6, "agreed", ["nanets-2023.yaml"]),
        ("nanets-2023.yaml", "  path-ki67-ihc:", 2, "ki67-ihc", ["nanets-2023.yaml"]),
        ("nanets-2023.yaml", "  nanets_g3_net:", 2, "g3_net_nanets", ["nanets-2023.yaml"]),
        ("vocabulary/nen.yaml", "  ki67_percent:", 2, "ki67", ["nen.yaml", "nanets-2023.yaml", "shi-2025-enec.yaml"]),
    ])
    func renameEditsEveryUseAndOnlyUses(file: String, needle: String, offset: Int, name: String, files: [String]) throws {
        let session = try Session()
        let edit = session.rename(file, at: try session.position(file, needle, offset: offset), to: name)
        #expect(edit["error"] == nil, "\(edit.serialized())")
        let counts = try session.apply(try #require(edit["result"]))
        for f in files { #expect((counts[f] ?? 0) >= 1, "\(f) not edited: \(counts)") }
        #expect(counts.values.reduce(0, +) >= 2, "only the declaration renamed: \(counts)")
        let errors = session.diagnostics
        #expect(errors.isEmpty, "after renaming to `\(name)`: \(errors.prefix(3).map(\.message))")
    }

    @Test func aNameAlreadyDeclaredIsRefused() throws {
        let session = try Session()
        let clash = session.rename("vocabulary/nen.yaml", at: try session.position("vocabulary/nen.yaml", "  ki67_percent:", offset: 2), to: "primary_site")
        #expect(clash["error"]?["message"]?.string?.contains("already declared") == true)
        let invalid = session.rename("vocabulary/nen.yaml", at: try session.position("vocabulary/nen.yaml", "  ki67_percent:", offset: 2), to: "not a name")
        #expect(invalid["error"]?["message"]?.string?.contains("not a valid") == true)
        let recommendation = session.rename("nanets-2023.yaml", at: try session.position("nanets-2023.yaml", "  path-ki67-ihc:", offset: 2), to: "path-ki67-not-alone")
        #expect(recommendation["error"]?["message"]?.string?.contains("already declared") == true)
    }
}
