#!/usr/bin/env python3
"""The built libsse.so.1 is ABI-compatible with the released baseline (abidiff).

Runs `abidiff --leaf-changes-only` between the baseline (tests/abi/libsse-1.0.abi,
made by make_baseline.sh) and the library, and accepts exactly two kinds of change:
  - added functions (their symbol versions are checked by check_symbols.py),
  - members appended at the end of a *versioned* struct: one whose first member is
    `unsigned int version` in the public headers. Callers pass those by pointer and the
    library reads and writes only the members of the caller's version
    (capi/src/options.hpp), so growing them is compatible by design (house style B4).
Anything else fails: a removed or changed function, a changed frozen struct, a
member retyped, removed or inserted in the middle, a changed callback signature.
One exception, for builds that leave an optional part out (--left-out client.h ...,
see <sse/features.h>): exactly the functions that part's header declares are removed,
no other; the rest of the library is held to the rules above.

Why not an abidiff suppression file: with libabigail 2.2, `[suppress_type]` with
`has_data_member_inserted_at = end` (even with `has_size_change = yes`) also hid a
changed callback signature inside sse_parser_callbacks and a retyped member of a
struct that grew; checking each leaf change here leaves no such hole.
Prints TAP.
"""
import argparse
import pathlib
import re
import struct
import subprocess
import sys

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1] / "support"))
import tap  # noqa: E402  (tests/support/tap.py)
from check_symbols import declared_functions  # noqa: E402  (same directory)

ABIDIFF_ERROR, ABIDIFF_USAGE_ERROR, ABIDIFF_INCOMPATIBLE = 1, 2, 8

VERSIONED = re.compile(r"typedef\s+struct\s+(sse_\w+)\s*\{\s*unsigned\s+int\s+version\s*;")
LEAF = re.compile(r"^'(?:struct|union|class) (\S+)' changed:\n((?:  .*\n?)*)", re.M)
SIZE = re.compile(r"^  type size changed from (\d+) to (\d+) \(in bits\)$")
INSERTIONS = re.compile(r"^  \d+ data member insertions?:$")
INSERTED = re.compile(r"^    '.*', at offset (\d+) \(in bits\)$")
REMOVED_FUNCTION = re.compile(r"^  \[D\] 'function .*'\s+\{(sse_\w+)@", re.M)


def section_names(elf_path):
    """Names of an ELF file's sections (abidiff compares only symbols without DWARF,
    and its --fail-no-debug-info does not check a library compared with an XML file)."""
    data = pathlib.Path(elf_path).read_bytes()
    if data[:4] != b"\x7fELF":
        return set()
    wide, order = data[4] == 2, "<" if data[5] == 1 else ">"
    shoff, = struct.unpack_from(order + ("Q" if wide else "I"), data, 0x28 if wide else 0x20)
    shentsize, shnum, shstrndx = struct.unpack_from(order + "HHH", data, 0x3A if wide else 0x2E)
    header = order + ("IIQQQQ" if wide else "IIIIII")

    def section(i):
        fields = struct.unpack_from(header, data, shoff + i * shentsize)
        return fields[0], fields[4], fields[5]  # name offset, file offset, size

    _, str_off, str_size = section(shstrndx)
    strings = data[str_off:str_off + str_size]
    return {strings[n:strings.index(b"\0", n)].decode() for n, _, _ in map(section, range(shnum))}


def versioned_structs(header_dir):
    names = set()
    for h in sorted(pathlib.Path(header_dir).glob("*.h")):
        names.update(VERSIONED.findall(h.read_text(encoding="utf-8")))
    return names


def appended_only(body):
    """True when a leaf change is nothing but members inserted past the old end."""
    lines = [l for l in body.splitlines() if l.strip()]
    if len(lines) < 3:
        return False
    size = SIZE.match(lines[0])
    if not size or not INSERTIONS.match(lines[1]):
        return False
    old_size = int(size.group(1))
    for line in lines[2:]:
        inserted = INSERTED.match(line)
        if not inserted or int(inserted.group(1)) < old_size:
            return False
    return True


def count(pattern, text):
    m = re.search(pattern, text, re.M)
    return int(m.group(1)) if m else None


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--abidiff", required=True)
    ap.add_argument("--baseline", required=True)
    ap.add_argument("--library", required=True)
    ap.add_argument("--headers", required=True)
    ap.add_argument("--left-out", nargs="*", default=[],
                    help="headers of the optional parts this build leaves out")
    args = ap.parse_args()

    cmd = [args.abidiff, "--leaf-changes-only", "--no-added-syms", "--no-show-locs",
           "--exported-interfaces-only", "--fail-no-debug-info", args.baseline, args.library]
    try:
        run = subprocess.run(cmd, capture_output=True, text=True)
    except FileNotFoundError:  # CI installs it: a missing tool fails, never skips
        run = subprocess.CompletedProcess(cmd, ABIDIFF_ERROR, "",
                                          f"{args.abidiff} not found: bash .ci/install-deps")
    report = run.stdout + run.stderr
    versioned = versioned_structs(args.headers)

    leaves = LEAF.findall(run.stdout)
    rejected = [name for name, body in leaves
                if name not in versioned or not appended_only(body)]
    functions = re.search(r"functions summary: (\d+) Removed, (\d+) Changed", run.stdout)
    variables = re.search(r"variables summary: (\d+) Removed, (\d+) Changed", run.stdout)
    # A left-out part's functions are gone from the baseline's set, all of them and
    # nothing else; `removed_expected` is how many abidiff must count as removed.
    removed = set(REMOVED_FUNCTION.findall(run.stdout))
    left_out = declared_functions(args.headers, only=set(args.left_out)) if args.left_out else set()
    removed_expected = len(removed) if removed and removed <= left_out else 0
    no_removed_or_changed = bool(functions and variables) and [
        int(n) for n in functions.groups() + variables.groups()] == [removed_expected, 0, 0, 0]
    # Every artifact abidiff counts must be one of the leaf types read above (or one of
    # the left-out part's removed functions).
    artifacts = count(r"^Leaf changes summary: (\d+) artifacts? changed", run.stdout)
    leaf_types = count(r"^Changed leaf types summary: (\d+) leaf types? changed", run.stdout)

    checks = [
        ("the library has DWARF debug info", ".debug_info" in section_names(args.library),
         f"{args.library} has no .debug_info: build with buildtype debug or debugoptimized"),
        ("abidiff compared the library with the baseline",
         not run.returncode & (ABIDIFF_ERROR | ABIDIFF_USAGE_ERROR),
         f"abidiff failed (exit {run.returncode}): {' '.join(cmd)}"),
        ("no incompatible change (removed symbol) beyond a left-out part's functions",
         not run.returncode & ABIDIFF_INCOMPATIBLE or removed_expected > 0,
         "incompatible ABI change"),
        ("no function or variable removed or changed"
         + (f" (but the {removed_expected} of {', '.join(args.left_out)})" if args.left_out else ""),
         no_removed_or_changed,
         f"functions/variables changed; removed: {sorted(removed)}; "
         f"removable with --left-out: {sorted(removed & left_out)}"),
        ("every changed type is a versioned struct that only grew at its end",
         not rejected and artifacts == leaf_types + removed_expected
         and leaf_types == len(leaves),
         f"not allowed: {rejected or 'changes of another kind'} "
         f"(versioned structs: {sorted(versioned)})"),
    ]
    status = tap.report(checks)
    for line in report.splitlines():
        print(f"# {line}")
    print(f"# {' '.join(cmd)}")
    return status


if __name__ == "__main__":
    sys.exit(main())
