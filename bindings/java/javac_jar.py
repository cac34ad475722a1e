#!/usr/bin/env python3
"""Compiles .java files against a classpath and packs the classes into a jar.

Used for the JUnit test classes and the benchmark, which build against libsse.jar.
Meson's own jar() compiles each file separately and cannot see sibling classes.
"""
import argparse
import os
import shutil
import subprocess
import sys


def run(cmd):
    result = subprocess.run(cmd)
    if result.returncode != 0:
        sys.exit(f"javac_jar.py: command failed ({result.returncode}): {' '.join(cmd)}")


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--javac", required=True)
    ap.add_argument("--jar", required=True)
    ap.add_argument("--classpath", required=True, help="':'-separated jars")
    ap.add_argument("--output-jar", required=True)
    ap.add_argument("--workdir", required=True, help="scratch directory (wiped)")
    ap.add_argument("sources", nargs="+")
    args = ap.parse_args()

    classes = os.path.join(args.workdir, "classes")
    shutil.rmtree(classes, ignore_errors=True)
    os.makedirs(classes)
    run([args.javac, "--release", "17", "-encoding", "UTF-8", "-Xlint:all", "-Werror",
         "-implicit:none", "-cp", args.classpath, "-d", classes, *args.sources])
    if os.path.exists(args.output_jar):
        os.remove(args.output_jar)
    run([args.jar, "--create", "--file", args.output_jar, "-C", classes, "."])


if __name__ == "__main__":
    main()
