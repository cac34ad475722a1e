"""Build the API reference with warnings as errors (docs/Doxyfile.in): fails when a
public declaration, parameter or return value is undocumented or a comment uses a
command Doxygen does not know.

Usage: run_doxygen.py DOXYGEN DOXYFILE   (DOXYGEN empty: doxygen not found, skip)
"""
import pathlib
import re
import subprocess
import sys

SKIP = 77


def main(doxygen, doxyfile):
    if not doxygen:
        print("doxygen not found: install it (Debian: doxygen)")
        return SKIP
    run = subprocess.run([doxygen, doxyfile], capture_output=True, text=True)
    sys.stdout.write(run.stdout)
    sys.stderr.write(run.stderr)
    if run.returncode != 0:
        print("doxygen failed (exit %d): fix the comments above" % run.returncode)
        return 1
    out = re.search(r"^OUTPUT_DIRECTORY\s*=\s*(.*)$", pathlib.Path(doxyfile).read_text(), re.M)
    index = pathlib.Path(out.group(1).strip()) / "html" / "index.html"
    if not index.is_file():
        print("doxygen succeeded but wrote no %s" % index)
        return 1
    print("API reference: %s" % index)
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:3]))
