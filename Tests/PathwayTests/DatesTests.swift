import Foundation
import Testing
import PathwayAnalysis
@testable import PathwayCompiler
@testable import PathwayEvaluator
import PathwayDiagnostics
import PathwaySyntax
import PathwayYAML

/// Dates, durations, schedules and the evaluation date.
@Suite struct DatesTests {
    private func day(_ text: String) throws -> Int64 { try #require(CalendarDate.parse(text), "\(text)") }

    @Test func dayNumbersRoundTrip() throws {
        #expect(try day("1970-01-01") == 0)
        #expect(try day("2000-03-01") == 11_017)
        #expect(CalendarDate.text(try day("0001-01-01")) == "0001-01-01")
        #expect(CalendarDate.text(try day("9999-12-31")) == "9999-12-31")
        var rng = SystemRandomNumberGenerator()
        for _ in 0..<2000 {
            let d = Int64.random(in: CalendarDate.first...CalendarDate.last, using: &rng)
            let text = CalendarDate.text(d)
            #expect(CalendarDate.parse(text) == d, "\(d) → \(text)")
            // Consecutive days are consecutive dates.
            if d < CalendarDate.last, let next = CalendarDate.parse(CalendarDate.text(d + 1)) { #expect(next == d + 1) }
        }
    }

    @Test(arguments: ["2023-02-29", "1900-02-29", "2024-04-31", "2024-13-01", "2024-00-10", "0000-01-01", "2024-1-01", "24-01-01", "2024/01/01", "2024-01-01T00:00"])
    func invalidDatesAreRejected(text: String) {
        #expect(CalendarDate.parse(text) == nil)
    }

    @Test func leapYears() {
        #expect(CalendarDate.parse("2024-02-29") != nil)
        #expect(CalendarDate.parse("2000-02-29") != nil)
        #expect(CalendarDate.isLeap(2000) && CalendarDate.isLeap(2024) && !CalendarDate.isLeap(1900) && !CalendarDate.isLeap(2023))
    }

    /// Month-end and leap-year arithmetic, as documented.
    @Test func calendarArithmeticGolden() throws {
        var lines: [String] = []
        let shifts: [(String, Int64)] = [
            ("2024-01-31", 1), ("2023-01-31", 1), ("2024-01-30", 1), ("2024-03-31", -1), ("2024-02-29", 12), ("2024-02-29", 48),
            ("2024-08-31", 1), ("2023-12-31", 2), ("2024-05-31", -3), ("2024-01-15", 36), ("2021-03-15", 36), ("2024-12-31", -12),
        ]
        for (text, n) in shifts {
            let result = try #require(CalendarDate.adding(months: n, to: try day(text)))
            lines.append("\(text) \(n >= 0 ? "+" : "-") \(abs(n)) months = \(CalendarDate.text(result))")
        }
        let spans: [(String, String)] = [
            ("2024-01-31", "2024-02-29"), ("2024-01-31", "2024-02-28"), ("2024-01-15", "2024-02-14"), ("2024-01-15", "2024-02-15"),
            ("2021-03-15", "2024-03-15"), ("2021-03-15", "2024-03-14"), ("2024-02-29", "2025-02-28"), ("2024-03-01", "2024-01-31"),
        ]
        for (a, b) in spans {
            let m = try #require(CalendarDate.months(from: try day(a), to: try day(b)))
            lines.append("months from \(a) to \(b) = \(m); days = \(try day(b) - day(a))")
        }
        try TestFiles.assertGolden(lines.joined(separator: "\n") + "\n", "dates/calendar.txt")
    }

    /// `a + m months <= b` for the months counted, and not for one more.
    @Test func monthsBetweenIsTheLargestFittingCount() throws {
        var rng = SystemRandomNumberGenerator()
        let base = try day("1990-01-01"), top = try day("2040-12-31")
        for _ in 0..<1000 {
            let a = Int64.random(in: base...top, using: &rng), b = Int64.random(in: a...min(top, a + 4000), using: &rng)
            let m = try #require(CalendarDate.months(from: a, to: b))
            #expect(try #require(CalendarDate.adding(months: m, to: a)) <= b)
            #expect(try #require(CalendarDate.adding(months: m + 1, to: a)) > b)
        }
    }

    // MARK: Schedules

    private static let surveillance: [(interval: Int64, end: Int64)] = [(3, 36), (6, 60)]

    /// The schedule at each phase boundary: exactly 3 years after resection, and around it.
    @Test func scheduleAtThePhaseBoundariesGolden() throws {
        let start = try day("2021-03-15")
        var lines: [String] = []
        for asOf in ["2021-03-15", "2021-06-14", "2021-06-15", "2021-06-16", "2024-02-15", "2024-03-14", "2024-03-15", "2024-03-16",
                     "2024-09-15", "2026-03-14", "2026-03-15", "2026-03-16"] {
            let due = Schedule.nextDue(start: start, asOf: try day(asOf), phases: Self.surveillance, inDays: false)
            lines.append("resected 2021-03-15, as of \(asOf): next due \(due.map(CalendarDate.text) ?? "none (schedule ended)")")
        }
        try TestFiles.assertGolden(lines.joined(separator: "\n") + "\n", "dates/schedule-boundaries.txt")
    }

    /// Brute force: the next due date is the first of all the schedule's dates on or after the evaluation date.
    @Test func nextDueMatchesEnumeration() throws {
        var rng = SystemRandomNumberGenerator()
        let base = try day("2000-01-01")
        for _ in 0..<500 {
            let start = base + Int64.random(in: 0...9000, using: &rng)
            let asOf = start + Int64.random(in: -100...2500, using: &rng)
            let inDays = Bool.random(using: &rng)
            let phases: [(interval: Int64, end: Int64)] = inDays ? [(90, 1095), (180, 1826)] : [(3, 36), (6, 60), (12, 84)]
            var points: [Int64] = []
            var from: Int64 = 0
            for p in phases {
                var k: Int64 = 1
                while from + k * p.interval <= p.end {
                    let offset = from + k * p.interval
                    points.append(inDays ? start + offset : try #require(CalendarDate.adding(months: offset, to: start)))
                    k += 1
                }
                from = p.end
            }
            #expect(Schedule.nextDue(start: start, asOf: asOf, phases: phases, inDays: inDays) == points.first { $0 >= asOf })
        }
    }

    // MARK: Documents, patients and the evaluation date

    private func example() throws -> CompiledGuidelines {
        let text = try String(contentsOf: TestFiles.repositoryRoot.appendingPathComponent("examples/language/schedule.yaml"), encoding: .utf8)
        let compilation = GuidelineCompiler.compile(texts: [(path: "schedule.yaml", text: text)])
        #expect(compilation.diagnostics.isEmpty, "\(TestFiles.render(compilation))")
        return try #require(compilation.guidelines)
    }

    @Test func languageExampleTestsPass() throws {
        let results = GuidelineTestRunner(guidelines: try example()).run()
        #expect(results.count == 8)
        for r in results { #expect(r.passed, "\(r.failures)") }
    }

    private func evaluate(_ json: String, asOf: Int64?) throws -> (Evaluation, String) {
        let guidelines = try example()
        let root = try #require(YAMLLoader.load(text: json, path: "patient.json").root)
        let decoded = PatientDecoder(guidelines: guidelines, evaluationDate: asOf).decode(root)
        let patient = try #require(decoded.patient, "\(decoded.diagnostics.map(\.message))")
        let evaluation = Evaluator(guidelines: guidelines).evaluate(patient, traces: true, tracesOfGivenOnly: true)
        return (evaluation, EvaluationJSON.object(evaluation, guidelines: guidelines, diagnostics: []).serialized())
    }

    /// The patient's `as_of` wins over the caller's date, which wins over today; every output names it.
    @Test func evaluationDateFromEachSource() throws {
        let (fromPatient, json1) = try evaluate(#"{"as_of": "2024-05-20", "resection_date": "2024-01-31"}"#, asOf: try day("2030-01-01"))
        #expect(fromPatient.patient.evaluationDate == (try day("2024-05-20")))
        #expect(json1.hasPrefix(#"{"guidelines":[{"id":"example-schedule","version":null,"title":"Surveillance on a schedule (language illustration)"}],"as_of":"2024-05-20""#), "\(json1.prefix(200))")
        #expect(json1.contains("the next scan is due on 2024-07-31"))
        let (fromCaller, json2) = try evaluate(#"{"resection_date": "2024-01-31"}"#, asOf: try day("2024-04-30"))
        #expect(fromCaller.patient.evaluationDate == (try day("2024-04-30")))
        #expect(json2.contains(#""as_of":"2024-04-30""#) && json2.contains("the next scan is due on 2024-04-30"))
        let (fromToday, json3) = try evaluate(#"{"resection_date": "2024-01-31"}"#, asOf: nil)
        let today = CalendarDate.today()
        #expect(fromToday.patient.evaluationDate == today || fromToday.patient.evaluationDate == today - 1)
        #expect(json3.contains(#""as_of":""#))
        let text = EvaluationText.render(fromCaller, guidelines: try example(), trace: false)
        #expect(text.hasPrefix("as of 2024-04-30\n"))
    }

    @Test func guidelinesWithoutDatesStateNoDate() throws {
        let guidelines = try #require(try TestFiles.compile(try TestFiles.fixture("valid-guideline.yaml")).guidelines)
        let root = try #require(YAMLLoader.load(text: #"{"as_of": "2024-01-01", "t_category": "T1a"}"#, path: "p.json").root)
        let decoded = PatientDecoder(guidelines: guidelines, strict: true).decode(root)
        #expect(decoded.diagnostics.isEmpty, "as_of is always accepted")
        #expect(decoded.patient?.evaluationDate == nil)
    }

    @Test func patientDateErrorsGolden() throws {
        let guidelines = try example()
        var lines: [String] = []
        for json in [#"{"resection_date": "2023-02-29"}"#, #"{"resection_date": "31/01/2024"}"#, #"{"resection_date": 20240131}"#,
                     #"{"as_of": "yesterday"}"#] {
            let root = try #require(YAMLLoader.load(text: json, path: "p.json").root)
            let decoded = PatientDecoder(guidelines: guidelines).decode(root)
            var sources = SourceFileStore()
            sources.add(SourceFile(path: "p.json", text: json))
            lines.append(TextDiagnosticRenderer(sources: sources).render(decoded.diagnostics))
        }
        try TestFiles.assertGolden(lines.joined(separator: "\n"), "dates/patient-errors.txt")
    }

    @Test func documentDateErrorsGolden() throws {
        let base = try String(contentsOf: TestFiles.repositoryRoot.appendingPathComponent("examples/language/schedule.yaml"), encoding: .utf8)
        let text = base
            .replacingOccurrences(of: "when: known(next_scan)", with: "when: known(next_scan) and resection_date > 2023-02-29")
            .replacingOccurrences(of: "next_due(resection_date, 3 months, 3 years, 6 months, 5 years)", with: "next_due(resection_date, 3 months, 3 years, 6 months, 2 years)")
            .replacingOccurrences(of: "time_since(resection_date) < 3 years", with: "time_since(resection_date) < 2.5 months")
            .replacingOccurrences(of: "resection_date + 1 year", with: "resection_date + first_line_end")
        let compilation = GuidelineCompiler.compile(texts: [(path: "schedule.yaml", text: text)])
        try TestFiles.assertGolden(TestFiles.render(compilation), "dates/document-errors.txt")
    }

    @Test func cliAsOfOptionAndHeader() throws {
        let dir = try Scratch.folder("as-of")
        let patient = try Scratch.write(#"{"resection_date": "2021-03-15"}"#, "p.json", in: dir)
        let example = TestFiles.repositoryRoot.appendingPathComponent("examples/language/schedule.yaml").path
        let text = try PathwayProcess.run(["eval", example, "--patient", patient.path, "--as-of", "2024-03-15"])
        #expect(text.status == 0)
        #expect(text.stdout.hasPrefix("as of 2024-03-15\n"))
        #expect(text.stdout.contains("the next scan is due on 2024-03-15"))
        let json = try PathwayProcess.run(["eval", example, "--patient", patient.path, "--as-of", "2024-03-16", "--format", "json"])
        #expect(json.stdout.contains(#""as_of" : "2024-03-16""#) || json.stdout.contains(#""as_of": "2024-03-16""#))
        #expect(json.stdout.contains("the next scan is due on 2024-09-15"))
        let bad = try PathwayProcess.run(["eval", example, "--patient", patient.path, "--as-of", "2024-02-30"])
        #expect(bad.status != 0 && bad.stderr.contains("--as-of"))
        let cohort = try Scratch.write("{\"resection_date\": \"2021-03-15\"}\n{\"as_of\": \"2030-01-01\", \"resection_date\": \"2021-03-15\"}\n", "c.jsonl", in: dir)
        let lines = try PathwayProcess.run(["eval", example, "--patients", cohort.path, "--as-of", "2024-03-15"])
        #expect(lines.stdout.contains(#"{"line":1,"guidelines":[{"id":"example-schedule","version":null}],"as_of":"2024-03-15","#))
        #expect(lines.stdout.contains(#"{"line":2,"guidelines":[{"id":"example-schedule","version":null}],"as_of":"2030-01-01","#))
        let tests = try PathwayProcess.run(["test", example, "--as-of", "2000-01-01"])
        #expect(tests.status == 0, "every test fixes its own as_of")
    }
}

/// Dates in table cells and in `explain`.
@Suite struct DateTablesTests {
    static let guideline = """
    kind: guideline
    id: table-dates
    title: Dates in a table (test fixture, not clinical advice)
    facts:
      resection_date: { type: date }
    citations:
      src: { title: "fixture" }
    schemes:
      s:
        levels:
          - { id: x, definition: "fixture" }
    recommendations:
      old-era: { text: Old era, direction: for, level: s.x, citations: [src], quote: "q" }
      new-era: { text: New era, direction: for, level: s.x, citations: [src], quote: "q" }
    tables:
      - id: era
        hit_policy: first
        inputs: [resection_date]
        rows:
          - { id: before, if: { resection_date: "< 2021-06-01" }, recommend: [old-era] }
          - { id: after, if: { resection_date: ">= 2021-06-01" }, recommend: [new-era] }
    tests:
      - { id: before, patient: { resection_date: 2021-05-31 }, given: [old-era], not_given: [new-era] }
      - { id: on-the-day, patient: { resection_date: 2021-06-01 }, given: [new-era], not_given: [old-era] }
    """

    @Test func tableCellsCompareDates() throws {
        let compilation = GuidelineCompiler.compile(texts: [(path: "table-dates.yaml", text: Self.guideline)])
        #expect(compilation.diagnostics.isEmpty, "\(TestFiles.render(compilation))")
        let guidelines = try #require(compilation.guidelines)
        let results = GuidelineTestRunner(guidelines: guidelines).run()
        #expect(results.count == 2 && results.allSatisfy(\.passed), "\(results.map(\.failures))")
        // The table's analysis speaks of dates.
        let findings = GuidelineAnalyzer(guidelines: guidelines).analyze()
        #expect(!findings.contains { $0.severity == .error }, "\(findings.map(\.message))")
    }

    @Test func explainStatesTheEvaluationDate() throws {
        let dir = try Scratch.folder("explain-as-of")
        let patient = try Scratch.write(#"{"resection_date": "2021-03-15"}"#, "p.json", in: dir)
        let example = TestFiles.repositoryRoot.appendingPathComponent("examples/language/schedule.yaml").path
        let text = try PathwayProcess.run(["explain", example, "surveillance", "--patient", patient.path, "--as-of", "2024-03-15"])
        #expect(text.status == 0 && text.stdout.hasPrefix("as of 2024-03-15\n"), "\(text.stdout)\(text.stderr)")
        let json = try PathwayProcess.run(["explain", example, "next_scan", "--patient", patient.path, "--as-of", "2024-03-15", "--format", "json"])
        #expect(json.stdout.contains("\"as_of\""), "\(json.stdout)")
    }
}
