@testable import PathwayLanguageServer
import Testing

/// Where the cursor is in a half-typed YAML document, as completion reads it (a `|` marks the cursor).
@Suite struct LanguageServerCompletionContextTests {
    static func context(_ marked: String) -> YAMLContext {
        let lines = marked.split(separator: "\n", omittingEmptySubsequences: false)
        let line = lines.firstIndex { $0.contains("|") } ?? 0
        let column = lines[line].unicodeScalars.firstIndex(of: "|").map { lines[line].unicodeScalars.distance(from: lines[line].unicodeScalars.startIndex, to: $0) } ?? 0
        let clean = lines.map { Substring($0.replacingOccurrences(of: "|", with: "")) }
        return YAMLContext(lines: { $0 >= 0 && $0 < clean.count ? clean[$0] : nil }, line: line, column: column + 1)
    }

    @Test func keysOfATreeBranch() {
        let c = Self.context("""
        trees:
          - id: pathology
            branches:
              - id: at-diagnosis
                wh|
        """)
        #expect(c.atKey)
        #expect(c.path == [.key("trees"), .item, .key("branches"), .item])
        #expect(CompletionEngine.mappingKind(c.path, documentKind: .guideline) == "treeBranch")
    }

    @Test func aConditionValue() {
        let c = Self.context("""
        derived:
          g3:
            when: differentiation == |
        """)
        #expect(!c.atKey)
        #expect(c.key == "when")
        #expect(c.valuePrefix == "differentiation == ")
        #expect(c.keys == ["derived", "g3"])
    }

    @Test func aFlowSequenceContinuedOnTheNextLine() {
        let c = Self.context("""
        tests:
          - id: t
            given: [a, b,
                    c, |
        """)
        #expect(c.key == "given")
        #expect(!c.atKey)
    }

    @Test func aBlockSequenceItemUnderRecommend() {
        let c = Self.context("""
        trees:
          - id: t
            recommend:
              - path-|
        """)
        #expect(c.key == "recommend")
        #expect(!c.atKey)
    }

    @Test func keysOfARecommendationAndOfATableRowsCells() {
        let r = Self.context("""
        recommendations:
          r1:
            text: x
            |
        """)
        #expect(r.atKey && CompletionEngine.mappingKind(r.path, documentKind: .guideline) == "recommendation")
        let cell = Self.context("""
        tables:
          - id: t
            rows:
              - id: r
                if:
                  tr|
        """)
        #expect(cell.atKey && cell.keys.last == "if")
    }

    @Test func wordsBeforeTheCursorInAConditionTellWhatComesNext() {
        #expect(ExpressionWords("a == ").comparedName(subject: nil) == "a")
        #expect(ExpressionWords("x and site in [pancreas, sto").comparedName(subject: nil) == "site")
        #expect(ExpressionWords("site not in [").comparedName(subject: nil) == "site")
        #expect(ExpressionWords("\"== ").comparedName(subject: "col") == "col")
        #expect(ExpressionWords("a and b").comparedName(subject: nil) == nil)
        #expect(ExpressionWords("size > 2 ").afterNumber)
        #expect(ExpressionWords("size > 2 c").afterNumber)
        #expect(!ExpressionWords("size > 2").afterNumber)
        #expect(ExpressionWords("size > 2 ").numericSubject(subject: nil) == "size")
    }
}
