extension CompiledGuidelines {
    /// A readable, deterministic listing of the compiled graph: facts with slots, atoms, nodes in
    /// evaluation order, and each recommendation's paths. Used by golden tests and for debugging.
    public func dump() -> String {
        var out = "facts:\n"
        for fact in facts {
            out += "  [\(fact.slot)] \(fact.name): \(fact.type), range \(fact.rangeDescription)\n"
        }
        out += "atoms:\n"
        for (i, atom) in atoms.enumerated() { out += "  a\(i) = \(describe(atom))\n" }
        out += "nodes:\n"
        for (i, node) in nodes.enumerated() {
            let text: String
            switch node {
            case .constant(let b): text = b ? "true" : "false"
            case .atom(let a): text = "a\(a)"
            case .not(let x): text = "not n\(x)"
            case .and(let xs): text = "and(" + xs.map { "n\($0)" }.joined(separator: ", ") + ")"
            case .or(let xs): text = "or(" + xs.map { "n\($0)" }.joined(separator: ", ") + ")"
            }
            out += "  n\(i) = \(text)\n"
        }
        out += "derived:\n"
        for d in derived {
            if let node = d.booleanNode { out += "  \(d.name) = n\(node)\n" }
            for (value, node) in d.valueNodes { out += "  \(d.name) == \(value) : n\(node)\n" }
        }
        out += "recommendations:\n"
        for r in recommendations {
            let level = r.level.map { "\($0.scheme).\($0.value)" } ?? "-"
            out += "  \(guidelines[r.guideline].id)/\(r.id) (\(r.direction.rawValue), \(level)) = n\(r.condition)\n"
            for path in r.paths {
                out += "    path \(path.origin) = n\(path.node)\n"
                for step in path.steps { out += "      n\(step.node): \(step.text) @ \(step.span.start)\n" }
            }
            if let dnf = conjunctions(of: r.condition) {
                out += "    dnf: " + (dnf.isEmpty ? "false" : dnf.map { c in
                    c.isEmpty ? "true" : c.map { ($0.positive ? "" : "¬") + "a\($0.atom)" }.joined(separator: " ∧ ")
                }.joined(separator: " ∨ ")) + "\n"
            }
        }
        return out
    }

    /// An atom as text in terms of its fact, e.g. `tumor_size < 10` or `t_category in {Tis, T1a}`.
    public func describe(_ atom: Atom) -> String {
        switch atom.kind {
        case .fact(let slot, let test):
            let fact = facts[slot]
            switch test {
            case .compare(let op, let threshold):
                return "\(fact.name) \(op.rawValue) \(PhysicalUnit.text(threshold, fact.type.unit))"
            case .inSet(let mask):
                guard case .enumeration(let values) = fact.type else { return "\(fact.name) in ?" }
                return "\(fact.name) in {" + values.indices.filter { mask & (1 << UInt64($0)) != 0 }.map { values[$0] }.joined(separator: ", ") + "}"
            case .isTrue: return fact.name
            case .known: return "known(\(fact.name))"
            }
        case .arithmetic(let program, let op):
            return "\(describe(program)) \(op.rawValue) 0"
        case .determined(let program):
            return "known(\(describe(program)))"
        case .exact(let program):
            return "known(\(describe(program)))"
        case .decided(let node):
            return "known(c\(node))"
        }
    }

    /// A computed value as text, in terms of facts and conditions.
    public func describe(_ p: NumericProgram) -> String {
        func condition(_ node: Int) -> String { "c\(node)" }
        func cases(_ cs: [NumericCase]) -> String { cs.map { "\(condition($0.condition)): \(describe($0.value))" }.joined(separator: ", ") }
        switch p {
        case .constant(let c): return c.isInteger || !c.description.contains("/") ? c.description : "(\(c))"
        case .slot(let s): return facts[s].name
        case .negate(let a): return "-(\(describe(a)))"
        case .binary(let op, let a, let b): return "(\(describe(a)) \(op.rawValue) \(describe(b)))"
        case .function(let f, let args): return "\(f.rawValue)(" + args.map(describe).joined(separator: ", ") + ")"
        case .cases(let cs, let otherwise): return "cases(\(cases(cs)), otherwise: \(describe(otherwise)))"
        case .sum(let cs): return "sum(\(cases(cs)))"
        case .extreme(let isMax, let cs, let otherwise): return "\(isMax ? "max" : "min")(\(cases(cs)), otherwise: \(describe(otherwise)))"
        }
    }
}
