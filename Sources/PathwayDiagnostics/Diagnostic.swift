/// A problem found in a guideline or in patient data, as a value.
///
/// A diagnostic says what is wrong (``message``), where (``span``), how serious it is
/// (``severity``), which kind of problem it is (``code``, stable across releases) and how to fix it
/// (``notes`` and ``suggestions``). How it is shown is up to a renderer, e.g. ``TextDiagnosticRenderer``.
///
/// ```swift
/// let d = Diagnostic(.unknownFact, "unknown fact `ki67_prcent`", at: span,
///                    label: "not declared in any imported vocabulary",
///                    suggestions: [.replace(with: "ki67_percent")])
/// ```
public struct Diagnostic: Hashable, Sendable {
    /// Whether the diagnostic is an error, a warning or a note.
    public var severity: Severity
    /// The stable code of the kind of problem.
    public var code: DiagnosticCode
    /// One line, lower case, user input in backticks, no final period.
    public var message: String
    /// Where the problem is, when it has a place in a file.
    public var span: SourceSpan?
    /// A short text shown under the highlighted span.
    public var label: String?
    /// Further explanations, each possibly pointing elsewhere.
    public var notes: [Note]
    /// Proposed fixes ("did you mean …").
    public var suggestions: [Suggestion]
    /// The patient fact the diagnostic is about, for patient-data diagnostics.
    public var fact: String?

    /// Creates a diagnostic; the severity defaults to the code's own.
    public init(
        _ code: DiagnosticCode,
        _ message: String,
        at span: SourceSpan?,
        severity: Severity? = nil,
        label: String? = nil,
        notes: [Note] = [],
        suggestions: [Suggestion] = [],
        fact: String? = nil
    ) {
        self.code = code
        self.severity = severity ?? code.defaultSeverity
        self.message = message
        self.span = span
        self.label = label
        self.notes = notes
        self.suggestions = suggestions
        self.fact = fact
    }

    /// An explanation attached to a diagnostic.
    public struct Note: Hashable, Sendable {
        /// The text of the note.
        public var message: String
        /// Where the note points, if anywhere.
        public var span: SourceSpan?

        /// Creates a note.
        public init(_ message: String, at span: SourceSpan? = nil) {
            self.message = message
            self.span = span
        }
    }

    /// A proposed fix: replace the diagnostic's span (or ``span``) with ``replacement``.
    public struct Suggestion: Hashable, Sendable {
        /// What the fix does, e.g. "did you mean `ki67_percent`?".
        public var message: String
        /// The text to put in place of the span.
        public var replacement: String
        /// The span to replace; the diagnostic's own span when `nil`.
        public var span: SourceSpan?

        /// Creates a suggestion.
        public init(_ message: String, replacement: String, span: SourceSpan? = nil) {
            self.message = message
            self.replacement = replacement
            self.span = span
        }

        /// The usual "did you mean `x`?" suggestion.
        public static func replace(with replacement: String) -> Suggestion {
            Suggestion("did you mean `\(replacement)`?", replacement: replacement)
        }
    }
}

extension Diagnostic: Comparable {
    /// Diagnostics sort by file and position, then code and message, so output is deterministic.
    public static func < (lhs: Diagnostic, rhs: Diagnostic) -> Bool {
        let l = lhs.span ?? SourceSpan.wholeFile(""), r = rhs.span ?? SourceSpan.wholeFile("")
        if l != r { return l < r }
        if lhs.code != rhs.code { return lhs.code.rawValue < rhs.code.rawValue }
        return lhs.message < rhs.message
    }
}

extension Array where Element == Diagnostic {
    /// Whether any diagnostic is an error.
    public var containsErrors: Bool { contains { $0.severity == .error } }
}

/// A diagnostic can be thrown where one problem ends a computation.
extension Diagnostic: Error {}
