import PathwayDiagnostics

/// How a scalar was written in the source. The DSL uses it, e.g., to tell `"true"` (a string a
/// user quoted on purpose) from `true`.
public enum ScalarStyle: String, Sendable, Hashable {
    case plain
    case singleQuoted
    case doubleQuoted
    case literal
    case folded

    /// Whether the scalar was quoted or written as a block (not plain).
    public var isQuotedOrBlock: Bool { self != .plain }
}

/// A scalar: its text, exactly as YAML decoded it, never converted to a number or boolean.
public struct YAMLScalar: Sendable, Hashable {
    /// The decoded text.
    public var value: String
    /// How it was written.
    public var style: ScalarStyle
    /// Where it is.
    public var span: SourceSpan
    /// The scalar as written, from its first character to its end (header and quotes included), kept
    /// by the loader only where the value is not a copy of one source line: a block scalar, a scalar
    /// folded over lines, escapes. ``span(ofValueOffset:length:)`` maps offsets through it.
    public var source: String?

    /// Creates a scalar.
    public init(value: String, style: ScalarStyle, span: SourceSpan, source: String? = nil) {
        self.value = value
        self.style = style
        self.span = span
        self.source = source
    }

    /// Whether ``value`` is the source text itself (plus quotes): one line, and as many columns as
    /// the value has characters, so no escape or folding changed the text.
    public var valueIsSourceText: Bool {
        let width = span.end.column - span.start.column
        let count = value.unicodeScalars.count
        switch style {
        case .plain: return span.start.line == span.end.line && width == count
        case .singleQuoted, .doubleQuoted: return span.start.line == span.end.line && width == count + 2
        case .literal, .folded: return false
        }
    }

    /// The span of the characters `offset ..< offset + length` of ``value``: sliced from the line
    /// where the value is the source text, mapped through ``source`` where it was folded, escaped or
    /// written as a block (``ScalarSourceMap``), the whole span where neither applies.
    public func span(ofValueOffset offset: Int, length: Int) -> SourceSpan {
        valueSpans()(offset, length)
    }

    /// ``span(ofValueOffset:length:)`` for the many offsets of one scalar (a parser's `locate`): the
    /// value is aligned with its source once, not once per offset.
    public func valueSpans() -> (_ offset: Int, _ length: Int) -> SourceSpan {
        let span = self.span
        guard valueIsSourceText else {
            let map = source.flatMap { ScalarSourceMap(value: value, source: $0, style: style, start: span.start) }
            return { offset, length in map?.span(file: span.file, offset: offset, length: length) ?? span }
        }
        switch style {
        case .plain: return { offset, length in span.slice(offset: offset, length: length) }
        case .singleQuoted, .doubleQuoted: return { offset, length in span.slice(offset: offset + 1, length: length) }
        case .literal, .folded: return { _, _ in span }  // never the source text itself (above)
        }
    }
}

/// One `key: value` entry of a mapping.
public struct YAMLMappingEntry: Sendable, Hashable {
    /// The key, always a scalar in the guideline subset.
    public var key: YAMLScalar
    /// The value.
    public var value: YAMLNode

    /// Creates an entry.
    public init(key: YAMLScalar, value: YAMLNode) {
        self.key = key
        self.value = value
    }
}

/// A node of the YAML syntax tree: a scalar, a mapping or a sequence, each with its span.
public indirect enum YAMLNode: Sendable, Hashable {
    case scalar(YAMLScalar)
    case mapping([YAMLMappingEntry], SourceSpan)
    case sequence([YAMLNode], SourceSpan)

    /// Where the node is.
    public var span: SourceSpan {
        switch self {
        case .scalar(let s): s.span
        case .mapping(_, let span), .sequence(_, let span): span
        }
    }

    /// A word for the node's shape, for messages: "a mapping", "a list", "the string `x`".
    public var shapeDescription: String {
        switch self {
        case .scalar(let s): s.value.isEmpty ? "an empty value" : "`\(s.value)`"
        case .mapping: "a mapping"
        case .sequence: "a list"
        }
    }
}
