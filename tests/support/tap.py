"""TAP output for the Python-driven checks (ABI symbols, vectors file, pkg-config).

Each script collects its checks as (what, ok, detail) and hands them to report(),
so the plan line, the numbering and the failure details look the same everywhere
and meson's TAP parser sees one format. Scripts import it by path:

    sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1] / "support"))
    import tap
"""


def report(checks, max_detail_lines=40):
    """Print checks as TAP; return the process exit status (1 if any failed).

    detail explains a failure: a string (printed line by line) or a list of lines.
    Only the first max_detail_lines are printed, so a flood of problems stays readable.
    """
    print(f"1..{len(checks)}")
    failed = 0
    for i, (what, ok, detail) in enumerate(checks, 1):
        print(f"{'ok' if ok else 'not ok'} {i} - {what}")
        if not ok:
            failed += 1
            lines = detail.strip().splitlines() if isinstance(detail, str) else detail
            for line in lines[:max_detail_lines]:
                print(f"# {line}")
    return 1 if failed else 0
