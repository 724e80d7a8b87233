"""Validates a JUnit XML report against junit-10.xsd and reads it with junitparser.

usage: python3 validate.py REPORT.xml EXPECTED_TESTS EXPECTED_FAILURES EXPECTED_SKIPPED
Prints `ok` and exits 0 when the report is valid and the counts agree; prints the problem otherwise.
"""
import os
import sys

import junitparser
import xmlschema


def main() -> int:
    report, tests, failures, skipped = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
    schema = xmlschema.XMLSchema(os.path.join(os.path.dirname(os.path.abspath(__file__)), "junit-10.xsd"))
    errors = list(schema.iter_errors(report))
    if errors:
        print("invalid:", errors[0])
        return 1
    xml = junitparser.JUnitXml.fromfile(report)
    seen_tests = seen_failures = seen_skipped = 0
    for suite in xml:
        for case in suite:
            seen_tests += 1
            for result in case.result:
                if isinstance(result, junitparser.Failure):
                    seen_failures += 1
                    break
                if isinstance(result, junitparser.Skipped):
                    seen_skipped += 1
                    break
    if (seen_tests, seen_failures, seen_skipped) != (tests, failures, skipped):
        print(f"counts: tests {seen_tests}, failures {seen_failures}, skipped {seen_skipped}; expected {tests}, {failures}, {skipped}")
        return 1
    print("ok")
    return 0


if __name__ == "__main__":
    sys.exit(main())
