import Foundation
import Testing
import PathwayAnalysis
import PathwayCompiler
import PathwayDiff
import PathwayEvaluator
import PathwayYAML

/// The bundled guidelines on the calendar (issue 12): NANETS 2023 Tables 2 and 3 show the date the
/// next imaging is due, Shi et al. 2025 decide the second line from the dates of first line and
/// progression, and `pathway diff` of the NEC surveillance schedule changed from 3 years to 2 years
/// reports exactly the patients whose outcome changes, by date.
@Suite struct BundledScheduleTests {
    static let folder = TestFiles.repositoryRoot.appendingPathComponent("guidelines")
    static let compilation = BundledGuidelinesTests.compilation

    /// The recommendations that show a schedule's date.
    static let scheduled = ["t2-nec-ct-mri", "t2-nec-ct-mri-first-3-years", "t2-nec-ct-mri-years-4-5", "t2-g3-net-ct-mri-first-2-years",
                            "t2-g3-net-ct-mri-after-3-years", "t3-g3-net-ct-mri-due-3-months", "t3-g3-net-ct-mri-due-6-months", "t3-nec-ct-mri-due"]

    static let localizedNEC = #""differentiation": "poor", "primary_site": "colorectal", "disease_extent": "localized", "surveillance_after_local_treatment": true"#
    static let localizedG3NET = #""differentiation": "well", "ki67_percent": 30, "primary_site": "pancreas", "disease_extent": "localized", "surveillance_after_local_treatment": true"#
    static let metastaticG3NET = #""differentiation": "well", "ki67_percent": 30, "primary_site": "pancreas", "disease_extent": "metastatic", "on_treatment": true"#
    static let metastaticNEC = #""differentiation": "poor", "primary_site": "colorectal", "disease_extent": "metastatic", "on_treatment": true"#

    static func evaluate(_ guidelines: CompiledGuidelines, _ json: String) throws -> Evaluation {
        let root = try #require(YAMLLoader.load(text: json, path: "patient.json").root)
        let decoded = PatientDecoder(guidelines: guidelines, strict: true).decode(root)
        let patient = try #require(decoded.patient, "\(decoded.diagnostics.map(\.message))")
        return Evaluator(guidelines: guidelines).evaluate(patient, traces: false)
    }

    /// Each scheduled recommendation's outcome and text, one line each, for patients at every phase
    /// boundary of Table 2 (the anniversary and the day after) and for Table 3's intervals.
    @Test func dueDatesAtEveryBoundaryGolden() throws {
        let guidelines = try #require(Self.compilation.guidelines)
        let patients: [(String, String)] = [
            ("NEC, no dates", Self.localizedNEC),
            ("NEC treated 2021-03-15, as of 2021-03-15", Self.localizedNEC + #", "local_treatment_end_date": "2021-03-15", "as_of": "2021-03-15""#),
            ("NEC treated 2021-03-15, as of 2022-01-10", Self.localizedNEC + #", "local_treatment_end_date": "2021-03-15", "as_of": "2022-01-10""#),
            ("NEC treated 2021-03-15, as of 2024-03-15 (3 years)", Self.localizedNEC + #", "local_treatment_end_date": "2021-03-15", "as_of": "2024-03-15""#),
            ("NEC treated 2021-03-15, as of 2024-03-16", Self.localizedNEC + #", "local_treatment_end_date": "2021-03-15", "as_of": "2024-03-16""#),
            ("NEC treated 2021-03-15, as of 2026-03-15 (5 years)", Self.localizedNEC + #", "local_treatment_end_date": "2021-03-15", "as_of": "2026-03-15""#),
            ("NEC treated 2021-03-15, as of 2026-03-16", Self.localizedNEC + #", "local_treatment_end_date": "2021-03-15", "as_of": "2026-03-16""#),
            ("NEC treated 2021-08-31, as of 2021-12-01 (month ends)", Self.localizedNEC + #", "local_treatment_end_date": "2021-08-31", "as_of": "2021-12-01""#),
            ("G3 NET treated 2022-01-31, as of 2024-01-31 (2 years)", Self.localizedG3NET + #", "local_treatment_end_date": "2022-01-31", "as_of": "2024-01-31""#),
            ("G3 NET treated 2022-01-31, as of 2024-02-01", Self.localizedG3NET + #", "local_treatment_end_date": "2022-01-31", "as_of": "2024-02-01""#),
            ("G3 NET treated 2022-01-31, as of 2025-01-31 (3 years)", Self.localizedG3NET + #", "local_treatment_end_date": "2022-01-31", "last_imaging_date": "2024-10-31", "as_of": "2025-01-31""#),
            ("G3 NET treated 2022-01-31, as of 2025-02-01, last scan 2024-11-20", Self.localizedG3NET + #", "local_treatment_end_date": "2022-01-31", "last_imaging_date": "2024-11-20", "as_of": "2025-02-01""#),
            ("G3 NET on treatment, last scan 2024-01-31", Self.metastaticG3NET + #", "favorable_biology": false, "last_imaging_date": "2024-01-31", "as_of": "2024-03-01""#),
            ("G3 NET on treatment, more indolent, last scan 2024-01-31", Self.metastaticG3NET + #", "favorable_biology": true, "last_imaging_date": "2024-01-31", "as_of": "2024-03-01""#),
            ("NEC on treatment, last scan 2023-11-30", Self.metastaticNEC + #", "last_imaging_date": "2023-11-30", "as_of": "2023-12-15""#),
        ]
        var lines: [String] = []
        for (name, json) in patients {
            let evaluation = try Self.evaluate(guidelines, "{" + json + "}")
            lines.append(name + ":")
            for outcome in evaluation.outcomes where Self.scheduled.contains(outcome.recommendation.id) && outcome.status != .notGiven {
                lines.append("  \(outcome.status.rawValue) \(outcome.recommendation.id): \(outcome.text)")
            }
        }
        let text = lines.joined(separator: "\n") + "\n"
        try TestFiles.assertGolden(text, "dates/bundled-schedules.txt")
        #expect(text.contains("given t2-nec-ct-mri-first-3-years: Table 2, NEC, the first 3 years after treatment of localized disease: CT or MRI with contrast every 3 months; the next is due on 2024-03-15."))
        #expect(text.contains("given t2-nec-ct-mri-years-4-5: Table 2, NEC, years 4–5 after treatment of localized disease: CT or MRI with contrast every 6 months; the next is due on 2024-09-15."))
        #expect(text.contains("the next is due on 2022-02-28"), "31 August + 6 months is the last day of February")
    }

    /// The bundled guidelines with the NEC schedule of NANETS Table 2 shortened from "every 3 months
    /// for 3 years" to 2 years: in the due dates and in both phase conditions.
    static func twoYearSchedule() throws -> Compilation {
        var texts: [(path: String, text: String)] = []
        for file in try #require(DocumentLoader.guidelineFiles(at: Self.folder.path)) {
            var text = try String(contentsOfFile: file, encoding: .utf8)
            if file.hasSuffix("nanets-2023.yaml") {
                for (old, new) in [
                    ("next_due(local_treatment_end_date, 3 months, 3 years, 6 months, 5 years)", "next_due(local_treatment_end_date, 3 months, 2 years, 6 months, 5 years)"),
                    ("when: time_since(local_treatment_end_date) <= 3 years\n", "when: time_since(local_treatment_end_date) <= 2 years\n"),
                    ("time_since(local_treatment_end_date) > 3 years and", "time_since(local_treatment_end_date) > 2 years and"),
                ] {
                    #expect(text.components(separatedBy: old).count == 2, "exactly one `\(old)` in nanets-2023.yaml")
                    text = text.replacingOccurrences(of: old, with: new)
                }
            }
            texts.append((file, text))
        }
        return GuidelineCompiler.compile(texts: texts)
    }

    static let asOf = "2024-06-01"

    /// `pathway diff` as of 2024-06-01 reports the NEC patients treated from 2021-06-01 up to the day
    /// before 2022-06-01: between their second and third anniversary, they move from the 3-monthly
    /// phase to the 6-monthly one. No other patient and no other recommendation changes.
    @Test func scheduleChangeIsReportedByDate() throws {
        let old = Self.compilation
        let new = try Self.twoYearSchedule()
        #expect(new.diagnostics.isEmpty, "\(TestFiles.render(new))")
        let asOf = try #require(CalendarDate.parse(Self.asOf))
        let diff = try #require(GuidelineDiff(old: old, new: new, evaluationDate: asOf))
        let text = DiffTextRenderer(traces: false).render(diff)
        try TestFiles.assertGolden(text, "dates/bundled-nec-schedule-diff.txt")
        #expect(diff.behaviour.classification == .breaking)
        #expect(diff.behaviour.incomplete.isEmpty)
        #expect(Set(diff.behaviour.regions.flatMap { $0.changes.map(\.recommendation.id) }) == ["t2-nec-ct-mri-first-3-years", "t2-nec-ct-mri-years-4-5"])
        for region in diff.behaviour.regions {
            #expect(region.condition.contains("2021-06-01 <= local_treatment_end_date < 2022-06-01"), "\(region.condition)")
            #expect(!region.witness.isApproximate, "\(region.condition)")
        }
    }

    /// The diff's dates checked by evaluation: for every treatment date from 2018 to the evaluation
    /// date, a NEC under surveillance gets a different outcome (or a different text where the
    /// recommendation is given or undetermined) from the two versions exactly when 2021-06-01 <= date
    /// < 2022-06-01; a G3 NET never does. The scheduled recommendations are compared on every day,
    /// all recommendations on every 30th.
    @Test func scheduleChangeMatchesEvaluationDayByDay() throws {
        let old = try #require(Self.compilation.guidelines)
        let new = try #require(try Self.twoYearSchedule().guidelines)
        let first = try #require(CalendarDate.parse("2018-01-01")), last = try #require(CalendarDate.parse(Self.asOf))
        let from = try #require(CalendarDate.parse("2021-06-01")), to = try #require(CalendarDate.parse("2022-06-01"))
        func indices(_ g: CompiledGuidelines) -> [Int] { g.recommendations.indices.filter { Self.scheduled.contains(g.recommendations[$0].id) } }
        let oldScheduled = indices(old), newScheduled = indices(new)
        #expect(oldScheduled.count == Self.scheduled.count && newScheduled.count == Self.scheduled.count)
        func outcomes(_ g: CompiledGuidelines, _ json: String, _ only: [Int]?) throws -> [String] {
            let root = try #require(YAMLLoader.load(text: json, path: "patient.json").root)
            let patient = try #require(PatientDecoder(guidelines: g, strict: true).decode(root).patient)
            let evaluator = Evaluator(guidelines: g)
            let evaluation = only.map { evaluator.evaluate(patient, recommendations: $0) } ?? evaluator.evaluate(patient, traces: false)
            return evaluation.outcomes.map { "\($0.recommendation.id) \($0.status.rawValue)" + ($0.status == .notGiven ? "" : " \($0.text)") }
        }
        var mismatches: [String] = []
        for day in first...last {
            let date = CalendarDate.text(day)
            for base in [Self.localizedNEC, Self.localizedG3NET] {
                let json = "{" + base + #", "local_treatment_end_date": "\#(date)", "last_imaging_date": "\#(date)", "as_of": "\#(Self.asOf)"}"#
                let all = (day - first) % 30 == 0
                let differs = try outcomes(old, json, all ? nil : oldScheduled) != outcomes(new, json, all ? nil : newScheduled)
                let expected = base == Self.localizedNEC && day >= from && day < to
                if differs != expected { mismatches.append("\(date) \(base == Self.localizedNEC ? "NEC" : "G3 NET"): differs \(differs), expected \(expected)") }
            }
        }
        #expect(mismatches.isEmpty, "\(mismatches.prefix(10))")
    }
}
