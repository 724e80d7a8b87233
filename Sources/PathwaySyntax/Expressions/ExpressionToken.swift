/// A token of a condition's text as the parser reads it, for tools that colour conditions (the
/// language server's semantic tokens): what kind of token it is and where, in Unicode scalars of
/// the condition text. Names are not classified here (a name is a fact, a value or a unit only in
/// context); the parsed ``Expression`` tells which.
public struct ExpressionToken: Hashable, Sendable {
    /// What kind of token.
    public enum Kind: Hashable, Sendable {
        /// A fact, value, unit or function name (`ki67_percent`, `G1`, `mg/dL`, `known`).
        case name
        /// A number or an ISO date.
        case number
        /// `and`, `or`, `not`, `in`, `true`, `false`.
        case keyword
        /// A comparison, `+ - * /`, `..` or `%`.
        case `operator`
        /// `( ) [ ] ,`.
        case punctuation
    }

    /// What kind of token.
    public var kind: Kind
    /// The offset of its first character in the condition text, in Unicode scalars.
    public var offset: Int
    /// Its length, in Unicode scalars.
    public var length: Int

    /// The tokens of `text`, in order, as ``ExpressionParser`` reads them; `nil` when the text does
    /// not lex (an unexpected character), since the tokens after it are unknown.
    public static func tokens(of text: String) -> [ExpressionToken]? {
        guard case .success(let tokens) = Lexer.tokenize(text, maxTokens: ExpressionParser.maxTokens) else { return nil }
        return tokens.compactMap { token in
            let kind: Kind
            switch token.kind {
            case .identifier: kind = .name
            case .number: kind = .number
            case .keywordAnd, .keywordOr, .keywordNot, .keywordIn, .keywordTrue, .keywordFalse: kind = .keyword
            case .comparison, .plus, .minus, .star, .slash, .dotDot, .percent: kind = .operator
            case .leftParen, .rightParen, .leftBracket, .rightBracket, .comma: kind = .punctuation
            case .end: return nil
            }
            return ExpressionToken(kind: kind, offset: token.offset, length: token.length)
        }
    }
}
