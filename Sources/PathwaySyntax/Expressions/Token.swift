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
    /// Where a UCUM unit written at `start` ends, when it is more than an identifier (it holds `/`,
    /// `.`, `[…]`, `{…}`, `*`, `^`, an exponent sign or `µ`, or starts with `10*`/`10^`); `nil` otherwise,
    /// so `3 cm` and `2 and …` lex as before. A unit has no spaces inside.
    static func unitEnd(_ s: [Unicode.Scalar], from start: Int) -> Int? {
        func at(_ i: Int) -> Unicode.Scalar? { i < s.count ? s[i] : nil }
        func isLetter(_ c: Unicode.Scalar?) -> Bool { c.map { ($0.isASCII && $0.properties.isAlphabetic) || $0 == "µ" || $0 == "μ" } ?? false }
        func isDigit(_ c: Unicode.Scalar?) -> Bool { c.map { $0 >= "0" && $0 <= "9" } ?? false }
        guard let first = at(start) else { return nil }
        let powerOfTen = first == "1" && at(start + 1) == "0" && (at(start + 2) == "*" || at(start + 2) == "^")
        guard isLetter(first) || first == "[" || first == "{" || first == "_" || powerOfTen else { return nil }
        var i = start
        var special = powerOfTen || first == "[" || first == "{" || first == "µ" || first == "μ"
        while let c = at(i) {
            if c == "[" || c == "{" {
                let close: Unicode.Scalar = c == "[" ? "]" : "}"
                var j = i + 1
                while let d = at(j), d != close, d != " " { j += 1 }
                guard at(j) == close else { break }
                i = j + 1
                special = true
                continue
            }
            if isLetter(c) || isDigit(c) || c == "_" || c == "'" || c == "%" {
                if c == "µ" || c == "μ" || c == "'" || c == "%" { special = true }
                i += 1
                continue
            }
            if (c == "*" || c == "^"), isDigit(at(i + 1)) || (at(i + 1) == "-" && isDigit(at(i + 2))) {
                special = true; i += 1; continue
            }
            if (c == "-" || c == "+"), isDigit(at(i + 1)), i > start, isLetter(at(i - 1)) || at(i - 1) == "]" || at(i - 1) == "*" || at(i - 1) == "^" {
                special = true; i += 1; continue
            }
            if (c == "/" || c == "."), at(i + 1) != ".", at(i + 1).map({ isLetter($0) || isDigit($0) || $0 == "[" || $0 == "{" || $0 == "(" }) == true {
                special = true; i += 1; continue
            }
            if c == "(" || c == ")" {
                // Parentheses group inside a unit only after `/` or `.` (`mg/(kg.d)`) and close what they opened.
                if c == "(", i > start, at(i - 1) == "/" || at(i - 1) == "." { i += 1; continue }
                if c == ")", s[start..<i].filter({ $0 == "(" }).count > s[start..<i].filter({ $0 == ")" }).count { i += 1; continue }
            }
            break
        }
        return special && i > start ? i : nil
    }

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
            // An ISO date `2021-06-01` is one token (the compiler checks the day exists).
            if isDigit(c), i + 10 <= scalars.count, scalars[i + 4] == "-", scalars[i + 7] == "-",
               [0, 1, 2, 3, 5, 6, 8, 9].allSatisfy({ isDigit(scalars[i + $0]) }), i + 10 == scalars.count || !isIdentPart(scalars[i + 10]) {
                add(.number(String(String.UnicodeScalarView(scalars[i..<(i + 10)]))), 10)
                continue
            }
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
                // A UCUM unit after the number (`1.2 mg/dL`, `4 10*9/L`) is one token, read whole.
                var k = i
                while k < scalars.count, scalars[k] == " " || scalars[k] == "\t" { k += 1 }
                if let end = unitEnd(scalars, from: k) {
                    tokens.append(Token(kind: .identifier(String(String.UnicodeScalarView(scalars[k..<end]))), offset: k, length: end - k))
                    i = end
                }
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
