import Testing
import PathwayCompiler
import PathwayDiagnostics
import PathwayEvaluator
import PathwaySyntax
import PathwayYAML

@Suite struct UnitsAndNumbersTests {
    @Test(arguments: [("0.8", 4, 5), ("12", 12, 1), ("-3.25", -13, 4), ("1e3", 1000, 1), ("2.5e-1", 1, 4), (".5", 1, 2), ("007", 7, 1)])
    func decimalsParseExactly(text: String, numerator: Int64, denominator: Int64) {
        let r = Rational(decimal: text)
        #expect(r?.numerator == numerator && r?.denominator == denominator, "\(text) → \(String(describing: r))")
    }

    @Test(arguments: ["", "-", "1.2.3", "abc", "1e99", "99999999999999999999", "1,5"])
    func malformedDecimalsAreRejected(text: String) {
        #expect(Rational(decimal: text) == nil)
    }

    @Test func conversionIsExact() throws {
        let mm = try #require(PhysicalUnit.named("mm")), cm = try #require(PhysicalUnit.named("cm")), m = try #require(PhysicalUnit.named("m"))
        #expect(mm.convert(Rational(integer: 8), to: cm) == Rational(decimal: "0.8"))
        #expect(cm.convert(try #require(Rational(decimal: "0.8")), to: mm) == Rational(integer: 8))
        #expect(m.convert(try #require(Rational(decimal: "0.0125")), to: mm) == Rational(decimal: "12.5"))
        let year = try #require(PhysicalUnit.named("year")), month = try #require(PhysicalUnit.named("months"))
        #expect(year.convert(Rational(integer: 2), to: month) == Rational(integer: 24))
        let week = try #require(PhysicalUnit.named("week")), day = try #require(PhysicalUnit.named("day"))
        #expect(week.convert(Rational(integer: 3), to: day) == Rational(integer: 21))
    }

    @Test func incompatibleDimensionsDoNotConvert() throws {
        let month = try #require(PhysicalUnit.named("month")), day = try #require(PhysicalUnit.named("day")), cm = try #require(PhysicalUnit.named("cm"))
        // UCUM's month is a twelfth of the Julian year: 365.25 / 12 = 1461/48 days, exactly.
        #expect(month.convert(Rational(integer: 1), to: day) == Rational(1461, 48))
        #expect(cm.convert(Rational(integer: 1), to: month) == nil)
    }

    @Test func roundTripsThroughEveryUnitOfADimension() throws {
        let lengths = ["mm", "cm", "m"].compactMap(PhysicalUnit.named)
        for text in ["0.1", "0.8", "1", "7.25", "123.456"] {
            let value = try #require(Rational(decimal: text))
            for a in lengths {
                for b in lengths {
                    let there = try #require(a.convert(value, to: b))
                    #expect(b.convert(there, to: a) == value, "\(text) \(a) → \(b) → \(a)")
                }
            }
        }
    }

    @Test func eightMillimetresEqualsPointEightCentimetresInEvaluation() throws {
        // The threshold 1 cm and the patient value 8 mm are both normalised exactly before comparison.
        let compilation = try TestFiles.compile(try TestFiles.fixture("valid-guideline.yaml"))
        let guidelines = try #require(compilation.guidelines)
        let fact = try #require(guidelines.fact(named: "tumor_size"))
        let decoder = PatientDecoder(guidelines: guidelines)
        let y = YAMLLoader.load(text: "x: 8 mm", path: "p")
        guard case .mapping(let entries, _)? = y.root else { Issue.record("no mapping"); return }
        #expect(try decoder.value(entries[0].value, for: fact).get() == FactValue(try #require(Rational(decimal: "0.8"))))
        let ten = YAMLLoader.load(text: "x: 10 mm", path: "p")
        guard case .mapping(let tenEntries, _)? = ten.root else { Issue.record("no mapping"); return }
        #expect(try decoder.value(tenEntries[0].value, for: fact).get() == FactValue(.one))
    }

    @Test func rationalDescriptionIsShortestDecimal() {
        #expect(Rational(decimal: "0.80")?.description == "0.8")
        #expect(Rational(decimal: "-12.5")?.description == "-12.5")
        #expect(Rational(1, 3)?.description == "1/3")
        #expect(Rational(decimal: "0.05")?.description == "0.05")
    }
}
