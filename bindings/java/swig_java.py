#!/usr/bin/env python3
"""Build step for the Java binding: swig -> javac -> jar in one go.

Meson's jar() cannot take SWIG's Java output (file names are known only after SWIG
runs, and Meson compiles each .java alone), so one custom_target runs this script:
  1. swig -c++ -java writes the JNI wrapper (.cxx) and the raw classes of
     --package into --sources-dir/<package path> (kept: pom.xml compiles them too);
  2. javac --release 17 compiles them together with the hand-written sources;
  3. jar packs the classes.
Inputs are the .i file and the hand-written .java files, in any order.
"""
import argparse
import os
import shutil
import sys

from javac_jar import compile_and_jar, run  # the same javac -> jar step as the tests


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--swig", required=True)
    ap.add_argument("--javac", required=True)
    ap.add_argument("--jar", required=True)
    ap.add_argument("--package", required=True, help="package of the SWIG classes")
    ap.add_argument("--wrapper", required=True, help="JNI wrapper .cxx to write")
    ap.add_argument("--output-jar", required=True)
    ap.add_argument("--sources-dir", required=True,
                    help="directory to write the generated .java files into (wiped); the"
                         " Maven build (pom.xml) compiles them from there")
    ap.add_argument("--depfile", required=True)
    ap.add_argument("--workdir", required=True, help="scratch directory (wiped)")
    ap.add_argument("--swig-arg", action="append", default=[],
                    help="extra swig argument, e.g. --swig-arg=-Idir")
    ap.add_argument("inputs", nargs="+", help="one .i file and the .java sources")
    args = ap.parse_args()

    interfaces = [f for f in args.inputs if f.endswith(".i")]
    sources = [f for f in args.inputs if f.endswith(".java")]
    if len(interfaces) != 1 or len(sources) + 1 != len(args.inputs):
        sys.exit("swig_java.py: expected exactly one .i file plus .java files")

    # In the package's directory, the layout Maven's compiler expects of a source root.
    shutil.rmtree(args.sources_dir, ignore_errors=True)
    gen = os.path.join(args.sources_dir, *args.package.split("."))
    os.makedirs(gen)

    run([args.swig, "-c++", "-java", "-package", args.package, *args.swig_arg,
         "-MD", "-MF", args.depfile, "-outdir", gen, "-o", args.wrapper, interfaces[0]])
    generated = sorted(os.path.join(gen, f) for f in os.listdir(gen) if f.endswith(".java"))
    compile_and_jar(args.javac, args.jar, [*generated, *sources], args.output_jar,
                    args.workdir, lint="-Xlint:all,-serial")


if __name__ == "__main__":
    main()
