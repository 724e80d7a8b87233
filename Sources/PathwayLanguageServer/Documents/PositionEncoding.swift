/// How the `character` of an LSP position counts (LSP 3.17, "Position" and
/// `PositionEncodingKind`): UTF-16 code units unless client and server agree on another.
///
/// Pathway's own columns count Unicode scalars, which is `utf-32`: a client that offers it gets it
/// (`general.positionEncodings`), and no conversion is needed.
enum PositionEncoding: String, Sendable {
    case utf8 = "utf-8"
    case utf16 = "utf-16"
    case utf32 = "utf-32"

    /// The encoding to use, from the client's preferences in order (LSP 3.17: "If omitted it defaults to ['utf-16']").
    static func negotiate(_ offered: [String]?) -> PositionEncoding {
        let offered = offered ?? []
        if offered.contains(PositionEncoding.utf32.rawValue) { return .utf32 }
        if offered.contains(PositionEncoding.utf16.rawValue) || offered.isEmpty { return .utf16 }
        if offered.contains(PositionEncoding.utf8.rawValue) { return .utf8 }
        return .utf16
    }

    /// How many units of this encoding a scalar takes.
    func width(_ scalar: Unicode.Scalar) -> Int {
        switch self {
        case .utf8: UTF8.width(scalar)
        case .utf16: UTF16.width(scalar)
        case .utf32: 1
        }
    }

    /// The LSP `character` of a 1-based scalar `column` on `line`.
    func character(ofColumn column: Int, in line: Substring?) -> Int {
        guard let line else { return max(column - 1, 0) }
        var units = 0, scalars = 0
        for scalar in line.unicodeScalars {
            if scalars >= column - 1 { break }
            units += width(scalar)
            scalars += 1
        }
        // Past the end of the line (a span's end just after the last character): count on as columns.
        return units + max(column - 1 - scalars, 0)
    }

    /// The 1-based scalar column of an LSP `character` on `line`; a character inside a scalar's
    /// units (or past the end) is taken to the scalar's start (or the line's end), as LSP 3.17 asks.
    func column(ofCharacter character: Int, in line: Substring) -> Int {
        var units = 0, scalars = 0
        for scalar in line.unicodeScalars {
            let w = width(scalar)
            if units + w > character { break }
            units += w
            scalars += 1
        }
        return scalars + 1
    }
}
