/// The stable identifier of a kind of diagnostic, such as `PW0301` (unknown fact).
///
/// Codes never change meaning once published; each is documented with an example and a fix in
/// `docs/diagnostics.md`. SARIF output uses the code as `ruleId`.
public struct DiagnosticCode: Hashable, Sendable, CustomStringConvertible {
    /// The code as written, e.g. `PW0301`.
    public let rawValue: String
    /// A short, stable name of the kind, e.g. `unknown-fact`.
    public let name: String
    /// The severity diagnostics of this kind have unless stated otherwise.
    public let defaultSeverity: Severity
    /// One sentence that says what the kind means, for the reference page and SARIF rules.
    public let summary: String

    init(_ rawValue: String, _ name: String, _ severity: Severity = .error, _ summary: String) {
        self.rawValue = rawValue
        self.name = name
        self.defaultSeverity = severity
        self.summary = summary
    }

    /// The code as written, e.g. `PW0301`.
    public var description: String { rawValue }

    /// Whether two values are the same code, e.g. both `PW0301`.
    public static func == (lhs: DiagnosticCode, rhs: DiagnosticCode) -> Bool { lhs.rawValue == rhs.rawValue }
    /// Hashes the code, consistently with `==`.
    public func hash(into hasher: inout Hasher) { hasher.combine(rawValue) }
}

extension DiagnosticCode {
    // MARK: Files and YAML (PW01xx)
    /// PW0101: The file is not well-formed YAML.
    public static let yamlSyntax = DiagnosticCode("PW0101", "yaml-syntax", .error, "The file is not well-formed YAML.")
    /// PW0102: A mapping has the same key twice.
    public static let duplicateKey = DiagnosticCode("PW0102", "duplicate-key", .error, "A mapping has the same key twice.")
    /// PW0103: Anchors and aliases are not part of the guideline YAML subset.
    public static let aliasNotAllowed = DiagnosticCode("PW0103", "alias-not-allowed", .error, "Anchors and aliases are not part of the guideline YAML subset.")
    /// PW0104: Tags are not part of the guideline YAML subset.
    public static let tagNotAllowed = DiagnosticCode("PW0104", "tag-not-allowed", .error, "Tags are not part of the guideline YAML subset.")
    /// PW0105: Mappings and sequences are nested deeper than the limit.
    public static let nestingTooDeep = DiagnosticCode("PW0105", "nesting-too-deep", .error, "Mappings and sequences are nested deeper than the limit.")
    /// PW0106: The file is larger than the size limit.
    public static let fileTooLarge = DiagnosticCode("PW0106", "file-too-large", .error, "The file is larger than the size limit.")
    /// PW0107: Merge keys (`<<`) are not part of the guideline YAML subset.
    public static let mergeKeyNotAllowed = DiagnosticCode("PW0107", "merge-key-not-allowed", .error, "Merge keys (`<<`) are not part of the guideline YAML subset.")
    /// PW0108: A file must hold exactly one YAML document.
    public static let documentCount = DiagnosticCode("PW0108", "document-count", .error, "A file must hold exactly one YAML document.")
    /// PW0109: The file cannot be read, or is not UTF-8 text.
    public static let unreadableFile = DiagnosticCode("PW0109", "unreadable-file", .error, "The file cannot be read, or is not UTF-8 text.")
    /// PW0110: A folder given on the command line holds no guideline.
    public static let noGuideline = DiagnosticCode("PW0110", "no-guideline", .error, "A folder given on the command line holds no guideline.")
    /// PW0111: A symbolic link points to nothing.
    public static let danglingLink = DiagnosticCode("PW0111", "dangling-link", .error, "A symbolic link points to nothing.")
    /// PW0112: Symbolic links form a loop.
    public static let linkLoop = DiagnosticCode("PW0112", "link-loop", .warning, "Symbolic links form a loop.")

    // MARK: Document structure (PW02xx)
    /// PW0201: A key that the document schema does not define.
    public static let unknownKey = DiagnosticCode("PW0201", "unknown-key", .error, "A key that the document schema does not define.")
    /// PW0202: A value has the wrong shape or type for its key.
    public static let wrongValueType = DiagnosticCode("PW0202", "wrong-value-type", .error, "A value has the wrong shape or type for its key.")
    /// PW0203: A required key is missing.
    public static let missingKey = DiagnosticCode("PW0203", "missing-key", .error, "A required key is missing.")
    /// PW0204: An id does not have the form of an identifier.
    public static let invalidIdentifier = DiagnosticCode("PW0204", "invalid-identifier", .error, "An id does not have the form of an identifier.")
    /// PW0205: Two declarations of the same kind share an id.
    public static let duplicateIdentifier = DiagnosticCode("PW0205", "duplicate-identifier", .error, "Two declarations of the same kind share an id.")
    /// PW0206: A value is not one of the values its key allows.
    public static let invalidValue = DiagnosticCode("PW0206", "invalid-value", .error, "A value is not one of the values its key allows.")

    // MARK: Names and references (PW03xx)
    /// PW0301: A condition names a fact or derived fact that is not declared.
    public static let unknownFact = DiagnosticCode("PW0301", "unknown-fact", .error, "A condition names a fact or derived fact that is not declared.")
    /// PW0302: A reference to a recommendation that is not declared.
    public static let unknownRecommendation = DiagnosticCode("PW0302", "unknown-recommendation", .error, "A reference to a recommendation that is not declared.")
    /// PW0303: A reference to a citation, or a section of one, that is not declared.
    public static let unknownCitation = DiagnosticCode("PW0303", "unknown-citation", .error, "A reference to a citation, or a section of one, that is not declared.")
    /// PW0304: A level names a grading scheme that is not declared.
    public static let unknownScheme = DiagnosticCode("PW0304", "unknown-scheme", .error, "A level names a grading scheme that is not declared.")
    /// PW0305: A level that its grading scheme does not define.
    public static let unknownLevel = DiagnosticCode("PW0305", "unknown-level", .error, "A level that its grading scheme does not define.")
    /// PW0306: An import cannot be found, or is not a vocabulary.
    public static let importProblem = DiagnosticCode("PW0306", "import-problem", .error, "An import cannot be found, or is not a vocabulary.")
    /// PW0307: The same name is declared twice, in different places.
    public static let conflictingDeclaration = DiagnosticCode("PW0307", "conflicting-declaration", .error, "The same name is declared twice, in different places.")
    /// PW0308: A unit that Pathway does not know.
    public static let unknownUnit = DiagnosticCode("PW0308", "unknown-unit", .error, "A unit that Pathway does not know.")
    /// PW0309: A table row tests a column that the table does not declare.
    public static let unknownColumn = DiagnosticCode("PW0309", "unknown-column", .error, "A table row tests a column that the table does not declare.")
    /// PW0310: An import leaves the importing guideline's folder tree.
    public static let importOutside = DiagnosticCode("PW0310", "import-outside", .error, "An import leaves the importing guideline's folder tree.")

    // MARK: Conditions and types (PW04xx)
    /// PW0401: A condition does not follow the expression grammar.
    public static let expressionSyntax = DiagnosticCode("PW0401", "expression-syntax", .error, "A condition does not follow the expression grammar.")
    /// PW0402: An operator is applied to values of the wrong type.
    public static let typeMismatch = DiagnosticCode("PW0402", "type-mismatch", .error, "An operator is applied to values of the wrong type.")
    /// PW0403: Quantities of different dimensions are compared or combined.
    public static let incompatibleUnits = DiagnosticCode("PW0403", "incompatible-units", .error, "Quantities of different dimensions are compared or combined.")
    /// PW0404: A number is compared with a quantity but has no unit.
    public static let missingUnit = DiagnosticCode("PW0404", "missing-unit", .error, "A number is compared with a quantity but has no unit.")
    /// PW0405: A condition compares a fact with a value outside the fact's declared range.
    public static let outOfRange = DiagnosticCode("PW0405", "out-of-range", .error, "A condition compares a fact with a value outside the fact's declared range.")
    /// PW0406: A condition compares an enumeration with a value it does not list.
    public static let unknownEnumValue = DiagnosticCode("PW0406", "unknown-enum-value", .error, "A condition compares an enumeration with a value it does not list.")
    /// PW0407: A condition is longer or deeper than the limit.
    public static let expressionTooComplex = DiagnosticCode("PW0407", "expression-too-complex", .error, "A condition is longer or deeper than the limit.")
    /// PW0408: A number, or a value computed from numbers, does not fit Pathway's exact numbers.
    public static let numberOverflow = DiagnosticCode("PW0408", "number-overflow", .error, "A number, or a value computed from numbers, does not fit Pathway's exact numbers.")

    // MARK: Guideline semantics (PW05xx)
    /// PW0501: Derived facts depend on each other in a cycle.
    public static let derivedCycle = DiagnosticCode("PW0501", "derived-cycle", .error, "Derived facts depend on each other in a cycle.")
    /// PW0502: No decision tree or table leads to the recommendation.
    public static let unreachableRecommendation = DiagnosticCode("PW0502", "unreachable-recommendation", .warning, "No decision tree or table leads to the recommendation.")
    /// PW0503: A recommendation has no citation.
    public static let missingCitation = DiagnosticCode("PW0503", "missing-citation", .error, "A recommendation has no citation.")
    /// PW0504: A recommendation has no verbatim quote of its source.
    public static let missingQuote = DiagnosticCode("PW0504", "missing-quote", .error, "A recommendation has no verbatim quote of its source.")
    /// PW0505: A recommendation has no level of evidence or consensus.
    public static let missingLevel = DiagnosticCode("PW0505", "missing-level", .error, "A recommendation has no level of evidence or consensus.")
    /// PW0506: A decision-tree node neither recommends anything nor has branches.
    public static let emptyNode = DiagnosticCode("PW0506", "empty-node", .error, "A decision-tree node neither recommends anything nor has branches.")
    /// PW0507: `otherwise` is used where no earlier branch excludes it.
    public static let misplacedOtherwise = DiagnosticCode("PW0507", "misplaced-otherwise", .error, "`otherwise` is used where no earlier branch excludes it.")
    /// PW0508: An enumeration lists more values than the limit.
    public static let tooManyValues = DiagnosticCode("PW0508", "too-many-values", .error, "An enumeration lists more values than the limit.")

    // MARK: Patient data (PW06xx)
    /// PW0409: A fact's `molar_mass` is not a positive mass per amount of substance.
    public static let invalidMolarMass = DiagnosticCode("PW0409", "invalid-molar-mass", .error, "A fact's `molar_mass` is not a positive mass per amount of substance.")
    /// PW0410: A date literal does not name a day that exists, or a duration does not fit the calendar.
    public static let invalidDate = DiagnosticCode("PW0410", "invalid-date", .error, "A date literal does not name a day that exists, or a duration does not fit the calendar.")
    /// PW0411: A schedule (`next_due`) is malformed.
    public static let invalidSchedule = DiagnosticCode("PW0411", "invalid-schedule", .error, "A schedule (`next_due`) is malformed.")
    /// PW0620: A patient date is not an ISO 8601 date that exists.
    public static let patientInvalidDate = DiagnosticCode("PW0620", "patient-invalid-date", .error, "A patient date is not an ISO 8601 date that exists.")
    /// PW0601: A patient value has the wrong type for its fact.
    public static let patientWrongType = DiagnosticCode("PW0601", "patient-wrong-type", .error, "A patient value has the wrong type for its fact.")
    /// PW0602: A patient value lies outside its fact's declared range.
    public static let patientOutOfRange = DiagnosticCode("PW0602", "patient-out-of-range", .error, "A patient value lies outside its fact's declared range.")
    /// PW0603: A patient value is not one of its enumeration's values.
    public static let patientUnknownValue = DiagnosticCode("PW0603", "patient-unknown-value", .error, "A patient value is not one of its enumeration's values.")
    /// PW0604: A patient quantity has a unit of another dimension.
    public static let patientIncompatibleUnit = DiagnosticCode("PW0604", "patient-incompatible-unit", .error, "A patient quantity has a unit of another dimension.")
    /// PW0605: The patient data names a fact that no guideline declares.
    public static let patientUnknownFact = DiagnosticCode("PW0605", "patient-unknown-fact", .warning, "The patient data names a fact that no guideline declares.")
    /// PW0606: The patient data is not an object from fact names to values.
    public static let patientMalformed = DiagnosticCode("PW0606", "patient-malformed", .error, "The patient data is not an object from fact names to values.")
    /// PW0607: A patient value, or a value computed from the patient's values, does not fit Pathway's exact numbers.
    public static let patientNumberOverflow = DiagnosticCode("PW0607", "patient-number-overflow", .error, "A patient value, or a value computed from the patient's values, does not fit Pathway's exact numbers.")
    /// PW0609: A patient file or cohort line is larger than the limit.
    public static let patientTooLarge = DiagnosticCode("PW0609", "patient-too-large", .error, "A patient file or cohort line is larger than the limit.")
    /// PW0608: Rows of an `any` decision table that give different outputs both match the patient.
    public static let patientTableConflict = DiagnosticCode("PW0608", "patient-table-conflict", .error, "Rows of an `any` decision table that give different outputs both match the patient.")

    // MARK: Guideline tests (PW07xx)
    /// PW0701: A test case of a guideline does not get the outcome it expects.
    public static let testFailed = DiagnosticCode("PW0701", "test-failed", .error, "A test case of a guideline does not get the outcome it expects.")
    /// PW0702: The tests cover less of the guidelines than `--min-coverage` asks.
    public static let coverageBelowMinimum = DiagnosticCode("PW0702", "coverage-below-minimum", .error, "The tests cover less of the guidelines than `--min-coverage` asks.")
    /// PW0703: `--filter` selects no test.
    public static let noTestSelected = DiagnosticCode("PW0703", "no-test-selected", .error, "`--filter` selects no test.")

    /// Every diagnostic code, in code order.
    // MARK: Analysis (PW08xx), from `pathway check --analyze`
    /// PW0801: Some patients match no row of a decision table whose policy expects one.
    public static let tableGap = DiagnosticCode("PW0801", "table-gap", .warning, "Some patients match no row of a decision table whose policy expects one.")
    /// PW0802: Two rows of a `unique` decision table match the same patients.
    public static let tableOverlap = DiagnosticCode("PW0802", "table-overlap", .warning, "Two rows of a `unique` decision table match the same patients.")
    /// PW0803: A table row or tree branch is never taken, because earlier ones take every patient it matches.
    public static let shadowed = DiagnosticCode("PW0803", "shadowed", .warning, "A table row or tree branch is never taken, because earlier ones take every patient it matches.")
    /// PW0804: Some patients get the same action recommended both for and against.
    public static let contradiction = DiagnosticCode("PW0804", "contradiction", .warning, "Some patients get the same action recommended both for and against.")
    /// PW0805: No patient satisfies a decision path's conditions, or a recommendation's.
    public static let unsatisfiable = DiagnosticCode("PW0805", "unsatisfiable", .warning, "No patient satisfies a decision path's conditions, or a recommendation's.")
    /// PW0806: The analysis could not finish for part of a guideline.
    public static let analysisIncomplete = DiagnosticCode("PW0806", "analysis-incomplete", .note, "The analysis could not finish for part of a guideline.")
    /// PW0807: Some patients match rows of an `any` decision table that give different outputs.
    public static let tableConflict = DiagnosticCode("PW0807", "table-conflict", .warning, "Some patients match rows of an `any` decision table that give different outputs.")

    public static let all: [DiagnosticCode] = [
        .yamlSyntax, .duplicateKey, .aliasNotAllowed, .tagNotAllowed, .nestingTooDeep, .fileTooLarge,
        .mergeKeyNotAllowed, .documentCount, .unreadableFile, .noGuideline, .danglingLink, .linkLoop,
        .unknownKey, .wrongValueType, .missingKey, .invalidIdentifier, .duplicateIdentifier, .invalidValue,
        .unknownFact, .unknownRecommendation, .unknownCitation, .unknownScheme, .unknownLevel, .importProblem,
        .conflictingDeclaration, .unknownUnit, .unknownColumn, .importOutside,
        .expressionSyntax, .typeMismatch, .incompatibleUnits, .missingUnit, .outOfRange, .unknownEnumValue,
        .expressionTooComplex, .numberOverflow, .invalidMolarMass, .invalidDate, .invalidSchedule,
        .derivedCycle, .unreachableRecommendation, .missingCitation, .missingQuote, .missingLevel, .emptyNode,
        .misplacedOtherwise, .tooManyValues,
        .patientWrongType, .patientOutOfRange, .patientUnknownValue, .patientIncompatibleUnit,
        .patientUnknownFact, .patientMalformed, .patientNumberOverflow, .patientTableConflict, .patientTooLarge, .patientInvalidDate,
        .testFailed, .coverageBelowMinimum, .noTestSelected,
        .tableGap, .tableOverlap, .shadowed, .contradiction, .unsatisfiable, .analysisIncomplete, .tableConflict,
    ] + fhirAndService
}
