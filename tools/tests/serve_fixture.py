"""`sse serve` started by a test on 127.0.0.1 (an ephemeral port), and the other
real clients the serve/publish/browser tests talk to it with: `sse publish`,
`sse listen` and `curl -N`.

Every helper takes the path of the `sse` binary from `SSE`, set by the test's main.
"""
import json
import os
import signal
import subprocess
import sys
import unittest
import urllib.parse
import urllib.request

from live_process import LIMIT, LiveProcess

SSE = None  # the sse binary, set by each test's main
TOKEN = "test-token-0123456789"


class Hub:
    """`sse serve --listen 127.0.0.1:0 ARGS...`, its endpoint lines read."""

    def __init__(self, *args, token=TOKEN):
        argv = [SSE, "serve", "--listen", "127.0.0.1:0", *args]
        given = any(a.startswith("--publish-token") for a in args) or "--no-publish" in args
        if token is not None and not given:
            argv += ["--publish-token", token]
        self.token = token if not given else None
        self.live = LiveProcess(argv)
        self.endpoints = {}
        # serve prints its endpoint lines at once and flushes: events first, then
        # publish (unless --no-publish), token (a random one only), demo (--demo).
        expected = {"events"}
        if "--no-publish" not in args:
            expected.add("publish")
        if "--no-publish" not in args and token is None and not given:
            expected.add("token")
        if "--demo" in args:
            expected.add("demo")
        while not expected <= self.endpoints.keys():
            line = self.live.wait_for(self.live.out, b": ").decode()
            name, value = line.rstrip("\n").split(": ", 1)
            self.endpoints[name] = value
        if "token" in self.endpoints:
            self.token = self.endpoints["token"]
        self.events_url = self.endpoints["events"]
        self.publish_url = self.endpoints.get("publish")
        self.base = "/".join(self.events_url.split("/")[:3])  # scheme://host:port
        self.port = int(self.base.rsplit(":", 1)[1])

    def subscribe_url(self, *topics, last_event_id=None):
        query = "&".join(f"topic={t}" for t in topics)
        if last_event_id is not None:
            query += f"&lastEventId={last_event_id}"
        return f"{self.events_url}?{query}"

    def publish(self, data, *args, topics=("demo",), check=True):
        """`sse publish` one event; return its id (check) or the CompletedProcess."""
        argv = [SSE, "publish", self.publish_url]
        for topic in topics:
            argv += ["--topic", topic]
        if self.token is not None:
            argv += ["--token", self.token]
        proc = subprocess.run([*argv, *args, "--", data], capture_output=True, timeout=LIMIT)
        if not check:
            return proc
        if proc.returncode != 0:
            raise AssertionError(f"sse publish exit {proc.returncode}: {proc.stderr!r}")
        return proc.stdout.decode().strip()

    def post(self, data, topic="demo"):
        """Publish with a plain POST, as `sse publish` does but without starting a
        process: for the tests that publish hundreds of events. Return the id."""
        body = urllib.parse.urlencode({"topic": topic, "data": data}).encode()
        request = urllib.request.Request(self.publish_url, data=body, headers={
            "Authorization": f"Bearer {self.token}",
            "Content-Type": "application/x-www-form-urlencoded"})
        with urllib.request.urlopen(request, timeout=LIMIT) as reply:
            return json.load(reply)["id"]

    def stop(self, signum=signal.SIGTERM):
        return self.live.stop(signum)

    def __enter__(self):
        return self

    def __exit__(self, exc_type, *exc):
        # A clean stop exits 0; anything else (a crash, a sanitizer's report at exit)
        # fails the test that used the hub.
        rc = self.stop()
        if exc_type is None and rc != 0:
            raise AssertionError(f"sse serve exit {rc}: {self.live.stderr()[-3000:]!r}")


class Listener(LiveProcess):
    """`sse listen URL --format json ARGS...`, connected when constructed."""

    def __init__(self, url, *args):
        super().__init__([SSE, "listen", url, "--format", "json", *args])
        self.wait_for(self.err, b"sse: connected")

    def next_item(self):
        """The next JSON line on stdout."""
        return json.loads(self.wait_for(self.out, b"{"))

    def events(self, count):
        return [self.next_item() for _ in range(count)]


def json_lines(data):
    text = data.decode("utf-8")
    return [json.loads(line) for line in text.split("\n") if line]


def main():
    """The tests' entry point: `test_X.py PATH_TO_SSE [...]`; the caller's module
    takes any further arguments before calling it."""
    global SSE
    SSE = os.path.abspath(sys.argv.pop(1))
    unittest.main(module="__main__", verbosity=2)
