import PathwayDiagnostics

/// How a decision table combines matching rows: the hit policies of DMN 1.5 (§8.2.11).
///
/// Single-hit policies (`unique`, `any`, `first`, `priority`) select at most one row, as does `collect`
/// with an aggregation (one number); the multi-hit policies (`collect` without aggregation,
/// `rule_order`, `output_order`) give every matching row.
public enum HitPolicy: String, Hashable, Sendable, CaseIterable {
    /// At most one row may match (overlaps are reported by the analysis); each matching row is given.
    case unique
    /// Rows may overlap, but all matching rows must give equal outputs; a disagreement is the patient's error.
    case any
    /// The first matching row in row order.
    case first
    /// The matching row with the highest output priority (the order of the output column's declared
    /// values, first listed highest); for a table that only recommends, the strongest level.
    case priority
    /// Every matching row; with an ``Aggregation`` the output is one number.
    case collect
    /// Every matching row, in row order.
    case ruleOrder = "rule_order"
    /// Every matching row, in decreasing output priority.
    case outputOrder = "output_order"
}

extension HitPolicy {
    /// Whether the policy takes an ``Aggregation`` (DMN aggregates only what `collect` gives).
    public var takesAggregation: Bool {
        switch self {
        case .collect: true
        case .unique, .any, .first, .priority, .ruleOrder, .outputOrder: false
        }
    }
}

/// How `collect` combines the outputs of the matching rows into one number (DMN's C+, C<, C>, C#).
public enum Aggregation: String, Hashable, Sendable, CaseIterable {
    /// The sum of the outputs (0 when no row matches).
    case sum
    /// The least output (the column's `default` when no row matches).
    case min
    /// The greatest output (the column's `default` when no row matches).
    case max
    /// The number of matching rows (0 when none matches).
    case count
}

/// The declared type of a table's output column.
public enum OutputType: Hashable, Sendable {
    /// Free text, shown with the recommendations (the list form `outputs: [col]`).
    case text
    /// One of the listed values, in priority order (first listed highest).
    case enumeration([Located<String>])
    /// `number`, `integer`, `quantity` (with `unit`) or `percentage`; a row's value is an expression.
    /// `values`, when given, lists the possible values in priority order.
    case numeric(type: Located<String>, unit: Located<String>?, values: [NumberSyntax])

    /// Whether the column holds numbers.
    public var isNumeric: Bool {
        switch self {
        case .numeric: true
        case .text, .enumeration: false
        }
    }

    /// Whether a single-hit table makes the column a derived fact (every type but text).
    public var isTyped: Bool {
        switch self {
        case .numeric, .enumeration: true
        case .text: false
        }
    }
}

/// An output column of a decision table.
public struct OutputColumn: Hashable, Sendable {
    /// The column's name; a typed column of a single-hit table is a derived fact of this name.
    public var name: Located<String>
    /// The column's type.
    public var type: OutputType
    /// The value when no row is selected (DMN's default output value): an expression for a numeric
    /// column, a value for an enumeration (text columns have none).
    public var defaultValue: Located<String>?
    /// The default parsed as an expression (numeric columns).
    public var defaultExpression: Condition?
    /// What the column means, for readers, if given.
    public var description: String?
}

/// A decision table.
public struct DecisionTable: Hashable, Sendable {
    /// The table's id, unique among the guideline's tables.
    public var id: Located<String>
    /// The title, if given.
    public var title: String?
    /// The section for recommendations reached through this table, if given.
    public var section: String?
    /// The condition under which the table applies; `nil` means always.
    public var when: Condition?
    /// How the table combines matching rows.
    public var hitPolicy: Located<HitPolicy>
    /// How `collect` combines matching rows' outputs into one number, if it does.
    public var aggregation: Located<Aggregation>?
    /// The input columns: the facts or derived facts that the rows test.
    public var inputs: [Located<String>]
    /// The output columns, in the order written.
    public var outputs: [OutputColumn]
    /// The rows, in the order written.
    public var rows: [Row]
    /// An author's note explaining an intentional gap (patients no row matches), honoured by the analyser.
    public var note: String?
    /// Where the table is written.
    public var span: SourceSpan

    /// Whether the table selects at most one value per output column (so typed outputs are derived
    /// facts): the single-hit policies, and `collect` with an aggregation.
    public var yieldsOneValue: Bool {
        switch hitPolicy.value {
        case .unique, .any, .first, .priority: true
        case .collect: aggregation != nil
        case .ruleOrder, .outputOrder: false
        }
    }

    /// The output column with this name, if any.
    public func output(named name: String) -> OutputColumn? { outputs.first { $0.name.value == name } }

    /// One output value of a row.
    public struct OutputEntry: Hashable, Sendable {
        /// The column.
        public var column: Located<String>
        /// The value as written.
        public var value: String
        /// Where the value is written.
        public var span: SourceSpan
        /// The value parsed as an expression (numeric columns).
        public var expression: Condition?

        /// Whether two entries say the same, wherever they are written.
        public static func == (lhs: Self, rhs: Self) -> Bool { lhs.column == rhs.column && lhs.value == rhs.value }
        /// Hashes the entry by column and value.
        public func hash(into hasher: inout Hasher) {
            hasher.combine(column)
            hasher.combine(value)
        }
    }

    /// A row: cells tested with `and`, recommendations and output values.
    public struct Row: Hashable, Sendable {
        /// The row's id, unique within its table.
        public var id: Located<String>
        /// The tested cells: column and condition (the cell as a condition on the column's fact).
        public var cells: [(column: Located<String>, condition: Condition)]
        /// The ids of the recommendations the row gives when it matches.
        public var recommend: [Located<String>]
        /// The row's values for the table's output columns, in the order written.
        public var outputs: [OutputEntry]
        /// An author's note explaining an intentional overlap or gap, honoured by the analyser.
        public var note: String?
        /// Where the row is written.
        public var span: SourceSpan

        /// The row's value for a column, if it gives one.
        public func output(_ column: String) -> OutputEntry? { outputs.first { $0.column.value == column } }

        /// Whether two rows are declared alike, wherever they are written.
        public static func == (lhs: Self, rhs: Self) -> Bool {
            lhs.id == rhs.id && lhs.cells.map(\.column) == rhs.cells.map(\.column)
                && lhs.cells.map(\.condition) == rhs.cells.map(\.condition) && lhs.recommend == rhs.recommend
                && lhs.outputs == rhs.outputs && lhs.note == rhs.note
        }

        /// Hashes the row by its id.
        public func hash(into hasher: inout Hasher) { hasher.combine(id) }
    }
}
