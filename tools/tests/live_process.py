"""A program left running by a test: its stdout and stderr lines arrive on queues,
so the test waits for a line (an event, never a sleep) and stops it at the end.

Shared by the tests of `sse listen`, `sse serve`, `sse publish` and their node
clients. Waits are bounded by `limit`, an upper bound, never a synchronisation device.
"""
import queue
import subprocess
import threading
import time

LIMIT = 20  # seconds


class LiveProcess:
    def __init__(self, argv, limit=LIMIT, stdin=subprocess.DEVNULL, env=None):
        self.limit = limit
        self.proc = subprocess.Popen(argv, stdin=stdin, stdout=subprocess.PIPE,
                                     stderr=subprocess.PIPE, env=env)
        self.out, self.err = queue.Queue(), queue.Queue()
        self.out_lines, self.err_lines = [], []
        self.readers = [self._pump(self.proc.stdout, self.out, self.out_lines),
                        self._pump(self.proc.stderr, self.err, self.err_lines)]

    @staticmethod
    def _pump(pipe, q, lines):
        def run():
            for line in pipe:
                lines.append(line)
                q.put(line)
            q.put(None)
        thread = threading.Thread(target=run, daemon=True)
        thread.start()
        return thread

    def wait_for(self, q, needle, limit=None):
        """Block until a line containing `needle` arrives; return it."""
        deadline = time.monotonic() + (limit or self.limit)
        while True:
            try:
                line = q.get(timeout=max(0.0, deadline - time.monotonic()))
            except queue.Empty:
                raise AssertionError(f"no line with {needle!r} in time; stderr: "
                                     f"{self.stderr()[-2000:]!r}") from None
            if line is None:
                raise AssertionError(f"output ended before {needle!r}; stderr: "
                                     f"{self.stderr()[-2000:]!r}")
            if needle in line:
                return line

    def finish(self, limit=None):
        """Wait for the exit (bounded; killed past it); return the exit status."""
        try:
            rc = self.proc.wait(limit or self.limit)
        finally:
            if self.proc.poll() is None:
                self.proc.kill()
                self.proc.wait()
            for thread in self.readers:
                thread.join(self.limit)
            self.proc.stdout.close()
            self.proc.stderr.close()
            if self.proc.stdin is not None:
                self.proc.stdin.close()
        return rc

    def stop(self, signum):
        """Send `signum` and wait for the exit; return the exit status."""
        if self.proc.poll() is None:
            self.proc.send_signal(signum)
        return self.finish()

    def stdout(self):
        return b"".join(self.out_lines)

    def stderr(self):
        return b"".join(self.err_lines)
