import PathwayDiagnostics

extension LanguageServer {
    /// The `semanticTokensProvider` capability: the legend, whole documents and ranges, no deltas.
    static var semanticTokensProvider: JSONValue {
        .object([
            ("legend", .object([("tokenTypes", .array(SemanticTokenKind.allCases.map { .string($0.legendName) })),
                                ("tokenModifiers", .array(SemanticTokenModifier.allCases.map { .string($0.legendName) }))])),
            ("range", .bool(true)),
            ("full", .bool(true)),
        ])
    }

    /// `textDocument/semanticTokens/full` and, with `range`, `textDocument/semanticTokens/range`
    /// (LSP 3.17, "Semantic Tokens",
    /// https://microsoft.github.io/language-server-protocol/specifications/lsp/3.17/specification/#textDocument_semanticTokens):
    /// the tokens of the document's conditions and names, each on one line (no `multilineTokenSupport`
    /// is needed), in the negotiated position encoding.
    func semanticTokens(_ document: TextDocument, _ unit: CompileUnit, range: JSONValue?) -> JSONValue {
        var tokens = SemanticTokens(index: unit.index).tokens(in: document.path) { document.line($0 - 1) }
        if let range, let from = position(range["start"], in: document), let to = position(range["end"], in: document) {
            tokens = tokens.filter { $0.span.end > from && $0.span.start < to }
        }
        return .object([("data", .array(encode(tokens, in: document).map(JSONValue.int)))])
    }

    /// A position of the request as a 1-based line and scalar column.
    private func position(_ value: JSONValue?, in document: TextDocument) -> SourcePosition? {
        guard let line = value?["line"]?.int, let character = value?["character"]?.int else { return nil }
        return SourcePosition(line: line + 1, column: document.line(line).map { encoding.column(ofCharacter: character, in: $0) } ?? 1)
    }

    /// LSP 3.17, "Semantic Tokens", integer encoding (token format `relative`): five integers per
    /// token — the line relative to the previous token's line, the start character relative to the
    /// previous token's start when on the same line (else to the line's start), the length, the
    /// type's index in the legend and the modifiers' bit set. Characters count in the negotiated
    /// position encoding.
    func encode(_ tokens: [SemanticToken], in document: TextDocument) -> [Int] {
        var data: [Int] = []
        data.reserveCapacity(tokens.count * 5)
        var previousLine = 0, previousStart = 0
        for token in tokens {
            let line = token.span.start.line - 1
            let text = document.line(line)
            let start = encoding.character(ofColumn: token.span.start.column, in: text)
            let end = encoding.character(ofColumn: token.span.end.column, in: text)
            guard line >= previousLine, end > start else { continue }
            data += [line - previousLine, line == previousLine ? start - previousStart : start, end - start,
                     token.kind.rawValue, token.isDeclaration ? 1 << SemanticTokenModifier.declaration.rawValue : 0]
            previousLine = line
            previousStart = start
        }
        return data
    }
}
