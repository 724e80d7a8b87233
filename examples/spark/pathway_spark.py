#!/usr/bin/env python3
"""Evaluate a cohort with Pathway inside Apache Spark, when it outgrows one machine.

Each partition of the cohort is streamed through one `pathway eval --patients -` process
(`RDD.pipe`); Spark does the splitting, scheduling and retries, Pathway the evaluation. Every line
is sent with its line number in the whole file (`--numbered`), so the result is line for line what
`pathway eval GUIDELINES --patients COHORT` writes on one machine, in the same order.

    spark-submit examples/spark/pathway_spark.py guidelines/ cohort.jsonl results/ \
        [--pathway /path/to/pathway] [--partitions 64] [--id-field mrn]

`pathway` must be installed at the same path on every worker (or shipped with `--files`). The
results directory holds Spark's part files; concatenated in name order they are the CLI's output.
"""
import argparse
import shlex

from pyspark.sql import SparkSession


def evaluate(spark, guidelines, cohort, pathway="pathway", partitions=None, extra=()):
    """The result lines (an RDD of str), in the cohort's order."""
    lines = spark.sparkContext.textFile(cohort, minPartitions=partitions or 2)
    # The line number in the whole file, 1-based, in front of each record: `12<TAB>{...}`.
    numbered = lines.zipWithIndex().map(lambda pair: f"{pair[1] + 1}\t{pair[0]}")
    # Locations in diagnostics name the cohort, as the CLI's do, not each process's standard input.
    command = [pathway, "eval", guidelines, "--patients", "-", "--numbered", "--input-name", cohort, "--jobs", "1", *extra]
    # A failing line is that line's error object; pathway then exits 1, which must not fail the task.
    return numbered.pipe(" ".join(shlex.quote(c) for c in command), checkCode=False)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("guidelines")
    parser.add_argument("cohort")
    parser.add_argument("output")
    parser.add_argument("--pathway", default="pathway")
    parser.add_argument("--partitions", type=int)
    parser.add_argument("--id-field", action="append", default=[])
    args = parser.parse_args()
    spark = SparkSession.builder.appName("pathway-cohort").getOrCreate()
    extra = [a for name in args.id_field for a in ("--id-field", name)]
    evaluate(spark, args.guidelines, args.cohort, args.pathway, args.partitions, extra).saveAsTextFile(args.output)
    spark.stop()


if __name__ == "__main__":
    main()
