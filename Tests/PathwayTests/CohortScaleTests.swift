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
                #expect(text.hasPrefix("{\"line\":\(i + 1),\"guidelines\""))
            }
            if !line.contains("\\") && !line.contains("é") { clean += 1 }
        }
        #expect(fast.fastLines == clean, "every line without escapes or non-ASCII ids takes the fast path")
        #expect(full.fastLines == 0)
    }

    /// The fast reader's direct decimals stop at 18 digits (the rest go through the exact parser):
    /// long numbers neither trap nor read differently from the full path.
    @Test func longNumbersReadAsTheFullPathReadsThem() throws {
        let g = try Self.bundled()
        var fast = CohortRunner(guidelines: g, strict: false, detail: .compact, file: "c")
        var full = fast
        full.usesFastPath = false
        let values = ["999999999999999999", "1000000000000000000", "9223372036854775807", "9223372036854775808",
                      "99999999999999999999", "12345678901234567.5", "0.000000000000000001", "0.0000000000000000001", "-0", "007", "1.", ".5"]
        for (i, v) in values.enumerated() {
            for line in [#"{"treatment_line": \#(v)}"#, #"{"ki67_percent": \#(v)}"#] {
                let a = fast.run(line: Array(line.utf8)[...], number: i + 1), b = full.run(line: Array(line.utf8)[...], number: i + 1)
                #expect(a.output == b.output, "\(line):\n\(String(decoding: a.output, as: UTF8.self))\n\(String(decoding: b.output, as: UTF8.self))")
            }
        }
    }

    @Test func recordIdValuesAreCheckedAndNamed() throws {
        let g = try Self.bundled()
        var runner = CohortRunner(guidelines: g, strict: false, detail: .compact, file: "c.jsonl", idFields: ["mrn", "site"])
        let ok = runner.run(line: Array(#"{"site": 3, "mrn": "X-1"}"#.utf8)[...], number: 4)
        #expect(String(decoding: ok.output, as: UTF8.self).hasPrefix(#"{"line":4,"mrn":"X-1","site":3,"guidelines":["#))
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
        #expect(r.stdout.hasPrefix(#"{"line":1,"mrn":"A7","guidelines":"#), "\(r.stdout)")
        #expect(r.stdout.contains("no guideline declares the fact `id`"), "with --id-field mrn, `id` is an unknown key again")
        let fact = try PathwayProcess.run(["eval", guidelines, "--patients", "-", "--id-field", "line"], stdin: "{}\n")
        #expect(fact.status == 2 && fact.stderr.contains("--id-field"), "\(fact.stderr)")
    }
}

/// CSV cohorts: the same patients as CSV and as JSON Lines give the same results, in either output.
@Suite struct CohortCSVTests {
    /// Runs `text` through a stream with the given formats; the output lines.
    static func run(_ text: String, _ g: CompiledGuidelines, input: CohortFormat, output: CohortFormat, jobs: Int = 1) -> (lines: [String], failed: Int) {
        var runner = CohortRunner(guidelines: g, strict: false, detail: .compact, file: "c")
        runner.inputFormat = input
        runner.outputFormat = output
        var out: [UInt8] = []
        var stream = CohortStream(runner: runner, jobs: jobs, maxLineBytes: 1 << 20) { out += $0 }
        stream.consume(Array(text.utf8))
        stream.finish()
        return (String(decoding: out, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false).dropLast().map(String.init), stream.failed)
    }

    /// The generated JSON lines with ids, and the same patients as CSV (header first).
    static func cohort(_ g: CompiledGuidelines, count: Int) throws -> (jsonl: [String], csv: [String]) {
        // A null id is an empty cell in CSV, which is no id at all: those lines are left out.
        let jsonl = CohortScaleTests.linesWithIds(count, seed: 41, guidelines: g).filter { !$0.contains("\\") && !$0.contains(#""id": null"#) }
        let columns = ["id"] + g.facts.map(\.name)
        var csv = [columns.joined(separator: ",")]
        for line in jsonl {
            guard case .success(.mapping(let entries, _)) = JSONLinePatient.parse(Array(line.utf8)[...], lineNumber: 1, file: "x") else {
                Issue.record("generated line does not parse: \(line)")
                continue
            }
            var cells = [String](repeating: "", count: columns.count)
            for entry in entries {
                guard let k = columns.firstIndex(of: entry.key.value), case .scalar(let s) = entry.value else { continue }
                if s.style == .plain && s.value == "null" { continue }
                var cell: [UInt8] = []
                CohortCSV.appendCell(Array(s.value.utf8), to: &cell)
                cells[k] = String(decoding: cell, as: UTF8.self)
            }
            csv.append(cells.joined(separator: ","))
        }
        return (jsonl, csv)
    }

    static func withoutLine(_ s: String) -> String {
        s.replacing(/^\{"line":\d+,/, with: "{").replacing(/^\d+,/, with: "")
    }

    @Test func csvAndJSONLinesGiveTheSameResults() throws {
        let g = try CohortScaleTests.bundled()
        let (jsonl, csv) = try Self.cohort(g, count: 2_000)
        let fromJSON = Self.run(jsonl.joined(separator: "\n"), g, input: .jsonl, output: .jsonl)
        let fromCSV = Self.run(csv.joined(separator: "\n"), g, input: .csv, output: .jsonl)
        #expect(fromJSON.lines.count == jsonl.count && fromCSV.lines.count == jsonl.count)
        #expect(fromCSV.failed == 0 && fromJSON.failed == 0)
        for (a, b) in zip(fromJSON.lines, fromCSV.lines) where Self.withoutLine(a) != Self.withoutLine(b) {
            Issue.record("JSONL and CSV input differ:\n\(a)\n\(b)")
            print("CSV-DIFF\n\(a)\n\(b)")
            break
        }
        // CSV output: one column per recommendation, agreeing with the JSON entries.
        let csvOut = Self.run(csv.joined(separator: "\n"), g, input: .csv, output: .csv, jobs: 2)
        let jsonToCSV = Self.run(jsonl.joined(separator: "\n"), g, input: .jsonl, output: .csv)
        #expect(csvOut.lines.map(Self.withoutLine) == jsonToCSV.lines.map(Self.withoutLine))
        let columns = CohortCSV.columnNames(g)
        for (json, row) in zip(fromJSON.lines, jsonToCSV.lines).prefix(200) {
            let cells = row.split(separator: ",", omittingEmptySubsequences: false)
            for (k, id) in columns.enumerated() {
                let cell = cells[2 + k]
                let given = json.contains("{\"id\":\"\(id)\",\"guideline\":") && !json.contains("{\"id\":\"\(id)\",\"guideline\":\"\(g.guidelines[g.recommendations[k].guideline].id)\",\"needs\"")
                let undetermined = json.contains("{\"id\":\"\(id)\",\"guideline\":\"\(g.guidelines[g.recommendations[k].guideline].id)\",\"needs\"")
                #expect(cell == (undetermined ? "undetermined" : given ? "given" : "not_given"), "\(id) in \(row)")
            }
        }
    }

    @Test func malformedRecordsAndHeaders() throws {
        let g = try CohortScaleTests.bundled()
        let r = Self.run("id,ecog\n\"a,b\",1\n\"x\"y,1\n1,2,3\n\"open,1\n", g, input: .csv, output: .jsonl)
        #expect(r.failed == 3)
        #expect(r.lines[0].hasPrefix(#"{"line":2,"id":"a,b","guidelines""#), "\(r.lines[0])")
        #expect(r.lines[1].contains("text follows a closing quote") && r.lines[1].contains("c:3:4"), "\(r.lines[1])")
        #expect(r.lines[2].contains("the record has 3 cells but the header 2 columns"))
        #expect(r.lines[3].contains("a quote is not closed"))
        var runner = CohortRunner(guidelines: g, strict: false, detail: .compact, file: "c")
        runner.inputFormat = .csv
        var stream = CohortStream(runner: runner, maxLineBytes: 1000) { _ in }
        stream.consume(Array("ecog,ecog\n1,1\n".utf8))
        stream.finish()
        #expect(stream.headerProblem == "line 1, column 6: column `ecog` appears twice")
        #expect(stream.count == 0)
    }

    @Test func csvOnTheCommandLineWithASummary() throws {
        let dir = try Scratch.folder("csv-cli")
        let cohort = try Scratch.write("id,ecog,primary_site\nP1,1,appendix\nP2,,\n", "cohort.csv", in: dir)
        let guidelines = TestFiles.repositoryRoot.appendingPathComponent("guidelines").path
        let r = try PathwayProcess.run(["eval", guidelines, "--patients", cohort.path, "--output-format", "csv", "--summary"])
        #expect(r.status == 0, "\(r.stderr)")
        let lines = r.stdout.split(separator: "\n")
        #expect(lines.count == 3 && lines[0].hasPrefix("line,id,") && lines[0].hasSuffix(",error"))
        #expect(lines[1].hasPrefix("2,P1,") && lines[2].hasPrefix("3,P2,"))
        #expect(r.stderr.hasPrefix("summary: 2 patients evaluated, 0 lines failed\nfacts most often needed: "), "\(r.stderr)")
        let summaryFile = dir.appendingPathComponent("summary.json")
        let s = try PathwayProcess.run(["eval", guidelines, "--patients", cohort.path, "--summary-file", summaryFile.path])
        #expect(s.status == 0)
        let json = try String(contentsOf: summaryFile, encoding: .utf8)
        #expect(json.contains("\"patients\": 2") && json.contains("\"not_given\""))
    }
}

/// The summary's counts agree with the lines written, and full detail counts what compact does.
@Suite struct CohortSummaryTests {
    @Test func countsMatchTheOutput() throws {
        let g = try CohortScaleTests.bundled()
        let lines = DifferentialPathsTests.lines(count: 600, seed: 8, guidelines: g) + ["{", #"{"tumor_size": "big"}"#]
        var compact = CohortRunner(guidelines: g, strict: false, detail: .compact, file: "c")
        compact.outputFormat = .csv
        var given = [Int](repeating: 0, count: g.recommendations.count), undetermined = given, failed = 0
        for (i, line) in lines.enumerated() {
            let r = compact.run(line: Array(line.utf8)[...], number: i + 1)
            if r.failed { failed += 1; continue }
            let cells = String(decoding: r.output, as: UTF8.self).split(separator: ",", omittingEmptySubsequences: false)
            for k in given.indices {
                if cells[2 + k] == "given" { given[k] += 1 }
                if cells[2 + k] == "undetermined" { undetermined[k] += 1 }
            }
        }
        let summary = compact.summary
        #expect(summary.failed == failed && failed == 2)
        #expect(summary.evaluated == lines.count - 2)
        #expect(summary.given == given)
        #expect(summary.undetermined == undetermined)
        #expect(summary.notGiven.allSatisfy { $0 >= 0 })
        var full = CohortRunner(guidelines: g, strict: false, detail: .full, file: "c")
        for (i, line) in lines.prefix(200).enumerated() { _ = full.run(line: Array(line.utf8)[...], number: i + 1) }
        var partial = CohortRunner(guidelines: g, strict: false, detail: .compact, file: "c")
        for (i, line) in lines.prefix(200).enumerated() { _ = partial.run(line: Array(line.utf8)[...], number: i + 1) }
        #expect(full.summary == partial.summary, "full detail counts what compact counts")
    }
}

/// `--detail full` cohort lines, serialised from fragments, are the single-patient JSON contract
/// (`pathway eval --patient --format json`, which adds only the `guidelines` it applied) with the
/// line number in front: on every line of generated cohorts over the bundled guidelines and the
/// language examples (texts with values, derived facts and scores, dates), fast path or not.
@Suite struct CohortFullDetailTests {
    static func compiled(_ path: String) throws -> CompiledGuidelines {
        let compilation = GuidelineCompiler.compile(paths: [TestFiles.repositoryRoot.appendingPathComponent(path).path])
        return try #require(compilation.guidelines, "\(TestFiles.render(compilation))")
    }

    /// The single-patient object of `line` (as `EvalCommand` builds it) with `line` first, or `nil`
    /// when the line is not evaluated.
    static func singlePatient(_ line: String, number: Int, _ g: CompiledGuidelines, evaluationDate: Int64) -> [UInt8]? {
        guard case .success(let node) = JSONLinePatient.parse(Array(line.utf8)[...], lineNumber: number, file: "c.jsonl") else { return nil }
        let decoded = PatientDecoder(guidelines: g, strict: false, evaluationDate: evaluationDate).decode(node)
        let evaluator = Evaluator(guidelines: g)
        guard let patient = decoded.patient, !decoded.diagnostics.containsErrors, evaluator.evaluationError(in: patient) == nil else { return nil }
        guard case .object(let members) = EvaluationJSON.object(evaluator.evaluate(patient), guidelines: g, diagnostics: decoded.diagnostics, trace: true)
        else { return nil }
        return JSONValue.object([("line", .int(number))] + members).bytes()
    }

    @Test(arguments: ["guidelines", "examples/language/dose.yaml", "examples/language/score.yaml", "examples/language/schedule.yaml",
                      "examples/language/tables.yaml"])
    func fullDetailLinesAreTheSinglePatientObject(_ path: String) throws {
        let g = try Self.compiled(path)
        let day: Int64 = 20_000
        var lines = DifferentialPathsTests.lines(count: path == "guidelines" ? 3_000 : 600, seed: 23, guidelines: g)
        // Warnings (an unknown key) keep a line evaluated, with its diagnostics, off the fast path.
        for k in stride(from: 5, to: lines.count, by: 50) { lines[k] = "{\"not_a_fact\": 1" + (lines[k] == "{}" ? "}" : ", " + lines[k].dropFirst()) }
        for fastPath in [true, false] {
            var runner = CohortRunner(guidelines: g, strict: false, detail: .full, file: "c.jsonl", evaluationDate: day)
            runner.usesFastPath = fastPath
            var compared = 0
            for (i, line) in lines.enumerated() {
                let got = runner.run(line: Array(line.utf8)[...], number: i + 1)
                guard let expected = Self.singlePatient(line, number: i + 1, g, evaluationDate: day) else {
                    #expect(got.failed, "line \(i + 1) is refused by the single-patient path only: \(line)")
                    continue
                }
                compared += 1
                #expect(got.output == expected, "\(path), line \(i + 1) (\(line)):\n\(String(decoding: got.output, as: UTF8.self))\n\(String(decoding: expected, as: UTF8.self))")
                if got.output != expected { return }
            }
            #expect(compared > lines.count / 2, "most generated lines are evaluated (\(compared) of \(lines.count))")
            if fastPath && path == "guidelines" { #expect(runner.fastLines > lines.count / 2, "full detail takes the fast reader") }
        }
    }

    /// The same through the command line: each `--detail full` line equals `eval --patient … --format json`
    /// for that patient, without `line` and `guidelines`.
    @Test func fullDetailOnTheCommandLineIsEvalFormatJSON() throws {
        let g = try CohortScaleTests.bundled()
        let lines = Array(DifferentialPathsTests.lines(count: 12, seed: 29, guidelines: g))
        let dir = try Scratch.folder("full-detail")
        let cohort = try Scratch.write(lines.joined(separator: "\n") + "\n", "cohort.jsonl", in: dir)
        let guidelines = TestFiles.repositoryRoot.appendingPathComponent("guidelines").path
        let run = try PathwayProcess.run(["eval", guidelines, "--patients", cohort.path, "--detail", "full", "--jobs", "2"])
        #expect(run.status == 0, "\(run.stderr)")
        let out = run.stdout.split(separator: "\n")
        #expect(out.count == lines.count)
        for (i, (line, result)) in zip(lines, out).enumerated() {
            let patient = try Scratch.write(line, "patient-\(i).json", in: dir)
            let single = try PathwayProcess.run(["eval", guidelines, "--patient", patient.path, "--format", "json"])
            #expect(single.status == 0, "\(single.stderr)")
            var expected = try #require(try JSONSerialization.jsonObject(with: Data(single.stdout.utf8)) as? [String: Any])
            var got = try #require(try JSONSerialization.jsonObject(with: Data(result.utf8)) as? [String: Any])
            #expect(got.removeValue(forKey: "line") as? Int == i + 1)
            // Both name the guidelines applied, with id, version and title.
            #expect(expected["guidelines"] != nil)
            #expect(NSDictionary(dictionary: got).isEqual(to: expected), "line \(i + 1): \(result)\n\(single.stdout)")
        }
    }
}
