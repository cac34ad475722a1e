"""The Doxygen configuration really fails on gaps: run it over fixture/gaps.h, a
header with one mistake of each kind, and expect a failure naming every one.
(Without this, a configuration that silently accepted everything would let the
header check pass.)

Usage: check_doxygen_rejects.py DOXYGEN DOXYFILE   (DOXYGEN empty: skip)
"""
import subprocess
import sys

SKIP = 77

# Each mistake in fixture/gaps.h and a piece of the warning Doxygen gives for it.
EXPECTED = {
    "undocumented function": "gaps_undocumented",
    "undocumented parameter": "gaps_missing_param",
    "undocumented return value": "return type of member gaps_missing_return",
    "unknown command": "frobnicate",
    "undocumented struct member": "undocumented_member (variable) of struct gaps_struct",
}


def main(doxygen, doxyfile):
    if not doxygen:
        print("doxygen not found: install it (Debian: doxygen)")
        return SKIP
    run = subprocess.run([doxygen, doxyfile], capture_output=True, text=True)
    output = run.stdout + run.stderr
    sys.stdout.write(output)
    failures = []
    if run.returncode == 0:
        failures.append("doxygen accepted fixture/gaps.h (exit 0)")
    for mistake, needle in EXPECTED.items():
        if needle not in output:
            failures.append("no warning for the %s (%r)" % (mistake, needle))
    for failure in failures:
        print("FAIL: " + failure)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:3]))
