import Foundation
import PathwayDiagnostics
import PathwaySyntax
import PathwayYAML

/// Finds, reads and decodes guideline documents, following imports.
///
/// Files are read with a size check first, must be UTF-8, and are loaded once each however many
/// documents import them. Order is deterministic: the given paths in order, folders sorted.
public struct DocumentLoader: Sendable {
    /// The documents loaded, in load order.
    public private(set) var documents: [GuidelineDocument] = []
    /// The text of every file read, for excerpts.
    public private(set) var sources = SourceFileStore()
    /// Every problem found.
    public private(set) var diagnostics: [Diagnostic] = []
    /// Which documents were named by the user (as opposed to only imported).
    public private(set) var requested: Set<String> = []

    private var loadedPaths: [String: Int] = [:]
    private let limits: YAMLLimits

    /// Creates a loader.
    public init(limits: YAMLLimits = .standard) {
        self.limits = limits
    }

    /// The guideline files under `path`: the file itself, or every `.yaml`/`.yml` below a folder, sorted.
    public static func guidelineFiles(at path: String) -> [String]? {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { return nil }
        guard isDirectory.boolValue else { return [path] }
        guard let enumerator = FileManager.default.enumerator(atPath: path) else { return [] }
        var files: [String] = []
        while let relative = enumerator.nextObject() as? String {
            guard relative.hasSuffix(".yaml") || relative.hasSuffix(".yml") else { continue }
            let full = (path as NSString).appendingPathComponent(relative)
            var dir: ObjCBool = false
            if FileManager.default.fileExists(atPath: full, isDirectory: &dir), !dir.boolValue { files.append(full) }
        }
        return files.sorted()
    }

    /// Loads every guideline document at the given files or folders, and their imports.
    public mutating func load(paths: [String]) {
        for path in paths {
            guard let files = Self.guidelineFiles(at: path) else {
                diagnostics.append(Diagnostic(.unreadableFile, "no such file or folder `\(path)`", at: nil))
                continue
            }
            if files.isEmpty {
                diagnostics.append(Diagnostic(.unreadableFile, "no `.yaml` guideline files in `\(path)`", at: nil, severity: .warning))
            }
            for file in files {
                requested.insert(Self.normalize(file))
                _ = loadFile(file, importedFrom: nil)
            }
        }
    }

    /// Loads documents given as text (for tests, embedding and other revisions), resolving imports
    /// among them by path, and, with `readingImportsFromDisk`, from files for the paths not given.
    public mutating func load(texts: [(path: String, text: String)], readingImportsFromDisk: Bool = false) {
        var pending: [String: String] = [:]
        for (path, text) in texts { pending[Self.normalize(path)] = text }
        textProvider = pending
        importsFromDisk = readingImportsFromDisk
        for (path, _) in texts {
            requested.insert(Self.normalize(path))
            _ = loadFile(path, importedFrom: nil)
        }
    }

    private var textProvider: [String: String]?
    private var importsFromDisk = false

    static func normalize(_ path: String) -> String {
        (path as NSString).standardizingPath
    }

    /// Loads one file; returns its document index, or `nil` if it could not be loaded.
    private mutating func loadFile(_ path: String, importedFrom: Located<String>?) -> Int? {
        let key = Self.normalize(path)
        // -1 marks a file that is loading or failed to load: its problems are reported once, at its own place.
        if let index = loadedPaths[key] { return index >= 0 ? index : nil }
        loadedPaths[key] = -1
        guard let bytes = read(path, key: key, importedFrom: importedFrom) else { return nil }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            diagnostics.append(Diagnostic(.unreadableFile, "`\(path)` is not UTF-8 text", at: importedFrom?.span ?? .wholeFile(path)))
            return nil
        }
        sources.add(SourceFile(path: path, text: text))
        let yaml = YAMLLoader.load(bytes: bytes, path: path, limits: limits)
        diagnostics += yaml.diagnostics
        guard let root = yaml.root else { return nil }
        let decoded = DocumentDecoder.decode(root, path: path)
        diagnostics += decoded.diagnostics
        guard let document = decoded.document else { return nil }
        documents.append(document)
        let index = documents.count - 1
        loadedPaths[key] = index
        let directory = (path as NSString).deletingLastPathComponent
        for imported in document.imports {
            let target = (directory as NSString).appendingPathComponent(imported.value)
            if let importedIndex = loadFile(target, importedFrom: imported) {
                if documents[importedIndex].kind != .vocabulary {
                    diagnostics.append(Diagnostic(.importProblem, "`\(imported.value)` is a guideline, not a vocabulary", at: imported.span,
                                                  notes: [.init("only vocabularies can be imported")]))
                }
            }
        }
        return index
    }

    private mutating func read(_ path: String, key: String, importedFrom: Located<String>?) -> [UInt8]? {
        if let provider = textProvider, !(importsFromDisk && provider[key] == nil) {
            if let text = provider[key] { return Array(text.utf8) }
            diagnostics.append(Diagnostic(.importProblem, "cannot find `\(importedFrom?.value ?? path)`", at: importedFrom?.span))
            return nil
        }
        let attributes = try? FileManager.default.attributesOfItem(atPath: path)
        guard let attributes else {
            if let importedFrom {
                diagnostics.append(Diagnostic(.importProblem, "cannot find imported file `\(importedFrom.value)`", at: importedFrom.span,
                                              notes: [.init("imports are paths relative to the importing file; looked for `\(path)`")]))
            } else {
                diagnostics.append(Diagnostic(.unreadableFile, "cannot read `\(path)`", at: nil))
            }
            return nil
        }
        let size = (attributes[.size] as? NSNumber)?.intValue ?? 0
        if size > limits.maxBytes {
            diagnostics.append(Diagnostic(.fileTooLarge, "file is \(size) bytes, more than the limit of \(limits.maxBytes)", at: .wholeFile(path)))
            return nil
        }
        guard let handle = FileHandle(forReadingAtPath: path) else {
            diagnostics.append(Diagnostic(.unreadableFile, "cannot read `\(path)`", at: importedFrom?.span))
            return nil
        }
        defer { try? handle.close() }
        let data = (try? handle.read(upToCount: limits.maxBytes + 1)) ?? Data()
        if data.count > limits.maxBytes {
            diagnostics.append(Diagnostic(.fileTooLarge, "file is more than the limit of \(limits.maxBytes) bytes", at: .wholeFile(path)))
            return nil
        }
        return [UInt8](data)
    }
}
