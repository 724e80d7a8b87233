import PathwayCompiler
import PathwaySyntax

extension PatientSpace {
    /// The region as a readable condition, e.g. `t_category in [Tis, T1a] and 1 cm <= tumor_size < 2 cm`.
    ///
    /// Axes on which the region allows every value of `domain` are left out; `every patient` when none
    /// is constrained. Missing values are written `not known(fact)`.
    public func describe(_ region: Region, within domain: Region) -> String {
        let parts = describeAxes(region, within: domain).map { $0.text }
        return parts.isEmpty ? "every patient" : parts.joined(separator: " and ")
    }

    /// The constrained axes of a region, each as a readable condition.
    public func describeAxes(_ region: Region, within domain: Region) -> [(axis: String, text: String)] {
        var parts: [(String, String)] = []
        for (a, axis) in axes.enumerated() {
            let allowed = region.cells[a].intersection(domain.cells[a])
            if domain.cells[a].subtracting(allowed).isEmpty { continue }
            parts.append((axis.name, describe(allowed, on: axis, domain: domain.cells[a])))
        }
        return parts
    }

    private func describe(_ cells: CellSet, on axis: FactAxis, domain: CellSet) -> String {
        let unknown = cells.contains(axis.unknownCell)
        let known = cells.members.filter { $0 != axis.unknownCell }
        let knownDomain = domain.members.filter { $0 != axis.unknownCell }
        var alternatives: [String] = []
        if !known.isEmpty {
            if known == knownDomain {
                alternatives.append(Self.known(axis))
            } else {
                alternatives += describeKnown(known, on: axis, domain: knownDomain)
            }
        }
        if unknown { alternatives.append("not " + Self.known(axis, grouped: true)) }
        if alternatives.count == 1 { return alternatives[0] }
        return "(" + alternatives.joined(separator: " or ") + ")"
    }

    /// `known(fact)`; for a relation, that the facts it reads are known (`known(a) and known(b)`), the
    /// nearest condition the language can write (a relation's own truth may still be unknown with them
    /// known, or known without them: its regions are approximate anyway).
    private static func known(_ axis: FactAxis, grouped: Bool = false) -> String {
        guard case .relation(_, let reads) = axis.kind, reads.count != 1 else {
            if case .relation(_, let reads) = axis.kind, let only = reads.first { return "known(\(only))" }
            return "known(\(axis.name))"
        }
        if reads.isEmpty { return "true" }
        let all = reads.map { "known(\($0))" }.joined(separator: " and ")
        return grouped ? "(\(all))" : all
    }

    private func describeKnown(_ known: [Int], on axis: FactAxis, domain: [Int]) -> [String] {
        switch axis.kind {
        case .boolean:
            return known.map { axis.cells[$0] == .value(1) ? axis.name : "not \(axis.name)" }
        case .relation(let text, _):
            return known.map { axis.cells[$0] == .value(1) ? text : "not (\(text))" }
        case .enumeration(let values):
            let names = known.compactMap { if case .value(let i) = axis.cells[$0] { values[i] } else { nil } }
            if names.count == 1 { return ["\(axis.name) == \(names[0])"] }
            let others = domain.filter { !known.contains($0) }.compactMap { if case .value(let i) = axis.cells[$0] { values[i] } else { nil } }
            if others.count < names.count {
                return ["\(axis.name) not in [" + others.joined(separator: ", ") + "]"]
            }
            return ["\(axis.name) in [" + names.joined(separator: ", ") + "]"]
        case .numeric(_, let unit):
            // Runs of consecutive cells of the domain become intervals.
            var runs: [[Int]] = []
            for cell in known {
                if let last = runs.last?.last, let p = domain.firstIndex(of: last), p + 1 < domain.count, domain[p + 1] == cell {
                    runs[runs.count - 1].append(cell)
                } else {
                    runs.append([cell])
                }
            }
            return runs.map { interval($0, on: axis, unit: unit, domain: domain) }
        }
    }

    private func interval(_ run: [Int], on axis: FactAxis, unit: PhysicalUnit?, domain: [Int]) -> String {
        guard let firstCell = run.first, let lastCell = run.last else { return axis.name }
        if run.count == 1, case .point(let x) = axis.cells[firstCell] {
            return "\(axis.name) == \(Self.format(x, unit))"
        }
        var lower = ""
        if firstCell != domain.first {
            switch axis.cells[firstCell] {
            case .point(let x): lower = "\(Self.format(x, unit)) <= "
            case .between(let a?, _): lower = "\(Self.format(a, unit)) < "
            default: break
            }
        }
        var upper = ""
        if lastCell != domain.last {
            switch axis.cells[lastCell] {
            case .point(let x): upper = " <= \(Self.format(x, unit))"
            case .between(_, let b?): upper = " < \(Self.format(b, unit))"
            default: break
            }
        }
        if lower.isEmpty && upper.isEmpty { return "known(\(axis.name))" }
        if upper.isEmpty {
            // `x > a` reads better than `a < x` when there is no upper bound.
            let flipped = lower.hasSuffix(" <= ") ? " >= " : " > "
            return axis.name + flipped + lower.dropLast(lower.hasSuffix(" <= ") ? 4 : 3)
        }
        return lower + axis.name + upper
    }

    /// A number with its unit, as written in guidelines: `1 cm`, `55%`, `2.5`.
    static func format(_ x: Rational, _ unit: PhysicalUnit?) -> String { PhysicalUnit.text(x, unit) }
}
