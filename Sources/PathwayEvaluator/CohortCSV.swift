import PathwayCompiler
import PathwayDiagnostics
import PathwayYAML

/// CSV cohorts (RFC 4180, one record per line): a header row of fact names (and id fields), then
/// one patient per row. A cell's type comes from the vocabulary, as for JSON: numbers, `true` and
/// `false` are read as such, anything else as text; an empty cell is unknown. Quoted cells may hold
/// commas and doubled quotes, but not line breaks (a record is one line).
public enum CohortCSV {
    /// A malformed record or header: what is wrong and at which column.
    public struct Problem: Error, Equatable {
        public let message: String
        public let column: Int
    }

    /// The cells of one record, with their columns (1-based, of the first character) and whether
    /// each was quoted; `nil` and the column of the problem when a quote is not closed or text
    /// follows a closing quote.
    static func cells(_ line: ArraySlice<UInt8>) -> Result<[(text: String, column: Int, quoted: Bool)], Problem> {
        var cells: [(text: String, column: Int, quoted: Bool)] = []
        var i = line.startIndex
        var end = line.endIndex
        if end > i, line[end - 1] == 0x0D { end -= 1 }
        while true {
            let column = i - line.startIndex + 1
            if i < end, line[i] == UInt8(ascii: "\"") {
                var bytes: [UInt8] = []
                i += 1
                while true {
                    guard i < end else { return .failure(Problem(message: "a quote is not closed", column: column)) }
                    if line[i] == UInt8(ascii: "\"") {
                        if i + 1 < end, line[i + 1] == UInt8(ascii: "\"") { bytes.append(line[i]); i += 2; continue }
                        i += 1
                        break
                    }
                    bytes.append(line[i])
                    i += 1
                }
                cells.append((String(decoding: bytes, as: UTF8.self), column, true))
                guard i == end || line[i] == UInt8(ascii: ",") else { return .failure(Problem(message: "text follows a closing quote", column: i - line.startIndex + 1)) }
            } else {
                let start = i
                while i < end, line[i] != UInt8(ascii: ",") { i += 1 }
                cells.append((String(decoding: line[start..<i], as: UTF8.self), column, false))
            }
            if i == end { return .success(cells) }
            i += 1  // the comma
        }
    }

    /// The header's column names, or why it cannot be one.
    public static func header(_ line: ArraySlice<UInt8>) -> Result<[String], Problem> {
        switch cells(line) {
        case .failure(let problem): return .failure(problem)
        case .success(let cells):
            var seen = Set<String>()
            for cell in cells {
                guard !cell.text.isEmpty else { return .failure(Problem(message: "a column has no name", column: cell.column)) }
                guard seen.insert(cell.text).inserted else { return .failure(Problem(message: "column `\(cell.text)` appears twice", column: cell.column)) }
            }
            return .success(cells.map { $0.text })
        }
    }

    /// A record as the mapping a JSON line would give (empty cells left out), with spans on the
    /// record's cells, or the diagnostic when it is malformed.
    static func node(_ line: ArraySlice<UInt8>, header: [String], lineNumber: Int, file: String) -> Result<YAMLNode, Diagnostic> {
        func span(_ from: Int, _ to: Int) -> SourceSpan {
            SourceSpan(file: file, start: SourcePosition(line: lineNumber, column: from), end: SourcePosition(line: lineNumber, column: max(to, from + 1)))
        }
        switch cells(line) {
        case .failure(let problem):
            return .failure(Diagnostic(.patientMalformed, "malformed CSV record: \(problem.message)", at: span(problem.column, problem.column + 1)))
        case .success(let cells):
            guard cells.count == header.count else {
                return .failure(Diagnostic(.patientMalformed, "the record has \(cells.count) cells but the header \(header.count) columns", at: span(1, 2)))
            }
            var entries: [YAMLMappingEntry] = []
            for (k, cell) in cells.enumerated() where !(cell.text.isEmpty && !cell.quoted) {
                let bytes = Array(cell.text.utf8)
                let literal = ["true", "false", "null"].contains(cell.text) || JSONLinePatient.isJSONNumber(bytes[...])
                let cellSpan = span(cell.column, cell.column + bytes.count + (cell.quoted ? 2 : 0))
                entries.append(YAMLMappingEntry(key: YAMLScalar(value: header[k], style: .doubleQuoted, span: cellSpan),
                                                value: .scalar(YAMLScalar(value: cell.text, style: literal && !cell.quoted ? .plain : .doubleQuoted, span: cellSpan))))
            }
            return .success(.mapping(entries, span(1, line.count + 1)))
        }
    }

    /// `text` as a CSV cell: quoted when it holds a comma, a quote or a line break.
    public static func appendCell(_ text: some Collection<UInt8>, to out: inout [UInt8]) {
        guard text.contains(where: { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") || $0 == 0x0A || $0 == 0x0D }) else {
            out.append(contentsOf: text)
            return
        }
        out.append(UInt8(ascii: "\""))
        for b in text {
            if b == UInt8(ascii: "\"") { out.append(b) }
            out.append(b)
        }
        out.append(UInt8(ascii: "\""))
    }

    /// The output header: `line`, the id fields, one column per recommendation, `error`.
    public static func outputHeader(_ guidelines: CompiledGuidelines, idFields: [String]) -> [UInt8] {
        var out: [UInt8] = Array("line".utf8)
        for name in idFields + columnNames(guidelines) + ["error"] {
            out.append(UInt8(ascii: ","))
            appendCell(Array(name.utf8), to: &out)
        }
        return out
    }

    /// One column name per recommendation: its id, prefixed by its guideline's when two guidelines share it.
    public static func columnNames(_ guidelines: CompiledGuidelines) -> [String] {
        var counts: [String: Int] = [:]
        for r in guidelines.recommendations { counts[r.id, default: 0] += 1 }
        return guidelines.recommendations.map { counts[$0.id, default: 0] > 1 ? "\(guidelines.guidelines[$0.guideline].id)/\($0.id)" : $0.id }
    }
}
