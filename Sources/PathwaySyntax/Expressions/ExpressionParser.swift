import PathwayDiagnostics

/// Parses conditions of the expression language (`Grammar/expressions.ebnf`).
///
/// The parser is given a function that maps offsets in the text to source spans, so every node of
/// the result points at the YAML text it came from.
///
/// ```swift
/// let parsed = ExpressionParser.parse("tumor_size < 1 cm", locate: { o, l in span.slice(offset: o, length: l) })
/// ```
public struct ExpressionParser {
    /// The bounds that keep hostile conditions from exhausting the stack or taking long.
    public static let maxDepth = 48
    /// The most tokens one condition may have.
    public static let maxTokens = 2_000

    /// Maps a text offset and length (in Unicode scalars) to a span.
    public typealias Locator = (_ offset: Int, _ length: Int) -> SourceSpan

    private var tokens: [Token]
    private var index = 0
    private var depth = 0
    private let locate: Locator

    private init(tokens: [Token], locate: @escaping Locator) {
        self.tokens = tokens
        self.locate = locate
    }

    /// Parses a whole condition.
    public static func parse(_ text: String, locate: @escaping Locator) -> Result<Expression, Diagnostic> {
        parseWith(text, locate: locate) { try $0.parseExpression() }
    }

    /// Parses a decision-table cell, a unary test on `subject` (see `docs/language.md`); `nil` for `-`.
    public static func parseCell(_ text: String, subject: Expression, locate: @escaping Locator) -> Result<Expression?, Diagnostic> {
        let trimmed = text.split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ")
        if trimmed == "-" || trimmed == "any" || trimmed.isEmpty { return .success(nil) }
        return parseWith(text, locate: locate) { parser -> Expression? in try parser.parseUnaryTest(subject: subject) }
    }

    private static func parseWith<T>(_ text: String, locate: @escaping Locator, _ body: (inout ExpressionParser) throws -> T) -> Result<T, Diagnostic> {
        switch Lexer.tokenize(text, maxTokens: maxTokens) {
        case .failure(let failure):
            var diagnostic = syntaxError(failure.message, at: locate(failure.offset, failure.length), tooComplex: failure.message.contains("tokens"))
            if let replacement = failure.replacement {
                diagnostic.suggestions = [.init("write `\(replacement)`", replacement: replacement)]
            }
            return .failure(diagnostic)
        case .success(let tokens):
            var parser = ExpressionParser(tokens: tokens, locate: locate)
            do {
                let result = try body(&parser)
                if case .end = parser.current.kind { return .success(result) }
                throw parser.error("expected an operator or the end of the condition, found \(parser.current.describe)")
            } catch let failure as ParseFailure {
                return .failure(failure.diagnostic)
            } catch {
                return .failure(syntaxError("\(error)", at: locate(0, text.unicodeScalars.count), tooComplex: false))
            }
        }
    }

    private static func syntaxError(_ message: String, at span: SourceSpan, tooComplex: Bool) -> Diagnostic {
        Diagnostic(tooComplex ? .expressionTooComplex : .expressionSyntax, message, at: span,
                   notes: [.init("conditions follow the grammar in Grammar/expressions.ebnf")])
    }

    struct ParseFailure: Error {
        var diagnostic: Diagnostic
    }

    // MARK: Tokens

    private var current: Token { tokens[min(index, tokens.count - 1)] }
    private var peekNext: Token { tokens[min(index + 1, tokens.count - 1)] }

    private mutating func advance() -> Token {
        let token = current
        if index < tokens.count - 1 { index += 1 }
        return token
    }

    private func span(_ token: Token) -> SourceSpan { locate(token.offset, token.length) }

    private func span(from start: Token, to end: Token) -> SourceSpan {
        locate(start.offset, end.offset + end.length - start.offset)
    }

    private var previous: Token { tokens[max(index - 1, 0)] }

    private func error(_ message: String, at token: Token? = nil) -> ParseFailure {
        ParseFailure(diagnostic: ExpressionParser.syntaxError(message, at: span(token ?? current), tooComplex: false))
    }

    private mutating func expect(_ kind: Token.Kind, _ what: String) throws -> Token {
        guard current.kind == kind else { throw error("expected \(what), found \(current.describe)") }
        return advance()
    }

    private mutating func nested<T>(_ body: (inout ExpressionParser) throws -> T) throws -> T {
        depth += 1
        defer { depth -= 1 }
        if depth > ExpressionParser.maxDepth {
            throw ParseFailure(diagnostic: ExpressionParser.syntaxError("condition is nested deeper than \(ExpressionParser.maxDepth) levels", at: span(current), tooComplex: true))
        }
        return try body(&self)
    }

    // MARK: Grammar

    mutating func parseExpression() throws -> Expression {
        try nested { try $0.parseOr() }
    }

    private mutating func parseOr() throws -> Expression {
        let start = current
        var lhs = try parseAnd()
        while current.kind == .keywordOr {
            _ = advance()
            let rhs = try parseAnd()
            lhs = Expression(.logical(.or, lhs, rhs), span: span(from: start, to: previous))
        }
        return lhs
    }

    private mutating func parseAnd() throws -> Expression {
        let start = current
        var lhs = try parseNot()
        while current.kind == .keywordAnd {
            _ = advance()
            let rhs = try parseNot()
            lhs = Expression(.logical(.and, lhs, rhs), span: span(from: start, to: previous))
        }
        return lhs
    }

    private mutating func parseNot() throws -> Expression {
        if current.kind == .keywordNot {
            let start = advance()
            let inner = try nested { try $0.parseNot() }
            return Expression(.not(inner), span: span(from: start, to: previous))
        }
        return try parseComparison()
    }

    private mutating func parseComparison() throws -> Expression {
        let start = current
        let first = try parseSum()
        if current.kind == .keywordIn || (current.kind == .keywordNot && peekNext.kind == .keywordIn) {
            let negated = current.kind == .keywordNot
            if negated { _ = advance() }
            _ = advance()
            let collection = try parseCollection()
            return Expression(.membership(first, collection: collection, negated: negated), span: span(from: start, to: previous))
        }
        var operands = [first]
        var operators: [(ComparisonOperator, Token)] = []
        while case .comparison(let op) = current.kind {
            operators.append((op, advance()))
            operands.append(try parseSum())
        }
        guard !operators.isEmpty else { return first }
        var result: Expression?
        for (i, (op, _)) in operators.enumerated() {
            let lhs = operands[i], rhs = operands[i + 1]
            let comparison = Expression(.comparison(op, lhs, rhs), span: merge(lhs.span, rhs.span))
            result = result.map { Expression(.logical(.and, $0, comparison), span: merge($0.span, comparison.span)) } ?? comparison
        }
        return result ?? first
    }

    private func merge(_ a: SourceSpan, _ b: SourceSpan) -> SourceSpan {
        guard a.file == b.file else { return a }
        return SourceSpan(file: a.file, start: min(a.start, b.start), end: max(a.end, b.end))
    }

    private mutating func parseSum() throws -> Expression {
        let start = current
        var lhs = try parseTerm()
        while current.kind == .plus || current.kind == .minus {
            let op: ArithmeticOperator = advance().kind == .plus ? .add : .subtract
            let rhs = try parseTerm()
            lhs = Expression(.arithmetic(op, lhs, rhs), span: span(from: start, to: previous))
        }
        return lhs
    }

    private mutating func parseTerm() throws -> Expression {
        let start = current
        var lhs = try parseUnary()
        while current.kind == .star || current.kind == .slash {
            let op: ArithmeticOperator = advance().kind == .star ? .multiply : .divide
            let rhs = try parseUnary()
            lhs = Expression(.arithmetic(op, lhs, rhs), span: span(from: start, to: previous))
        }
        return lhs
    }

    private mutating func parseUnary() throws -> Expression {
        if current.kind == .minus {
            let start = advance()
            let inner = try nested { try $0.parseUnary() }
            if case .number(let value, let text, let unit) = inner.kind {
                return Expression(.number(value.negated, text: "-" + text, unit: unit), span: span(from: start, to: previous))
            }
            return Expression(.negate(inner), span: span(from: start, to: previous))
        }
        return try parsePrimary()
    }

    private mutating func parsePrimary() throws -> Expression {
        let token = current
        switch token.kind {
        case .number(let text):
            _ = advance()
            // A date literal: the compiler reads it (its value here is a placeholder).
            if text.utf8.count == 10, text.contains("-") { return Expression(.number(.zero, text: text, unit: nil), span: span(token)) }
            let value: Rational
            switch Rational.parse(text, grammar: .literal) {
            case .success(let v): value = v
            case .failure(let problem):
                throw ParseFailure(diagnostic: Diagnostic(.numberOverflow, "the number `\(text)` is \(problem)", at: span(token),
                                                          notes: [.init("Pathway's numbers are exact fractions with numerator and denominator below 2^63")]))
            }
            var unit: Expression.Unit?
            if current.kind == .percent {
                unit = .init(symbol: "%", span: span(advance()))
            } else if case .identifier(let symbol) = current.kind, peekNext.kind != .leftParen {
                unit = .init(symbol: symbol, span: span(advance()))
            }
            return Expression(.number(value, text: text, unit: unit), span: span(from: token, to: previous))
        case .identifier(let name):
            _ = advance()
            if current.kind == .leftParen {
                _ = advance()
                var args: [Expression] = []
                if current.kind != .rightParen {
                    args.append(try parseExpression())
                    while current.kind == .comma {
                        _ = advance()
                        args.append(try parseExpression())
                    }
                }
                _ = try expect(.rightParen, "`)` to close the arguments of `\(name)`")
                return Expression(.call(name, args, nameSpan: span(token)), span: span(from: token, to: previous))
            }
            return Expression(.identifier(name), span: span(token))
        case .keywordTrue, .keywordFalse:
            _ = advance()
            return Expression(.boolean(token.kind == .keywordTrue), span: span(token))
        case .leftParen:
            _ = advance()
            let inner = try parseExpression()
            _ = try expect(.rightParen, "`)`")
            return Expression(inner.kind, span: span(from: token, to: previous))
        case .leftBracket:
            throw error("a list can only follow `in`, as in `t_category in [Tis, T1a]`", at: token)
        case .end:
            throw error("expected a value, found the end of the condition", at: token)
        default:
            throw error("expected a value, found \(token.describe)", at: token)
        }
    }

    /// `[a, b]`, `[lo .. hi]`, `(lo .. hi]` and the other range forms.
    private mutating func parseCollection() throws -> Expression {
        let open = current
        guard open.kind == .leftBracket || open.kind == .leftParen else {
            throw error("expected a list `[a, b]` or a range `[low .. high]` after `in`, found \(open.describe)")
        }
        _ = advance()
        if open.kind == .leftBracket && current.kind == .rightBracket {
            _ = advance()
            return Expression(.list([]), span: span(from: open, to: previous))
        }
        let first = try nested { try $0.parseSum() }
        if current.kind == .dotDot {
            _ = advance()
            let upper = try nested { try $0.parseSum() }
            let close = current
            guard close.kind == .rightBracket || close.kind == .rightParen else {
                throw error("expected `]` or `)` to close the range, found \(close.describe)")
            }
            _ = advance()
            return Expression(.range(lower: first, lowerInclusive: open.kind == .leftBracket, upper: upper,
                                     upperInclusive: close.kind == .rightBracket), span: span(from: open, to: close))
        }
        guard open.kind == .leftBracket else { throw error("expected `..` in the range, found \(current.describe)") }
        var items = [first]
        while current.kind == .comma {
            _ = advance()
            items.append(try nested { try $0.parseSum() })
        }
        _ = try expect(.rightBracket, "`,` or `]` in the list")
        return Expression(.list(items), span: span(from: open, to: previous))
    }

    /// A decision-table cell: a comparison without its left side, a list, a range, `known`, or a value.
    mutating func parseUnaryTest(subject: Expression) throws -> Expression {
        let start = current
        let negated = current.kind == .keywordNot
        if negated { _ = advance() }
        var test: Expression
        if case .comparison(let op) = current.kind {
            _ = advance()
            let rhs = try parseSum()
            test = Expression(.comparison(op, subject, rhs), span: span(from: start, to: previous))
        } else if current.kind == .leftBracket || current.kind == .leftParen {
            let collection = try parseCollection()
            test = Expression(.membership(subject, collection: collection, negated: false), span: span(from: start, to: previous))
        } else if case .identifier(let word) = current.kind, word == "known" || word == "unknown", peekNext.kind == .end {
            _ = advance()
            let known = Expression(.call("known", [subject], nameSpan: span(start)), span: span(start))
            test = word == "known" ? known : Expression(.not(known), span: span(start))
        } else {
            let value = try parseSum()
            if current.kind == .comma {
                var items = [value]
                while current.kind == .comma {
                    _ = advance()
                    items.append(try parseSum())
                }
                let list = Expression(.list(items), span: span(from: start, to: previous))
                test = Expression(.membership(subject, collection: list, negated: false), span: span(from: start, to: previous))
            } else {
                test = Expression(.comparison(.equal, subject, value), span: span(from: start, to: previous))
            }
        }
        if negated { test = Expression(.not(test), span: span(from: start, to: previous)) }
        return test
    }
}
