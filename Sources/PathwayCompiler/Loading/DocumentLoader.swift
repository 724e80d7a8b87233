import Foundation
import PathwayDiagnostics
import PathwaySyntax
import PathwayYAML

/// Finds, reads and decodes guideline documents, following imports.
///
/// Files are checked before they are read (regular files only, size first), read up to the size
/// limit and no further, must be UTF-8 (a byte order mark is ignored), and are loaded once each
/// however many documents import them. Folders are walked following symbolic links (see
/// ``GuidelineFileWalk``); a folder that yields no guideline is an error. Imports must stay inside
/// the importing guideline's folder tree — the folder given on the command line, or the folder of
/// a file given — unless ``allowImportsOutside`` is set; every problem with an import is reported
/// at the import. Order is deterministic: the given paths in order, folders sorted.
public struct DocumentLoader: Sendable {
    /// The documents loaded, in load order.
    public private(set) var documents: [GuidelineDocument] = []
    /// The text of every file read, for excerpts.
    public private(set) var sources = SourceFileStore()
    /// Every problem found.
    public private(set) var diagnostics: [Diagnostic] = []
    /// Which documents were named by the user (as opposed to only imported).
    public private(set) var requested: Set<String> = []
    /// Whether imports may leave the importing guideline's folder tree (`--allow-imports-outside`).
    public var allowImportsOutside = false
    /// Texts read instead of the files at their paths (an editor's unsaved buffers), by path;
    /// every other file is read from disk. Folders are walked on disk, and a text inside a folder
    /// walked whose file does not exist yet (a new, unsaved buffer) is loaded with the folder's files.
    public var overlay: [String: String] = [:] {
        didSet { overlayByKey = Dictionary(overlay.map { (Self.normalize($0.key), $0.value) }, uniquingKeysWith: { _, last in last }) }
    }
    private var overlayByKey: [String: String] = [:]
    /// Decoded documents kept across loads (an editor's repeated compiles): a file whose bytes did
    /// not change is not parsed again. Only for loads with the same limits.
    public var cache: DocumentCache?

    private var loadedPaths: [String: Int] = [:]
    private let limits: YAMLLimits

    /// Creates a loader.
    public init(limits: YAMLLimits = .standard, allowImportsOutside: Bool = false) {
        self.limits = limits
        self.allowImportsOutside = allowImportsOutside
    }

    /// The guideline files under `path`: the file itself, or every `.yaml`/`.yml` below a folder
    /// (following symbolic links), sorted; `nil` when nothing exists at `path`.
    public static func guidelineFiles(at path: String) -> [String]? {
        let walk = GuidelineFileWalk(path)
        return walk.exists ? walk.files : nil
    }

    /// Loads every guideline document at the given files or folders, and their imports.
    public mutating func load(paths: [String]) {
        for path in paths {
            let walk = GuidelineFileWalk(path)
            let errorsBefore = diagnostics.filter { $0.severity == .error }.count
            diagnostics += walk.diagnostics
            guard walk.exists else { continue }
            let root = ImportRoot(walk.isFolder ? path : (path as NSString).deletingLastPathComponent)
            let files = walk.isFolder ? (walk.files + unsavedFiles(inside: path, besides: walk.files)).sorted() : walk.files
            for file in files {
                requested.insert(Self.normalize(file))
                _ = loadFile(file, importedFrom: nil, root: root)
            }
            guard walk.isFolder else { continue }
            // The folder's own files, loaded now or by an earlier argument.
            let keys = Set(files.map(Self.normalize))
            let shown = Excerpt.truncated(path)
            if files.isEmpty {
                diagnostics.append(Diagnostic(.noGuideline, "no `.yaml` guideline files in `\(shown)`", at: nil,
                                              notes: [.init("guideline files end in `.yaml` or `.yml`; folders and symbolic links below are searched")]))
            } else if diagnostics.filter({ $0.severity == .error }).count == errorsBefore,
                      !documents.contains(where: { $0.kind == .guideline && keys.contains(Self.normalize($0.path)) }) {
                diagnostics.append(Diagnostic(.noGuideline, "`\(shown)` holds no guideline, only vocabularies", at: nil,
                                              notes: [.init("give the folder of the guidelines that import them")]))
            }
        }
    }

    /// The files of ``overlay`` inside `folder` that are not on disk (an editor's buffers of new
    /// files, not saved yet) and have a guideline file's name: a walk of the folder lists them too.
    private func unsavedFiles(inside folder: String, besides listed: [String]) -> [String] {
        guard !overlay.isEmpty else { return [] }
        let listedKeys = Set(listed.map(Self.normalize))
        let tree = Self.lexicalPath(folder)
        return overlay.keys.filter { path in
            !listedKeys.contains(Self.normalize(path)) && GuidelineFileWalk.isGuidelineName(path)
                && Self.isInside(Self.lexicalPath(path), root: tree) && !FileManager.default.fileExists(atPath: path)
        }.sorted()
    }

    /// Loads documents given as text (for tests, embedding and other revisions), resolving imports
    /// among them by path, and, with `readingImportsFromDisk`, from files for the paths not given.
    ///
    /// Each text's imports stay in the innermost of `importRoots` that contains its path (the folders
    /// the texts were listed from), or else in the text's own folder (also when a root is the text itself).
    public mutating func load(texts: [(path: String, text: String)], readingImportsFromDisk: Bool = false, importRoots: [String] = []) {
        var pending: [String: String] = [:]
        for (path, text) in texts { pending[Self.normalize(path)] = text }
        textProvider = pending
        importsFromDisk = readingImportsFromDisk
        let roots = importRoots.map(ImportRoot.init).sorted { $0.lexical.count > $1.lexical.count }
        for (path, _) in texts {
            requested.insert(Self.normalize(path))
            let lexical = Self.lexicalPath(path)
            // A root that is the text's own path was a file listed by name: its folder is the tree.
            let root = roots.first { $0.lexical != lexical && Self.isInside(lexical, root: $0.lexical) }
                ?? ImportRoot((path as NSString).deletingLastPathComponent)
            _ = loadFile(path, importedFrom: nil, root: root)
        }
    }

    private var textProvider: [String: String]?
    private var importsFromDisk = false

    /// The key of a path: `.`, empty components and `..` after a name removed, lexically, so that
    /// `a/../v.yaml` and `v.yaml` are one file (relative paths stay relative; leading `..` stay).
    static func normalize(_ path: String) -> String {
        let absolute = path.hasPrefix("/")
        var components: [Substring] = []
        for component in path.split(separator: "/", omittingEmptySubsequences: true) {
            switch component {
            case ".": continue
            case "..":
                if let last = components.last, last != ".." { components.removeLast() } else if !absolute { components.append(component) }
            default: components.append(component)
            }
        }
        let joined = components.joined(separator: "/")
        return absolute ? "/" + joined : (joined.isEmpty ? "." : joined)
    }

    /// `path` made absolute (from the current folder) with `.`, `..` and empty components removed,
    /// without looking at the file system: the form in which import confinement is decided.
    static func lexicalPath(_ path: String) -> String {
        normalize(path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path)
    }

    /// Whether the lexical absolute path `path` lies in the folder tree `root`.
    static func isInside(_ path: String, root: String) -> Bool {
        root == "/" || path == root || path.hasPrefix(root + "/")
    }

    /// Loads one file; returns its document index, or `nil` if it could not be loaded.
    private mutating func loadFile(_ path: String, importedFrom: Located<String>?, root tree: ImportRoot) -> Int? {
        let key = Self.normalize(path)
        // -1 marks a file that is loading or failed to load: its problems are reported once, at its own place.
        if let index = loadedPaths[key] { return index >= 0 ? index : nil }
        loadedPaths[key] = -1
        guard let raw = read(path, key: key, importedFrom: importedFrom) else { return nil }
        let bytes = TextEncoding.droppingByteOrderMark(raw)
        if let problem = TextEncoding.utf8Problem(in: bytes, path: path, code: .unreadableFile, what: "`\(Excerpt.truncated(path))`") {
            // The excerpt shows the line up to the bad byte exactly; bad sequences print as U+FFFD.
            sources.add(SourceFile(path: path, text: String(decoding: bytes, as: UTF8.self)))
            var problem = problem
            if let importedFrom { problem.notes.append(.init("imported here", at: importedFrom.span)) }
            diagnostics.append(problem)
            return nil
        }
        sources.add(SourceFile(path: path, text: String(decoding: bytes, as: UTF8.self)))
        let decoded = decode(Array(bytes), path: path)
        diagnostics += decoded.diagnostics
        guard let document = decoded.document else { return nil }
        documents.append(document)
        let index = documents.count - 1
        loadedPaths[key] = index
        let directory = (path as NSString).deletingLastPathComponent
        for imported in document.imports {
            guard permits(imported, from: directory, tree: tree, importer: path) else { continue }
            let target = (directory as NSString).appendingPathComponent(imported.value)
            if let importedIndex = loadFile(target, importedFrom: imported, root: tree) {
                if documents[importedIndex].kind != .vocabulary {
                    diagnostics.append(Diagnostic(.importProblem, "`\(imported.value)` is a guideline, not a vocabulary", at: imported.span,
                                                  notes: [.init("only vocabularies can be imported")]))
                }
            }
        }
        return index
    }

    /// Whether an import may be followed: a relative path that stays in `tree`, unless outside
    /// imports are allowed. Reports why not at the import.
    private mutating func permits(_ imported: Located<String>, from directory: String, tree: ImportRoot, importer: String) -> Bool {
        let shown = Excerpt.truncated(imported.value)
        if imported.value.hasPrefix("/") {
            diagnostics.append(Diagnostic(.importOutside, "import `\(shown)` is an absolute path", at: imported.span,
                                          notes: [.init("imports are paths relative to the importing file, such as `vocabulary/nen.yaml`")]))
            return false
        }
        guard !allowImportsOutside else { return true }
        let target = Self.lexicalPath((directory as NSString).appendingPathComponent(imported.value))
        guard !Self.isInside(target, root: tree.lexical) else { return true }
        diagnostics.append(Diagnostic(.importOutside, "import `\(shown)` leaves the folder tree of `\(Excerpt.truncated(importer))`", at: imported.span,
                                      label: "outside `\(Excerpt.truncated(tree.shown))`",
                                      notes: [.init("imports stay within the folder given on the command line, or the folder of a file given; `--allow-imports-outside` lifts this")]))
        return false
    }

    private mutating func read(_ path: String, key: String, importedFrom: Located<String>?) -> [UInt8]? {
        if let text = overlayByKey[key] {
            let bytes = Array(text.utf8)
            guard bytes.count <= limits.maxBytes else {
                report(.tooLarge(size: bytes.count), path: path, importedFrom: importedFrom)
                return nil
            }
            return bytes
        }
        if let provider = textProvider, !(importsFromDisk && provider[key] == nil) {
            if let text = provider[key] {
                let bytes = Array(text.utf8)
                if bytes.count > limits.maxBytes {
                    report(.tooLarge(size: bytes.count), path: path, importedFrom: importedFrom)
                    return nil
                }
                return bytes
            }
            diagnostics.append(Diagnostic(.importProblem, "cannot find `\(Excerpt.truncated(importedFrom?.value ?? path))`", at: importedFrom?.span))
            return nil
        }
        switch BoundedFile.read(path, limit: limits.maxBytes) {
        case .success(let bytes):
            return bytes
        case .failure(let failure):
            report(failure, path: path, importedFrom: importedFrom)
            return nil
        }
    }

    /// The YAML and document decoding of a file's bytes, from ``cache`` when the same path had the same bytes.
    private func decode(_ bytes: [UInt8], path: String) -> DocumentCache.Entry {
        if let cached = cache?.entry(path: path, bytes: bytes) { return cached }
        let yaml = YAMLLoader.load(bytes: bytes, path: path, limits: limits)
        var entry = DocumentCache.Entry(document: nil, diagnostics: yaml.diagnostics)
        if let root = yaml.root {
            let decoded = DocumentDecoder.decode(root, path: path)
            entry.diagnostics += decoded.diagnostics
            entry.document = decoded.document
        }
        cache?.store(entry, path: path, bytes: bytes)
        return entry
    }

    /// Reports a file that could not be read: at the import that named it, or, for a file given on
    /// the command line, at the file.
    private mutating func report(_ failure: BoundedFile.Failure, path: String, importedFrom: Located<String>?) {
        let shown = Excerpt.truncated(path)
        if let importedFrom {
            let name = Excerpt.truncated(importedFrom.value)
            let looked = Diagnostic.Note("imports are paths relative to the importing file; looked for `\(shown)`")
            switch failure {
            case .missing:
                diagnostics.append(Diagnostic(.importProblem, "cannot find imported file `\(name)`", at: importedFrom.span, notes: [looked]))
            case .danglingLink(let target):
                diagnostics.append(Diagnostic(.danglingLink, "imported file `\(name)` is a symbolic link to `\(Excerpt.truncated(target))`, which does not exist",
                                              at: importedFrom.span, notes: [looked]))
            case .linkLoop:
                diagnostics.append(Diagnostic(.importProblem, "imported file `\(name)` is a loop of symbolic links", at: importedFrom.span, notes: [looked]))
            case .notRegular(let kind):
                diagnostics.append(Diagnostic(.importProblem, "imported `\(name)` is \(kind), not a regular file", at: importedFrom.span, notes: [looked]))
            case .tooLarge(let size):
                diagnostics.append(Diagnostic(.fileTooLarge, "imported file `\(name)` is \(size.map { "\($0) bytes, " } ?? "")more than the limit of \(limits.maxBytes) bytes",
                                              at: importedFrom.span, notes: [.init("guideline documents are limited in size so hostile input cannot exhaust memory")]))
            case .unreadable(let reason):
                diagnostics.append(Diagnostic(.importProblem, "cannot read imported file `\(name)`: \(reason)", at: importedFrom.span, notes: [looked]))
            }
            return
        }
        switch failure {
        case .missing:
            diagnostics.append(Diagnostic(.unreadableFile, "cannot read `\(shown)`", at: nil))
        case .danglingLink(let target):
            diagnostics.append(Diagnostic(.danglingLink, "symbolic link `\(shown)` points to `\(Excerpt.truncated(target))`, which does not exist", at: nil))
        case .linkLoop:
            diagnostics.append(Diagnostic(.linkLoop, "symbolic link `\(shown)` is part of a loop of links", at: nil, severity: .error))
        case .notRegular(let kind):
            diagnostics.append(Diagnostic(.unreadableFile, "`\(shown)` is \(kind), not a regular file", at: nil))
        case .tooLarge(let size):
            diagnostics.append(Diagnostic(.fileTooLarge, "file is \(size.map { "\($0) bytes, " } ?? "")more than the limit of \(limits.maxBytes) bytes", at: .wholeFile(path),
                                          notes: [.init("guideline documents are limited in size so hostile input cannot exhaust memory")]))
        case .unreadable(let reason):
            diagnostics.append(Diagnostic(.unreadableFile, "cannot read `\(shown)`: \(reason)", at: nil))
        }
    }
}

/// The folder tree a guideline's imports must stay in: as written for messages, and as a lexical
/// absolute path for the check.
struct ImportRoot: Sendable {
    let shown: String
    let lexical: String

    init(_ folder: String) {
        shown = folder.isEmpty ? "." : folder
        lexical = DocumentLoader.lexicalPath(folder)
    }
}
