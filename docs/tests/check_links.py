"""Every link in README.md and docs/*.md resolves: a relative link names a file or
directory of the repository, and a `#fragment` names a heading of the target
Markdown file (GitHub's anchor rules). Web links are only checked for form: the
tests run offline.

Usage: check_links.py SOURCE_ROOT
"""
import pathlib
import re
import sys

LINK = re.compile(r"(?<!\!)\[[^\]]*\]\(([^)\s]+)(?:\s+\"[^\"]*\")?\)")
FENCE = re.compile(r"^(```|~~~)")
WEB = re.compile(r"^(https?://[^\s/]+\.[^\s/]+|mailto:)")


def markdown_files(root):
    yield root / "README.md"
    yield from sorted((root / "docs").rglob("*.md"))


def prose_lines(text):
    """(line number, line) outside fenced code blocks."""
    fenced = False
    for lineno, line in enumerate(text.splitlines(), 1):
        if FENCE.match(line.strip()):
            fenced = not fenced
            continue
        if not fenced:
            yield lineno, line


def anchors(path):
    """GitHub's heading ids: lowercase, punctuation dropped, spaces to hyphens."""
    seen = {}
    result = set()
    for _, line in prose_lines(path.read_text(encoding="utf-8")):
        m = re.match(r"^#{1,6}\s+(.*?)\s*#*\s*$", line.replace("`", ""))
        if not m:
            continue
        slug = re.sub(r"[^\w\- ]", "", m.group(1).lower()).replace(" ", "-")
        n = seen.get(slug, 0)
        seen[slug] = n + 1
        result.add(slug if n == 0 else "%s-%d" % (slug, n))
    return result


def check_link(source, target, root):
    if target.startswith(("http://", "https://", "mailto:")):
        return None if WEB.match(target) else "malformed web link"
    path_part, _, fragment = target.partition("#")
    dest = (source.parent / path_part if path_part else source).resolve()
    if root not in dest.parents and dest != root:
        return "points outside the repository"
    if not dest.exists():
        return "no such file"
    if fragment:
        if dest.suffix != ".md":
            return "fragment on a file that is not Markdown"
        if fragment not in anchors(dest):
            return "no heading with anchor #%s in %s" % (fragment, dest.relative_to(root))
    return None


def main(root):
    root = pathlib.Path(root).resolve()
    problems = []
    count = 0
    for md in markdown_files(root):
        for lineno, line in prose_lines(md.read_text(encoding="utf-8")):
            for target in LINK.findall(re.sub(r"`[^`]*`", "", line)):
                count += 1
                why = check_link(md, target, root)
                if why:
                    problems.append("%s:%d: %s: %s" % (md.relative_to(root), lineno, target, why))
    print("%d links checked" % count)
    if count == 0:
        problems.append("no links found at all: is SOURCE_ROOT right?")
    for problem in problems:
        print(problem)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
