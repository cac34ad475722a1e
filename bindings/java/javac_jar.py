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
        sys.exit(f"{os.path.basename(sys.argv[0])}: command failed ({result.returncode}): {' '.join(cmd)}")


def compile_and_jar(javac, jar, sources, output_jar, workdir, classpath=None,
                    lint="-Xlint:all"):
    """javac --release 17 the sources (warnings are errors), then jar the classes."""
    classes = os.path.join(workdir, "classes")
    shutil.rmtree(classes, ignore_errors=True)
    os.makedirs(classes)
    cp = ["-cp", classpath] if classpath else []
    run([javac, "--release", "17", "-encoding", "UTF-8", lint, "-Werror",
         "-implicit:none", *cp, "-d", classes, *sources])
    if os.path.exists(output_jar):
        os.remove(output_jar)
    run([jar, "--create", "--file", output_jar, "-C", classes, "."])


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--javac", required=True)
    ap.add_argument("--jar", required=True)
    ap.add_argument("--classpath", required=True, help="':'-separated jars")
    ap.add_argument("--output-jar", required=True)
    ap.add_argument("--workdir", required=True, help="scratch directory (wiped)")
    ap.add_argument("sources", nargs="+")
    args = ap.parse_args()
    compile_and_jar(args.javac, args.jar, args.sources, args.output_jar, args.workdir,
                    classpath=args.classpath)


if __name__ == "__main__":
    main()
