"""Starting the benchmark programs written against a binding, and reading their result.

Shared by bindings.py (parser benchmarks), client_bindings.py (client benchmarks) and
the peers_<lang>.py comparisons: the Go build environment, the Ruby and Java command
lines, and running a program that prints lines `LABEL k=v k=v ...`.
"""
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TIMEOUT_SECONDS = 600  # a cold Go build cache compiles the standard library first

RESULT_LINE = re.compile(r"^([\w-]+)((?: \w+=\S+)+)$")


def go_tool():
    """The go command, or None when Go is not installed."""
    go = shutil.which("go") or "/usr/local/go/bin/go"
    return go if Path(go).exists() else None


def go_env(build_dir):
    """The environment that builds and runs a program against the built Go binding."""
    module = build_dir / "bindings" / "go"  # meson lays out a self-contained module here
    return dict(os.environ,
                PKG_CONFIG_PATH=str(build_dir / "meson-uninstalled"),
                LD_LIBRARY_PATH=str(build_dir / "capi"),
                GOCACHE=str(module / "go-cache"),  # shared with `meson test --suite go`
                GOPATH=str(module / "go-path"),
                GOFLAGS="-mod=mod", GOTOOLCHAIN="local", GOPROXY="off", CGO_ENABLED="1")


def go_build(go, build_dir, module, package, exe):
    """`go build -o exe package` in module; None when built, else why not.
    A build that takes too long raises subprocess.TimeoutExpired."""
    proc = subprocess.run([go, "build", "-o", str(exe), package], cwd=module,
                          env=go_env(build_dir), capture_output=True, text=True,
                          timeout=TIMEOUT_SECONDS)
    if proc.returncode != 0:
        return f"build failed: {proc.stderr.strip().splitlines()[-1:]}"
    return None


def ruby_command(build_dir, script, *args):
    """argv running a Ruby benchmark script on the built extension, or None if not built."""
    ext_dir = build_dir / "bindings" / "ruby"
    if not (ext_dir / "sse_native.so").exists() or not shutil.which("ruby"):
        return None
    return ["ruby", "-I", str(ext_dir), "-I", str(ROOT / "bindings" / "ruby" / "lib"),
            str(script), *args]


def java_command(build_dir, main_class, *args):
    """argv running a class of the benchmark jar on the built binding, or None if not built."""
    binding_dir = build_dir / "bindings" / "java"  # libsse.jar and the JNI library
    classpath = [binding_dir / "libsse.jar", build_dir / "bench" / "java" / "libsse-bench.jar"]
    if not all(jar.exists() for jar in classpath) or not shutil.which("java"):
        return None
    return ["java", f"-Djava.library.path={binding_dir}",
            "-cp", ":".join(str(jar) for jar in classpath), main_class, *args]


def run_for_result(command, env, label, stderr_excerpt):
    """Run one benchmark program; the fields of its line `label k=v ...` as floats, or a
    string saying why there are none. stderr_excerpt(stderr) picks what a failure shows."""
    try:
        proc = subprocess.run(command, env=env, capture_output=True, text=True,
                              timeout=TIMEOUT_SECONDS)
    except subprocess.TimeoutExpired:
        return "timed out"
    if proc.returncode != 0:
        return f"failed (exit {proc.returncode}): {stderr_excerpt(proc.stderr)}"
    for name, fields in parse_results(proc.stdout).items():
        if name.lower() == label:
            return fields
    return f"no result line in its output: {proc.stdout.strip()[-300:]}"


def parse_results(text):
    """Every `NAME key=value ...` line of a benchmark's output as {NAME: {key: float}};
    other lines are ignored."""
    results = {}
    for line in text.splitlines():
        match = RESULT_LINE.match(line.strip())
        if match:
            results[match.group(1)] = {k: float(v) for k, v in
                                       (pair.split("=", 1) for pair in match.group(2).split())}
    return results


def peers_main(run, usage):
    """The command line of every bench/peers_<lang>.py: `BUILD_DIR`, then its report on
    the three corpora."""
    import corpus  # bench/corpus.py; the caller put bench/ on the path
    if len(sys.argv) != 2:
        print(usage)
        sys.exit(2)
    corpora = corpus.ensure(Path(__file__).resolve().parent / "out" / "corpus")
    print(run(sys.argv[1], {path.stem: path for _, _, path in corpora}))
