import Foundation
import Testing
@testable import PathwayCompiler
@testable import PathwayEvaluator
import PathwayDiagnostics
import PathwaySyntax
import PathwayYAML

/// UCUM units: parsing by the grammar, exact conversion, molar conversion, and the hints.
@Suite struct UCUMTests {
    /// Units as printed on real laboratory reports (chemistry, haematology, endocrinology,
    /// urinalysis, blood gases, vital signs), in UCUM's case-sensitive code.
    static let laboratoryUnits = [
        "mg/dL", "g/dL", "g/L", "mg/L", "ug/L", "ug/dL", "ng/mL", "ng/dL", "pg/mL",
        "mmol/L", "umol/L", "µmol/L", "nmol/L", "pmol/L", "mmol/mol", "meq/L", "mosm/kg",
        "U/L", "[IU]/L", "m[IU]/L", "u[IU]/mL", "k[IU]/L", "ukat/L", "kU/L",
        "10*9/L", "10*12/L", "10*3/uL", "10*6/uL", "/uL", "fL", "pg", "%", "/[HPF]",
        "mL/min/{1.73_m2}", "mL/min", "mm/h", "mm[Hg]", "cm[H2O]", "kPa", "kg/m2", "[pH]", "Cel",
        "mg/(24.h)", "g/(24.h)", "mg/kg/d", "ug/kg/min", "{beats}/min", "/min", "[arb'U]/mL", "[CFU]/mL",
        "mg/g{creat}", "10*3/mm3", "s", "mL", "[in_i]", "[lb_av]",
    ]

    @Test func laboratoryUnitsParse() throws {
        #expect(Self.laboratoryUnits.count >= 30)
        var lines: [String] = []
        for text in Self.laboratoryUnits {
            switch PhysicalUnit.parse(text) {
            case .success(let unit): lines.append("\(text) = \(unit.meaning)")
            case .failure(let problem): lines.append("\(text): ERROR \(problem.message)")
            }
        }
        try TestFiles.assertGolden(lines.joined(separator: "\n") + "\n", "units/laboratory-units.txt")
    }

    @Test func malformedUnitsAreLocated() throws {
        let bad = ["", "mg/dX", "mL/min/1.73m2", "mg/", "/", "m[Hg", "{a b}", "mg)", "(mg", "m100", "Cel/s", "kCel", "m2.Cel",
                   "mmHg", "IU/L", "mcg/L", "10*", "0/L", "m-", "[in_i]999", "mg dL", String(repeating: "m.", count: 150) + "m",
                   String(repeating: "(", count: 12) + "m" + String(repeating: ")", count: 12)]
        var lines: [String] = []
        for text in bad {
            switch PhysicalUnit.parse(text) {
            case .success(let unit): lines.append("\(text.debugDescription) = \(unit.meaning)")
            case .failure(let p): lines.append("\(text.prefix(40).debugDescription) @\(p.offset)+\(p.length): \(p.message)")
            }
        }
        try TestFiles.assertGolden(lines.joined(separator: "\n") + "\n", "units/malformed-units.txt")
    }

    /// Every row of the encoded UCUM table resolves from its definition.
    @Test func everyTableRowResolves() {
        for row in UCUMTables.units {
            #expect(UCUMParser.atomTable[row.code] != nil, "\(row.code) does not resolve")
        }
        for symbol in PhysicalUnit.commonSymbols {
            #expect(PhysicalUnit.common[symbol] != nil, "\(symbol) does not parse")
        }
    }

    private func unit(_ s: String) throws -> PhysicalUnit { try #require(PhysicalUnit.named(s)) }
    private func q(_ s: String) throws -> Rational { try #require(Rational(decimal: s)) }

    @Test func massConcentrationsConvertExactly() throws {
        let mgdl = try unit("mg/dL"), gl = try unit("g/L"), mgl = try unit("mg/L")
        #expect(mgdl.convert(Rational(integer: 100), to: gl) == .one)
        #expect(gl.convert(.one, to: mgl) == Rational(integer: 1000))
        #expect(mgl.convert(try q("12.5"), to: mgdl) == (try q("1.25")))
        #expect(try unit("10*3/uL").convert(Rational(integer: 90), to: try unit("10*9/L")) == Rational(integer: 90))
        #expect(try unit("mm[Hg]").convert(Rational(integer: 120), to: try unit("kPa")) == (try q("15.998640")))
        #expect(try unit("[lb_av]").convert(.one, to: try unit("g")) == (try q("453.59237")))
        #expect(try unit("a").convert(.one, to: try unit("d")) == (try q("365.25")))
        #expect(try unit("mo").convert(Rational(integer: 12), to: try unit("year")) == .one)
        #expect(try unit("µg/L").convert(.one, to: try unit("ug/L")) == .one)
    }

    @Test func conversionRoundTripsWithinADimension() throws {
        let groups = [["mg/dL", "g/L", "mg/L", "ug/mL", "g%"], ["mmol/L", "umol/L", "mol/m3", "meq/L"],
                      ["d", "wk", "mo", "a", "h", "days", "months"], ["10*9/L", "10*3/uL", "/nL"]]
        for group in groups {
            let units = try group.map(unit)
            for text in ["0.1", "1", "7.25", "123.456"] {
                let v = try q(text)
                for a in units { for b in units {
                    let there = try #require(a.convert(v, to: b), "\(a) → \(b)")
                    #expect(b.convert(there, to: a) == v, "\(text) \(a) → \(b) → \(a)")
                } }
            }
        }
    }

    @Test func acrossDimensionsNothingConverts() throws {
        #expect(try unit("mg/dL").convert(.one, to: try unit("mmol/L")) == nil)
        #expect(try unit("10*9/L").convert(.one, to: try unit("nmol/L")) == nil, "mol is a dimension, not a count")
        #expect(try unit("[IU]/L").convert(.one, to: try unit("U/L")) == nil, "arbitrary units stand alone")
        #expect(try unit("mL/min").convert(.one, to: try unit("mL/min/{1.73_m2}")) == nil, "annotations must agree")
        #expect(try unit("Cel").convert(.one, to: try unit("[degF]")) == nil, "special units convert only to themselves")
    }

    /// Creatinine, 113.12 g/mol: 1 mg/dL is 10 000/113.12 = 62 500/707 µmol/L (≈ 88.4).
    @Test func molarConversionNeedsTheMolarMass() throws {
        let creatinine = MolarMass(value: try q("113.12"), unit: try unit("g/mol"))
        let mgdl = try unit("mg/dL"), umoll = try unit("umol/L")
        #expect(mgdl.convert(.one, to: umoll, molarMass: creatinine) == Rational(62_500, 707))
        #expect(umoll.convert(try #require(Rational(62_500, 707)), to: mgdl, molarMass: creatinine) == .one)
        #expect(mgdl.convert(.one, to: umoll, molarMass: nil) == nil)
        let glucose = MolarMass(value: try q("180.156"), unit: try unit("g/mol"))
        #expect(try unit("mmol/L").convert(try q("5.5"), to: mgdl, molarMass: glucose) == (try q("99.0858")))
        #expect(try unit("mmol").convert(.one, to: try unit("mg"), molarMass: glucose) == (try q("180.156")))
        #expect(mgdl.convert(.one, to: try unit("cm"), molarMass: glucose) == nil)
    }

    // MARK: Documents and patients

    private func labGuideline(_ edit: (String) -> String = { $0 }) throws -> String {
        edit(try TestFiles.fixture("units/lab-guideline.yaml"))
    }

    @Test func labGuidelineCompilesAndItsTestsPass() throws {
        let compilation = try TestFiles.compile(try labGuideline())
        #expect(compilation.diagnostics.isEmpty, "\(TestFiles.render(compilation))")
        let guidelines = try #require(compilation.guidelines)
        let results = GuidelineTestRunner(guidelines: guidelines).run()
        #expect(!results.isEmpty && results.allSatisfy(\.passed))
    }

    /// `unit: mg/dL` is a unit: no diagnostic, and certainly not "did you mean `g`".
    @Test func declaredLabUnitsNeedNoHint() throws {
        let compilation = try TestFiles.compile(try labGuideline())
        #expect(!compilation.diagnostics.contains { $0.code == .unknownUnit })
    }

    @Test func unitDiagnosticsGolden() throws {
        let text = try labGuideline {
            $0.replacingOccurrences(of: "facts:\n", with: "facts:\n  ferritin:\n    type: quantity\n    unit: ug/dX\n  sodium:\n    type: quantity\n    unit: mEq/L\n")
                .replacingOccurrences(of: "systolic >= 160 mm[Hg]", with: "systolic >= 160 mmHg")
                .replacingOccurrences(of: "glucose >= 126 mg/dL", with: "albumin >= 126 mmol/L")
                .replacingOccurrences(of: "molar_mass: 180.156 g/mol", with: "molar_mass: 180.156 g")
                .replacingOccurrences(of: "creatinine > 1.5 mg/dL", with: "creatinine > 1.5 mg/dL and platelets > 100 mmol/L")
        }
        let compilation = try TestFiles.compile(text, path: "lab-guideline.yaml")
        try TestFiles.assertGolden(TestFiles.render(compilation), "units/document-diagnostics.txt")
    }

    @Test func patientUnitHintsGolden() throws {
        let guidelines = try #require(try TestFiles.compile(try labGuideline()).guidelines)
        let patient = #"{"egfr": "38 mL/min/1.73m2", "creatinine": "1.2 mmol", "systolic": "140 mmHg", "albumin": "0.5 mmol/L", "platelets": "90 /nL", "bmi": "41 kg/m", "glucose": "99 mg/dL"}"#
        let root = try #require(YAMLLoader.load(text: patient, path: "patient.json").root)
        let decoded = PatientDecoder(guidelines: guidelines).decode(root)
        let egfr = try #require(decoded.diagnostics.first { $0.fact == "egfr" })
        #expect(egfr.suggestions.map(\.replacement) == ["38 mL/min/{1.73_m2}"], "not `38 m`")
        var sources = SourceFileStore()
        sources.add(SourceFile(path: "patient.json", text: patient))
        let rendered = TextDiagnosticRenderer(sources: sources).render(decoded.diagnostics)
        try TestFiles.assertGolden(rendered, "units/patient-hints.txt")
    }

    @Test func suggestionsStayInTheExpectedDimension() throws {
        #expect(PhysicalUnit.suggestion(for: "mg/dX", expected: try unit("g/L")) == "mg/dL")
        #expect(PhysicalUnit.suggestion(for: "mmol/X", expected: try unit("mmol/L")) == "mmol/L")
        #expect(PhysicalUnit.suggestion(for: "mmHg", expected: try unit("kPa")) == "mm[Hg]")
        #expect(PhysicalUnit.suggestion(for: "mL/min/1.73m2", expected: try unit("mL/min/{1.73_m2}")) == "mL/min/{1.73_m2}")
        #expect(PhysicalUnit.suggestion(for: "mL/min/1.73m2", expected: try unit("cm")) == nil, "never a length for a flow")
        for typed in ["mg/dX", "mmol/X", "kg/m3x", "10*9/X", "mL/mn", "gg", "xmm"] {
            for expected in PhysicalUnit.common.values {
                if let pick = PhysicalUnit.suggestion(for: typed, expected: expected) {
                    #expect(PhysicalUnit.named(pick)?.dimension == expected.dimension, "\(typed) for \(expected): \(pick)")
                }
            }
        }
    }
}
