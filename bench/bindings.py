"""Run the binding benchmarks (bench/go, bench/ruby, bench/java) on one corpus.

Each is a program taking `CORPUS_FILE [chunk_size]` and printing one line
`LANG events=N bytes=B seconds=S events_per_sec=X mb_per_sec=Y`. How to start it
depends on how its binding is built; a binding that is not built (or a benchmark
that is not written yet) gives a one-line reason instead of figures.
"""
import subprocess

from binding_programs import (ROOT, go_build, go_env, go_tool, java_command,
                              run_for_result, ruby_command)

CHUNK = "65536"

# Minimum events per second on the small-events corpus.
TARGETS = {"go": 1_000_000, "ruby": 250_000, "java": 1_000_000}


def _go(build_dir, corpus):
    module = build_dir / "bindings" / "go"  # meson lays out a self-contained module here
    go = go_tool()
    if not (module / "cmd" / "ssebench" / "main.go").exists() or go is None:
        return None
    exe = build_dir / "bench" / "ssebench-go"
    failure = go_build(go, build_dir, module, "./cmd/ssebench", exe)
    if failure:
        return failure
    return [str(exe), str(corpus), CHUNK], go_env(build_dir)


def _ruby(build_dir, corpus):
    script = ROOT / "bench" / "ruby" / "bench.rb"
    command = script.exists() and ruby_command(build_dir, script, str(corpus), CHUNK)
    return (command, None) if command else None


def _java(build_dir, corpus):
    command = java_command(build_dir, "org.libsse.bench.SseBench", str(corpus), CHUNK)
    return (command, None) if command else None


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
    return run_for_result(command, env, lang, lambda stderr: stderr.strip()[-300:])
