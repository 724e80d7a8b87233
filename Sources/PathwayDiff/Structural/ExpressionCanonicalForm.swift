import PathwaySyntax

/// Rewrites an expression into the form used for comparison: renamed facts under their new names
/// and numbers in their shortest exact form, so `1.0 cm` and `1 cm`, or `a<1` and `a < 1`, print alike.
enum ExpressionCanonicalForm {
    /// The canonical form of `expression`, with fact names translated by `translate`.
    static func canonical(_ expression: Expression, translate: Translator) -> Expression {
        func c(_ e: Expression) -> Expression { canonical(e, translate: translate) }
        let kind: Expression.Kind
        switch expression.kind {
        case .identifier(let name): kind = .identifier(translate(.fact, name))
        case .number(let value, _, let unit): kind = .number(value, text: value.description, unit: unit)
        case .boolean: kind = expression.kind
        case .list(let items): kind = .list(items.map(c))
        case .range(let lower, let lowerInclusive, let upper, let upperInclusive):
            kind = .range(lower: c(lower), lowerInclusive: lowerInclusive, upper: c(upper), upperInclusive: upperInclusive)
        case .not(let inner): kind = .not(c(inner))
        case .negate(let inner): kind = .negate(c(inner))
        case .logical(let op, let l, let r): kind = .logical(op, c(l), c(r))
        case .arithmetic(let op, let l, let r): kind = .arithmetic(op, c(l), c(r))
        case .comparison(let op, let l, let r): kind = .comparison(op, c(l), c(r))
        case .membership(let element, let collection, let negated): kind = .membership(c(element), collection: c(collection), negated: negated)
        case .call(let name, let arguments, let nameSpan): kind = .call(name, arguments.map(c), nameSpan: nameSpan)
        }
        return Expression(kind, span: expression.span)
    }

    /// The canonical text of a condition; a condition that did not parse is compared by its trimmed text.
    static func text(of condition: Condition, translate: Translator) -> String {
        guard let expression = condition.expression else {
            return condition.text.trimmingWhitespace
        }
        return canonical(expression, translate: translate).description
    }
}

extension String {
    /// The string without leading and trailing spaces, tabs and line breaks.
    var trimmingWhitespace: String {
        var s = Substring(self)
        while let f = s.first, f.isWhitespace { s = s.dropFirst() }
        while let l = s.last, l.isWhitespace { s = s.dropLast() }
        return String(s)
    }
}
