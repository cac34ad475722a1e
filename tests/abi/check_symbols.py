#!/usr/bin/env python3
"""Exported dynamic symbols of libsse.so.1 == the sse_* functions the headers declare.

House style B10: nothing but the public C API may leave the library. This fails on
  - any extra exported symbol (C++ / std:: leaks, helpers, data symbols),
  - any function declared with SSE_API in a public header but not exported,
  - an exported function that is not bound to a version node of the symbol map.
The declared set comes from parsing the headers, not from the symbol map, so a
too-wide map pattern (sse_*) cannot hide a stray sse_internal_helper either.
Prints TAP.
"""
import argparse
import pathlib
import re
import subprocess
import sys

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1] / "support"))
import tap  # noqa: E402  (tests/support/tap.py, found through the path above)

# SSE_API <return type> <name>(   -- the return type may span words and '*'.
DECL = re.compile(r"\bSSE_API\b[^;{]*?\b(sse_[A-Za-z0-9_]+)\s*\(", re.S)
COMMENT = re.compile(r"/\*.*?\*/|//[^\n]*", re.S)


def declared_functions(header_dir):
    names = set()
    headers = sorted(pathlib.Path(header_dir).glob("*.h")) + sorted(
        pathlib.Path(header_dir).glob("*.h.in"))
    if not headers:
        sys.exit(f"no headers found in {header_dir}")
    for h in headers:
        text = COMMENT.sub(" ", h.read_text(encoding="utf-8"))
        # Drop preprocessor lines: SSE_API's own #define must not count.
        text = "\n".join(l for l in text.splitlines() if not l.lstrip().startswith("#"))
        names.update(DECL.findall(text))
    return names


def version_nodes(symbol_map):
    text = COMMENT.sub(" ", pathlib.Path(symbol_map).read_text(encoding="utf-8"))
    return set(re.findall(r"^\s*([A-Za-z_][A-Za-z0-9_.]*)\s*\{", text, re.M))


def exported_symbols(nm, library):
    out = subprocess.run([nm, "-D", "--defined-only", library], check=True,
                         capture_output=True, text=True).stdout
    symbols = {}
    for line in out.splitlines():
        parts = line.split()
        if len(parts) < 2:
            continue
        kind, name = parts[-2], parts[-1]
        symbols[name] = kind
    return symbols


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--nm", required=True)
    ap.add_argument("--library", required=True)
    ap.add_argument("--headers", required=True)
    ap.add_argument("--symbol-map", required=True)
    args = ap.parse_args()

    declared = declared_functions(args.headers)
    nodes = version_nodes(args.symbol_map)
    exported = exported_symbols(args.nm, args.library)

    functions, unversioned, extra = set(), [], []
    for raw, kind in sorted(exported.items()):
        name, _, version = raw.partition("@")
        version = version.lstrip("@")
        if kind == "A" and name in nodes:  # the version node itself
            continue
        if name in declared and kind == "T":
            functions.add(name)
            if version not in nodes:
                unversioned.append(raw)
        else:
            extra.append(f"{raw} ({kind})")
    missing = sorted(declared - functions)

    checks = [
        ("headers declare the public API", bool(declared),
         "no SSE_API declarations found"),
        ("no symbol beyond the declared sse_* functions is exported", not extra,
         "extra exported symbols: " + ", ".join(extra)),
        ("every declared function is exported", not missing,
         "declared but not exported: " + ", ".join(missing)),
        ("every exported function has a version from the symbol map", not unversioned,
         f"not bound to a node of {sorted(nodes)}: " + ", ".join(unversioned)),
    ]
    status = tap.report(checks)
    print(f"# {len(functions)} functions exported, {len(declared)} declared, "
          f"version nodes {sorted(nodes)}")
    return status


if __name__ == "__main__":
    sys.exit(main())
