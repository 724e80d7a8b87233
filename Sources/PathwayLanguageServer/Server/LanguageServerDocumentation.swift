import Foundation

/// Where the diagnostics reference page is, for `codeDescription.href`.
public enum LanguageServerDocumentation {
    /// `docs/diagnostics.md` in the first folder above the running binary that has one (a binary
    /// built in a checkout of the repository, `.build/release/pathway`), as a `file:` URI.
    public static func defaultDiagnosticsPage() -> String? {
        var folder = URL(fileURLWithPath: CommandLine.arguments.first ?? "").resolvingSymlinksInPath().deletingLastPathComponent()
        for _ in 0..<5 {
            let page = folder.appendingPathComponent("docs/diagnostics.md")
            if FileManager.default.fileExists(atPath: page.path) { return page.absoluteString }
            folder.deleteLastPathComponent()
        }
        return nil
    }
}
