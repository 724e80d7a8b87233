import Foundation
import PathwayDiagnostics
import PathwayYAML

/// The guideline files a command-line path stands for: the file itself, or every `.yaml`/`.yml`
/// file below a folder, sorted by path.
///
/// Symbolic links are followed, to files and to folders. Every folder is entered once however many
/// links lead to it, so the walk is finite and linear in the folders there are; a link back to a
/// folder being walked is reported as a loop (PW0112), a link to nothing as dangling (PW0111, an
/// error when its name ends in `.yaml`/`.yml`, else a warning), and a `.yaml` entry that is not a
/// regular file (a FIFO, a device) as unreadable. A file reached through two links is listed once.
struct GuidelineFileWalk {
    /// The files found, sorted.
    private(set) var files: [String] = []
    /// What was found wrong on the way.
    private(set) var diagnostics: [Diagnostic] = []
    /// Whether `path` itself is a folder.
    private(set) var isFolder = false
    /// Whether `path` exists at all (after following links).
    private(set) var exists = false

    private var enteredFolders: Set<BoundedFile.FileIdentity> = []
    private var listedFiles: Set<BoundedFile.FileIdentity> = []

    init(_ path: String) {
        switch BoundedFile.status(path) {
        case .failure(.missing):
            diagnostics.append(Diagnostic(.unreadableFile, "no such file or folder `\(Excerpt.truncated(path))`", at: nil))
        case .failure(let failure):
            report(failure, at: path, isGuidelineName: true)
        case .success(let status) where status.isDirectory:
            exists = true
            isFolder = true
            var ancestors: [BoundedFile.FileIdentity: String] = [:]
            walk(path, identity: status.identity, ancestors: &ancestors)
            files.sort()
        case .success:
            exists = true
            files = [path]
        }
    }

    static func isGuidelineName(_ name: String) -> Bool {
        name.hasSuffix(".yaml") || name.hasSuffix(".yml")
    }

    private mutating func walk(_ folder: String, identity: BoundedFile.FileIdentity, ancestors: inout [BoundedFile.FileIdentity: String]) {
        guard enteredFolders.insert(identity).inserted else { return }
        ancestors[identity] = folder
        defer { ancestors[identity] = nil }
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: folder).sorted()
        } catch {
            diagnostics.append(Diagnostic(.unreadableFile, "cannot read folder `\(Excerpt.truncated(folder))`", at: nil))
            return
        }
        for name in names {
            let full = (folder as NSString).appendingPathComponent(name)
            switch BoundedFile.status(full) {
            case .failure(let failure):
                report(failure, at: full, isGuidelineName: Self.isGuidelineName(name))
            case .success(let status) where status.isDirectory:
                if let ancestor = ancestors[status.identity] {
                    diagnostics.append(Diagnostic(.linkLoop, "`\(Excerpt.truncated(full))` leads back to `\(Excerpt.truncated(ancestor))`, which contains it",
                                                  at: nil, notes: [.init("symbolic links form a loop here; the folder is read once")]))
                    continue
                }
                walk(full, identity: status.identity, ancestors: &ancestors)
            case .success(let status):
                guard Self.isGuidelineName(name) else { continue }
                guard status.isRegular else {
                    diagnostics.append(Diagnostic(.unreadableFile, "`\(Excerpt.truncated(full))` is \(status.kind), not a regular file", at: nil))
                    continue
                }
                if listedFiles.insert(status.identity).inserted { files.append(full) }
            }
        }
    }

    private mutating func report(_ failure: BoundedFile.Failure, at path: String, isGuidelineName: Bool) {
        let shown = Excerpt.truncated(path)
        switch failure {
        case .danglingLink(let target):
            diagnostics.append(Diagnostic(.danglingLink, "symbolic link `\(shown)` points to `\(Excerpt.truncated(target))`, which does not exist", at: nil,
                                          severity: isGuidelineName ? .error : .warning))
        case .linkLoop:
            diagnostics.append(Diagnostic(.linkLoop, "symbolic link `\(shown)` is part of a loop of links", at: nil,
                                          severity: isGuidelineName ? .error : .warning,
                                          notes: [.init("following it never reaches a file or folder")]))
        case .missing:
            diagnostics.append(Diagnostic(.unreadableFile, "no such file or folder `\(shown)`", at: nil))
        case .unreadable(let reason):
            diagnostics.append(Diagnostic(.unreadableFile, "cannot read `\(shown)`: \(reason)", at: nil,
                                          severity: isGuidelineName ? .error : .warning))
        case .notRegular(let kind):
            diagnostics.append(Diagnostic(.unreadableFile, "`\(shown)` is \(kind), not a regular file", at: nil))
        case .tooLarge:
            break // only reading finds this
        }
    }
}
