import PathwayDiagnostics
import PathwaySyntax

/// One highlighted range of a document: on one line, in Pathway's positions (1-based line and
/// scalar columns).
struct SemanticToken: Hashable, Sendable {
    var span: SourceSpan
    var kind: SemanticTokenKind
    var isDeclaration = false
}

/// The semantic tokens of a document: the expression language inside its YAML strings, read by the
/// compiler's own lexer and parser, and the names the symbol index found outside conditions
/// (declarations, recommendation ids under `recommend:` and in tests, citations, schemes, levels).
struct SemanticTokens {
    let index: SymbolIndex

    /// The tokens of the document at `path`, sorted and not overlapping, on the lines `lines` gives.
    func tokens(in path: String, lines: (Int) -> Substring?) -> [SemanticToken] {
        guard let document = index.documents[path] else { return [] }
        var found: [SemanticToken] = []
        for written in document.writtenConditions {
            found += tokens(of: written, lines: lines)
        }
        for o in index.occurrences where o.span.file == path && o.span.start.line == o.span.end.line {
            found.append(SemanticToken(span: o.span, kind: kind(of: o.key), isDeclaration: o.isDeclaration))
        }
        // Sorted by place; where two overlap (a fact found both ways), the first is kept.
        var kept: [SemanticToken] = []
        for token in found.sorted(by: { ($0.span.start, $0.kind.rawValue) < ($1.span.start, $1.kind.rawValue) }) {
            if let last = kept.last, last.span.start.line == token.span.start.line, token.span.start.column < last.span.end.column { continue }
            kept.append(token)
        }
        return kept
    }

    private func kind(of key: SymbolKey) -> SemanticTokenKind {
        switch key.kind {
        case .fact: index.derived[key.name] != nil && index.facts[key.name] == nil ? .derivedFact : .fact
        case .recommendation: .recommendation
        case .citation: .citation
        case .section: .section
        case .scheme: .scheme
        case .level: .value
        }
    }

    /// The tokens of one condition: each token the lexer reads, placed in the source by
    /// ``ConditionPositions`` (none when the text cannot be placed), named by the parsed expression.
    private func tokens(of written: WrittenCondition, lines: (Int) -> Substring?) -> [SemanticToken] {
        let c = written.condition
        guard let lexed = ExpressionToken.tokens(of: c.text),
              let positions = ConditionPositions(text: c.text, span: c.span, lines: lines) else { return [] }
        let parts = partsByOffset(of: written)
        return lexed.compactMap { token in
            guard let span = positions.span(offset: token.offset, length: token.length, file: c.span.file) else { return nil }
            let kind: SemanticTokenKind?
            switch (token.kind, parts[token.offset]) {
            case (_, .unit?): kind = .unit
            case (.name, .fact(let name)?): kind = factKind(name)
            case (.name, .value?): kind = .value
            case (.name, .function?): kind = .keyword
            case (.name, nil): kind = nil  // not parsed (a syntax error): not named
            case (.number, _): kind = .number
            case (.keyword, _): kind = .keyword
            case (.operator, _): kind = .operator
            case (.punctuation, _): kind = nil
            }
            return kind.map { SemanticToken(span: span, kind: $0) }
        }
    }

    /// A declared fact or derived fact; an undeclared name is not coloured (its diagnostic shows).
    private func factKind(_ name: String) -> SemanticTokenKind? {
        if index.facts[name] != nil { return .fact }
        if index.derived[name] != nil { return .derivedFact }
        return nil
    }

    /// The parts of the condition by their offset in its text: the text parsed again, as the
    /// compiler parses it, with spans that count offsets (line 1, column = offset + 1).
    private func partsByOffset(of written: WrittenCondition) -> [Int: ExpressionPart] {
        let locate: ExpressionParser.Locator = { offset, length in
            SourceSpan(file: "", start: SourcePosition(line: 1, column: offset + 1), end: SourcePosition(line: 1, column: offset + length + 1))
        }
        let parsed: Expression?
        if let column = written.subject {
            // The subject is not in the cell's text: it gets a span no token has.
            let subject = Expression(.identifier(column.value), span: SourceSpan(file: "", start: SourcePosition(line: 0, column: 0),
                                                                                  end: SourcePosition(line: 0, column: 0)))
            parsed = try? ExpressionParser.parseCell(written.condition.text, subject: subject, locate: locate).get() ?? nil
        } else {
            parsed = try? ExpressionParser.parse(written.condition.text, locate: locate).get()
        }
        var parts: [Int: ExpressionPart] = [:]
        for (part, span) in parsed?.parts(isEnumerated: { index.enumValues(of: $0) != nil }) ?? [] where span.start.line == 1 {
            parts[span.start.column - 1] = part
        }
        return parts
    }
}
