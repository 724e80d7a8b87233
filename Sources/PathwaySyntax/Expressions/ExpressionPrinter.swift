/// Prints an expression back as canonical source text, e.g. for graph labels and diffs.
extension Expression: CustomStringConvertible {
    public var description: String { print(self, parentPrecedence: 0) }

    private func print(_ e: Expression, parentPrecedence: Int) -> String {
        let (text, precedence): (String, Int)
        switch e.kind {
        case .identifier(let name): (text, precedence) = (name, 9)
        case .number(_, let literal, let unit): (text, precedence) = (unit.map { "\(literal) \($0.symbol)" } ?? literal, 9)
        case .boolean(let b): (text, precedence) = (b ? "true" : "false", 9)
        // List items and range bounds are sums in the grammar: anything looser keeps its parentheses.
        case .list(let items): (text, precedence) = ("[" + items.map { print($0, parentPrecedence: 5) }.joined(separator: ", ") + "]", 9)
        case .range(let lo, let loIn, let hi, let hiIn):
            (text, precedence) = ((loIn ? "[" : "(") + print(lo, parentPrecedence: 5) + " .. " + print(hi, parentPrecedence: 5) + (hiIn ? "]" : ")"), 9)
        case .not(let inner): (text, precedence) = ("not " + print(inner, parentPrecedence: 3), 3)
        case .negate(let inner): (text, precedence) = ("-" + print(inner, parentPrecedence: 7), 7)
        case .logical(let op, let l, let r):
            let p = op == .or ? 1 : 2
            (text, precedence) = (print(l, parentPrecedence: p) + " \(op.rawValue) " + print(r, parentPrecedence: p + 1), p)
        case .arithmetic(let op, let l, let r):
            let p = (op == .add || op == .subtract) ? 5 : 6
            (text, precedence) = (print(l, parentPrecedence: p) + " \(op.rawValue) " + print(r, parentPrecedence: p + 1), p)
        case .comparison(let op, let l, let r):
            (text, precedence) = (print(l, parentPrecedence: 5) + " \(op.rawValue) " + print(r, parentPrecedence: 5), 4)
        case .membership(let element, let collection, let negated):
            (text, precedence) = (print(element, parentPrecedence: 5) + (negated ? " not in " : " in ") + print(collection, parentPrecedence: 9), 4)
        case .call(let name, let args, _):
            (text, precedence) = (name + "(" + args.map { print($0, parentPrecedence: 0) }.joined(separator: ", ") + ")", 9)
        }
        return precedence < parentPrecedence ? "(\(text))" : text
    }
}
