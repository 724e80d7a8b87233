import Foundation
import PathwayCompiler
import PathwayDiagnostics
import PathwaySyntax

/// The documents a compile covers: a folder's guideline files and their imports, compiled as
/// `pathway check FOLDER` compiles them, with open buffers read instead of their files.
final class CompileUnit {
    /// The folder compiled.
    let folder: String
    let compilation: Compilation
    /// Declarations and references of the unit's documents (the last that decoded, for a file
    /// whose current text does not); built on the first request that needs it, not on every keystroke.
    private(set) lazy var index = SymbolIndex(documents: documents, text: text)
    private let documents: [GuidelineDocument]
    private let text: SourceText

    init(folder: String, compilation: Compilation, documents: [GuidelineDocument], text: SourceText) {
        self.folder = folder
        self.compilation = compilation
        self.documents = documents
        self.text = text
    }
}

/// The open documents and the compile units they belong to.
///
/// A file's unit is its folder, or — for a vocabulary — the folder above it (where the guidelines
/// that import it live, as `guidelines/vocabulary/nen.yaml` is imported from `guidelines/`), but
/// never above a workspace folder the client named. Each change recompiles the unit, parsing again
/// only the files whose bytes changed (``DocumentCache``); see scripts/benchmark-lsp.sh.
struct Workspace {
    /// Workspace folders (from `initialize`), normalized absolute paths.
    var roots: [String] = []
    private(set) var open: [String: TextDocument] = [:]
    private(set) var units: [String: CompileUnit] = [:]
    /// The last document that decoded, by path: kept for completion and navigation while the text is half typed.
    private var lastGood: [String: GuidelineDocument] = [:]
    /// Each unit's decoded documents, so that a keystroke parses only the file it changed.
    private var caches: [String: DocumentCache] = [:]
    /// The files each unit last published diagnostics for, so that fixed files are cleared.
    var published: [String: Set<String>] = [:]

    func document(_ path: String) -> TextDocument? { open[path] }

    mutating func openDocument(_ d: TextDocument) { open[d.path] = d }
    mutating func update(_ d: TextDocument) { open[d.path] = d }
    mutating func close(_ path: String) { open[path] = nil }

    /// The folder of the unit `path` belongs to.
    func unitFolder(for path: String) -> String {
        let folder = Paths.directory(of: path)
        guard isVocabulary(path) else { return folder }
        let parent = Paths.directory(of: folder)
        if parent == folder { return folder }
        if roots.isEmpty || roots.contains(where: { parent == $0 || parent.hasPrefix($0 == "/" ? "/" : $0 + "/") }) { return parent }
        return folder
    }

    /// Paths seen to hold a Pathway document: compiled from then on, whatever their text becomes.
    private(set) var pathwayPaths: Set<String> = []

    /// Whether `path` is a Pathway document (a top-level `kind: guideline` or `kind: vocabulary`
    /// line), or was one: other YAML an editor opens (CI files, compose files) is left alone and
    /// never makes the server compile its folder.
    mutating func isPathwayDocument(_ path: String) -> Bool {
        if pathwayPaths.contains(path) { return true }
        let text = open[path]?.text ?? ((try? String(contentsOfFile: path, encoding: .utf8)) ?? "")
        let isPathway = Self.hasKindLine(text) { $0.contains("guideline") || $0.contains("vocabulary") }
        if isPathway { pathwayPaths.insert(path) }
        return isPathway
    }

    private func isVocabulary(_ path: String) -> Bool {
        if let d = lastGood[path] { return d.kind == .vocabulary }
        let text = open[path]?.text ?? ((try? String(contentsOfFile: path, encoding: .utf8)) ?? "")
        return Self.hasKindLine(text) { $0.contains("vocabulary") }
    }

    /// Whether a top-level `kind:` line of `text` satisfies `isKind`. Lines end at `\n`, `\r\n` or a
    /// lone `\r`; they are split as bytes, not `Character`s (which would cost a grapheme walk of a
    /// whole 2,600-line guideline when it is opened, and never split at a `\r\n`).
    static func hasKindLine(_ text: String, where isKind: (Substring) -> Bool) -> Bool {
        text.utf8.split(whereSeparator: { $0 == 0x0A || $0 == 0x0D }).contains { line in
            line.starts(with: "kind:".utf8) && isKind(Substring(line))
        }
    }

    /// The line of a file as the unit sees it: the open buffer, else the compiled text.
    func line(_ file: String, _ number: Int, in compilation: Compilation?) -> Substring? {
        if let d = open[Paths.normalize(file)] { return d.line(number - 1) }
        return compilation?.sources[file]?.line(number)
    }

    /// Compiles the unit in `folder` from the open buffers and the files on disk.
    mutating func compile(folder: String) -> CompileUnit {
        let overlay = open.filter { $0.key.hasPrefix(folder == "/" ? "/" : folder + "/") }.mapValues(\.text)
        let cache = caches[folder] ?? DocumentCache()
        caches[folder] = cache
        // The folder is walked on disk only where the client works: within a workspace folder it named
        // (any folder but the filesystem root when it named none). Elsewhere only the open documents
        // there are compiled: a request naming `file:///x.yaml` must not make the server read the disk.
        let paths = mayWalk(folder) ? [folder] : overlay.keys.sorted()
        let compilation = GuidelineCompiler.compile(paths: paths, overlay: overlay, cache: cache)
        cache.prune(keeping: Set(compilation.documents.map(\.path)))
        var documents: [String: GuidelineDocument] = [:]
        for d in compilation.documents {
            let path = Paths.normalize(d.path)
            documents[path] = d
            lastGood[path] = d
        }
        // A file that no longer decodes keeps its last good declarations for navigation.
        for (path, d) in lastGood where documents[path] == nil && path.hasPrefix(folder + "/") && (open[path] != nil || FileManager.default.fileExists(atPath: path)) {
            documents[path] = d
        }
        let snapshot = compilation
        let text = SourceText { [open] file, number in
            if let d = open[Paths.normalize(file)] { return d.line(number - 1) }
            return snapshot.sources[file]?.line(number)
        }
        let unit = CompileUnit(folder: folder, compilation: compilation, documents: documents.values.sorted { $0.path < $1.path }, text: text)
        units[folder] = unit
        return unit
    }

    /// Whether the server may walk `folder` on disk (see ``compile(folder:)``).
    func mayWalk(_ folder: String) -> Bool {
        if roots.isEmpty { return folder != "/" }
        return roots.contains { folder == $0 || folder.hasPrefix($0 == "/" ? "/" : $0 + "/") }
    }

    /// The unit of `path`, compiled if it was not yet.
    mutating func unit(for path: String) -> CompileUnit {
        let folder = unitFolder(for: path)
        if let unit = units[folder] { return unit }
        return compile(folder: folder)
    }

    mutating func forget(folder: String) { units[folder] = nil }
}
