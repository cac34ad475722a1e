"""bench/publisher/loadgen.c from Python: one generator process holding a hub's
subscriber connections, asked for its figures between publish steps."""
import subprocess

from hubs import raise_nofile, result_line

SETTLE_QUIET_MS = 10000  # a step ends when nothing arrived for this long


class LoadGenerator:
    def __init__(self, exe, hub, connections, topics):
        self.proc = subprocess.Popen([str(exe), hub.addr, hub.sub_template, str(connections),
                                      str(topics)], stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, text=True,
                                     preexec_fn=raise_nofile)
        line = self.proc.stdout.readline()
        self.connected = result_line(line, "connected")

    def ask(self, command, answer):
        self.proc.stdin.write(command + "\n")
        self.proc.stdin.flush()
        line = self.proc.stdout.readline()
        if not line:
            raise RuntimeError(f"load generator exited (status {self.proc.poll()})")
        return line if answer is None else result_line(line, answer)

    def reset(self):
        if self.ask("reset", None).strip() != "ok":
            raise RuntimeError("load generator did not reset")

    def stats(self):
        return self.ask("stats", "stats")

    def settle(self, published):
        """Waits until every connection has every event of its topic among indices
        [0, published), or deliveries stop; the figures since the last reset, with
        `lost` counting the events still missing (over all steps since the start)."""
        return self.ask(f"settle {published} {SETTLE_QUIET_MS}", "stats")

    def stop(self):
        if self.proc.poll() is None:
            try:
                self.proc.stdin.write("quit\n")
                self.proc.stdin.close()
                self.proc.wait(timeout=30)
            except (BrokenPipeError, subprocess.TimeoutExpired):
                self.proc.kill()
                self.proc.wait()
