import PathwayDiagnostics
import PathwaySyntax

/// A guideline's scope, compiled: the condition every decision path of the guideline starts with
/// (so a patient outside the scope is given nothing, and one whose scope is unknown has everything
/// undetermined), and the words evaluation shows when the scope does not hold.
public struct CompiledScope: Hashable, Sendable {
    /// The formula node of the scope condition.
    public let node: Int
    /// The condition as written.
    public let condition: String
    /// Who the guideline is for, in words.
    public let text: String
    /// The source's words for its scope, if given.
    public let quote: String?
    /// Where the condition is written.
    public let span: SourceSpan

    /// The derived facts the condition names, whose values traces show.
    public let derived: [String]

    /// The scope as the first step of a decision path.
    public var step: PathStep { PathStep(node: node, text: condition, span: span, derived: derived) }
}

extension CompilerContext {
    /// Compiles the scope of the guideline in `document`, if it declares one. A condition that does
    /// not compile (already reported) gives no scope.
    func compileScope(ofDocument document: Int) -> CompiledScope? {
        guard let scope = documents[document].scope, let expression = scope.when.expression,
              let node = ExpressionCompiler(context: self, document: document).condition(expression) else { return nil }
        let derived = expression.referencedNames.filter { derivedStates[$0] != nil && canSee($0, from: document) }
        return CompiledScope(node: node, condition: scope.when.text, text: scope.text.value, quote: scope.quote?.value, span: scope.when.span,
                             derived: derived)
    }
}
