import Foundation
import PathwayDiagnostics
import PathwayYAML

/// Reads a patient file (JSON or YAML; `-` for standard input) into a YAML tree with spans.
///
/// JSON is read by the same strict YAML loader, so errors in either form point at line and column.
/// The size limit holds while reading: a regular file's size is checked before it is read, and no
/// file or stream is read past `limit + 1` bytes. Named pipes (`--patient <(…)`) and character
/// devices are read as streams. A byte order mark at the start is ignored.
public enum PatientFile {
    /// The largest patient file accepted by default, in bytes (4 MiB, as for guideline documents).
    public static let defaultLimit = YAMLLimits.standard.maxBytes

    /// The file's tree, its text (for excerpts) and any problems reading it.
    public static func read(_ path: String, limit: Int = defaultLimit) -> (root: YAMLNode?, source: SourceFile?, diagnostics: [Diagnostic]) {
        let name = path == "-" ? "<stdin>" : path
        let shown = Excerpt.truncated(name)
        let result = path == "-" ? BoundedFile.readStandardInput(limit: limit) : BoundedFile.read(path, limit: limit, streams: true)
        let raw: [UInt8]
        switch result {
        case .success(let bytes):
            raw = bytes
        case .failure(.tooLarge(let size)):
            return (nil, nil, [Diagnostic(.patientTooLarge, "patient file `\(shown)` is \(size.map { "\($0) bytes, " } ?? "")more than the limit of \(limit) bytes",
                                          at: nil, notes: [.init("patient files are limited in size so hostile input cannot exhaust memory; " + (size == nil ? "reading stopped at the limit" : "nothing was read")),
                                                           .init("evaluate many patients with `--patients`, one JSON object per line")])])
        case .failure(let failure):
            return (nil, nil, [Diagnostic(.patientMalformed, "cannot read patient file `\(shown)`\(describe(failure))", at: nil)])
        }
        let bytes = TextEncoding.droppingByteOrderMark(raw)
        let source = SourceFile(path: name, text: String(decoding: bytes, as: UTF8.self))
        if let problem = TextEncoding.utf8Problem(in: bytes, path: name, code: .patientMalformed, what: "patient file `\(shown)`") {
            return (nil, source, [problem])
        }
        let loaded = YAMLLoader.load(bytes: Array(bytes), path: name, limits: YAMLLimits(maxBytes: limit))
        return (loaded.root, source, loaded.diagnostics)
    }

    private static func describe(_ failure: BoundedFile.Failure) -> String {
        switch failure {
        case .missing: ": no such file"
        case .danglingLink(let target): ": it is a symbolic link to `\(Excerpt.truncated(target))`, which does not exist"
        case .linkLoop: ": it is a loop of symbolic links"
        case .notRegular(let kind): ": it is \(kind), not a regular file"
        case .tooLarge: ""
        case .unreadable(let reason): ": \(reason)"
        }
    }
}
