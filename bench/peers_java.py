#!/usr/bin/env python3
"""Java peer benchmark (issue 9): the Java binding against com.launchdarkly's
okhttp-eventsource and com.squareup.okhttp3's okhttp-sse, on the same corpus bytes in
memory at 64 KiB and 64-byte feeds. A program to run by hand, not a test.

Usage: python3 bench/peers_java.py BUILD_DIR

BUILD_DIR must have the Java binding built (its libsse.jar, libsse_jni.so and
bench/java/libsse-bench.jar, org.libsse.bench.SseBench). The peers are fetched from
Maven Central at run time with mvn, one small generated pom per peer so each gets its
own okhttp and okio, into bench/out/java-peers/ (never part of the Meson build), and
their drivers in bench/java/peers/ are compiled there with javac. Each peer reads the
corpus through a stream that returns at most CHUNK bytes per read; the binding is fed
slices of the same array. Every program warms up, then prints the best of 3 passes as
`NAME-CHUNK events=N bytes=B seconds=S events_per_sec=X mb_per_sec=Y`; the programs of
one corpus and chunk size run ROUNDS times in turns and each keeps its best run; a
program that does not finish within CUT_SECONDS is stopped and marked cut.
"""
import shutil
import subprocess
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))
import corpus  # noqa: E402
from binding_programs import java_command, parse_results, peers_main  # noqa: E402

OUT = BENCH / "out" / "java-peers"
SOURCES = BENCH / "java" / "peers"
CUT_SECONDS = 180  # warm-up included; a run longer than this is stopped and marked cut
FETCH_TIMEOUT = 900
TARGET_AT_64B = 1.5  # binding / best peer, every corpus (issue 9); ahead at 64 KiB
CHUNKS = (("64K", 65536), ("64B", 64))
ROUNDS = 3  # runs of every program per cell, in turns; the best counts

# name -> (Maven coordinates, driver source, main class)
PEERS = {
    "okhttp-eventsource": ("com.launchdarkly:okhttp-eventsource:4.3.0", "LaunchDarklyBench.java",
                           "com.launchdarkly.eventsource.LaunchDarklyBench"),
    "okhttp-sse": ("com.squareup.okhttp3:okhttp-sse:5.5.1", "OkHttpSseBench.java",
                   "org.libsse.bench.peers.OkHttpSseBench"),
}

POM = """<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>org.libsse.bench</groupId>
  <artifactId>java-peer</artifactId>
  <version>1</version>
  <packaging>pom</packaging>
  <dependencies>
    <dependency>
      <groupId>{group}</groupId>
      <artifactId>{artifact}</artifactId>
      <version>{version}</version>
    </dependency>
  </dependencies>
</project>
"""


def prepare(name):
    """Fetch and compile one peer; its classpath, or a string saying why there is none."""
    coordinates, source, _ = PEERS[name]
    group, artifact, version = coordinates.split(":")
    home = OUT / name
    jars = home / "jars"
    stamp = home / "fetched"
    if not (stamp.exists() and stamp.read_text() == coordinates):
        if shutil.which("mvn") is None:
            return "not measured (mvn not found)"
        home.mkdir(parents=True, exist_ok=True)
        (home / "pom.xml").write_text(POM.format(group=group, artifact=artifact, version=version))
        shutil.rmtree(jars, ignore_errors=True)
        try:
            proc = subprocess.run(["mvn", "-q", "-B", "dependency:copy-dependencies",
                                   f"-DoutputDirectory={jars}"], cwd=home,
                                  capture_output=True, text=True, timeout=FETCH_TIMEOUT)
        except subprocess.TimeoutExpired:
            return "not measured (mvn timed out)"
        if proc.returncode != 0:
            return f"not measured (mvn failed: {(proc.stdout + proc.stderr).strip()[-400:]})"
        stamp.write_text(coordinates)
    classes = home / "classes"
    classpath = [str(classes)] + sorted(str(j) for j in jars.glob("*.jar"))
    shutil.rmtree(classes, ignore_errors=True)
    proc = subprocess.run(["javac", "--release", "17", "-nowarn", "-d", str(classes),
                           "-cp", ":".join(classpath[1:]),
                           str(SOURCES / "PeerHarness.java"), str(SOURCES / source)],
                          capture_output=True, text=True)
    if proc.returncode != 0:
        return f"not measured (javac failed: {proc.stderr.strip()[-400:]})"
    return ":".join(classpath)


def measure(command, label):
    """Run one program; {label: fields}, {label: {'cut': ..}} or {label: 'why'}."""
    try:
        proc = subprocess.run(command, capture_output=True, text=True, timeout=CUT_SECONDS)
    except subprocess.TimeoutExpired:
        return {label: {"cut": 1.0, "seconds": float(CUT_SECONDS)}}
    if proc.returncode != 0:
        return {label: f"failed: {proc.stderr.strip()[-300:]}"}
    results = parse_results(proc.stdout)
    return {label: results.get(label) or results.get("java")
            or f"no result line: {proc.stdout.strip()[-200:]}"}


def best(old, new):
    """The better of two outcomes of one program: the faster finished run, else the
    first outcome (a cut or a failure)."""
    def finished(row):
        return isinstance(row, dict) and not row.get("cut")
    if finished(new) and (not finished(old) or new["seconds"] < old["seconds"]):
        return new
    return new if old is None else old


def measure_corpus(build_dir, classpaths, path):
    """Every implementation at both chunk sizes on one corpus: ROUNDS runs of each
    program, taking turns, each keeping its best (on a shared machine a load spike then
    hits one round of every program rather than all runs of one)."""
    results = {}
    for chunk_name, chunk in CHUNKS:
        commands = {}
        command = java_command(build_dir, "org.libsse.bench.SseBench", str(path), str(chunk))
        label = f"java-libsse-{chunk_name}"
        if command:
            commands[label] = command
        else:
            results[label] = "not built"
        for name, (_, _, main_class) in PEERS.items():
            label = f"java-{name}-{chunk_name}"
            cp = classpaths[name]
            if not cp.startswith("not measured"):
                commands[label] = ["java", "-cp", cp, main_class, str(path), str(chunk)]
            else:
                results[label] = cp
        for _ in range(ROUNDS):
            for label, command in commands.items():
                if isinstance(results.get(label), dict) and results[label].get("cut"):
                    continue  # a cut program is not run again
                results[label] = best(results.get(label), measure(command, label)[label])
    return results


def cell(row):
    if isinstance(row, str):
        return f"  {row}"
    if row.get("cut"):
        return f"{'cut after ' + format(row['seconds'], '.0f') + ' s':>24}"
    return f"{row['mb_per_sec']:>10.1f}  {row['events_per_sec']:>12,.0f}"


def table(key, title, path, results, lines, verdicts):
    lines.append(f"\n== Java peers, ({key}) {title}: {path.stat().st_size / 1e6:.1f} MB ==")
    lines.append(f"  {'':30}{'MB/s':>10}  {'events/s':>12}")
    for label, row in results.items():
        lines.append(f"  {label:30}{cell(row)}")
        if isinstance(row, dict) and not row.get("cut"):
            lines.append(f"{label} events={row['events']:.0f} bytes={row['bytes']:.0f} "
                         f"seconds={row['seconds']:.6f} events_per_sec={row['events_per_sec']:.0f} "
                         f"mb_per_sec={row['mb_per_sec']:.2f}")
    for chunk_name, _ in CHUNKS:
        ours = results.get(f"java-libsse-{chunk_name}")
        peers = {name: results.get(f"java-{name}-{chunk_name}") for name in PEERS}
        measured = {n: r for n, r in peers.items() if isinstance(r, dict) and not r.get("cut")}
        target = TARGET_AT_64B if chunk_name == "64B" else 1.0
        if not isinstance(ours, dict) or ours.get("cut"):
            value, ok = "binding not measured", False
        elif not measured:
            value = "every peer cut" if all(isinstance(r, dict) for r in peers.values()) \
                else "no peer measured"
            ok = value == "every peer cut"
        else:
            best_name, best = max(measured.items(), key=lambda item: item[1]["mb_per_sec"])
            for name, row in measured.items():
                if row["events"] != ours["events"]:
                    lines.append(f"  WARNING: {name} saw {row['events']:.0f} events, "
                                 f"the binding {ours['events']:.0f}")
            ratio = ours["mb_per_sec"] / best["mb_per_sec"]
            value, ok = f"{ratio:.2f}x (best peer {best_name})", ratio >= target
        sign = ">=" if chunk_name == "64B" else ">"
        lines.append(f"  binding / best peer at {chunk_name}: {value}   target {sign} {target:g}x: "
                     f"{'met' if ok else 'NOT MET'}")
        verdicts.append(ok)


def run(build_dir, corpus_paths):
    """Fetch, compile and run the Java peers on every corpus; return the printable report."""
    build_dir = Path(build_dir).resolve()
    if java_command(build_dir, "org.libsse.bench.SseBench") is None:
        return f"Java peers: not measured (the Java binding is not built in {build_dir})"
    classpaths = {name: prepare(name) for name in PEERS}
    lines = [f"Java peers: {', '.join(c for c, _, _ in PEERS.values())} vs the Java binding, "
             f"strings for type, id and data everywhere, best of 3 passes x {ROUNDS} runs in turns, "
             f"cut after {CUT_SECONDS} s"]
    known = corpus.titles()
    verdicts = []
    for name, path in corpus_paths.items():
        key, title = known.get(name, ("?", name))
        table(key, title, Path(path), measure_corpus(build_dir, classpaths, path), lines,
              verdicts)
    lines.append(f"\nJava targets met: {sum(verdicts)} of {len(verdicts)}")
    return "\n".join(lines)


if __name__ == "__main__":
    peers_main(run, __doc__)
