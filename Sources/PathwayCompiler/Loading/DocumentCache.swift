import Foundation
import PathwayDiagnostics
import PathwaySyntax

/// The decoded documents of files, by path and exact bytes, kept across loads: a language server
/// compiles a folder on every keystroke, and only the file being edited changed.
///
/// A hit needs the same path (spans name it) and the same bytes; the diagnostics of reading
/// (YAML and document structure) are kept with the document, so a hit reports exactly what a
/// fresh parse would. Files no longer loaded are dropped by ``prune(keeping:)``.
public final class DocumentCache: @unchecked Sendable {
    /// What decoding a file gave.
    struct Entry {
        var document: GuidelineDocument?
        var diagnostics: [Diagnostic]
    }

    private let lock = NSLock()
    private var entries: [String: (bytes: [UInt8], entry: Entry)] = [:]

    /// Creates an empty cache.
    public init() {}

    func entry(path: String, bytes: [UInt8]) -> Entry? {
        lock.lock()
        defer { lock.unlock() }
        guard let cached = entries[path], cached.bytes == bytes else { return nil }
        return cached.entry
    }

    func store(_ entry: Entry, path: String, bytes: [UInt8]) {
        lock.lock()
        defer { lock.unlock() }
        entries[path] = (bytes, entry)
    }

    /// Forgets every file but those at `paths`.
    public func prune(keeping paths: Set<String>) {
        lock.lock()
        defer { lock.unlock() }
        entries = entries.filter { paths.contains($0.key) }
    }
}
