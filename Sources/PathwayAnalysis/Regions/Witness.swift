import PathwayCompiler
import PathwaySyntax
import PathwayDiagnostics
import PathwayEvaluator

/// One concrete patient of a region: a cell per constrained axis, every other fact missing.
public struct Witness: Hashable, Sendable {
    /// The chosen cell of each axis; `nil` leaves the fact missing.
    public let cells: [Int?]
    /// Whether a condition relating several facts was constrained, so the patient may not satisfy it.
    public let isApproximate: Bool
}

extension PatientSpace {
    /// A patient of `region`: on each axis the region constrains within `domain`, its first known
    /// cell (or missing when only unknown is allowed); every unconstrained fact is left missing.
    public func witness(in region: Region, within domain: Region) -> Witness {
        var approximate = false
        let cells = axes.indices.map { a -> Int? in
            let allowed = region.cells[a].intersection(domain.cells[a])
            if domain.cells[a].subtracting(allowed).isEmpty { return nil }
            if case .relation = axes[a].kind { approximate = true; return nil }
            return allowed.members.first { $0 != axes[a].unknownCell }
        }
        return Witness(cells: cells, isApproximate: approximate)
    }

    /// The witness as patient data for a version, or `nil` when that version does not accept one of its values.
    public func patient(_ witness: Witness, version v: Int) -> Patient? {
        let guidelines = versions[v]
        var patient = Patient(slotCount: guidelines.facts.count)
        for fact in guidelines.facts {
            let a = axisOfSlot[v][fact.slot]
            guard a >= 0, let cell = witness.cells[a] else { continue }
            guard axes[a].accepted[v].contains(cell), let value = value(inCell: cell, slot: fact.slot, version: v), value.isKnown else { return nil }
            patient[fact.slot] = value
        }
        return patient
    }

    /// The witness as patient data in JSON (the newest version's units), facts in axis order.
    public func json(_ witness: Witness) -> JSONValue {
        var members: [(String, JSONValue)] = []
        for (a, axis) in axes.enumerated() {
            guard let cell = witness.cells[a], let x = axis.representative(of: cell) else { continue }
            switch axis.kind {
            case .boolean: members.append((axis.name, .bool(x != .zero)))
            case .enumeration(let values):
                guard let index = Int(exactly: x.numerator), values.indices.contains(index) else { continue }
                members.append((axis.name, .string(values[index])))
            case .numeric(_, let unit):
                // A quantity as `"0.8 cm"`; a plain number as a JSON number when it has a finite
                // decimal form, else as the exact quotient in a string (`"1/3"`), never rounded.
                if let unit {
                    members.append((axis.name, .string(PhysicalUnit.text(x, unit))))
                } else if x.description.contains("/") {
                    members.append((axis.name, .string(x.description)))
                } else {
                    members.append((axis.name, .number(x.description)))
                }
            case .relation: break
            }
        }
        return .object(members)
    }
}

extension PatientSpace {
    /// The cell of each axis that a version's patient falls in (unknown for facts it does not declare
    /// and for relations between facts).
    public func cells(of patient: Patient, version v: Int) -> [Int] {
        var result = axes.map(\.unknownCell)
        for fact in versions[v].facts {
            let a = axisOfSlot[v][fact.slot]
            let value = patient[fact.slot]
            guard a >= 0, value.isKnown else { continue }
            let axis = axes[a]
            switch axis.kind {
            case .enumeration(let values):
                guard case .enumeration(let own) = fact.type, let index = value.index, own.indices.contains(index),
                      let k = values.firstIndex(of: own[index]) else { continue }
                result[a] = axis.cells.firstIndex(of: .value(k)) ?? axis.unknownCell
            case .boolean:
                result[a] = value.numerator != 0 ? 1 : 0
            case .numeric:
                guard let number = value.rational, let x = number.multiplied(by: scaleOfSlot[v][fact.slot]) else { continue }
                result[a] = axis.cells.firstIndex { cell in
                    switch cell {
                    case .point(let p): return p == x
                    case .between(let lo, let hi): return (lo.map { $0 < x } ?? true) && (hi.map { x < $0 } ?? true)
                    default: return false
                    }
                } ?? axis.unknownCell
            case .relation: break
            }
        }
        // A relation axis (arithmetic over several facts' values) has no cell of its own in the
        // patient's facts: the patient lies in the cell of the relation's truth for its values.
        var inputs: ConeEvaluator?
        for (index, shape) in atomShapes[v].enumerated() {
            guard case .cells(let c) = shape, case .relation = axes[c.axis].kind else { continue }
            let cone = inputs ?? ConeEvaluator(guidelines: versions[v], values: patient.values)
            inputs = cone
            switch versions[v].atoms[index].truth(cone) {
            case .true: if let k = c.whenTrue.members.first { result[c.axis] = k }
            case .false: if let k = c.whenFalse.members.first { result[c.axis] = k }
            case .unknown: if let k = c.whenUnknown.members.first { result[c.axis] = k }
            }
        }
        return result
    }
}
