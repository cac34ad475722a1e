"""Run the binding benchmarks (bench/go, bench/ruby, bench/java) on one corpus.

Each is a program taking `CORPUS_FILE [chunk_size]` and printing one line
`LANG events=N bytes=B seconds=S events_per_sec=X mb_per_sec=Y`. How to start it
depends on how its binding is built; a binding that is not built (or a benchmark
that is not written yet) gives a one-line reason instead of figures.
"""
import os
import re
import shutil
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHUNK = "65536"
TIMEOUT_SECONDS = 600  # a cold Go build cache compiles the standard library first

# Minimum events per second on the small-events corpus.
TARGETS = {"go": 1_000_000, "ruby": 250_000, "java": 1_000_000}

RESULT_LINE = re.compile(r"^(\w+)((?: \w+=\S+)+)$")


def _go(build_dir, corpus):
    module = build_dir / "bindings" / "go"  # meson lays out a self-contained module here
    go = shutil.which("go") or "/usr/local/go/bin/go"
    if not (module / "cmd" / "ssebench" / "main.go").exists() or not Path(go).exists():
        return None
    env = dict(os.environ,
               PKG_CONFIG_PATH=str(build_dir / "meson-uninstalled"),
               LD_LIBRARY_PATH=str(build_dir / "capi"),
               GOCACHE=str(module / "go-cache"),  # shared with `meson test --suite go`
               GOPATH=str(module / "go-path"),
               GOFLAGS="-mod=mod", GOTOOLCHAIN="local", GOPROXY="off", CGO_ENABLED="1")
    exe = build_dir / "bench" / "ssebench-go"
    build = subprocess.run([go, "build", "-o", str(exe), "./cmd/ssebench"], cwd=module,
                           env=env, capture_output=True, text=True, timeout=TIMEOUT_SECONDS)
    if build.returncode != 0:
        return f"build failed: {build.stderr.strip().splitlines()[-1:]}"
    return [str(exe), str(corpus), CHUNK], env


def _ruby(build_dir, corpus):
    script = ROOT / "bench" / "ruby" / "bench.rb"
    ext_dir = build_dir / "bindings" / "ruby"
    if not script.exists() or not (ext_dir / "sse_native.so").exists() or not shutil.which("ruby"):
        return None
    return ["ruby", "-I", str(ext_dir), "-I", str(ROOT / "bindings" / "ruby" / "lib"),
            str(script), str(corpus), CHUNK], None


def _java(build_dir, corpus):
    binding_dir = build_dir / "bindings" / "java"  # libsse.jar and the JNI library
    classpath = [binding_dir / "libsse.jar", build_dir / "bench" / "java" / "libsse-bench.jar"]
    if not all(jar.exists() for jar in classpath) or not shutil.which("java"):
        return None
    return ["java", f"-Djava.library.path={binding_dir}",
            "-cp", ":".join(str(jar) for jar in classpath),
            "org.libsse.bench.SseBench", str(corpus), CHUNK], None


_LAUNCHERS = {"go": _go, "ruby": _ruby, "java": _java}


def run(lang, build_dir, corpus):
    """Return the parsed result fields, or a string saying why there are none."""
    try:
        launch = _LAUNCHERS[lang](build_dir, corpus)
    except subprocess.TimeoutExpired:
        return "not built (build timed out)"
    if launch is None:
        return "not built"
    if isinstance(launch, str):
        return launch
    command, env = launch
    try:
        proc = subprocess.run(command, env=env, capture_output=True, text=True,
                              timeout=TIMEOUT_SECONDS)
    except subprocess.TimeoutExpired:
        return "timed out"
    if proc.returncode != 0:
        return f"failed (exit {proc.returncode}): {proc.stderr.strip()[-300:]}"
    for line in proc.stdout.splitlines():
        match = RESULT_LINE.match(line.strip())
        if match and match.group(1).lower() == lang:
            return {k: float(v) for k, v in
                    (pair.split("=", 1) for pair in match.group(2).split())}
    return f"no result line in its output: {proc.stdout.strip()[-300:]}"
