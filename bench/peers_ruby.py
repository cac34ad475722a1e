#!/usr/bin/env python3
"""Ruby benchmark for issue 9: the Ruby binding's events/s at 64 KiB and 64-byte feeds
on every corpus, next to the same figures for the binding as it was before issue 9
(the issue names no native Ruby parser to compare with; its target is the binding
itself: at least 2x its former events/s at 64 B feeds, no regression at 64 KiB).
A program to run by hand.

Usage: python3 bench/peers_ruby.py BUILD_DIR

BUILD_DIR must hold the Ruby extension (bindings/ruby/sse_native.so). The "before"
binding is the parent of the commit that added bindings/ruby/sse_ruby_parser.i,
exported with `git archive` into bench/out/ruby-before/ and built there with Meson
(Ruby binding only, same build type as BUILD_DIR); later runs reuse that build. When
it cannot be built, the table shows the figures measured when the work started
(MEASURED_BEFORE), labelled as such. Each figure is the best of ROUNDS runs of
bench/ruby/bench.rb (itself the best of 3 in-process passes); now and before run
alternately, so both see the same load: compare the ratios.
"""
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(BENCH))
import corpus  # noqa: E402
from binding_programs import parse_results, peers_main, ruby_command  # noqa: E402

SCRIPT = Path("bench") / "ruby" / "bench.rb"
BEFORE_DIR = BENCH / "out" / "ruby-before"
CHANGE_MARKER = "bindings/ruby/sse_ruby_parser.i"  # the first file issue 9 added
CHUNKS = (("64K", 65536), ("64B", 64))
REPETITIONS = 3
ROUNDS = 2  # now and before run alternately this many times; the best round counts
CUT_SECONDS = 300  # one bench.rb invocation (3 passes) longer than this is cut
BUILD_TIMEOUT = 1800
TARGETS = {"64K": 1.0, "64B": 2.0}  # after / before events/s (issue 9)

# events/s of the binding before issue 9, measured at the start of the work on the
# shared 2-core machine (build-ruby, debugoptimized); used only when the "before"
# tree cannot be built.
MEASURED_BEFORE = {
    ("small_events", "64K"): 445_971, ("small_events", "64B"): 174_231,
    ("huge_lines", "64K"): 114, ("huge_lines", "64B"): 9,
    ("multiline_events", "64K"): 312_886, ("multiline_events", "64B"): 38_302,
}


def git(*args):
    return subprocess.run(["git", "-C", str(ROOT), *args], capture_output=True,
                          text=True, check=True).stdout.strip()


def before_commit():
    """The commit just before issue 9's Ruby change, or None if it is not in history."""
    added = git("log", "--diff-filter=A", "--format=%H", "--", CHANGE_MARKER).splitlines()
    return git("rev-parse", added[-1] + "^") if added else None


def build_option(build_dir, name):
    proc = subprocess.run(["meson", "introspect", str(build_dir), "--buildoptions"],
                          capture_output=True, text=True)
    options = json.loads(proc.stdout) if proc.returncode == 0 else []
    return next((option["value"] for option in options if option["name"] == name), None)


def build_before(build_dir):
    """(source dir, build dir) of the "before" binding, or a string saying why not."""
    if not shutil.which("meson") or not shutil.which("ninja"):
        return "meson or ninja not found"
    try:
        commit = before_commit()
    except (subprocess.CalledProcessError, FileNotFoundError) as error:
        return f"git failed: {error}"
    if commit is None:
        return f"{CHANGE_MARKER} is not in the history"
    source, build = BEFORE_DIR / commit[:12], BEFORE_DIR / (commit[:12] + "-build")
    steps = []
    if not (source / "meson.build").exists():
        shutil.rmtree(source, ignore_errors=True)
        source.mkdir(parents=True)
        steps.append(f"git -C {ROOT} archive {commit} | tar -x -C {source}")
    if not (build / "build.ninja").exists():
        buildtype = build_option(build_dir, "buildtype") or "debugoptimized"
        steps.append(f"meson setup {build} {source} --buildtype={buildtype} -Dtests=false "
                     "-Dbindings_ruby=enabled -Dbindings_go=disabled -Dbindings_java=disabled")
    steps.append(f"ninja -C {build} -j2 bindings/ruby/sse_native.so")
    for step in steps:
        try:
            proc = subprocess.run(step, shell=True, capture_output=True, text=True,
                                  timeout=BUILD_TIMEOUT)
        except subprocess.TimeoutExpired:
            return f"timed out: {step}"
        if proc.returncode != 0:
            return f"failed: {step}: {(proc.stderr or proc.stdout).strip()[-300:]}"
    return source, build


def measure(command, env=None):
    """bench.rb's result as {key: float}, {"cut": seconds}, or a string saying why not."""
    if command is None:
        return "not built"
    try:
        proc = subprocess.run(command, capture_output=True, text=True, timeout=CUT_SECONDS,
                              env=env)
    except subprocess.TimeoutExpired:
        return {"cut": CUT_SECONDS}
    result = parse_results(proc.stdout).get("ruby")
    if result is not None:
        return result
    return f"failed (exit {proc.returncode}): {proc.stderr.strip()[-200:]}"


def best_of_rounds(commands):
    """Runs the (argv, env) commands alternately ROUNDS times (the machine's load
    drifts, so all see the same conditions); the fastest result of each, or the last
    failure."""
    best = [None] * len(commands)
    for _ in range(ROUNDS):
        for i, (command, env) in enumerate(commands):
            row = measure(command, env)
            old = best[i]
            if not isinstance(old, dict) or "events_per_sec" not in old or (
                    isinstance(row, dict) and row.get("events_per_sec", 0) > old["events_per_sec"]):
                best[i] = row
    return best


def before_command(before, path, size):
    source, build = before
    return ["ruby", "-I", str(build / "bindings" / "ruby"), "-I", str(source / "bindings" / "ruby" / "lib"),
            str(source / SCRIPT), str(path), str(size), str(REPETITIONS)]


def rate(row):
    if isinstance(row, str):
        return f"{row[:28]:>28}"
    if "cut" in row:
        return f"{'cut after ' + str(row['cut']) + ' s':>28}"
    return f"{row['events_per_sec']:>14,.0f} {row['mb_per_sec']:>9.1f} MB/s"


def rate_of(row):
    return row.get("events_per_sec") if isinstance(row, dict) else None


def verdict(after, before_rate, chunk):
    target = TARGETS[chunk]
    if not isinstance(after, dict) or "events_per_sec" not in after or not before_rate:
        return "    n/a", f"target >= {target:g}x: NOT MET (not measured)"
    ratio = after["events_per_sec"] / before_rate
    return f"{ratio:6.2f}x", f"target >= {target:g}x: {'met' if ratio >= target else 'NOT MET'}"


def run(build_dir, corpus_paths):
    """Measure the binding now and before issue 9 on every corpus; return the report."""
    build_dir = Path(build_dir).resolve()
    before = build_before(build_dir)
    if isinstance(before, str):
        header = (f"Ruby binding vs before issue 9: the before tree was not built ({before}); "
                  "'before' = figures MEASURED AT THE START OF THE WORK (MEASURED_BEFORE), not this run")
    else:
        header = f"Ruby binding vs before issue 9 ({before[0].name}, built in {before[1]}), same run"
    lines = [header + f", best of {ROUNDS} alternating rounds of {REPETITIONS} passes, events/s.",
             "'old binding' = the binding before issue 9 run on BUILD_DIR's libsse (LD_LIBRARY_PATH),",
             "so its ratio is the binding's own share; the target is judged against 'before'."]
    # The before extension finds libsse through RUNPATH, which LD_LIBRARY_PATH overrides.
    this_libsse = dict(os.environ, LD_LIBRARY_PATH=str(build_dir / "capi"))
    raw = []
    known = corpus.titles()
    for name, path in corpus_paths.items():
        key, title = known.get(name, ("?", name))
        lines.append(f"\n== Ruby, ({key}) {title}: {Path(path).stat().st_size / 1e6:.1f} MB ==")
        lines.append(f"  {'feed':6}{'now':>28}  {'before':>28}   ratio  {'old binding':>28}   ratio")
        for chunk, size in CHUNKS:
            now_command = ruby_command(build_dir, ROOT / SCRIPT, str(path), str(size), str(REPETITIONS))
            if isinstance(before, str):
                (after,) = best_of_rounds([(now_command, None)])
                before_row = {"events_per_sec": MEASURED_BEFORE.get((name, chunk), 0),
                              "mb_per_sec": float("nan")}
                old_binding = "not built"
            else:
                old_command = before_command(before, path, size)
                after, before_row, old_binding = best_of_rounds(
                    [(now_command, None), (old_command, None), (old_command, this_libsse)])
            ratio, target = verdict(after, rate_of(before_row), chunk)
            old_ratio, _ = verdict(after, rate_of(old_binding), chunk)
            lines.append(f"  {chunk:6}{rate(after)}  {rate(before_row)}  {ratio}  "
                         f"{rate(old_binding)}  {old_ratio}   {target}")
            for label, row in (("ruby", after), ("ruby-before", before_row),
                               ("ruby-old-binding", old_binding)):
                if isinstance(row, dict) and "events_per_sec" in row and row["mb_per_sec"] == row["mb_per_sec"]:
                    raw.append(f"{label}-{name}-{chunk} " + " ".join(
                        f"{k}={int(v) if v.is_integer() else v}" for k, v in row.items()))
    lines.append("\nResult lines:")
    lines.extend("  " + line for line in raw)
    return "\n".join(lines)


if __name__ == "__main__":
    peers_main(run, __doc__)
