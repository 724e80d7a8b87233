import PathwayDiagnostics
import PathwaySyntax

/// A recommendation's or note's text with `{…}` values, compiled: literal pieces and computed
/// values with their units and display rounding.
public struct TextTemplate: Hashable, Sendable {
    /// A piece of the text.
    public enum Piece: Hashable, Sendable {
        case text(String)
        case value(Value)
    }

    /// A value the text shows.
    public struct Value: Hashable, Sendable {
        /// The expression as written between the braces.
        public let source: String
        /// Its computation.
        public let program: NumericProgram
        /// The unit it is shown in (`nil`: a plain number).
        public let unit: PhysicalUnit?
        /// Decimal places to show (a derived fact's `round`); `nil` shows the exact value.
        public let round: Int?
        /// The formula node that holds when the value is determined.
        public let determined: Int
        /// The derived facts the expression names, for traces.
        public let derived: [String]
        /// Where the `{…}` is written.
        public let span: SourceSpan
    }

    /// The pieces, in order.
    public let pieces: [Piece]

    /// The values shown.
    public var values: [Value] { pieces.compactMap { if case .value(let v) = $0 { v } else { nil } } }

    /// The text for a patient. Only called for an outcome whose values are determined (the
    /// recommendation's condition requires them); a value that is not exact prints as written,
    /// `{dose}`, never as a guess.
    public func render(_ inputs: some ComputationInputs) -> String {
        var out = ""
        for piece in pieces {
            switch piece {
            case .text(let t): out += t
            case .value(let v):
                guard case .exact(let x) = v.program.evaluate(inputs) else { out += "{\(v.source)}"; continue }
                out += PhysicalUnit.text(TextTemplate.shown(x, round: v.round), v.unit, places: v.round)
            }
        }
        return out
    }

    /// A value as shown: rounded to the declared places (halves away from zero), else exact.
    static func shown(_ x: Rational, round: Int?) -> Rational {
        guard let round else { return x }
        return x.rounded(toPlaces: round) ?? x
    }
}
