#!/usr/bin/env python3
"""Validate Pathway guideline and vocabulary YAML files against Grammar/guideline.schema.json.

Usage:
    python3 Grammar/validate.py [--loader base|core] [--expect-invalid] [--schema FILE] PATH...

Every `.yaml` / `.yml` file under each PATH (a file or a folder, searched recursively, in sorted
order) is loaded as one YAML document and validated with the `jsonschema` package (draft 2020-12).
Each file is reported as PASS or FAIL, with one line per schema error
(`file:line:column: message [at /json/pointer]`), and the run ends with the line
`N passed, N failed`. The exit status is 0 when nothing failed, 1 otherwise, 2 on usage errors.

Loaders (`--loader`), and why the default is `base`:

* `base` (default) builds the data like PyYAML's BaseLoader: every scalar stays a string (`yes`,
  `2025`, `1.0` and `2025-10-17` are all text), an empty value is the empty string. This is how
  Pathway itself reads YAML: it types every scalar by where it stands, never by YAML's rules. So a
  file passes under `base` exactly when its structure (keys, nesting, value forms, id patterns,
  closed sets of words) is what Pathway's decoder accepts.

* `core` resolves plain scalars by the YAML 1.2 core schema, as editors (yaml-language-server)
  do: `true`/`false` are booleans, `2025` an integer, `1.5` a float, an empty value null;
  `yes`, `no`, `on`, `off` and dates stay strings (unlike PyYAML's YAML 1.1 `safe_load`, which
  would turn `values: [yes, no]` into booleans and `published: 2025-10-17` into a date). One
  departure from the core schema: `~` and `null` stay strings, because Pathway reads them as
  words (only an empty value means "none" to it). Quoted and block scalars are always strings.
  Use it to check that the schema accepts the natural YAML types an editor sees.

The schema accepts both forms (for example `year` is an integer or a string of digits, and
`range.min` is a number or a string such as `"0 cm"`). Cross-references between declarations, the
meaning of conditions and the YAML subset rules (no anchors, aliases, tags, merge keys or
duplicate keys) are checked by `pathway check`, not here.

`--expect-invalid` inverts the verdict: a file PASSes when the schema rejects it (or it is not
valid YAML). It is for the hand-made bad documents in Grammar/schema-tests/invalid/.

Requires PyYAML and jsonschema (`pip install pyyaml jsonschema`).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys

try:
    import yaml
    import jsonschema
    from jsonschema.exceptions import best_match
except ImportError as error:  # pragma: no cover - environment problem
    sys.stderr.write(f"validate.py needs PyYAML and jsonschema: {error}\n")
    sys.exit(2)

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_SCHEMA = os.path.join(HERE, "guideline.schema.json")


class CoreLoader(yaml.SafeLoader):
    """A SafeLoader whose implicit resolvers follow the YAML 1.2 core schema."""


CoreLoader.yaml_implicit_resolvers = {}
CoreLoader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF"))
CoreLoader.add_implicit_resolver(
    "tag:yaml.org,2002:int", re.compile(r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$"), list("-+0123456789"))
CoreLoader.add_implicit_resolver(
    "tag:yaml.org,2002:float",
    re.compile(r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"),
    list("-+.0123456789"))
# Only an empty value is null here: Pathway reads `~` and `null` as the words they are (so
# `facts: ~` is an error to Pathway, and must not pass validation as "no facts").
CoreLoader.add_implicit_resolver("tag:yaml.org,2002:null", re.compile(r"^$"), [""])


class LoadError(Exception):
    """A file that is not one well-formed YAML document."""

    def __init__(self, message: str, line: int = 0, column: int = 0):
        super().__init__(message)
        self.line, self.column = line, column


def to_data(node: yaml.Node, typed: bool, marks: dict, path: tuple = ()):
    """Converts a composed node to plain Python data, recording each value's position by path."""
    marks[path] = (node.start_mark.line + 1, node.start_mark.column + 1)
    if isinstance(node, yaml.MappingNode):
        result = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                raise LoadError("mapping keys must be plain strings", key_node.start_mark.line + 1, key_node.start_mark.column + 1)
            key = key_node.value  # keys are always text, as in Pathway
            marks[path + (key, "<key>")] = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
            result[key] = to_data(value_node, typed, marks, path + (key,))
        return result
    if isinstance(node, yaml.SequenceNode):
        return [to_data(item, typed, marks, path + (i,)) for i, item in enumerate(node.value)]
    value = node.value
    if not typed or node.style is not None and node.style != "":
        return value  # quoted and block scalars are always strings
    tag = node.tag
    if tag.endswith(":null"):
        return None
    if tag.endswith(":bool"):
        return value.lower() == "true"
    if tag.endswith(":int"):
        return int(value, 0) if value[:2] in ("0o", "0x") else int(value)
    if tag.endswith(":float"):
        return float(value.replace(".inf", "inf").replace(".Inf", "inf").replace(".INF", "inf")
                     .replace(".nan", "nan").replace(".NaN", "nan").replace(".NAN", "nan"))
    return value


def load(path: str, loader: str):
    """The file's data and a map from instance paths to (line, column)."""
    with open(path, "rb") as handle:
        raw = handle.read()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise LoadError(f"not UTF-8 text: {error}") from error
    loader_class = yaml.BaseLoader if loader == "base" else CoreLoader
    try:
        nodes = list(yaml.compose_all(text, Loader=loader_class))
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark
        raise LoadError(f"invalid YAML: {error.problem}", mark.line + 1 if mark else 0, mark.column + 1 if mark else 0) from error
    except yaml.YAMLError as error:
        raise LoadError(f"invalid YAML: {error}") from error
    if len(nodes) != 1:
        raise LoadError(f"a file must hold exactly one YAML document, found {len(nodes)}")
    marks: dict = {}
    return to_data(nodes[0], loader == "core", marks), marks


def forbidden_key(data, error):
    """For a `false` subschema under `properties` (a key not allowed beside another one), the key."""
    if error.schema is not False or list(error.absolute_schema_path)[-1:] != ["properties"]:
        return None
    parent = data
    for part in error.absolute_path:
        parent = parent[part]
    if isinstance(parent, dict):
        for key, value in parent.items():
            if value == error.instance:
                return key
    return None


def position(marks: dict, error, data=None) -> tuple[int, int]:
    """The line and column of the deepest part of the instance an error is about."""
    path = tuple(error.absolute_path)
    key = forbidden_key(data, error) if data is not None else None
    if key is not None and path + (key, "<key>") in marks:
        return marks[path + (key, "<key>")]
    if error.validator in ("additionalProperties", "unevaluatedProperties"):
        extra = re.findall(r"'([^']+)' (?:was|were) unexpected", error.message)
        names = re.findall(r"'([^']+)'", error.message.split("(")[-1]) if extra else []
        for name in names:
            if path + (name, "<key>") in marks:
                return marks[path + (name, "<key>")]
    if error.validator == "propertyNames":
        key = error.instance if isinstance(error.instance, str) else None
        if key is not None and path + (key, "<key>") in marks:
            return marks[path + (key, "<key>")]
    while path not in marks and path:
        path = path[:-1]
    return marks.get(path, (1, 1))


def describe(error, data=None) -> str:
    message = error.message
    key = forbidden_key(data, error) if data is not None else None
    if key is not None:
        pointer = "/" + "/".join(str(p) for p in error.absolute_path)
        return f"key `{key}` is not allowed here (it does not fit the other keys of this mapping) [at {pointer}]"
    if len(message) > 300:
        message = message[:297] + "..."
    schema_description = error.schema.get("description") if isinstance(error.schema, dict) else None
    pointer = "/" + "/".join(str(p) for p in error.absolute_path)
    suffix = f" [at {pointer}]"
    if schema_description and error.validator in ("pattern", "enum", "const", "not", "type", "maxLength", "minItems"):
        suffix += f" — {schema_description.split('. ')[0].rstrip('.')}."
    elif schema_description and error.validator in ("anyOf", "oneOf", "false"):
        message = "not a valid form here"
        suffix += f" — {schema_description}"
    return message + suffix


def files_under(path: str) -> list[str]:
    if os.path.isfile(path):
        return [path]
    found = []
    for root, dirs, names in os.walk(path):
        dirs.sort()
        for name in names:
            if name.endswith((".yaml", ".yml")):
                found.append(os.path.join(root, name))
    return sorted(found)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description="Validate Pathway YAML documents against the JSON Schema.")
    parser.add_argument("paths", nargs="+", help="files or folders to validate")
    parser.add_argument("--loader", choices=["base", "core"], default="base",
                        help="base: every scalar a string, as Pathway reads it (default); core: YAML 1.2 core-schema types, as editors see them")
    parser.add_argument("--schema", default=DEFAULT_SCHEMA, help="the schema (default: guideline.schema.json beside this script)")
    parser.add_argument("--expect-invalid", action="store_true", help="count a file as passed when the schema rejects it")
    parser.add_argument("--quiet", action="store_true", help="print only failures and the closing line")
    args = parser.parse_args(argv)

    with open(args.schema, encoding="utf-8") as handle:
        schema = json.load(handle)
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema)

    files: list[str] = []
    for path in args.paths:
        if not os.path.exists(path):
            sys.stderr.write(f"validate.py: no such file or folder: {path}\n")
            return 2
        files += files_under(path)

    passed = failed = 0
    for file in files:
        problems: list[str] = []
        try:
            data, marks = load(file, args.loader)
            for error in sorted(validator.iter_errors(data), key=lambda e: [str(p) for p in e.absolute_path]):
                leaf = best_match([error])
                line, column = position(marks, leaf, data)
                problems.append(f"{file}:{line}:{column}: {describe(leaf, data)}")
        except LoadError as error:
            problems.append(f"{file}:{error.line}:{error.column}: {error}")
        ok = not problems if not args.expect_invalid else bool(problems)
        if ok:
            passed += 1
            if not args.quiet:
                print(f"PASS {file}")
                if args.expect_invalid:
                    for problem in problems:
                        print(f"  (rejected as expected) {problem}")
        else:
            failed += 1
            print(f"FAIL {file}")
            if args.expect_invalid:
                print("  the schema accepts this document, but it should reject it")
            for problem in problems:
                print(f"  {problem}")
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
