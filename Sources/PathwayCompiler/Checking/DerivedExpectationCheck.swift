import PathwayDiagnostics
import PathwaySyntax
import PathwayYAML

extension CompilerContext {
    /// Checks a test's expected value of a derived fact: the name is a derived fact, and a boolean
    /// or enumerated one expects one of its values (or `unknown`, or `none` for an enumeration). A
    /// numeric one's number is typed when the test runs, as a patient value of the fact's unit is.
    func check(_ expectation: DerivedExpectation) {
        let name = expectation.name
        guard let symbol = derivedSymbol(name.value, referencedAt: name.span) else {
            if derivedStates[name.value] != nil { return }  // failed to compile: reported where it is declared
            let isFact = slotByName[name.value] != nil
            report(Diagnostic(.unknownFact, isFact ? "`\(name.value)` is a fact, not a derived fact; give it under `patient`"
                                  : "unknown derived fact `\(name.value)`", at: name.span,
                              suggestions: isFact ? [] : Suggest.closest(to: name.value, in: derivedOrder).map { [.replace(with: $0)] } ?? []))
            return
        }
        guard case .scalar(let scalar) = expectation.value else { return }
        let allowed: [String]
        if symbol.booleanNode != nil {
            allowed = ["true", "false", "unknown"]
        } else if symbol.numeric == nil {
            allowed = symbol.valueNodes.map(\.value) + ["none", "unknown"]
        } else {
            return
        }
        guard !allowed.contains(scalar.value) else { return }
        report(Diagnostic(.invalidValue, "`\(scalar.value)` is not a value of `\(name.value)`; expected one of " + allowed.map { "`\($0)`" }.joined(separator: ", "),
                          at: scalar.span, suggestions: Suggest.closest(to: scalar.value, in: allowed).map { [.replace(with: $0)] } ?? []))
    }
}
