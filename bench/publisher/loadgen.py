"""bench/publisher/loadgen.c from Python: one generator process holding a hub's
subscriber connections, asked for its figures between publish steps."""
from hubs import cpu_seconds
from line_process import LineProcess, result_line

SETTLE_QUIET_MS = 10000  # a step ends when nothing arrived for this long


class LoadGenerator(LineProcess):
    def __init__(self, exe, hub, connections, topics):
        super().__init__("load generator", [str(exe), hub.addr, hub.sub_template,
                                            str(connections), str(topics)])
        self.connected = result_line(self.read_line(), "connected")

    def cpu_seconds(self):
        return cpu_seconds([self.proc.pid])

    def reset(self):
        if self.ask("reset").strip() != "ok":
            raise RuntimeError("load generator did not reset")

    def stats(self):
        return self.ask("stats", "stats")

    def settle(self, published):
        """Waits until every connection has every event of its topic among indices
        [0, published), or deliveries stop; the figures since the last reset, with
        `lost` counting the events still missing (over all steps since the start)."""
        return self.ask(f"settle {published} {SETTLE_QUIET_MS}", "stats")
