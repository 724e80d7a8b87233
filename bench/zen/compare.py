#!/usr/bin/env python3
"""Pathway and GoRules ZEN (zen-engine from PyPI) side by side on the same 13-rule table
(guideline.yaml and decision.json, the same rules) and the same patients, complete and with a third
of the fields missing: end-to-end throughput of each, and whether they agree.

    python3 bench/zen/compare.py [--pathway .build/release/pathway] [--patients 100000] [--check]

Agreement: ZEN treats a comparison on a missing value as no match; Pathway leaves such a row
undetermined (with the facts it needs) unless the present values already decide it. So the rows
Pathway *gives* must be exactly the rows ZEN matches, for every patient, complete or not; the rows
Pathway leaves undetermined are counted (ZEN reports none). `--check` exits 1 on any disagreement.
"""
import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time

here = os.path.dirname(os.path.abspath(__file__))
SITES = ["pancreas", "lung", "colon", "esophagus", "stomach"]
STAGES = ["I", "II", "III", "IV"]


def patients(n, missing, seed):
    rng = random.Random(seed)
    for i in range(n):
        p = {"id": f"P{i}"}
        values = {"age": rng.randint(18, 100), "ecog": rng.randint(0, 4), "ki67": rng.randint(0, 1000) / 10,
                  "site": rng.choice(SITES), "stage": rng.choice(STAGES), "metastatic": rng.random() < 0.5}
        for k, v in values.items():
            if rng.random() >= missing:
                p[k] = v
        yield p


def run_pathway(pathway, cohort, out, jobs):
    start = time.perf_counter()
    with open(out, "w") as f:
        subprocess.run([pathway, "eval", here, "--patients", cohort] + (["--jobs", str(jobs)] if jobs else []), stdout=f, check=True)
    return time.perf_counter() - start


def run_zen(cohort, out):
    import zen
    start = time.perf_counter()
    decision = zen.ZenEngine().create_decision(open(os.path.join(here, "decision.json")).read())
    with open(cohort) as f, open(out, "w") as o:
        for line in f:
            patient = json.loads(line)
            result = decision.evaluate(patient)["result"]
            o.write(json.dumps({"id": patient["id"], "recommendations": [r["rec"] for r in result]}) + "\n")
    return time.perf_counter() - start


def compare(pathway_out, zen_out):
    disagreements, undetermined, given = [], 0, 0
    with open(pathway_out) as a, open(zen_out) as b:
        for x, y in zip(a, b):
            p, z = json.loads(x), json.loads(y)
            gave = sorted(r["id"] for r in p["recommendations"])
            given += len(gave)
            undetermined += len(p["undetermined"])
            if gave != sorted(z["recommendations"]) or p["id"] != z["id"]:
                disagreements.append((p["id"], gave, sorted(z["recommendations"])))
    return disagreements, given, undetermined


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--pathway", default=os.path.join(here, "..", "..", ".build", "release", "pathway"))
    parser.add_argument("--patients", type=int, default=100_000)
    parser.add_argument("--jobs", type=int, default=0, help="pathway --jobs (default: every core)")
    parser.add_argument("--check", action="store_true", help="only check agreement; exit 1 on a difference")
    args = parser.parse_args()
    failed = False
    with tempfile.TemporaryDirectory() as tmp:
        for label, missing in [("complete", 0.0), ("a third missing", 1 / 3)]:
            cohort = os.path.join(tmp, "cohort.jsonl")
            with open(cohort, "w") as f:
                for p in patients(args.patients, missing, seed=17):
                    f.write(json.dumps(p) + "\n")
            pw, zn = os.path.join(tmp, "pathway.jsonl"), os.path.join(tmp, "zen.jsonl")
            tp = run_pathway(args.pathway, cohort, pw, args.jobs)
            tz = run_zen(cohort, zn)
            disagreements, given, undetermined = compare(pw, zn)
            failed = failed or bool(disagreements)
            print(f"{label}: {args.patients} patients; pathway {tp:.2f} s = {args.patients / tp:,.0f}/s, "
                  f"zen {tz:.2f} s = {args.patients / tz:,.0f}/s, ratio {tz / tp:.1f}x; "
                  f"{given} rows given by both, {len(disagreements)} disagreements, "
                  f"{undetermined} rows Pathway leaves undetermined (ZEN: no match)")
            for d in disagreements[:5]:
                print("  differs:", d)
    return 1 if failed and args.check else 0


if __name__ == "__main__":
    sys.exit(main())
