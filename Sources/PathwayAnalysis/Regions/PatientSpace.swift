import PathwayCompiler
import PathwaySyntax

/// The patients of one or two compiled versions of a guideline, as a finite product of fact axes.
///
/// Facts are matched by name across versions; numbers are expressed in the newest version's unit.
/// Each atom of each version becomes, on its fact's axis, the cells where it is true and where it
/// is false (the rest: unknown). Evaluation, analysis and diff share these atoms, so the regions
/// found here are exactly the patients the evaluator would treat alike.
public struct PatientSpace: Sendable {
    /// The compared versions (one for analysis, old and new for a diff).
    public let versions: [CompiledGuidelines]
    /// The axes: facts in the newest version's order, then facts only older versions have, then relations.
    public let axes: [FactAxis]
    /// For each version, each fact slot's axis.
    let axisOfSlot: [[Int]]
    /// For each version, the exact factor from the version's unit to the axis's unit (1 without units).
    let scaleOfSlot: [[Rational]]
    /// For each version and atom: how it divides the space.
    let atomShapes: [[AtomShape]]

    /// The cells of one axis where an atom is true, false and unknown.
    struct AtomCells: Sendable {
        let axis: Int
        let whenTrue: CellSet
        let whenFalse: CellSet
        let whenUnknown: CellSet
    }

    /// How an atom divides the space of patients.
    enum AtomShape: Sendable {
        /// A test on one axis: a fact's, or the relation axis of a computed atom that is not a function of cells.
        case cells(AtomCells)
        /// A computed atom (a score, a conditional value, `known(derived)`) whose truth is a function of the
        /// cells of these axes, in the space's order: it reads facts only through their conditions, and
        /// booleans as 0 or 1. Its diagram is built by evaluating it (``DecisionDiagrams``), so regions over it are exact.
        case computed(atom: Int, axes: [Int])
    }

    /// Builds the space of the given versions (the last is the newest).
    public init(_ versions: [CompiledGuidelines]) {
        self.versions = versions
        var builder = AxisBuilder(versions: versions)
        builder.build()
        axes = builder.axes
        axisOfSlot = builder.axisOfSlot
        scaleOfSlot = builder.scaleOfSlot
        atomShapes = builder.atomShapes
    }

    /// The value a version's patient holds when its fact in `slot` lies in `cell` of its axis: the
    /// cell's representative in the version's own unit (`.unknown` for the unknown cell), or `nil`
    /// when the version has no such value (an enumeration value it does not declare, an interval
    /// with no value it can hold).
    func value(inCell cell: Int, slot: Int, version v: Int) -> FactValue? {
        let a = axisOfSlot[v][slot]
        guard a >= 0 else { return nil }
        let axis = axes[a]
        guard let x = axis.representative(of: cell) else { return cell == axis.unknownCell ? .unknown : nil }
        switch axis.kind {
        case .enumeration(let values):
            guard case .enumeration(let own) = versions[v].facts[slot].type, let index = Int(exactly: x.numerator),
                  values.indices.contains(index), let k = own.firstIndex(of: values[index]) else { return nil }
            return FactValue(index: k)
        case .numeric:
            return x.divided(by: scaleOfSlot[v][slot]).map(FactValue.init)
        case .boolean, .relation:
            return FactValue(x)
        }
    }

    /// The slots of a version whose facts lie on `axis`.
    func slots(onAxis axis: Int, version v: Int) -> [Int] {
        axisOfSlot[v].indices.filter { axisOfSlot[v][$0] == axis }
    }

    /// Every patient a version accepts: each axis limited to the cells that version's facts allow.
    public func accepted(by version: Int) -> Region {
        Region(cells: axes.map { $0.accepted[version] })
    }

    /// The patients every version accepts.
    public var acceptedByAll: Region {
        Region(cells: axes.map { axis in axis.accepted.dropFirst().reduce(axis.accepted[0]) { $0.intersection($1) } })
    }
}

/// A box of patients: for each axis, the cells a patient's value may fall in.
public struct Region: Hashable, Sendable {
    /// The allowed cells, by axis.
    public var cells: [CellSet]

    /// Creates a region.
    public init(cells: [CellSet]) { self.cells = cells }

    /// Whether no patient is in the region.
    public var isEmpty: Bool { cells.contains { $0.isEmpty } }

    /// The region with one axis limited to `allowed`.
    public func restricting(_ axis: Int, to allowed: CellSet) -> Region {
        var r = self
        r.cells[axis] = cells[axis].intersection(allowed)
        return r
    }
}

/// Cuts each fact into cells; one use per ``PatientSpace``.
private struct AxisBuilder {
    let versions: [CompiledGuidelines]
    var axes: [FactAxis] = []
    var axisOfSlot: [[Int]]
    var scaleOfSlot: [[Rational]]
    var atomShapes: [[PatientSpace.AtomShape]] = []

    init(versions: [CompiledGuidelines]) {
        self.versions = versions
        axisOfSlot = versions.map { [Int](repeating: -1, count: $0.facts.count) }
        scaleOfSlot = versions.map { [Rational](repeating: .one, count: $0.facts.count) }
    }

    /// A fact in one version: which version and slot.
    typealias Occurrence = (version: Int, slot: Int)

    mutating func build() {
        // Facts by name, newest version first so its order and units lead.
        var order: [String] = []
        var occurrences: [String: [Occurrence]] = [:]
        for v in versions.indices.reversed() {
            for fact in versions[v].facts {
                if occurrences[fact.name] == nil { order.append(fact.name) }
                occurrences[fact.name, default: []].append((v, fact.slot))
            }
        }
        for name in order {
            guard let all = occurrences[name] else { continue }
            // Versions that declare the fact with incompatible types get an axis each.
            var groups: [[Occurrence]] = []
            for o in all {
                if let g = groups.firstIndex(where: { compatible(type(of: $0[0]), type(of: o)) }) {
                    groups[g].append(o)
                } else {
                    groups.append([o])
                }
            }
            for group in groups { addAxis(name: name, occurrences: group) }
        }
        var relationAxis: [String: Int] = [:]
        atomShapes = versions.indices.map { v in
            let guidelines = versions[v]
            var exact: [Int: Bool] = [:]
            return guidelines.atoms.indices.map { index -> PatientSpace.AtomShape in
                let atom = guidelines.atoms[index]
                if case .fact(let slot, let test) = atom.kind { return .cells(cells(of: test, version: v, slot: slot)) }
                if case .determined(let program) = atom.kind, let date = DeterminedDate(program, in: guidelines), axisOfSlot[v][date.slot] >= 0 {
                    return .cells(cells(of: date, version: v))
                }
                if isFunctionOfCells(index, version: v, memo: &exact) {
                    let axes = Set(guidelines.slots(readBy: index).map { axisOfSlot[v][$0] }.filter { $0 >= 0 }).sorted()
                    return .computed(atom: index, axes: axes)
                }
                // Arithmetic on a number's value varies within its cells: the atom gets an axis of its own,
                // named by how it is written, and findings over it are approximate.
                let text = guidelines.atomTexts[index] ?? guidelines.describe(atom)
                let axis: Int
                if let existing = relationAxis[text] {
                    axis = existing
                } else {
                    axis = axes.count
                    relationAxis[text] = axis
                    var all = CellSet(count: 3)
                    for i in 0..<3 { all.insert(i) }
                    let reads = guidelines.slots(readBy: index).map { guidelines.facts[$0].name }
                    axes.append(FactAxis(name: text, kind: .relation(text, reads: reads), cells: [.value(0), .value(1), .unknown],
                                         accepted: versions.map { _ in all }))
                }
                return .cells(PatientSpace.AtomCells(axis: axis, whenTrue: single(1, of: 3), whenFalse: single(0, of: 3), whenUnknown: single(2, of: 3)))
            }
        }
    }

    /// Whether a computed atom's truth is the same for every patient of a box of cells: it reads
    /// numbers only through one-fact tests (whose thresholds cut the axes), booleans directly as 0
    /// or 1, and conditions made of such atoms. The same facts the evaluator completes by trying
    /// representative values (``Evaluator``'s needed facts), so analysis and evaluation agree.
    private func isFunctionOfCells(_ index: Int, version v: Int, memo: inout [Int: Bool]) -> Bool {
        if let known = memo[index] { return known }
        memo[index] = false  // the graph is acyclic; this only guards the recursion
        let guidelines = versions[v]
        let atom = guidelines.atoms[index]
        var result = true
        switch atom.kind {
        case .fact: result = true
        case .arithmetic, .determined, .exact, .decided:
            for slot in atom.directSlots where guidelines.facts[slot].type != .boolean { result = false }
            if result {
                for node in atom.conditionNodes {
                    for inner in guidelines.atoms(readByNode: node) where !isFunctionOfCells(inner, version: v, memo: &memo) { result = false }
                }
            }
        }
        memo[index] = result
        return result
    }

    private func single(_ i: Int, of count: Int) -> CellSet {
        var s = CellSet(count: count)
        s.insert(i)
        return s
    }

    private func type(of o: Occurrence) -> FactType { versions[o.version].facts[o.slot].type }

    private func compatible(_ a: FactType, _ b: FactType) -> Bool {
        switch (a, b) {
        case (.boolean, .boolean), (.enumeration, .enumeration): return true
        case (.integer, .integer): return true
        case (.integer, .number(nil)), (.number(nil), .integer): return true
        case let (.number(x), .number(y)):
            // Same dimension, and a factor between the units that is exact (it always is for the units Pathway knows).
            guard x?.dimension == y?.dimension else { return false }
            guard let x, let y else { return true }
            return x.ratio(to: y) != nil
        default: return false
        }
    }

    private mutating func addAxis(name: String, occurrences: [Occurrence]) {
        let index = axes.count
        for o in occurrences { axisOfSlot[o.version][o.slot] = index }
        let declaring = Set(occurrences.map(\.version))
        let lead = type(of: occurrences[0])
        switch lead {
        case .boolean:
            let cells: [FactAxis.Cell] = [.value(0), .value(1), .unknown]
            axes.append(FactAxis(name: name, kind: .boolean, cells: cells, accepted: versions.indices.map { _ in full(3) }))
        case .enumeration:
            var values: [String] = []
            for o in occurrences {
                if case .enumeration(let vs) = type(of: o) { for v in vs where !values.contains(v) { values.append(v) } }
            }
            let cells = values.indices.map { FactAxis.Cell.value($0) } + [.unknown]
            let accepted = versions.indices.map { v -> CellSet in
                guard declaring.contains(v), let o = occurrences.first(where: { $0.version == v }),
                      case .enumeration(let own) = type(of: o) else { return full(cells.count) }
                var s = CellSet(count: cells.count)
                for (i, value) in values.enumerated() where own.contains(value) { s.insert(i) }
                s.insert(cells.count - 1)
                return s
            }
            axes.append(FactAxis(name: name, kind: .enumeration(values), cells: cells, accepted: accepted))
        case .integer, .number:
            addNumericAxis(name: name, occurrences: occurrences, declaring: declaring)
        }
    }

    private func full(_ count: Int) -> CellSet {
        var s = CellSet(count: count)
        for i in 0..<count { s.insert(i) }
        return s
    }

    private mutating func addNumericAxis(name: String, occurrences: [Occurrence], declaring: Set<Int>) {
        let unit = type(of: occurrences[0]).unit
        // Whole numbers: integers, and dates (day numbers).
        let integer = occurrences.allSatisfy { type(of: $0) == .integer || type(of: $0).unit?.isDate == true }
        // Bounds and thresholds of every version, exactly in the axis's unit. A value that does not
        // fit once rescaled cannot be a patient's value in that unit either; it is left out.
        var points = Set<Rational>()
        // Bounds by version; `.some(nil)` is an unbounded side, so a plain dictionary of optionals would be ambiguous.
        var lows = [Rational?](repeating: nil, count: versions.count)
        var highs = [Rational?](repeating: nil, count: versions.count)
        for o in occurrences {
            let fact = versions[o.version].facts[o.slot]
            var scale = Rational.one
            if let own = fact.type.unit, let unit, own != unit, let factor = own.ratio(to: unit) {
                scale = factor
            }
            scaleOfSlot[o.version][o.slot] = scale
            lows[o.version] = fact.minimum.flatMap { $0.multiplied(by: scale) }
            highs[o.version] = fact.maximum.flatMap { $0.multiplied(by: scale) }
            if let lo = lows[o.version] { points.insert(lo) }
            if let hi = highs[o.version] { points.insert(hi) }
            for atom in versions[o.version].atoms {
                if case .fact(o.slot, .compare(_, let t)) = atom.kind, let scaled = t.multiplied(by: scale) { points.insert(scaled) }
                // A shown date that exists only on one side of a day (``DeterminedDate``) cuts its date there.
                if case .determined(let program) = atom.kind, let date = DeterminedDate(program, in: versions[o.version]), date.slot == o.slot,
                   let cut = date.cut, let scaled = Rational(integer: cut).multiplied(by: scale) {
                    points.insert(scaled)
                }
            }
        }
        let unboundedBelow = occurrences.contains { lows[$0.version] == nil }
        let unboundedAbove = occurrences.contains { highs[$0.version] == nil }
        let sorted = points.sorted()
        var cells: [FactAxis.Cell] = []
        if unboundedBelow { cells.append(.between(nil, sorted.first)) }
        for (i, p) in sorted.enumerated() {
            cells.append(.point(p))
            if i + 1 < sorted.count { cells.append(.between(p, sorted[i + 1])) } else if unboundedAbove { cells.append(.between(p, nil)) }
        }
        if sorted.isEmpty && !unboundedBelow { cells.append(.between(nil, nil)) }
        // A version accepts a cell when the cell lies within its bounds and, for integers, holds a whole number.
        func accepts(_ cell: FactAxis.Cell, version v: Int) -> Bool {
            guard declaring.contains(v) else { return true }
            let lo = lows[v], hi = highs[v]
            let isInteger = occurrences.contains { $0.version == v && (type(of: $0) == .integer || type(of: $0).unit?.isDate == true) }
            switch cell {
            case .unknown, .value: return true
            case .point(let x):
                if let lo, x < lo { return false }
                if let hi, x > hi { return false }
                return !isInteger || x.isInteger
            case .between(let a, let b):
                if let lo, let b, b <= lo { return false }
                if let hi, let a, a >= hi { return false }
                // Some value of the cell must be one Pathway can hold (a whole number for integers).
                return CellPoints.representative(between: a, b, integer: isInteger) != nil
            }
        }
        cells = cells.filter { cell in versions.indices.contains { accepts(cell, version: $0) } }
        cells.append(.unknown)
        let accepted = versions.indices.map { v -> CellSet in
            var s = CellSet(count: cells.count)
            for (i, cell) in cells.enumerated() where accepts(cell, version: v) { s.insert(i) }
            return s
        }
        axes.append(FactAxis(name: name, kind: .numeric(integer: integer, unit: unit), cells: cells, accepted: accepted))
    }

    /// A shown date's determined atom on its date's axis: true in the cells where the value exists,
    /// unknown in the others and where the date is unknown (as ``Atom/Kind/determined`` evaluates).
    private func cells(of date: DeterminedDate, version v: Int) -> PatientSpace.AtomCells {
        let axisIndex = axisOfSlot[v][date.slot]
        let axis = axes[axisIndex]
        let scale = scaleOfSlot[v][date.slot]
        var t = CellSet(count: axis.cells.count), u = t
        for i in axis.cells.indices {
            if let x = axis.representative(of: i), let day = x.divided(by: scale), day.isInteger, date.exists(day.numerator) {
                t.insert(i)
            } else {
                u.insert(i)
            }
        }
        return PatientSpace.AtomCells(axis: axisIndex, whenTrue: t, whenFalse: CellSet(count: axis.cells.count), whenUnknown: u)
    }

    private func cells(of test: Atom.Test, version v: Int, slot: Int) -> PatientSpace.AtomCells {
        let axisIndex = axisOfSlot[v][slot]
        let axis = axes[axisIndex]
        let scale = scaleOfSlot[v][slot]
        var t = CellSet(count: axis.cells.count), f = t, u = t
        let own: [String]? = if case .enumeration(let values) = versions[v].facts[slot].type { values } else { nil }
        for i in axis.cells.indices {
            // The cell's value as this version's patient would hold it; the atom's truth is then
            // exactly what the evaluator computes for that patient (``Atom/Test/truth(of:)``).
            let value: FactValue
            if let x = axis.representative(of: i) {
                switch axis.kind {
                case .enumeration(let values):
                    guard let own, let index = Int(exactly: x.numerator), let k = own.firstIndex(of: values[index]) else {
                        f.insert(i)  // a value this version does not have: in none of its sets, never unknown
                        continue
                    }
                    value = FactValue(index: k)
                case .numeric:
                    guard let inOwnUnit = x.divided(by: scale) else { f.insert(i); continue }
                    value = FactValue(inOwnUnit)
                case .boolean, .relation:
                    value = FactValue(x)
                }
            } else {
                value = .unknown
            }
            switch test.truth(of: value) {
            case .true: t.insert(i)
            case .false: f.insert(i)
            case .unknown: u.insert(i)
            }
        }
        return PatientSpace.AtomCells(axis: axisIndex, whenTrue: t, whenFalse: f, whenUnknown: u)
    }
}
