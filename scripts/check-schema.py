#!/usr/bin/env python3
"""Check Grammar/guideline.schema.json against every document in the repository that is meant to be valid.

Usage:
    python3 scripts/check-schema.py [--loader base|core]

Runs Grammar/validate.py (PyYAML's BaseLoader by default, so every scalar stays a string, as Pathway
reads it) over:

* the documents that must pass: `guidelines/` (with `guidelines/vocabulary/`), the guideline
  documents in the subfolders of `examples/` (`examples/language/`, `examples/tiny/`; the YAML files
  directly in `examples/` are patient data, not documents), the test fixtures that compile cleanly
  (`Tests/PathwayTests/Fixtures/*.yaml`, `analysis/`, `diff/`, `structural-diff/`; not `diagnostics/`,
  which are broken on purpose) and `Grammar/schema-tests/valid/`;
* the documents that must fail: `Grammar/schema-tests/invalid/`.

Prints only failures and one closing line per group; exits 0 when every document got the verdict
it should, 1 otherwise, 2 when PyYAML or jsonschema is missing (`pip install pyyaml jsonschema`).
Not part of `swift test`.
"""

from __future__ import annotations

import argparse
import glob
import importlib.util
import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def load_validator():
    spec = importlib.util.spec_from_file_location("validate", os.path.join(ROOT, "Grammar", "validate.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)  # exits with status 2 when PyYAML or jsonschema is missing
    return module


def meant_valid() -> list[str]:
    paths = ["guidelines"]
    paths += sorted(p for p in glob.glob("examples/*") if os.path.isdir(p))
    paths += sorted(glob.glob("Tests/PathwayTests/Fixtures/*.yaml"))
    paths += ["Tests/PathwayTests/Fixtures/analysis", "Tests/PathwayTests/Fixtures/diff",
              "Tests/PathwayTests/Fixtures/structural-diff", "Grammar/schema-tests/valid"]
    return [p for p in paths if os.path.exists(p)]


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description="Validate the repository's documents against the JSON Schema.")
    parser.add_argument("--loader", choices=["base", "core"], default="base",
                        help="base: every scalar a string, as Pathway reads it (default); core: YAML 1.2 core-schema types")
    args = parser.parse_args(argv)
    os.chdir(ROOT)
    validate = load_validator()
    print("documents that must be valid:")
    valid = validate.main(["--quiet", "--loader", args.loader] + meant_valid())
    print("documents that must be rejected (Grammar/schema-tests/invalid):")
    invalid = validate.main(["--quiet", "--loader", args.loader, "--expect-invalid", "Grammar/schema-tests/invalid"])
    return 1 if valid or invalid else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
