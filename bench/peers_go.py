#!/usr/bin/env python3
"""Go peer benchmark (issue 9): the Go binding against github.com/tmaxmax/go-sse
(v0.12.0, sse.Read) and github.com/r3labs/sse/v2 (v2.10.0, its Client), on the same
corpus bytes in memory at 64 KiB and 64-byte feeds. A program to run by hand, not a test.

Usage: python3 bench/peers_go.py BUILD_DIR

BUILD_DIR must have the Go binding built (BUILD_DIR/bindings/go, laid out by Meson).
bench/go/peers/ is a Go module of its own: it is copied to BUILD_DIR/bench/go-peers/
with a replace directive pointing at the binding's module, its peers are fetched
through the Go module proxy at the versions pinned in its go.mod (checked against its
go.sum) into bench/out/go-peers/ (never part of the Meson build), and it is built
there. For each corpus and chunk size one run of the program measures all three
implementations in turns (each the best of 5, handing type, id and data over as Go
strings) and prints `NAME events=N bytes=B seconds=S events_per_sec=X mb_per_sec=Y
cut=C cpu_seconds=T`; a run still going after CUT_SECONDS is cut, and its figures are its pace
until then.
"""
import os
import shutil
import subprocess
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))
import corpus  # noqa: E402
from binding_programs import go_env, go_tool, parse_results, peers_main  # noqa: E402

SOURCES = BENCH / "go" / "peers"
MODULE_CACHE = BENCH / "out" / "go-peers" / "mod"
CUT_SECONDS = 30  # one implementation's run longer than this is cut
BUILD_TIMEOUT = 900  # a cold cache fetches the peers and compiles the standard library
RUN_TIMEOUT = 3600
TARGET_AT_64B = 1.5  # binding / best peer, every corpus (issue 9); ahead at 64 KiB
CHUNKS = (("64K", 65536), ("64B", 64))
OURS = "go-libsse"
PEERS = ("go-sse", "r3labs-sse")
FIELD_FORMATS = {"seconds": ".6f", "cpu_seconds": ".6f", "mb_per_sec": ".2f"}  # in the result lines; others whole


def build_env(build_dir):
    """The binding's build environment, with the module proxy allowed for the peers."""
    env = go_env(build_dir)
    env.pop("GOPROXY")  # the binding's own module needs no network; the peers do
    if os.environ.get("GOPROXY"):
        env["GOPROXY"] = os.environ["GOPROXY"]
    env["GOMODCACHE"] = str(MODULE_CACHE)
    return env


def build(build_dir):
    """Build the peers program; its path, or a string saying why there is none."""
    go = go_tool()
    if go is None:
        return "not measured (no go command)"
    if not (build_dir / "bindings" / "go" / "go.mod").exists():
        return f"not measured (the Go binding is not built in {build_dir})"
    module = build_dir / "bench" / "go-peers"
    module.mkdir(parents=True, exist_ok=True)
    for name in ("main.go", "go.sum"):
        shutil.copyfile(SOURCES / name, module / name)
    (module / "go.mod").write_text((SOURCES / "go.mod").read_text() +
                                   "\nreplace github.com/libsse/libsse/bindings/go => ../../bindings/go\n")
    exe = module / "ssepeers"
    try:
        proc = subprocess.run([go, "build", "-o", str(exe), "."], cwd=module,
                              env=build_env(build_dir), capture_output=True, text=True,
                              timeout=BUILD_TIMEOUT)
    except subprocess.TimeoutExpired:
        return "not measured (go build timed out)"
    if proc.returncode != 0:
        return f"not measured (go build failed: {proc.stderr.strip()[-400:]})"
    return exe


def measure(build_dir, exe, path, chunk):
    """{NAME: fields} for one corpus and chunk size, or a string saying why not."""
    try:
        proc = subprocess.run([str(exe), str(path), str(chunk), str(CUT_SECONDS)],
                              env=go_env(build_dir), capture_output=True, text=True,
                              timeout=RUN_TIMEOUT)
    except subprocess.TimeoutExpired:
        return "timed out"
    if proc.returncode != 0:
        return f"failed (exit {proc.returncode}): {proc.stderr.strip()[-300:]}"
    results = parse_results(proc.stdout)
    return results or f"no result lines: {proc.stdout.strip()[-200:]}"


def cell(row):
    if not isinstance(row, dict):
        return f"  {row}"
    figures = f"{row['mb_per_sec']:>10.1f}  {row['events_per_sec']:>12,.0f}"
    if row.get("cut"):
        return f"{figures}  cut after {row['seconds']:.0f} s ({row['bytes'] / 1e6:.1f} MB read)"
    return figures


def verdict(chunk_name, results):
    """(text, met) for the binding against its best peer at one chunk size. A cut
    peer counts with its pace until the cut, which only flatters it."""
    ours = results.get(OURS)
    if not isinstance(ours, dict) or ours.get("cut"):
        return "binding not measured", False
    peers = {name: results.get(name) for name in PEERS}
    measured = {name: row for name, row in peers.items() if isinstance(row, dict)}
    if not measured:
        return "no peer measured", False
    best_name, best = max(measured.items(), key=lambda item: item[1]["mb_per_sec"])
    ratio = ours["mb_per_sec"] / best["mb_per_sec"]
    # CPU seconds per byte, for the same pair: other processes on the machine
    # disturb it less than the wall clock (the verdict stays on the wall clock).
    cpu = ""
    if ours.get("cpu_seconds") and best.get("cpu_seconds"):
        cpu_ratio = (best["cpu_seconds"] / best["bytes"]) / (ours["cpu_seconds"] / ours["bytes"])
        cpu = f", {cpu_ratio:.2f}x in CPU time"
    target = TARGET_AT_64B if chunk_name == "64B" else 1.0
    met = ratio >= target if chunk_name == "64B" else ratio > target
    cut = " (cut: its pace until then)" if best.get("cut") else ""
    sign = ">=" if chunk_name == "64B" else ">"
    return (f"{ratio:.2f}x (best peer {best_name}{cut}{cpu})   target {sign} {target:g}x: "
            f"{'met' if met else 'NOT MET'}"), met


def table(key, title, path, by_chunk, lines, verdicts):
    lines.append(f"\n== Go peers, ({key}) {title}: {path.stat().st_size / 1e6:.1f} MB ==")
    lines.append(f"  {'':24}{'MB/s':>10}  {'events/s':>12}")
    raw = []
    for chunk_name, _ in CHUNKS:
        results = by_chunk[chunk_name]
        if isinstance(results, str):
            lines.append(f"  {chunk_name}: {results}")
            verdicts.append(False)
            continue
        for name in (OURS, *PEERS):
            row = results.get(name, "no result")
            lines.append(f"  {name + '-' + chunk_name:24}{cell(row)}")
            if isinstance(row, dict):
                raw.append(f"{name}-{chunk_name} " +
                           " ".join(f"{k}={v:{FIELD_FORMATS.get(k, '.0f')}}" for k, v in row.items()))
                if name != OURS and not row.get("cut") and isinstance(results.get(OURS), dict) \
                        and row["events"] != results[OURS]["events"]:
                    lines.append(f"  WARNING: {name} saw {row['events']:.0f} events, "
                                 f"the binding {results[OURS]['events']:.0f}")
        text, met = verdict(chunk_name, results)
        lines.append(f"  binding / best peer at {chunk_name}: {text}")
        verdicts.append(met)
    lines.extend(raw)


def run(build_dir, corpus_paths):
    """Fetch, build and run the Go peers on every corpus; return the printable report."""
    build_dir = Path(build_dir).resolve()
    exe = build(build_dir)
    if isinstance(exe, str):
        return f"Go peers: {exe}"
    lines = [f"Go peers: github.com/tmaxmax/go-sse v0.12.0 (sse.Read), github.com/r3labs/sse/v2 "
             f"v2.10.0 (Client) vs the Go binding (Parser.Write); Go strings for type, id and "
             f"data everywhere, best of 5 taking turns, cut after {CUT_SECONDS} s"]
    known = corpus.titles()
    verdicts = []
    for name, path in corpus_paths.items():
        key, title = known.get(name, ("?", name))
        by_chunk = {chunk_name: measure(build_dir, exe, path, chunk)
                    for chunk_name, chunk in CHUNKS}
        table(key, title, Path(path), by_chunk, lines, verdicts)
    lines.append(f"\nGo targets met: {sum(verdicts)} of {len(verdicts)}")
    return "\n".join(lines)


if __name__ == "__main__":
    peers_main(run, __doc__)
