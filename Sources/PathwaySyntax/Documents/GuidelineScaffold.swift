/// The files `pathway init` writes for a new guideline: a vocabulary with two facts, and a
/// guideline with a citation, a grading scheme, one recommendation, one tree and one test, each
/// headed by the `$schema` comment that gives editors completion. The scaffold checks clean and
/// its test passes as written.
public struct GuidelineScaffold: Sendable {
    /// The new guideline's id (also its file name, `<id>.yaml`).
    public let id: String
    /// The path of `Grammar/guideline.schema.json` relative to the new files, for the `$schema` comment.
    public let schemaPath: String

    /// Creates a scaffold.
    public init(id: String, schemaPath: String) {
        self.id = id
        self.schemaPath = schemaPath
    }

    /// The files to write, as (file name, text), vocabulary first.
    public var files: [(name: String, text: String)] {
        let header = "# yaml-language-server: $schema=\(schemaPath)\n"
        let vocabulary = header + """
            kind: vocabulary
            id: \(id)-vocabulary
            title: Facts of \(id)
            facts:
              tumor_size:
                type: quantity
                unit: cm
                range: { min: 0 }
                description: Largest diameter of the primary tumour
              t_category:
                type: enum
                values: [Tis, T1a, T1b, T2, T3, T4]
                description: T category (AJCC 8th edition)

            """
        let guideline = header + """
            kind: guideline
            id: \(id)
            title: \(id) (replace with the guideline's title)
            version: 0.1.0
            status: draft
            source: source2025
            imports: [vocabulary.yaml]
            citations:
              source2025:
                authors: [Author A, Author B]
                title: Title of the source document
                venue: Journal
                year: 2025
                sections:
                  treatment: Treatment
            schemes:
              evidence:
                title: Levels of evidence of the source
                levels:
                  - { id: high, definition: Consistent evidence from randomised trials }
                  - { id: low, definition: Case series or expert opinion }
            recommendations:
              local-excision:
                text: Local excision may be considered
                direction: for
                level: evidence.low
                citations: ["source2025 § treatment"]
                quote: Replace with the source sentence, verbatim.
            trees:
              - id: early-disease
                when: t_category in [Tis, T1a] and tumor_size < 1 cm
                recommend: [local-excision]
            tests:
              - id: small-t1a
                description: A 0.8 cm T1a tumour meets the criteria
                patient: { t_category: T1a, tumor_size: "8 mm" }
                given: [local-excision]
              - id: large-t1a
                description: At 1 cm the criteria are no longer met
                patient: { t_category: T1a, tumor_size: "1 cm" }
                not_given: [local-excision]
              - id: small-t1b
                description: A T1b tumour invades the submucosa, outside the criteria
                patient: { t_category: T1b, tumor_size: "5 mm" }
                not_given: [local-excision]

            """
        return [("vocabulary.yaml", vocabulary), ("\(id).yaml", guideline)]
    }

    /// Whether `id` can name a guideline: lowercase letters, digits and `-`, starting with a letter.
    public static func isValid(id: String) -> Bool {
        guard let first = id.unicodeScalars.first, ("a"..."z").contains(first) else { return false }
        return id.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" }
    }
}
