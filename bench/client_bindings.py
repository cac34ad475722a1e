"""Run the binding client benchmarks (bench/go/client, bench/ruby/bench_client.rb,
bench/java/SseClientBench.java) against one stream URL.

Each is a program taking `URL [repetitions]` and printing one line
`LANG-client events=N bytes=B seconds=S events_per_sec=X mb_per_sec=Y`. A binding
that is not built gives the reason "not built" instead of figures.
"""
import shutil
import subprocess

from binding_programs import (ROOT, TIMEOUT_SECONDS, go_build, go_env, go_tool,
                              java_command, run_for_result, ruby_command)

LANGS = ("go", "ruby", "java")

# A module of its own for the Go client benchmark, next to the binding's module:
# the binding's directory stays exactly as meson lays it out.
GO_MOD = """module example.invalid/libsse/bench/client

go 1.23

require github.com/libsse/libsse/bindings/go v0.0.0

replace github.com/libsse/libsse/bindings/go => ../../bindings/go
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


def build_go(build_dir):
    """Build the Go client benchmark once; return its path, or a reason string."""
    go = go_tool()
    if not (build_dir / "bindings" / "go" / "client.go").exists() or go is None:
        return "not built"
    module = build_dir / "bench" / "go-client"
    module.mkdir(parents=True, exist_ok=True)
    (module / "go.mod").write_text(GO_MOD)
    shutil.copyfile(ROOT / "bench" / "go" / "client" / "main.go", module / "main.go")
    exe = build_dir / "bench" / "sseclientbench-go"
    try:
        failure = go_build(go, build_dir, module, ".", exe)
    except subprocess.TimeoutExpired:
        return "not built (go build timed out)"
    return failure or exe


def _command(lang, build_dir, go_exe, url, reps):
    """(argv, env) to run one language's benchmark, or a reason string."""
    if lang == "go":
        if isinstance(go_exe, str):
            return go_exe
        return [str(go_exe), url, str(reps)], go_env(build_dir)
    if lang == "ruby":
        command = ruby_command(build_dir, ROOT / "bench" / "ruby" / "bench_client.rb",
                               url, str(reps))
    else:
        command = java_command(build_dir, "org.libsse.bench.SseClientBench", url, str(reps))
    return (command, None) if command else "not built"


def _first_line(stderr):
    return (stderr.strip().splitlines() or [""])[0][:200]  # a Java trace's exception line


def run(lang, build_dir, go_exe, url, reps):
    """Return the parsed result fields, or a string saying why there are none."""
    launch = _command(lang, build_dir, go_exe, url, reps)
    if isinstance(launch, str):
        return launch
    command, env = launch
    return run_for_result(command, env, f"{lang}-client", _first_line)
