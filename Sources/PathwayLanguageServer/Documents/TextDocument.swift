/// The text of a document open in the editor, with its version, edited as the client reports.
///
/// LSP 3.17, "Text Document Synchronization": the server asks for incremental sync
/// (`TextDocumentSyncKind.Incremental`, 2), so each `didChange` carries ranges to replace, applied
/// in order; a change without a range replaces the whole text.
struct TextDocument: Sendable {
    let uri: String
    let path: String
    private(set) var version: Int
    private(set) var text: String
    /// The UTF-8 offset at which each line starts. Lines end at `\n`, `\r\n` and a lone `\r`, the
    /// line breaks of LSP 3.17 ("Text Documents": "the protocol specifies the following end-of-line
    /// sequences: '\n', '\r\n' and '\r'"), which are also where the YAML parser starts a new line,
    /// so positions agree with the compiler's spans.
    private(set) var lineStarts: [Int] = [0]

    init(uri: String, path: String, version: Int, text: String) {
        self.uri = uri
        self.path = path
        self.version = version
        self.text = text
        indexLines()
    }

    private mutating func indexLines() {
        var starts = [0]
        var i = 0
        let bytes = Array(text.utf8)
        while i < bytes.count {
            if bytes[i] == 0x0A || (bytes[i] == 0x0D && (i + 1 == bytes.count || bytes[i + 1] != 0x0A)) { starts.append(i + 1) }
            i += 1
        }
        lineStarts = starts
    }

    /// The text of a 0-based line without its line break; `nil` past the last line.
    func line(_ index: Int) -> Substring? {
        guard index >= 0, index < lineStarts.count else { return nil }
        let utf8 = text.utf8
        let from = utf8.index(utf8.startIndex, offsetBy: lineStarts[index])
        var to = index + 1 < lineStarts.count ? utf8.index(utf8.startIndex, offsetBy: lineStarts[index + 1]) : utf8.endIndex
        while to > from, let last = utf8[utf8.index(before: to)...].first, last == 0x0A || last == 0x0D { to = utf8.index(before: to) }
        return Substring(utf8[from..<to])
    }

    /// The UTF-8 offset of an LSP position; positions past a line's end or the document's end are
    /// clamped to them (LSP 3.17, "Position").
    func offset(line: Int, character: Int, encoding: PositionEncoding) -> Int {
        guard line >= 0 else { return 0 }
        guard let text = self.line(line) else { return self.text.utf8.count }
        let column = encoding.column(ofCharacter: max(character, 0), in: text)
        let prefix = text.unicodeScalars.prefix(column - 1)
        return lineStarts[line] + prefix.reduce(0) { $0 + UTF8.width($1) }
    }

    /// Replaces the text between two UTF-8 offsets.
    mutating func replace(from: Int, to: Int, with new: String) {
        var bytes = Array(text.utf8)
        let lo = min(max(from, 0), bytes.count), hi = min(max(to, lo), bytes.count)
        bytes.replaceSubrange(lo..<hi, with: Array(new.utf8))
        // An edit can split a multi-byte character only if the client sent a bad range; decoding repairs it.
        text = String(decoding: bytes, as: UTF8.self)
        indexLines()
    }

    /// Applies one content change of `didChange`.
    mutating func apply(range: (start: (line: Int, character: Int), end: (line: Int, character: Int))?, text new: String, encoding: PositionEncoding) {
        guard let range else {
            text = new
            indexLines()
            return
        }
        let from = offset(line: range.start.line, character: range.start.character, encoding: encoding)
        let to = offset(line: range.end.line, character: range.end.character, encoding: encoding)
        replace(from: min(from, to), to: max(from, to), with: new)
    }

    mutating func setVersion(_ version: Int) { self.version = version }
}
