import Foundation

/// File paths and `file:` URIs (LSP 3.17, "URI": RFC 3986, percent-encoded).
enum Paths {
    /// `path` with `.`, empty components and `name/..` removed, lexically.
    static func normalize(_ path: String) -> String {
        var components: [Substring] = []
        for component in path.split(separator: "/", omittingEmptySubsequences: true) {
            switch component {
            case ".": continue
            case "..": if let last = components.last, last != ".." { components.removeLast() } else if !path.hasPrefix("/") { components.append(component) }
            default: components.append(component)
            }
        }
        let joined = components.joined(separator: "/")
        return path.hasPrefix("/") ? "/" + joined : (joined.isEmpty ? "." : joined)
    }

    static func directory(of path: String) -> String {
        let d = (path as NSString).deletingLastPathComponent
        return d.isEmpty ? "." : d
    }

    /// The file path of a `file:` URI; `nil` for any other scheme or a URI without a path.
    static func path(ofURI uri: String) -> String? {
        guard let url = URL(string: uri), url.isFileURL, !url.path.isEmpty else { return nil }
        return normalize(url.path)
    }

    /// The `file:` URI of an absolute path.
    static func uri(ofPath path: String) -> String {
        URL(fileURLWithPath: path).absoluteString
    }
}
