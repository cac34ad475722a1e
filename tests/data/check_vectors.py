#!/usr/bin/env python3
"""Lint tests/data/vectors.txt, the file every language suite reads.

Checks the format of README.md strictly (a typo must not silently drop a case in
some binding), that names are unique, that every case has rules, input and a
last_id, and that the spec's P rules are all cited (P26 is about the client's
close(), which no parser vector can show). Prints TAP.
"""
import pathlib
import re
import sys

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1] / "support"))
import tap  # noqa: E402  (tests/support/tap.py, found through the path above)

KEYWORDS = {"case", "rules", "option", "seed", "input", "event", "comment", "retry",
            "error", "last_id", "end"}
ERROR_NAMES = {"EINVAL", "ENOMEM", "EBUSY", "ELIMIT", "EVERSION", "EUSER", "EPROTO", "EIO",
               "ETIMEDOUT", "ECLOSED", "EINTERNAL", "EFIELD"}
TOKEN = re.compile(r"(?:[^\\ ]|\\[\\snrt0]|\\x[0-9A-Fa-f]{2})+|\\e")
RULE = re.compile(r"^(P|M|H|S)([1-9][0-9]*)$")
NOT_PARSER_RULES = {"P26"}
MIN_CASES = 60


def lint(path):
    problems, cases, cur = [], [], None
    raw = open(path, "rb").read()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        return [f"file is not valid UTF-8: {e}"], []
    if "\r" in text:
        problems.append("file contains CR; use LF line ends and \\r escapes")
    for no, line in enumerate(text.split("\n"), 1):
        if not line or line.startswith("#"):
            continue
        where = f"line {no}"
        words = line.split(" ")
        kw, args = words[0], words[1:]
        if kw not in KEYWORDS:
            problems.append(f"{where}: unknown keyword {kw!r}")
            continue
        if kw == "case":
            if cur:
                problems.append(f"{where}: case {cur['name']} has no end")
            name = args[0] if len(args) == 1 else ""
            if not re.fullmatch(r"[a-z0-9_]+", name):
                problems.append(f"{where}: bad case name {' '.join(args)!r}")
            cur = {"name": name, "line": no, "rules": [], "inputs": 0, "last_id": 0}
            continue
        if cur is None:
            problems.append(f"{where}: {kw} outside a case")
            continue
        arity = {"option": 2, "seed": 1, "input": 1, "event": 3, "comment": 1, "retry": 1,
                 "error": 1, "last_id": 1, "end": 0}.get(kw)
        if arity is not None and len(args) != arity:
            problems.append(f"{where}: {kw} takes {arity} word(s), got {len(args)}")
            continue
        if kw == "rules":
            bad = [r for r in args if not RULE.match(r)]
            if not args or bad:
                problems.append(f"{where}: bad rules {args}")
            cur["rules"] += args
        elif kw == "option":
            if args[0] != "max_event_bytes" or not args[1].isdigit() or int(args[1]) == 0:
                problems.append(f"{where}: bad option {args}")
        elif kw in ("seed", "input", "event", "comment", "last_id"):
            for tok in args:
                if not TOKEN.fullmatch(tok):
                    problems.append(f"{where}: bad token {tok!r}")
            cur["inputs"] += kw == "input"
            cur["last_id"] += kw == "last_id"
        elif kw == "retry":
            if not args[0].isdigit() or int(args[0]) >= 2**64:
                problems.append(f"{where}: retry must be a decimal uint64")
        elif kw == "error":
            if args[0] not in ERROR_NAMES:
                problems.append(f"{where}: unknown error name {args[0]}")
        elif kw == "end":
            if not cur["rules"]:
                problems.append(f"case {cur['name']}: no rules")
            if cur["inputs"] == 0:
                problems.append(f"case {cur['name']}: no input")
            if cur["last_id"] != 1:
                problems.append(f"case {cur['name']}: needs exactly one last_id")
            cases.append(cur)
            cur = None
    if cur:
        problems.append(f"case {cur['name']} has no end")
    return problems, cases


def main():
    path = sys.argv[1]
    problems, cases = lint(path)
    names = [c["name"] for c in cases]
    dupes = sorted({n for n in names if names.count(n) > 1})
    cited = {r for c in cases for r in c["rules"]}
    uncited = [f"P{i}" for i in range(1, 30)
               if f"P{i}" not in cited and f"P{i}" not in NOT_PARSER_RULES]
    checks = [
        ("file follows the README format", not problems, problems),
        ("case names are unique", not dupes, [f"duplicate: {d}" for d in dupes]),
        (f"at least {MIN_CASES} cases", len(cases) >= MIN_CASES, [f"only {len(cases)} cases"]),
        ("every parser rule P1-P29 is cited", not uncited, [f"never cited: {uncited}"]),
    ]
    status = tap.report(checks, max_detail_lines=20)
    print(f"# {len(cases)} cases, rules cited: {len(cited)}")
    return status


if __name__ == "__main__":
    sys.exit(main())
