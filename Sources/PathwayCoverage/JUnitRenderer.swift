import PathwayDiagnostics

/// Renders test results (and coverage) as JUnit XML, the format CI systems read: one `testsuite`
/// per guideline with a `testcase` per test (a `failure` for each failed expectation) and, with
/// coverage, a `pathway.coverage` suite with one `testcase` per item, `skipped` when uncovered, so
/// that holes are shown without failing the build (`--min-coverage` does that).
///
/// The document is valid against the Jenkins xUnit plugin's `junit-10.xsd` (`Tests/e2e/junit/`).
public struct JUnitRenderer: Sendable {
    let renderFailure: @Sendable (Diagnostic) -> String

    /// Creates a renderer; `renderFailure` writes a failure's details (the text renderer, uncoloured).
    public init(renderFailure: @escaping @Sendable (Diagnostic) -> String) {
        self.renderFailure = renderFailure
    }

    /// The XML document.
    public func render(_ report: TestReport) -> String {
        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites>\n"
        var guidelines: [String] = []
        for result in report.results where !guidelines.contains(result.guideline) { guidelines.append(result.guideline) }
        var id = 0
        for guideline in guidelines {
            let results = report.results.filter { $0.guideline == guideline }
            let failures = results.filter { !$0.passed }.count
            out += "  <testsuite name=\"\(Self.escape(guideline))\" tests=\"\(results.count)\" failures=\"\(failures)\" errors=\"0\" skipped=\"0\""
                + " time=\"0\" timestamp=\"1970-01-01T00:00:00\" hostname=\"localhost\" id=\"\(id)\" package=\"pathway\">\n"
            out += "    <properties/>\n"
            for result in results {
                out += "    <testcase name=\"\(Self.escape(result.test))\" classname=\"\(Self.escape(guideline))\" time=\"0\""
                if result.passed {
                    out += "/>\n"
                    continue
                }
                out += ">\n"
                for failure in result.failures {
                    out += "      <failure message=\"\(Self.escape(failure.message))\" type=\"\(failure.code.rawValue)\">"
                        + Self.escape(renderFailure(failure)) + "</failure>\n"
                }
                out += "    </testcase>\n"
            }
            out += "    <system-out/>\n    <system-err/>\n  </testsuite>\n"
            id += 1
        }
        if let coverage = report.coverage {
            let uncovered = coverage.uncovered.count
            out += "  <testsuite name=\"pathway.coverage\" tests=\"\(coverage.items.count)\" failures=\"0\" errors=\"0\" skipped=\"\(uncovered)\""
                + " time=\"0\" timestamp=\"1970-01-01T00:00:00\" hostname=\"localhost\" id=\"\(id)\" package=\"pathway\">\n"
            let (covered, total) = coverage.count()
            out += "    <properties>\n"
            out += "      <property name=\"coverage\" value=\"\(CoverageReport.percent(covered, of: total))\"/>\n"
            for kind in CoverageItem.Kind.allCases {
                let (c, t) = coverage.count(kind)
                out += "      <property name=\"coverage.\(kind.rawValue)\" value=\"\(c) of \(t)\"/>\n"
            }
            out += "    </properties>\n"
            for item in coverage.items {
                let name = "\(item.kind.rawValue) \(item.name)" + (item.guideline.map { " [\($0)]" } ?? "")
                out += "    <testcase name=\"\(Self.escape(name))\" classname=\"\(Self.escape(item.span.file))\" time=\"0\""
                if let missing = item.missing {
                    out += ">\n      <skipped message=\"\(Self.escape("\(item.span.file):\(item.span.start): \(missing)"))\"/>\n    </testcase>\n"
                } else {
                    out += "/>\n"
                }
            }
            out += "    <system-out/>\n    <system-err/>\n  </testsuite>\n"
        }
        return out + "</testsuites>\n"
    }

    /// Text escaped for an XML attribute or element; characters XML 1.0 cannot hold become `?`.
    static func escape(_ s: String) -> String {
        var out = ""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "\n": out += "&#10;"
            case "\t", "\r": out += "&#\(scalar.value);"
            default:
                let v = scalar.value
                out.unicodeScalars.append(v < 0x20 || v == 0xFFFE || v == 0xFFFF ? "?" : scalar)
            }
        }
        return out
    }
}
