/// A position in a source file: 1-based line and column (in Unicode scalars) and a 0-based offset.
public struct SourcePosition: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The 1-based line number.
    public var line: Int
    /// The 1-based column, counted in Unicode scalars.
    public var column: Int

    /// Creates a position from a 1-based line and column.
    public init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }

    public static func < (lhs: SourcePosition, rhs: SourcePosition) -> Bool {
        (lhs.line, lhs.column) < (rhs.line, rhs.column)
    }

    public var description: String { "\(line):\(column)" }
}

/// A range of source text: the file it is in, where it starts and where it ends (exclusive).
///
/// Spans travel from the YAML node through the syntax tree into compiled atoms, so that a trace,
/// an analysis finding or a diagnostic can point at the exact text an author wrote.
public struct SourceSpan: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The path of the file, as given to the loader.
    public var file: String
    /// The first character of the span.
    public var start: SourcePosition
    /// The position just after the last character of the span.
    public var end: SourcePosition

    /// Creates a span.
    public init(file: String, start: SourcePosition, end: SourcePosition) {
        self.file = file
        self.start = start
        self.end = end
    }

    /// A span that covers a whole file, for problems that have no better location.
    public static func wholeFile(_ file: String) -> SourceSpan {
        SourceSpan(file: file, start: SourcePosition(line: 1, column: 1), end: SourcePosition(line: 1, column: 1))
    }

    /// `file:line:column` of the start, as editors and terminals link it.
    public var description: String { "\(file):\(start.line):\(start.column)" }

    /// A sub-span of a single-line span, `offset` scalars from its start and `length` scalars long.
    ///
    /// Used to point inside a scalar, e.g. at one identifier of a condition. When the span covers
    /// several lines the mapping is not reliable, so the whole span is returned.
    public func slice(offset: Int, length: Int) -> SourceSpan {
        guard start.line == end.line else { return self }
        let from = start.column + offset
        let to = min(from + max(length, 1), max(end.column, from + 1))
        return SourceSpan(file: file, start: SourcePosition(line: start.line, column: from),
                          end: SourcePosition(line: start.line, column: to))
    }

    public static func < (lhs: SourceSpan, rhs: SourceSpan) -> Bool {
        (lhs.file, lhs.start, lhs.end) < (rhs.file, rhs.start, rhs.end)
    }
}
