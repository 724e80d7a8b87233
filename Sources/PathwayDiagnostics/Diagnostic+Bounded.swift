extension Excerpt {
    /// The longest message, label, note or suggestion a renderer prints, in Unicode scalars: a
    /// backstop for texts that quote user input without cutting it first.
    public static let messageLimit = 400
}

extension Diagnostic {
    /// The diagnostic with every text cut to ``Excerpt/messageLimit`` (with `…`), as the renderers
    /// print it; locations, codes and severities unchanged.
    ///
    /// - Complexity: O(number of texts × the limit), whatever their lengths.
    public func bounded() -> Diagnostic {
        let limit = Excerpt.messageLimit
        var copy = self
        copy.message = Excerpt.truncated(message, limit: limit)
        copy.label = label.map { Excerpt.truncated($0, limit: limit) }
        copy.notes = notes.map { Note(Excerpt.truncated($0.message, limit: limit), at: $0.span) }
        copy.suggestions = suggestions.map {
            Suggestion(Excerpt.truncated($0.message, limit: limit), replacement: Excerpt.truncated($0.replacement, limit: limit), span: $0.span)
        }
        copy.fact = fact.map { Excerpt.truncated($0, limit: limit) }
        return copy
    }
}
