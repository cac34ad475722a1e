#!/usr/bin/env python3
"""Rust peer benchmark (issue 9): libsse's C parser called from Rust with owned
`String`s against the crate `sse-stream` (pinned in bench/rust/Cargo.toml), on the same
corpus bytes in memory at 64 KiB and 64-byte feeds. A program to run by hand.

Usage: python3 bench/peers_rust.py BUILD_DIR

Builds bench/rust with cargo (crates fetched from crates.io at run time; the build goes
to bench/out/rust-target/, never into Meson), linked against BUILD_DIR's libsse.so, and
prints one table per corpus with the ratio libsse / sse-stream and the issue's target.
"""
import os
import shutil
import subprocess
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))
import corpus  # noqa: E402
from binding_programs import parse_results, peers_main  # noqa: E402

PROJECT = BENCH / "rust"
TARGET_DIR = BENCH / "out" / "rust-target"
# A run takes 0.02-0.1 s: on a shared 2-core machine a load spike can cover all of
# three, so each implementation gets 10, taken in turns (a few seconds per corpus).
REPETITIONS = 10
CUT_SECONDS = 20  # a run longer than this is stopped and marked cut
TARGET_AT_64B = 1.5  # libsse (owned strings) / sse-stream, every corpus (issue 9)
BUILD_TIMEOUT = 900


def build(build_dir):
    """Return the benchmark executable, or a string saying why there is none."""
    if shutil.which("cargo") is None:
        return "not measured (cargo not found)"
    env = dict(os.environ, LIBSSE_BUILD_DIR=str(build_dir), CARGO_TARGET_DIR=str(TARGET_DIR))
    try:
        proc = subprocess.run(["cargo", "build", "--release", "--locked", "--quiet"],
                              cwd=PROJECT, env=env, capture_output=True, text=True,
                              timeout=BUILD_TIMEOUT)
    except subprocess.TimeoutExpired:
        return "not measured (cargo build timed out)"
    if proc.returncode != 0:
        return f"not measured (cargo build failed: {proc.stderr.strip()[-500:]})"
    return TARGET_DIR / "release" / "libsse-bench-rust"


def measure(exe, path):
    proc = subprocess.run([str(exe), str(path), str(REPETITIONS), str(CUT_SECONDS)],
                          capture_output=True, text=True)
    results = parse_results(proc.stdout)
    if proc.returncode != 0:
        results["error"] = proc.stderr.strip()[-300:] or f"exit status {proc.returncode}"
    return results


def cell(row):
    if row is None:
        return f"{'not measured':>12}"
    if row.get("cut"):
        return f"{'cut after ' + format(row['seconds'], '.0f') + ' s':>12}"
    return f"{row['mb_per_sec']:>10.1f}  {row['events_per_sec']:>12,.0f}"


def table(key, title, path, results, lines):
    lines.append(f"\n== Rust peers, ({key}) {title}: {path.stat().st_size / 1e6:.1f} MB ==")
    lines.append(f"  {'':24}{'MB/s':>10}  {'events/s':>12}")
    for chunk in ("64K", "64B"):
        for name in ("libsse-rust", "sse-stream"):
            lines.append(f"  {name + '-' + chunk:24}{cell(results.get(f'{name}-{chunk}'))}")
    if "error" in results:
        lines.append(f"  WARNING: {results['error']}")
    for chunk in ("64K", "64B"):
        ours = results.get(f"libsse-rust-{chunk}")
        peer = results.get(f"sse-stream-{chunk}")
        target = TARGET_AT_64B if chunk == "64B" else 1.0
        if ours is None or "mb_per_sec" not in ours:
            value, ok = "libsse not measured", False
        elif peer is not None and peer.get("cut"):
            value, ok = "sse-stream cut", True
        elif peer is None:
            value, ok = "sse-stream not measured", False
        else:
            ratio = ours["mb_per_sec"] / peer["mb_per_sec"]
            value, ok = f"{ratio:.2f}x", ratio >= target
        lines.append(f"  libsse / sse-stream at {chunk}: {value:>8}   target >= {target:g}x: "
                     f"{'met' if ok else 'NOT MET'}")


def run(build_dir, corpus_paths):
    """Build and run the Rust benchmark on every corpus; return the printable report."""
    exe = build(Path(build_dir).resolve())
    if isinstance(exe, str):
        return f"Rust peers: {exe}"
    lines = [f"Rust peers: sse-stream (bench/rust/Cargo.toml) vs libsse via FFI, owned Strings, "
             f"best of {REPETITIONS}, cut after {CUT_SECONDS} s"]
    known = corpus.titles()
    for name, path in corpus_paths.items():
        key, title = known.get(name, ("?", name))
        table(key, title, Path(path), measure(exe, path), lines)
    return "\n".join(lines)


if __name__ == "__main__":
    peers_main(run, __doc__)
