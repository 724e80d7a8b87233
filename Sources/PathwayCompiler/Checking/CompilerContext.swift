import PathwayDiagnostics
import PathwaySyntax

/// The mutable state of one compilation: the formula graph being built, the symbols resolved so
/// far and the diagnostics found. Internal; the public entry point is ``GuidelineCompiler``.
final class CompilerContext {
    let documents: [GuidelineDocument]
    var builder = FormulaBuilder()
    var diagnostics: [Diagnostic] = []
    var facts: [FactSymbol] = []
    var slotByName: [String: Int] = [:]
    /// Which documents each document can see: itself and its imports.
    var visible: [[Int]] = []
    var derivedStates: [String: DerivedState] = [:]
    var derivedOrder: [String] = []
    var derivedStack: [String] = []

    enum DerivedState {
        case pending(DerivedFactDeclaration, document: Int)
        case inProgress
        case done(DerivedSymbol)
        case failed
    }

    init(documents: [GuidelineDocument]) {
        self.documents = documents
    }

    func report(_ diagnostic: Diagnostic) {
        diagnostics.append(diagnostic)
    }

    /// The names a condition in `document` may use: facts and derived facts of visible documents.
    func visibleNames(from document: Int) -> [String] {
        visible[document].flatMap { index in
            documents[index].facts.map(\.name.value) + documents[index].derived.map(\.name.value)
        }
    }

    /// Whether `document` can see the document that declares `name`.
    func canSee(_ name: String, from document: Int) -> Bool {
        visible[document].contains { index in
            documents[index].facts.contains { $0.name.value == name } || documents[index].derived.contains { $0.name.value == name }
        }
    }
}
