import PathwayDiagnostics
import PathwaySyntax

/// What a name in a condition stands for, as the compiler reads it.
enum ExpressionPart: Hashable, Sendable {
    /// A fact or derived fact.
    case fact(String)
    /// An enumeration value (compared with an enumerated fact: `grade == G1`, `grade in [G1, G2]`).
    case value(String)
    /// A built-in function (`known`).
    case function(String)
    /// The unit after a number (`cm`, `%`).
    case unit
}

extension Expression {
    /// The names and units of the expression, with where each is written, in order. A name compared
    /// with an enumerated fact (`== x`, `!= x`, `in [x]`) is a value, not a fact.
    func parts(isEnumerated: (String) -> Bool) -> [(part: ExpressionPart, span: SourceSpan)] {
        var found: [(part: ExpressionPart, span: SourceSpan)] = []
        func enumerated(_ e: Expression) -> Bool {
            if case .identifier(let name) = e.kind { return isEnumerated(name) }
            return false
        }
        func values(_ e: Expression) {
            switch e.kind {
            case .identifier(let name): found.append((.value(name), e.span))
            case .list(let items): items.forEach(values)
            case .range(let lo, _, let hi, _): values(lo); values(hi)
            default: visit(e)
            }
        }
        func visit(_ e: Expression) {
            switch e.kind {
            case .identifier(let name): found.append((.fact(name), e.span))
            case .number(_, _, let unit): if let unit { found.append((.unit, unit.span)) }
            case .boolean: break
            case .list(let items): items.forEach(visit)
            case .range(let lo, _, let hi, _): visit(lo); visit(hi)
            case .not(let a), .negate(let a): visit(a)
            case .logical(_, let a, let b), .arithmetic(_, let a, let b): visit(a); visit(b)
            case .comparison(let op, let a, let b):
                visit(a)
                if op == .equal || op == .notEqual, enumerated(a) { values(b) } else { visit(b) }
            case .membership(let a, let collection, _):
                visit(a)
                if enumerated(a) { values(collection) } else { visit(collection) }
            case .call(let name, let args, let nameSpan):
                found.append((.function(name), nameSpan))
                args.forEach(visit)
            }
        }
        visit(self)
        return found
    }
}
