import PathwaySyntax

/// An expression's structure without its spans, as an S-expression: `(and (< a 1 cm) (known b))`.
struct ExpressionShape: Equatable, CustomStringConvertible {
    let description: String

    init(_ e: Expression) {
        description = Self.text(e)
    }

    private static func text(_ e: Expression) -> String {
        switch e.kind {
        case .identifier(let name): return name
        case .number(let value, _, let unit): return "\(value)" + (unit.map { " " + $0.symbol } ?? "")
        case .boolean(let b): return b ? "true" : "false"
        case .list(let items): return "[" + items.map(text).joined(separator: " ") + "]"
        case .range(let lo, let loIn, let hi, let hiIn): return (loIn ? "[" : "(") + text(lo) + " .. " + text(hi) + (hiIn ? "]" : ")")
        case .not(let inner): return "(not \(text(inner)))"
        case .negate(let inner): return "(- \(text(inner)))"
        case .logical(let op, let l, let r): return "(\(op.rawValue) \(text(l)) \(text(r)))"
        case .arithmetic(let op, let l, let r): return "(\(op.rawValue) \(text(l)) \(text(r)))"
        case .comparison(let op, let l, let r): return "(\(op.rawValue) \(text(l)) \(text(r)))"
        case .membership(let element, let collection, let negated): return "(\(negated ? "not-in" : "in") \(text(element)) \(text(collection)))"
        case .call(let name, let args, _): return "(\(name)(\(args.map(text).joined(separator: " "))))"
        }
    }
}
