import PathwayDiagnostics

extension PhysicalUnit {
    /// Reads a unit written in a document; on failure, the one diagnostic for an unknown unit
    /// (PW0308): what is wrong and where inside the unit, and a real unit of the `expected`
    /// dimension when one is near in spelling.
    public static func parse(_ text: String, at span: SourceSpan, expected: PhysicalUnit? = nil) -> Result<PhysicalUnit, Diagnostic> {
        switch parse(text) {
        case .success(let unit): return .success(unit)
        case .failure(let problem):
            let width = span.start.line == span.end.line ? span.end.column - span.start.column : -1
            let at = width == text.unicodeScalars.count ? span.slice(offset: problem.offset, length: problem.length) : span
            return .failure(Diagnostic(.unknownUnit, "unknown unit `\(text)`: \(problem.message)", at: at,
                                       notes: [.init(unitSyntaxNote)],
                                       suggestions: suggestion(for: text, expected: expected).map { [.replace(with: $0)] } ?? []))
        }
    }

    /// The note every unit diagnostic carries.
    public static let unitSyntaxNote = "units follow UCUM's case-sensitive syntax, e.g. `mg/dL`, `mmol/L`, `10*9/L`, `mm[Hg]`, `mL/min/{1.73_m2}`; `day`, `week`, `month` and `year` are accepted too"
}
