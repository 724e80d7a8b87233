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

    /// Creates a scalar.
    public init(value: String, style: ScalarStyle, span: SourceSpan) {
        self.value = value
        self.style = style
        self.span = span
    }

    /// The span of the characters `offset ..< offset + length` of ``value``, when the scalar is on one
    /// line and written plain or quoted (quotes shift the text one column); the whole span otherwise.
    public func span(ofValueOffset offset: Int, length: Int) -> SourceSpan {
        // Offsets map to columns only when the source text is the value itself (plus quotes): one line,
        // and as many columns as the value has characters, so no escape or folding changed the text.
        let width = span.end.column - span.start.column
        let count = value.unicodeScalars.count
        switch style {
        case .plain where span.start.line == span.end.line && width == count:
            return span.slice(offset: offset, length: length)
        case .singleQuoted where span.start.line == span.end.line && width == count + 2,
             .doubleQuoted where span.start.line == span.end.line && width == count + 2:
            return span.slice(offset: offset + 1, length: length)
        default:
            return span
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
