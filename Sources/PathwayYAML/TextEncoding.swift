import PathwayDiagnostics

/// The encoding rules every file and stream Pathway reads is held to: UTF-8, with an optional byte
/// order mark at the very start that is ignored.
public enum TextEncoding {
    /// The UTF-8 byte order mark, `EF BB BF`.
    public static let byteOrderMark: [UInt8] = [0xEF, 0xBB, 0xBF]

    /// Whether `bytes` starts with the UTF-8 byte order mark.
    public static func startsWithByteOrderMark<C: Collection>(_ bytes: C) -> Bool where C.Element == UInt8 {
        bytes.starts(with: byteOrderMark)
    }

    /// `bytes` without a leading byte order mark.
    public static func droppingByteOrderMark(_ bytes: [UInt8]) -> ArraySlice<UInt8> {
        startsWithByteOrderMark(bytes) ? bytes.dropFirst(3) : bytes[...]
    }

    /// Where the first byte that is not valid UTF-8 is, as a 1-based line and column (columns count
    /// Unicode scalars, as everywhere), or `nil` when all of `bytes` is valid UTF-8.
    ///
    /// - Complexity: O(n), one pass.
    public static func firstInvalidByte<C: Collection>(in bytes: C) -> (offset: Int, position: SourcePosition)? where C.Element == UInt8 {
        // The common case, valid text, is checked by the standard library's fast validation; only
        // invalid text is walked scalar by scalar to locate the bad byte.
        if let valid = bytes.withContiguousStorageIfAvailable({ String(validating: $0, as: UTF8.self) != nil }) {
            if valid { return nil }
        } else if String(validating: Array(bytes), as: UTF8.self) != nil {
            return nil
        }
        var line = 1, column = 1, offset = 0
        // Scalar by scalar; on a bad sequence, the offset of its first byte is reported.
        var parser = Unicode.UTF8.ForwardParser()
        var input = bytes.makeIterator()
        while true {
            switch parser.parseScalar(from: &input) {
            case .valid(let encoded):
                let count = encoded.count
                if count == 1, encoded.first == 0x0A {
                    line += 1
                    column = 1
                } else {
                    column += 1
                }
                offset += count
            case .error:
                return (offset, SourcePosition(line: line, column: column))
            case .emptyInput:
                return nil
            }
        }
    }

    /// The 1-based line and column of the byte at `offset` in UTF-8 `bytes` (columns count Unicode
    /// scalars); past the end, the position after the last byte.
    public static func position<C: Collection>(ofByte offset: Int, in bytes: C) -> SourcePosition where C.Element == UInt8 {
        var line = 1, column = 1, index = 0
        for byte in bytes {
            if index >= offset { break }
            if byte == 0x0A {
                line += 1
                column = 1
            } else if byte & 0xC0 != 0x80 {
                column += 1 // a scalar's first byte; continuation bytes do not move the column
            }
            index += 1
        }
        return SourcePosition(line: line, column: column)
    }

    /// A diagnostic for `bytes` that are not UTF-8, located at the first bad byte, or `nil`.
    public static func utf8Problem<C: Collection>(in bytes: C, path: String, code: DiagnosticCode, what: String) -> Diagnostic? where C.Element == UInt8 {
        guard let bad = firstInvalidByte(in: bytes) else { return nil }
        let byte = bytes[bytes.index(bytes.startIndex, offsetBy: bad.offset)]
        let hex = String(byte, radix: 16, uppercase: true)
        return Diagnostic(code, "\(what) is not UTF-8 text", at: SourceSpan(
            file: path, start: bad.position, end: SourcePosition(line: bad.position.line, column: bad.position.column + 1)),
            label: "byte 0x\(hex.count == 1 ? "0" : "")\(hex) is not valid UTF-8",
            notes: [.init("convert the file to UTF-8, for example with `iconv -f latin1 -t utf-8`")])
    }
}
