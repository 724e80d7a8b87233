#!/usr/bin/env python3
"""End-to-end: examples/spark/pathway_spark.py in Spark local mode gives, line for line, the output
of `pathway eval GUIDELINES --patients COHORT` on the same cohort.

    spark_test.py PATHWAY GUIDELINES COHORT

Exits 0 when they agree, 1 with the first difference otherwise, 3 when pyspark is missing.
"""
import os
import subprocess
import sys
import tempfile

try:
    from pyspark.sql import SparkSession
except ImportError:
    print("pyspark is not installed (python3 -m pip install pyspark)")
    sys.exit(3)

here = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(here, "..", "..", "..", "examples", "spark"))
import pathway_spark  # noqa: E402


def main():
    pathway, guidelines, cohort = sys.argv[1:4]
    expected = subprocess.run([pathway, "eval", guidelines, "--patients", cohort], capture_output=True, text=True).stdout
    spark = (SparkSession.builder.master("local[2]").appName("pathway-spark-test")
             .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", "4").getOrCreate())
    spark.sparkContext.setLogLevel("ERROR")
    with tempfile.TemporaryDirectory() as out:
        target = os.path.join(out, "results")
        pathway_spark.evaluate(spark, guidelines, cohort, pathway, partitions=4).saveAsTextFile(target)
        parts = sorted(p for p in os.listdir(target) if p.startswith("part-"))
        actual = "".join(open(os.path.join(target, p), encoding="utf-8").read() for p in parts)
    spark.stop()
    a, e = actual.splitlines(), expected.splitlines()
    if len(parts) < 2:
        print(f"the cohort was not split: {len(parts)} partition(s)")
        return 1
    for k, (x, y) in enumerate(zip(a, e)):
        if x != y:
            print(f"line {k + 1} differs:\nspark: {x[:400]}\ncli:   {y[:400]}")
            return 1
    if len(a) != len(e):
        print(f"spark wrote {len(a)} lines, the CLI {len(e)}")
        return 1
    print(f"{len(a)} lines identical across {len(parts)} partitions")
    return 0


if __name__ == "__main__":
    sys.exit(main())
