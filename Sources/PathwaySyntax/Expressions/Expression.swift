import PathwayDiagnostics

/// A condition or value in the expression language, as written, with the span of every part.
///
/// The grammar is in `Grammar/expressions.ebnf`. Expressions are produced by ``ExpressionParser``
/// and given meaning by the compiler's type checker.
public struct Expression: Hashable, Sendable {
    /// What the expression is.
    public indirect enum Kind: Hashable, Sendable {
        /// A fact, derived fact or enumeration value name.
        case identifier(String)
        /// A number, optionally with a unit: `20`, `1 cm`, `35 %`.
        case number(Rational, text: String, unit: Unit?)
        /// `true` or `false`.
        case boolean(Bool)
        /// `[a, b, c]`, the right side of `in`.
        case list([Expression])
        /// `[low .. high)`, the right side of `in`; brackets are inclusive, parentheses exclusive.
        case range(lower: Expression, lowerInclusive: Bool, upper: Expression, upperInclusive: Bool)
        /// `not e`.
        case not(Expression)
        /// `-e`.
        case negate(Expression)
        /// `a and b`, `a or b`.
        case logical(LogicalOperator, Expression, Expression)
        /// `a + b`, `a - b`, `a * b`, `a / b`.
        case arithmetic(ArithmeticOperator, Expression, Expression)
        /// `a < b` and the other comparisons.
        case comparison(ComparisonOperator, Expression, Expression)
        /// `a in [..]`, `a not in [..]`.
        case membership(Expression, collection: Expression, negated: Bool)
        /// `known(fact)` and other built-in functions.
        case call(String, [Expression], nameSpan: SourceSpan)
    }

    /// A unit written after a number.
    public struct Unit: Hashable, Sendable {
        /// The unit's symbol as written, e.g. `cm` or `%`.
        public var symbol: String
        /// Where it is.
        public var span: SourceSpan
    }

    /// What the expression is.
    public var kind: Kind
    /// Where it is.
    public var span: SourceSpan

    /// Creates an expression.
    public init(_ kind: Kind, span: SourceSpan) {
        self.kind = kind
        self.span = span
    }
}

/// `and` / `or`.
public enum LogicalOperator: String, Hashable, Sendable {
    case and, or
}

/// `+ - * /`.
public enum ArithmeticOperator: String, Hashable, Sendable {
    case add = "+", subtract = "-", multiply = "*", divide = "/"
}

/// The comparison operators.
public enum ComparisonOperator: String, Hashable, Sendable, CaseIterable {
    case equal = "==", notEqual = "!=", less = "<", lessOrEqual = "<=", greater = ">", greaterOrEqual = ">="

    /// The operator with its operands swapped: `a < b` is `b > a`.
    public var flipped: ComparisonOperator {
        switch self {
        case .equal, .notEqual: self
        case .less: .greater
        case .lessOrEqual: .greaterOrEqual
        case .greater: .less
        case .greaterOrEqual: .lessOrEqual
        }
    }

    /// The operator that holds exactly when this one does not: `not (a < b)` is `a >= b`.
    public var negated: ComparisonOperator {
        switch self {
        case .equal: .notEqual
        case .notEqual: .equal
        case .less: .greaterOrEqual
        case .lessOrEqual: .greater
        case .greater: .lessOrEqual
        case .greaterOrEqual: .less
        }
    }
}

extension Expression {
    /// The names the expression refers to (identifiers and `known(…)` arguments), in order, once each.
    public var referencedNames: [String] {
        var names: [String] = []
        func visit(_ e: Expression) {
            switch e.kind {
            case .identifier(let n): if !names.contains(n) { names.append(n) }
            case .number, .boolean: break
            case .list(let items): items.forEach(visit)
            case .range(let lo, _, let hi, _): visit(lo); visit(hi)
            case .not(let a), .negate(let a): visit(a)
            case .logical(_, let a, let b), .arithmetic(_, let a, let b), .comparison(_, let a, let b): visit(a); visit(b)
            case .membership(let a, let c, _): visit(a); visit(c)
            case .call(_, let args, _): args.forEach(visit)
            }
        }
        visit(self)
        return names
    }
}
