"""Run the binding client benchmarks (bench/go/client, bench/ruby/bench_client.rb,
bench/java/SseClientBench.java) against one stream URL.

Each is a program taking `URL [repetitions]` and printing one line
`LANG-client events=N bytes=B seconds=S events_per_sec=X mb_per_sec=Y`. A binding
that is not built gives the reason "not built" instead of figures.
"""
import os
import re
import shutil
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TIMEOUT_SECONDS = 600  # a cold Go build cache compiles the standard library first
LANGS = ("go", "ruby", "java")

RESULT_LINE = re.compile(r"^([\w-]+)((?: \w+=\S+)+)$")

# A module of its own for the Go client benchmark, next to the binding's module:
# the binding's directory stays exactly as meson lays it out.
GO_MOD = """module example.invalid/libsse/bench/client

go 1.23

require example.invalid/libsse/sse v0.0.0

replace example.invalid/libsse/sse => ../../bindings/go
"""


def _ninja_targets(build_dir, lang):
    """The build's targets that make up one binding (and its benchmark jar)."""
    proc = subprocess.run(["ninja", "-C", str(build_dir), "-t", "targets", "all"],
                          capture_output=True, text=True)
    prefix = f"bindings/{lang}/"
    names = []
    for line in proc.stdout.splitlines():
        name, _, rule = line.partition(": ")
        if name.startswith(prefix) and ".p/" not in name and \
                rule.strip() in ("CUSTOM_COMMAND", "CUSTOM_COMMAND_DEP", "cpp_LINKER"):
            names.append(name)
    if lang == "java" and names:
        names.append("bench/java/libsse-bench.jar")
    return names


def build_binding(lang, build_dir):
    """Bring one binding up to date; None when built, else why it is not usable.

    The binding's sources may change under us (they are edited while the library
    grows): a benchmark against stale objects would mix old and new code."""
    targets = _ninja_targets(build_dir, lang)
    if not targets:
        return "not built"
    proc = subprocess.run(["ninja", "-C", str(build_dir), *targets], capture_output=True,
                          text=True, timeout=TIMEOUT_SECONDS)
    if proc.returncode != 0:
        failed = [line for line in proc.stdout.splitlines() if line.startswith("FAILED")]
        return f"not built (build failed: {failed[:1] or proc.stdout.strip()[-200:]})"
    return None


def _go_env(build_dir):
    module = build_dir / "bindings" / "go"
    return dict(os.environ,
                PKG_CONFIG_PATH=str(build_dir / "meson-uninstalled"),
                LD_LIBRARY_PATH=str(build_dir / "capi"),
                GOCACHE=str(module / "go-cache"),  # shared with the binding's tests
                GOPATH=str(module / "go-path"),
                GOFLAGS="-mod=mod", GOTOOLCHAIN="local", GOPROXY="off", CGO_ENABLED="1")


def build_go(build_dir):
    """Build the Go client benchmark once; return its path, or a reason string."""
    go = shutil.which("go") or "/usr/local/go/bin/go"
    if not (build_dir / "bindings" / "go" / "client.go").exists() or not Path(go).exists():
        return "not built"
    module = build_dir / "bench" / "go-client"
    module.mkdir(parents=True, exist_ok=True)
    (module / "go.mod").write_text(GO_MOD)
    shutil.copyfile(ROOT / "bench" / "go" / "client" / "main.go", module / "main.go")
    exe = build_dir / "bench" / "sseclientbench-go"
    try:
        proc = subprocess.run([go, "build", "-o", str(exe), "."], cwd=module,
                              env=_go_env(build_dir), capture_output=True, text=True,
                              timeout=TIMEOUT_SECONDS)
    except subprocess.TimeoutExpired:
        return "not built (go build timed out)"
    if proc.returncode != 0:
        return f"build failed: {proc.stderr.strip().splitlines()[-1:]}"
    return exe


def _command(lang, build_dir, go_exe, url, reps):
    """(argv, env) to run one language's benchmark, or a reason string."""
    if lang == "go":
        if isinstance(go_exe, str):
            return go_exe
        return [str(go_exe), url, str(reps)], _go_env(build_dir)
    if lang == "ruby":
        ext_dir = build_dir / "bindings" / "ruby"
        if not (ext_dir / "sse_native.so").exists() or not shutil.which("ruby"):
            return "not built"
        return ["ruby", "-I", str(ext_dir), "-I", str(ROOT / "bindings" / "ruby" / "lib"),
                str(ROOT / "bench" / "ruby" / "bench_client.rb"), url, str(reps)], None
    binding_dir = build_dir / "bindings" / "java"
    classpath = [binding_dir / "libsse.jar", build_dir / "bench" / "java" / "libsse-bench.jar"]
    if not all(jar.exists() for jar in classpath) or not shutil.which("java"):
        return "not built"
    return ["java", f"-Djava.library.path={binding_dir}",
            "-cp", ":".join(str(jar) for jar in classpath),
            "org.libsse.bench.SseClientBench", url, str(reps)], None


def run(lang, build_dir, go_exe, url, reps):
    """Return the parsed result fields, or a string saying why there are none."""
    launch = _command(lang, build_dir, go_exe, url, reps)
    if isinstance(launch, str):
        return launch
    command, env = launch
    try:
        proc = subprocess.run(command, env=env, capture_output=True, text=True,
                              timeout=TIMEOUT_SECONDS)
    except subprocess.TimeoutExpired:
        return "timed out"
    if proc.returncode != 0:
        first = (proc.stderr.strip().splitlines() or [""])[0]  # a Java trace's exception line
        return f"failed (exit {proc.returncode}): {first[:200]}"
    for line in proc.stdout.splitlines():
        match = RESULT_LINE.match(line.strip())
        if match and match.group(1) == f"{lang}-client":
            return {k: float(v) for k, v in
                    (pair.split("=", 1) for pair in match.group(2).split())}
    return f"no result line in its output: {proc.stdout.strip()[-300:]}"
