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
    /// Each table's rows, compiled once (by document and table index), whether the table's rules or
    /// a reference to one of its outputs asks first.
    var tableRows: [TableKey: TableRowsState] = [:]
    /// The typed output columns of tables, by name (their derived states are in ``derivedStates``).
    var tableOutputColumns: [String: OutputColumn] = [:]

    enum DerivedState {
        case pending(DerivedFactDeclaration, document: Int)
        /// A typed output column of a single-hit table, compiled when first referenced.
        case pendingTableOutput(TableKey, column: String)
        /// A typed output column of a multi-hit table: a value per matching row, not a derived fact.
        case multiValued(TableKey, column: String)
        case inProgress
        case done(DerivedSymbol)
        case failed
    }

    /// A table, by the index of its document and its index in that document.
    struct TableKey: Hashable {
        let document: Int
        let table: Int
    }

    enum TableRowsState {
        case inProgress
        case done(CompiledRows?)
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
            documents[index].facts.map(\.name.value) + documents[index].derived.map(\.name.value) + Self.tableOutputNames(documents[index])
        }
    }

    /// The facts, derived facts and table outputs `document` declares itself (suggested before its imports').
    func ownNames(of document: Int) -> Set<String> {
        let d = documents[document]
        return Set(d.facts.map(\.name.value) + d.derived.map(\.name.value) + Self.tableOutputNames(d))
    }

    /// The typed output columns of a document's tables: derived facts of that document.
    static func tableOutputNames(_ document: GuidelineDocument) -> [String] {
        document.tables.flatMap { $0.outputs.filter(\.type.isTyped).map(\.name.value) }
    }

    /// Whether `document` can see the document that declares `name`.
    func canSee(_ name: String, from document: Int) -> Bool {
        visible[document].contains { index in
            documents[index].facts.contains { $0.name.value == name } || documents[index].derived.contains { $0.name.value == name }
                || documents[index].tables.contains { $0.outputs.contains { $0.name.value == name && $0.type.isTyped } }
        }
    }
}
