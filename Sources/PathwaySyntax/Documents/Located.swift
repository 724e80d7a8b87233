import PathwayDiagnostics

/// A value together with the span of the YAML text it was read from.
public struct Located<Value: Hashable & Sendable>: Hashable, Sendable {
    /// The value.
    public var value: Value
    /// Where it was written.
    public var span: SourceSpan

    /// Creates a located value.
    public init(_ value: Value, at span: SourceSpan) {
        self.value = value
        self.span = span
    }
}

/// A condition as written: its text, its parsed expression (when it parsed) and its span.
public struct Condition: Hashable, Sendable {
    /// The text of the condition, as the author wrote it.
    public var text: String
    /// The parsed expression; `nil` when the text had a syntax error (already reported).
    public var expression: Expression?
    /// The span of the whole condition.
    public var span: SourceSpan

    /// Creates a condition.
    public init(text: String, expression: Expression?, span: SourceSpan) {
        self.text = text
        self.expression = expression
        self.span = span
    }
}
