#!/usr/bin/env python3
"""Exported dynamic symbols of libsse.so.1 == the sse_* functions the headers declare
== the names the symbol map lists, each in the version node that added it.

House style B10: nothing but the public C API may leave the library. This fails on
  - any extra exported symbol (C++ / std:: leaks, helpers, data symbols),
  - any function declared with SSE_API in a public header but not exported,
  - an exported function that the symbol map does not list by name, a map entry that
    is not exported, a name listed twice, or a wildcard in a global section (a glob
    would silently put a 1.1 function into SSE_1.0),
  - an exported function whose version (nm's `name@@SSE_1.1`) is not the node that
    lists it, or whose header documentation says another `@since`,
  - in a build that leaves a part out (--left-out client.h ...), any function that
    part's header declares being exported (its map entries then export nothing).
The declared set comes from parsing the headers, not from the symbol map.
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


def declared_functions(header_dir, only=None):
    """Functions the headers declare; with `only`, just those of the named headers."""
    names = set()
    headers = sorted(pathlib.Path(header_dir).glob("*.h")) + sorted(
        pathlib.Path(header_dir).glob("*.h.in"))
    if not headers:
        sys.exit(f"no headers found in {header_dir}")
    for h in headers:
        if only is not None and h.name not in only:
            continue
        text = COMMENT.sub(" ", h.read_text(encoding="utf-8"))
        # Drop preprocessor lines: SSE_API's own #define must not count.
        text = "\n".join(l for l in text.splitlines() if not l.lstrip().startswith("#"))
        names.update(DECL.findall(text))
    return names


# The documentation comment right before a declaration, and the declared name.
DOC_DECL = re.compile(r"/\*\*((?:(?!\*/).)*)\*/\s*SSE_API\b[^;{]*?\b(sse_[A-Za-z0-9_]+)\s*\(", re.S)
SINCE = re.compile(r"@since\s+(\d+\.\d+)")
NODE = re.compile(r"([A-Za-z_][A-Za-z0-9_.]*)\s*\{(.*?)\}\s*[A-Za-z0-9_.]*\s*;", re.S)


def documented_since(header_dir):
    """name -> the version its header comment gives with @since (None when absent)."""
    since = {}
    for h in sorted(pathlib.Path(header_dir).glob("*.h*")):
        for doc, name in DOC_DECL.findall(h.read_text(encoding="utf-8")):
            found = SINCE.findall(doc)
            since[name] = found[-1] if found else None
    return since


def symbol_map_nodes(symbol_map):
    """node -> list of names in its global section, plus the wildcards found there."""
    text = COMMENT.sub(" ", pathlib.Path(symbol_map).read_text(encoding="utf-8"))
    nodes, wildcards = {}, []
    for node, body in NODE.findall(text):
        global_part = re.split(r"\blocal\s*:", body)[0]
        global_part = re.sub(r"\bglobal\s*:", " ", global_part)
        names = [n.strip() for n in global_part.split(";") if n.strip()]
        wildcards += [f"{node}: {n}" for n in names if any(ch in n for ch in "*?[")]
        nodes[node] = [n for n in names if not any(ch in n for ch in "*?[")]
    return nodes, wildcards


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
    ap.add_argument("--left-out", nargs="*", default=[],
                    help="headers of the optional parts this build leaves out")
    args = ap.parse_args()

    left_out = declared_functions(args.headers, only=set(args.left_out))
    if args.left_out and not left_out:
        sys.exit(f"--left-out {args.left_out}: no declarations found in those headers")
    declared = declared_functions(args.headers) - left_out
    since = documented_since(args.headers)
    nodes, wildcards = symbol_map_nodes(args.symbol_map)
    exported = exported_symbols(args.nm, args.library)

    listed_in = {}  # name -> node of the map
    listed_twice = []
    for node, names in nodes.items():
        for name in names:
            if name in listed_in:
                listed_twice.append(f"{name} ({listed_in[name]}, {node})")
            listed_in[name] = node

    functions, extra, wrong_node, wrong_since = set(), [], [], []
    for raw, kind in sorted(exported.items()):
        name, _, version = raw.partition("@")
        version = version.lstrip("@")
        if kind == "A" and name in nodes:  # the version node itself
            continue
        if name not in declared or kind != "T":  # a left-out part's function lands here
            extra.append(f"{raw} ({kind})")
            continue
        functions.add(name)
        node = listed_in.get(name)
        if node is not None and version != node:
            wrong_node.append(f"{raw} (listed in {node})")
        if node is not None and since.get(name) != node.removeprefix("SSE_"):
            wrong_since.append(f"{name}: @since {since.get(name)}, map node {node}")
    missing = sorted(declared - functions)
    unlisted = sorted(functions - set(listed_in))
    not_exported = sorted(set(listed_in) - functions - left_out)

    checks = [
        ("headers declare the public API", bool(declared),
         "no SSE_API declarations found"),
        ("no symbol beyond the declared sse_* functions is exported", not extra,
         "extra exported symbols: " + ", ".join(extra)),
        ("every declared function is exported", not missing,
         "declared but not exported: " + ", ".join(missing)),
        ("the symbol map lists names only, no wildcard in a global section", not wildcards,
         "wildcards: " + ", ".join(wildcards)),
        ("every exported function is listed by name in the symbol map", not unlisted,
         "exported but not in the map: " + ", ".join(unlisted)),
        ("every name the symbol map lists is exported", not not_exported,
         "in the map but not exported: " + ", ".join(not_exported)),
        ("no name is listed in two version nodes", not listed_twice,
         "listed twice: " + ", ".join(listed_twice)),
        ("every exported function carries the version of the node that lists it",
         not wrong_node, "wrong version: " + ", ".join(wrong_node)),
        ("every function's @since matches its version node", not wrong_since,
         "mismatched: " + ", ".join(wrong_since)),
    ]
    status = tap.report(checks)
    per_node = ", ".join(f"{node}: {len(names)}" for node, names in nodes.items())
    print(f"# {len(functions)} functions exported, {len(declared)} declared; {per_node}")
    if args.left_out:
        print(f"# left out ({', '.join(args.left_out)}): {len(left_out)} functions, none exported")
    return status


if __name__ == "__main__":
    sys.exit(main())
