"""A benchmark program driven by lines: commands on its stdin, one answer line each on
its stdout, `quit` to end (bench/publisher/loadgen.c, libsse_hub.c, gosse_hub)."""
import resource
import subprocess


def raise_nofile():
    """preexec_fn: the soft descriptor limit up to the hard one (20,000 here)."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))


def result_line(line, what):
    """The fields of a `what k=v ...` line; RuntimeError for anything else."""
    parts = line.split()
    if not parts or parts[0] != what or not all("=" in p for p in parts[1:]):
        raise RuntimeError(f"expected a '{what}' line, got {line.strip()!r}")
    # Integers stay exact: the nanosecond timestamps do not fit a double.
    return {k: int(v) if v.lstrip("-").isdigit() else float(v)
            for k, v in (p.split("=", 1) for p in parts[1:])}


class LineProcess:
    def __init__(self, name, argv, env=None):
        self.name = name
        self.proc = subprocess.Popen(argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     text=True, env=env, preexec_fn=raise_nofile)

    def read_line(self):
        line = self.proc.stdout.readline()
        if not line:
            raise RuntimeError(f"{self.name} exited (status {self.proc.poll()})")
        return line

    def ask(self, command, answer=None):
        """Sends a command; its answer line, or with `answer` the fields of that line."""
        self.proc.stdin.write(command + "\n")
        self.proc.stdin.flush()
        line = self.read_line()
        return line if answer is None else result_line(line, answer)

    def stop(self, timeout=30):
        if self.proc.poll() is None:
            try:
                self.proc.stdin.write("quit\n")
                self.proc.stdin.close()
                self.proc.wait(timeout=timeout)
            except (BrokenPipeError, subprocess.TimeoutExpired):
                self.proc.kill()
                self.proc.wait()
