/// A token of the expression language, with its position in the condition text (in Unicode scalars).
struct Token: Hashable, Sendable {
    enum Kind: Hashable, Sendable {
        case identifier(String)
        case number(String)
        case percent
        case comparison(ComparisonOperator)
        case plus, minus, star, slash
        case leftParen, rightParen, leftBracket, rightBracket, comma, dotDot
        case keywordAnd, keywordOr, keywordNot, keywordIn, keywordTrue, keywordFalse
        case end
    }

    var kind: Kind
    var offset: Int
    var length: Int

    var describe: String {
        switch kind {
        case .identifier(let s): "`\(s)`"
        case .number(let s): "`\(s)`"
        case .percent: "`%`"
        case .comparison(let op): "`\(op.rawValue)`"
        case .plus: "`+`"
        case .minus: "`-`"
        case .star: "`*`"
        case .slash: "`/`"
        case .leftParen: "`(`"
        case .rightParen: "`)`"
        case .leftBracket: "`[`"
        case .rightBracket: "`]`"
        case .comma: "`,`"
        case .dotDot: "`..`"
        case .keywordAnd: "`and`"
        case .keywordOr: "`or`"
        case .keywordNot: "`not`"
        case .keywordIn: "`in`"
        case .keywordTrue: "`true`"
        case .keywordFalse: "`false`"
        case .end: "the end of the condition"
        }
    }
}

/// Splits condition text into tokens.
struct Lexer {
    struct Failure: Error {
        var message: String
        var offset: Int
        var length: Int
        /// The text to write instead of the `length` characters at `offset`, when the fix is certain.
        var replacement: String? = nil
    }

    static func tokenize(_ text: String, maxTokens: Int) -> Result<[Token], Failure> {
        let scalars = Array(text.unicodeScalars)
        var tokens: [Token] = []
        var i = 0
        func isIdentStart(_ c: Unicode.Scalar) -> Bool { c == "_" || (c.isASCII && c.properties.isAlphabetic) }
        func isIdentPart(_ c: Unicode.Scalar) -> Bool { isIdentStart(c) || (c.isASCII && c.properties.numericType != nil) }
        func isDigit(_ c: Unicode.Scalar) -> Bool { c >= "0" && c <= "9" }
        while i < scalars.count {
            if tokens.count > maxTokens {
                return .failure(Failure(message: "condition has more than \(maxTokens) tokens", offset: i, length: 1))
            }
            let c = scalars[i]
            if c == " " || c == "\t" || c == "\n" || c == "\r" { i += 1; continue }
            let start = i
            func add(_ kind: Token.Kind, _ length: Int) {
                tokens.append(Token(kind: kind, offset: start, length: length))
                i += length
            }
            let next: Unicode.Scalar? = i + 1 < scalars.count ? scalars[i + 1] : nil
            if isDigit(c) || (c == "." && next.map(isDigit) == true) {
                var j = i
                while j < scalars.count, isDigit(scalars[j]) { j += 1 }
                if j + 1 < scalars.count, scalars[j] == ".", isDigit(scalars[j + 1]) {
                    j += 1
                    while j < scalars.count, isDigit(scalars[j]) { j += 1 }
                }
                // An exponent (`1e3`, `2.5E-2`) is part of the number, not a unit `e3`.
                if j + 1 < scalars.count, scalars[j] == "e" || scalars[j] == "E" {
                    var k = j + 1
                    if k < scalars.count, scalars[k] == "+" || scalars[k] == "-" { k += 1 }
                    if k < scalars.count, isDigit(scalars[k]) {
                        while k < scalars.count, isDigit(scalars[k]) { k += 1 }
                        j = k
                    }
                }
                tokens.append(Token(kind: .number(String(String.UnicodeScalarView(scalars[i..<j]))), offset: i, length: j - i))
                i = j
                continue
            }
            if isIdentStart(c) {
                var j = i
                while j < scalars.count, isIdentPart(scalars[j]) { j += 1 }
                let word = String(String.UnicodeScalarView(scalars[i..<j]))
                let kind: Token.Kind
                switch word {
                case "and": kind = .keywordAnd
                case "or": kind = .keywordOr
                case "not": kind = .keywordNot
                case "in": kind = .keywordIn
                case "true": kind = .keywordTrue
                case "false": kind = .keywordFalse
                default: kind = .identifier(word)
                }
                tokens.append(Token(kind: kind, offset: i, length: j - i))
                i = j
                continue
            }
            switch (c, next) {
            case ("=", "="): add(.comparison(.equal), 2)
            case ("!", "="): add(.comparison(.notEqual), 2)
            case ("<", "="): add(.comparison(.lessOrEqual), 2)
            case (">", "="): add(.comparison(.greaterOrEqual), 2)
            case (".", "."): add(.dotDot, 2)
            case ("<", _): add(.comparison(.less), 1)
            case (">", _): add(.comparison(.greater), 1)
            case ("≤", _): add(.comparison(.lessOrEqual), 1)
            case ("≥", _): add(.comparison(.greaterOrEqual), 1)
            case ("≠", _): add(.comparison(.notEqual), 1)
            case ("%", _): add(.percent, 1)
            case ("+", _): add(.plus, 1)
            case ("-", _): add(.minus, 1)
            case ("*", _): add(.star, 1)
            case ("/", _): add(.slash, 1)
            case ("(", _): add(.leftParen, 1)
            case (")", _): add(.rightParen, 1)
            case ("[", _): add(.leftBracket, 1)
            case ("]", _): add(.rightBracket, 1)
            case (",", _): add(.comma, 1)
            case ("=", ">"):
                return .failure(Failure(message: "`=>` is not an operator; did you mean `>=`?", offset: i, length: 2, replacement: ">="))
            case ("=", "<"):
                return .failure(Failure(message: "`=<` is not an operator; did you mean `<=`?", offset: i, length: 2, replacement: "<="))
            case ("=", _):
                return .failure(Failure(message: "`=` is not an operator; use `==` to compare", offset: i, length: 1, replacement: "=="))
            case ("&", _):
                return .failure(Failure(message: "`&` is not an operator; use `and`", offset: i, length: 1))
            case ("|", _):
                return .failure(Failure(message: "`|` is not an operator; use `or`", offset: i, length: 1))
            case ("!", _):
                return .failure(Failure(message: "`!` is not an operator; use `not`", offset: i, length: 1))
            default:
                return .failure(Failure(message: "unexpected character `\(c)`", offset: i, length: 1))
            }
        }
        // The check in the loop runs before each token; one more may have been added at the very end.
        if tokens.count > maxTokens, let over = tokens.last {
            return .failure(Failure(message: "condition has more than \(maxTokens) tokens", offset: over.offset, length: over.length))
        }
        tokens.append(Token(kind: .end, offset: scalars.count, length: 1))
        return .success(tokens)
    }
}
