#!/usr/bin/env python3
"""Validates FHIR Bundles with the `fhir.resources` models (PyPI, pinned in .ci/run: 8.1.0, whose
models are FHIR R4B 4.3.0, the R4 release whose Bundle, Observation, Condition and Patient are R4's).
Every file named on the command line must parse as a Bundle whose every entry is a valid resource.
Prints one line per file; exit 1 when any file is invalid, 2 when fhir.resources is missing."""
import json
import sys

try:
    from fhir.resources.R4B.bundle import Bundle
except ImportError as error:  # reported by the Swift test that runs this script
    print(f"fhir.resources is not installed: {error}", file=sys.stderr)
    sys.exit(2)

failed = 0
for path in sys.argv[1:]:
    try:
        with open(path, encoding="utf-8") as handle:
            bundle = Bundle.model_validate(json.load(handle))
        print(f"ok {path}: Bundle with {len(bundle.entry or [])} entries")
    except Exception as error:  # pydantic's ValidationError, or bad JSON
        failed += 1
        print(f"INVALID {path}: {error}")
sys.exit(1 if failed else 0)
