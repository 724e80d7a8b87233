import Foundation
import Testing
import PathwayCompiler
import PathwayDiagnostics
import PathwayEvaluator
import PathwaySyntax
import PathwayYAML

/// Cohorts at scale (issue 17): record ids inside the fast path, the needs cache, parallel blocks.
@Suite struct CohortScaleTests {
    static func bundled() throws -> CompiledGuidelines {
        let compilation = GuidelineCompiler.compile(paths: [TestFiles.repositoryRoot.appendingPathComponent("guidelines").path])
        return try #require(compilation.guidelines, "\(TestFiles.render(compilation))")
    }

    /// Generated lines with a record id of every kind in front (strings plain and escaped, non-ASCII,
    /// numbers, null), some without.
    static func linesWithIds(_ count: Int, seed: UInt64, guidelines: CompiledGuidelines, field: String = "id") -> [String] {
        let ids = [#""P-%d""#, "%d", #""a/b %d""#, #""caf\u00e9 %d""#, #""é-%d""#, "-%d.5e2", "null", #""tab\t%d""#]
        return DifferentialPathsTests.lines(count: count, seed: seed, guidelines: guidelines).enumerated().map { i, line in
            if i % 9 == 8 { return line }
            let id = ids[i % ids.count].replacingOccurrences(of: "%d", with: String(i))
            return "{\"\(field)\": \(id)" + (line == "{}" ? "}" : ", " + line.dropFirst())
        }
    }

    @Test func recordIdsAreEchoedAndStayOnTheFastPath() throws {
        let g = try Self.bundled()
        var fast = CohortRunner(guidelines: g, strict: true, detail: .compact, file: "c.jsonl")
        var full = fast
        full.usesFastPath = false
        let lines = Self.linesWithIds(3_000, seed: 17, guidelines: g)
        var clean = 0
        for (i, line) in lines.enumerated() {
            let a = fast.run(line: Array(line.utf8)[...], number: i + 1), b = full.run(line: Array(line.utf8)[...], number: i + 1)
            let text = String(decoding: a.output, as: UTF8.self)
            #expect(a.output == b.output, "fast and full paths differ on \(line):\n\(text)\n\(String(decoding: b.output, as: UTF8.self))")
            #expect(!a.failed, "an id is not an unknown fact, even with --strict: \(text)")
            #expect(!text.contains("PW"), "no diagnostic about the id: \(text)")
            if i % 9 != 8 {
                let start = "{\"line\":\(i + 1),\"id\":"
                #expect(text.hasPrefix(start), "the id follows the line number: \(text)")
            } else {
                #expect(text.hasPrefix("{\"line\":\(i + 1),\"recommendations\""))
            }
            if !line.contains("\\") && !line.contains("é") { clean += 1 }
        }
        #expect(fast.fastLines == clean, "every line without escapes or non-ASCII ids takes the fast path")
        #expect(full.fastLines == 0)
    }

    @Test func recordIdValuesAreCheckedAndNamed() throws {
        let g = try Self.bundled()
        var runner = CohortRunner(guidelines: g, strict: false, detail: .compact, file: "c.jsonl", idFields: ["mrn", "site"])
        let ok = runner.run(line: Array(#"{"site": 3, "mrn": "X-1"}"#.utf8)[...], number: 4)
        #expect(String(decoding: ok.output, as: UTF8.self).hasPrefix(#"{"line":4,"mrn":"X-1","site":3,"recommendations":["#))
        let bad = runner.run(line: Array(#"{"mrn": 007}"#.utf8)[...], number: 5)
        #expect(bad.failed)
        #expect(String(decoding: bad.output, as: UTF8.self).contains("record id `mrn` must be a string or a number, found `007`"))
        let twice = runner.run(line: Array(#"{"mrn": "a", "mrn": "b"}"#.utf8)[...], number: 6)
        #expect(twice.failed && String(decoding: twice.output, as: UTF8.self).contains("duplicate key `mrn`"))
        #expect(CohortRunner.problem(withIdFields: ["line"], guidelines: g) != nil)
        #expect(CohortRunner.problem(withIdFields: [g.facts[0].name], guidelines: g) != nil)
        #expect(CohortRunner.problem(withIdFields: ["a", "a"], guidelines: g) != nil)
        #expect(CohortRunner.problem(withIdFields: ["mrn"], guidelines: g) == nil)
    }

    /// The needs cache answers exactly what the computation does: a runner whose cache is off agrees
    /// on every line of a cohort with a third of the facts missing, and the cache is actually hit.
    @Test func needsCacheAgreesWithTheComputation() throws {
        let g = try Self.bundled()
        var cached = CohortRunner(guidelines: g, strict: false, detail: .compact, file: "c.jsonl")
        var uncached = cached
        uncached.usesNeedsCache = false
        for (i, line) in DifferentialPathsTests.lines(count: 4_000, seed: 33, guidelines: g).enumerated() {
            let a = cached.run(line: Array(line.utf8)[...], number: i + 1), b = uncached.run(line: Array(line.utf8)[...], number: i + 1)
            #expect(a.output == b.output, "cached and computed needs differ on \(line)")
        }
        #expect(cached.needsCacheHits > cached.needsCacheMisses, "the cache is hit more often than not (\(cached.needsCacheHits) hits, \(cached.needsCacheMisses) misses)")
        #expect(uncached.needsCacheHits == 0)
    }

    /// `--jobs 1` and `--jobs 2` write byte-identical output on 100,000 lines with bad lines mixed in.
    @Test func jobsGiveByteIdenticalOutput() throws {
        let g = try Self.bundled()
        var lines = Self.linesWithIds(100_000, seed: 5, guidelines: g)
        let bad = ["{", #"{"id": "x", "tumor_size": "big"}"#, "not json", #"{"id": 1-2}"#, "   ", #"{"grade": "G9"}"#, String(repeating: "x", count: 300)]
        for k in stride(from: 7, to: lines.count, by: 997) { lines[k] = bad[(k / 997) % bad.count] }
        let dir = try Scratch.guidelineFolder("jobs")
        let cohort = try Scratch.write(lines.joined(separator: "\n"), "cohort.jsonl", in: dir)
        let guidelines = TestFiles.repositoryRoot.appendingPathComponent("guidelines").path
        let one = try PathwayProcess.run(["eval", guidelines, "--patients", cohort.path, "--jobs", "1", "--max-line-bytes", "200"])
        let two = try PathwayProcess.run(["eval", guidelines, "--patients", cohort.path, "--jobs", "2", "--max-line-bytes", "200"])
        #expect(one.status == 1 && two.status == 1, "bad lines make the run fail: \(one.stderr)")
        #expect(one.stdout.split(separator: "\n").count == lines.count - lines.filter { $0.trimmingCharacters(in: .whitespaces).isEmpty }.count)
        #expect(one.stdout == two.stdout, "--jobs 1 and --jobs 2 differ")
        #expect(one.stderr == two.stderr)
        #expect(one.stdout.contains("more than the limit of 200 bytes"))
    }

    @Test func idFieldOptionOnTheCommandLine() throws {
        let guidelines = TestFiles.repositoryRoot.appendingPathComponent("guidelines").path
        let r = try PathwayProcess.run(["eval", guidelines, "--patients", "-", "--id-field", "mrn"], stdin: #"{"mrn": "A7", "id": 3}"# + "\n")
        #expect(r.stdout.hasPrefix(#"{"line":1,"mrn":"A7","recommendations":"#), "\(r.stdout)")
        #expect(r.stdout.contains("no guideline declares the fact `id`"), "with --id-field mrn, `id` is an unknown key again")
        let fact = try PathwayProcess.run(["eval", guidelines, "--patients", "-", "--id-field", "line"], stdin: "{}\n")
        #expect(fact.status == 2 && fact.stderr.contains("--id-field"), "\(fact.stderr)")
    }
}
