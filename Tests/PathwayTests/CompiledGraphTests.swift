import Testing
import PathwayCompiler
import PathwayDiagnostics
import PathwayEvaluator
import PathwaySyntax
import PathwayYAML

@Suite struct CompiledGraphTests {
    func compiled() throws -> CompiledGuidelines {
        let compilation = try TestFiles.compile(try TestFiles.fixture("graph-guideline.yaml"), path: "graph-guideline.yaml")
        return try #require(compilation.guidelines, "\(TestFiles.render(compilation))")
    }

    @Test func compiledGraphOfASmallGuideline() throws {
        try TestFiles.assertGolden(try compiled().dump(), "compiled/graph-guideline.txt")
    }

    @Test func flowchartsAreStable() throws {
        let graph = DecisionGraph(try compiled())
        try TestFiles.assertGolden(graph.dot(), "compiled/graph-guideline.dot")
        try TestFiles.assertGolden(graph.mermaid(), "compiled/graph-guideline.mmd")
    }

    @Test func nodesReferOnlyToEarlierNodes() throws {
        let g = try compiled()
        for (i, node) in g.nodes.enumerated() {
            switch node {
            case .not(let x): #expect(x < i)
            case .and(let xs), .or(let xs): #expect(xs.allSatisfy { $0 < i })
            case .atom(let a): #expect(a < g.atoms.count)
            case .constant: break
            }
        }
    }

    @Test func sharedConditionsAreStoredOnce() throws {
        let g = try compiled()
        #expect(Set(g.atoms).count == g.atoms.count)
        #expect(Set(g.nodes).count == g.nodes.count)
    }

    @Test func compilationIsDeterministic() throws {
        #expect(try compiled().dump() == (try compiled().dump()))
    }

    @Test func pathsAreConjunctionsOfPerFactConstraints() throws {
        let g = try compiled()
        let esd = try #require(g.recommendations.first { $0.id == "esd" })
        let dnf = try #require(g.conjunctions(of: esd.condition))
        #expect(dnf.count == 1)
        let facts = Set(dnf[0].flatMap { g.slots(readBy: $0.atom) }.map { g.facts[$0].name })
        #expect(facts == ["t_category", "tumor_size", "ki67_percent"])
        let surgery = try #require(g.recommendations.first { $0.id == "surgery" })
        // not (tumor_size < 1 cm and grade == high) splits into two ways.
        #expect(g.conjunctions(of: surgery.condition)?.count == 2)
    }
}
