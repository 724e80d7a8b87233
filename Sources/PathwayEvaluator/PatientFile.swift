import Foundation
import PathwayDiagnostics
import PathwayYAML

/// Reads a patient file (JSON or YAML; `-` for standard input) into a YAML tree with spans.
///
/// JSON is read by the same strict YAML loader, so errors in either form point at line and column.
public enum PatientFile {
    /// The file's tree, its text (for excerpts) and any problems reading it.
    public static func read(_ path: String) -> (root: YAMLNode?, source: SourceFile?, diagnostics: [Diagnostic]) {
        let name = path == "-" ? "<stdin>" : path
        let data: Data?
        if path == "-" {
            data = FileHandle.standardInput.readDataToEndOfFile()
        } else {
            data = FileManager.default.contents(atPath: path)
        }
        guard let data else {
            return (nil, nil, [Diagnostic(.patientMalformed, "cannot read patient file `\(path)`", at: nil)])
        }
        guard let text = String(data: data, encoding: .utf8) else {
            return (nil, nil, [Diagnostic(.patientMalformed, "patient file `\(name)` is not UTF-8 text", at: nil)])
        }
        let loaded = YAMLLoader.load(bytes: [UInt8](data), path: name)
        return (loaded.root, SourceFile(path: name, text: text), loaded.diagnostics)
    }
}
