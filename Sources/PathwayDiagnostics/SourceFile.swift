/// The text of a source file, kept so diagnostics can show the lines they point at.
public struct SourceFile: Sendable {
    /// The path the file was loaded from.
    public let path: String
    /// The lines of the file, without their line terminators.
    public let lines: [Substring]
    /// The Unicode scalars of each line wider than an excerpt, by 0-based line index, computed once:
    /// an excerpt of a long line then costs its width, however many diagnostics point into the line.
    private let longLines: [Int: [Unicode.Scalar]]

    /// Creates a source file from its path and text; a byte order mark at the start is not part of
    /// the first line (columns count from the character after it, as the YAML loader's do).
    public init(path: String, text: String) {
        self.path = path
        let text = text.unicodeScalars.first == "\u{FEFF}" ? Substring(text.unicodeScalars.dropFirst()) : Substring(text)
        // Split on the newline byte (a `\r\n` pair is one Character, so splitting Characters would miss
        // it, and is slow); a line's trailing `\r` is dropped.
        self.lines = text.utf8.split(separator: 0x0A, omittingEmptySubsequences: false).map { bytes in
            let line = Substring(bytes)
            return line.utf8.last == 0x0D ? Substring(line.utf8.dropLast()) : line
        }
        var long: [Int: [Unicode.Scalar]] = [:]
        for (index, line) in lines.enumerated() where line.utf8.count > Excerpt.lineLimit {
            let scalars = Array(line.unicodeScalars)
            if scalars.count > Excerpt.lineLimit { long[index] = scalars }
        }
        longLines = long
    }

    /// The Unicode scalars of a 1-based line, or `nil` when the line does not exist.
    ///
    /// - Complexity: O(1) for lines wider than ``Excerpt/lineLimit``, O(line length) for others.
    public func scalars(ofLine number: Int) -> [Unicode.Scalar]? {
        guard number >= 1, number <= lines.count else { return nil }
        return longLines[number - 1] ?? Array(lines[number - 1].unicodeScalars)
    }

    /// The text of a 1-based line, or `nil` when the line does not exist.
    public func line(_ number: Int) -> Substring? {
        guard number >= 1, number <= lines.count else { return nil }
        return lines[number - 1]
    }
}

/// The source files of a run, by path, so renderers can show excerpts.
public struct SourceFileStore: Sendable {
    private var files: [String: SourceFile] = [:]

    /// Creates an empty store.
    public init() {}

    /// Adds or replaces a file.
    public mutating func add(_ file: SourceFile) {
        files[file.path] = file
    }

    /// The file at `path`, if it was loaded.
    public subscript(path: String) -> SourceFile? { files[path] }
}
