"""Every rule number the repository cites is defined in the docs.

Sources, tests, the README and the docs cite protocol rules (P27, M4, H1, S8...)
defined in docs/protocol.md and house-style rules (B8, B14...) defined in
docs/design.md. A definition is a line starting with a bold label such as
`- **P27.**`; the families checked are the letters those two files define.
Ranges such as `H1-H3` or `M1 to M15` cite every rule in between.

Rule numbers are looked up in the repository only: a line that sends the reader to
the documents they were first numbered in, which are not part of it (the shared spec
summary and house-style notes), fails too.

Not citations, and skipped: hexadecimal byte sequences such as `C3 B8` (a token
next to another two-digit hex byte), and letters no doc defines (C99, I32...).

Usage: check_rule_citations.py SOURCE_ROOT
"""
import os
import pathlib
import re
import sys

DEFINING_DOCS = ["docs/protocol.md", "docs/design.md"]
DEFINITION = re.compile(r"^\s*(?:[-*]\s+)?\*\*([A-Z])(\d+)\.", re.M)
# Directories that are not the repository's own text (see .gitignore).
SKIP_DIRS = {".git", "node_modules", "__pycache__"}
SKIP_PREFIXES = ("build",)
SKIP_PATHS = {"bench/out"}
OUTSIDE_SOURCES = re.compile(r"\bsse-spec\.md\b|\bhouse-style\.md\b")
HEX_BYTE = re.compile(r"^[0-9A-F]{2}$")
# At least this many citations exist today; fewer means the scan went wrong.
MIN_CITATIONS = 500


def defined_rules(root):
    rules = set()
    for doc in DEFINING_DOCS:
        text = (root / doc).read_text(encoding="utf-8")
        rules |= {letter + number for letter, number in DEFINITION.findall(text)}
    return rules


def repository_files(root):
    for dirpath, dirnames, filenames in os.walk(root):
        here = pathlib.Path(dirpath).relative_to(root)
        dirnames[:] = sorted(d for d in dirnames
                             if d not in SKIP_DIRS and not d.startswith(SKIP_PREFIXES)
                             and (here / d).as_posix() not in SKIP_PATHS)
        for name in sorted(filenames):
            yield pathlib.Path(dirpath) / name


def read_text(path):
    try:
        return path.read_text(encoding="utf-8")
    except (UnicodeDecodeError, OSError):
        return None  # binary or unreadable: cites nothing


def citations(line, families):
    """Yield (rule, column) for every rule a line cites, ranges expanded."""
    letters = "".join(sorted(families))
    cite = re.compile(r"\b([%s])(\d+)\b(?:\s*(?:-|–|\bto\b|\.\.)\s*\1?(\d+)\b)?" % letters)
    for m in cite.finditer(line):
        letter, first, last = m.group(1), int(m.group(2)), m.group(3)
        if is_hex_byte_run(line, m.start(), m.end(1) + len(m.group(2))):
            continue
        for number in range(first, int(last) + 1 if last else first + 1):
            yield letter + str(number), m.start()


def is_hex_byte_run(line, start, end):
    token = line[start:end]
    if not HEX_BYTE.match(token):
        return False
    before = line[:start].split()
    after = line[end:].split()
    neighbours = [w.strip("(),.;:") for w in before[-1:] + after[:1]]
    return any(HEX_BYTE.match(w) for w in neighbours)


def main(root):
    root = pathlib.Path(root)
    rules = defined_rules(root)
    families = {rule[0] for rule in rules}
    missing = []
    count = 0
    for path in repository_files(root):
        text = read_text(path)
        if text is None:
            continue
        for lineno, line in enumerate(text.splitlines(), 1):
            outside = OUTSIDE_SOURCES.search(line)
            if outside:
                missing.append("%s:%d: %r is not in the repository: cite %s instead"
                               % (path.relative_to(root), lineno, outside.group(0),
                                  " or ".join(DEFINING_DOCS)))
            for rule, column in citations(line, families):
                count += 1
                if rule not in rules:
                    missing.append("%s:%d:%d: %s is cited but not defined in %s"
                                   % (path.relative_to(root), lineno, column + 1, rule,
                                      " or ".join(DEFINING_DOCS)))
    print("%d rules defined (families %s), %d citations checked"
          % (len(rules), ", ".join(sorted(families)), count))
    for problem in missing:
        print(problem)
    if count < MIN_CITATIONS:
        print("only %d citations found (expected at least %d): is SOURCE_ROOT right?"
              % (count, MIN_CITATIONS))
        return 1
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
