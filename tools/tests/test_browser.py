#!/usr/bin/env python3
"""`sse serve` with the clients of the web: npm `eventsource` under Node, and the
`--demo` page in headless Chromium (Debian's `chromium`, driven by npm
`puppeteer-core`). Meson suites `cli` and `script`.

Usage: test_browser.py PATH_TO_SSE NODE_DIR

The npm packages (versions pinned in browser/package.json) are installed by this test
into NODE_DIR (in the build directory) with `npm install --prefix`; a failed install
or a missing browser fails the test, it is never skipped.

How the server drops a client: the client stops reading (the node client's body
reader is paused; the browser's page is paused in the debugger), events are published
until its socket and the server's output buffer are full and its subscriber queue
overflows: `--slow-policy disconnect` closes it. Once the client reads again it gets
what was buffered, then the end of the stream, reconnects after the `--retry` hint
with Last-Event-ID, and the history replays what it missed. Every published event
must arrive exactly once and in order.
"""
import json
import os
import shutil
import subprocess
import sys
import time
import unittest
from pathlib import Path

import serve_fixture
from live_process import LiveProcess
from serve_fixture import Hub

HERE = Path(__file__).resolve().parent
BROWSER = HERE / "browser"
NODE_DIR = None  # set from argv
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
LIMIT = 40  # seconds: a browser start on a loaded machine is slow; an upper bound only

# Loopback socket buffers grow to a few MB, and each client buffers more of its own:
# the stall publishes STALL_EVENTS x STALL_BYTES (about 18 MB) to overflow them all,
# with a history that holds all of it.
STALL_EVENTS = 300
STALL_BYTES = 60000
DROP_OPTIONS = ("--slow-policy", "disconnect", "--queue-bytes", "65536", "--retry", "300",
                "--history", "100000", "--history-bytes", str(512 << 20))


def stall_events():
    """Distinct big events: each starts with its number."""
    return [f"{i:06d}" + "x" * (STALL_BYTES - 6) for i in range(STALL_EVENTS)]


def installed_version(package):
    path = Path(NODE_DIR) / "node_modules" / package / "package.json"
    try:
        return json.loads(path.read_text())["version"]
    except (OSError, ValueError, KeyError):
        return None


def setUpModule():
    """npm install the pinned packages into NODE_DIR, unless they are already there."""
    wanted = json.loads((BROWSER / "package.json").read_text())["dependencies"]
    if all(installed_version(p) == v for p, v in wanted.items()):
        return
    os.makedirs(NODE_DIR, exist_ok=True)
    shutil.copy(BROWSER / "package.json", Path(NODE_DIR) / "package.json")
    npm = shutil.which("npm")
    if npm is None:
        raise RuntimeError("npm is needed to install eventsource and puppeteer-core")
    proc = subprocess.run([npm, "install", "--prefix", NODE_DIR, "--no-audit", "--no-fund",
                           "--loglevel=error"], capture_output=True, timeout=300,
                          env={**os.environ, "PUPPETEER_SKIP_DOWNLOAD": "1"})
    if proc.returncode != 0:
        raise RuntimeError(f"npm install failed:\n{proc.stderr.decode(errors='replace')}")
    for package, version in wanted.items():
        if installed_version(package) != version:
            raise RuntimeError(f"npm did not install {package} {version}")


def node(script, *args):
    """A node script of browser/ resolving its packages from NODE_DIR; it runs
    until its stdin closes."""
    env = {**os.environ, "CHROMIUM": CHROMIUM}
    # ESM imports resolve from the script's folder up: run a copy placed next to
    # node_modules.
    target = Path(NODE_DIR) / script
    shutil.copy(BROWSER / script, target)
    return LiveProcess(["node", str(target), *args], limit=LIMIT, env=env,
                       stdin=subprocess.PIPE)


def command(client, line):
    """One command line to a node script (pause, resume)."""
    client.proc.stdin.write(line.encode() + b"\n")
    client.proc.stdin.flush()


class NodeEventSource(unittest.TestCase):
    def records(self, client):
        return [json.loads(line) for line in client.out_lines]

    def next_record(self, client, needle):
        return json.loads(client.wait_for(client.out, needle))

    def test_receives_published_events(self):
        with Hub() as hub:
            client = node("eventsource_client.mjs", hub.subscribe_url("news"), "greet")
            self.next_record(client, b'"open"')
            ids = [hub.publish("plain", topics=("news",)),
                   hub.publish("a\nb", "--type", "greet", topics=("news",))]
            self.assertEqual(self.next_record(client, b'"data"'),
                             {"type": "message", "id": ids[0], "data": "plain"})
            self.assertEqual(self.next_record(client, b'"data"'),
                             {"type": "greet", "id": ids[1], "data": "a\nb"})
            client.proc.stdin.close()
            self.assertEqual(client.finish(), 0, client.stderr())

    def test_resumes_with_last_event_id_after_the_server_drops_it(self):
        with Hub(*DROP_OPTIONS) as hub:
            client = node("eventsource_client.mjs", hub.subscribe_url("news"))
            self.next_record(client, b'"open"')
            before = [hub.publish("one", topics=("news",))]
            self.next_record(client, before[-1].encode())
            command(client, "pause")
            self.next_record(client, b'"paused":true')
            stalled = [hub.post(data, "news") for data in stall_events()]
            command(client, "resume")
            self.next_record(client, b'"open":2')
            after = [hub.publish("after", topics=("news",))]
            self.next_record(client, after[-1].encode())
            client.proc.stdin.close()
            self.assertEqual(client.finish(), 0, client.stderr())

            records = self.records(client)
            received = [r["id"] for r in records if "data" in r]
            self.assertEqual(received, before + stalled + after)
            # Every request after the first resumed from the last event received before
            # it (a replay still queued when "after" was published may be dropped
            # again: the policy at work, and the client resumes again).
            last_id, resumed_from = None, []
            for record in records:
                if "request" in record:
                    self.assertEqual(record["last_event_id"], last_id)
                    resumed_from.append(last_id)
                elif "data" in record:
                    last_id = record["id"]
            self.assertGreaterEqual(len(resumed_from), 2, "no reconnection")
            # The first drop came in mid-stall: the rest of it came from the history.
            self.assertIn(resumed_from[1], stalled[:-1])


class ChromiumDemoPage(unittest.TestCase):
    def setUp(self):
        if not os.access(CHROMIUM, os.X_OK):
            self.fail(f"no browser at {CHROMIUM} (Debian's chromium package)")

    def wait_view(self, page, condition, what):
        """The first snapshot of the page for which condition(view) holds."""
        deadline = time.monotonic() + LIMIT
        while time.monotonic() < deadline:
            line = page.wait_for(page.out, b"{", limit=deadline - time.monotonic())
            view = json.loads(line)
            if "page_error" in view or "console_error" in view:
                if "console_error" in view and "EventSource" in view["console_error"]:
                    continue  # Chromium logs the dropped stream; that is the test
                self.fail(f"the page failed: {view}")
            if "ids" in view and condition(view):
                return view
        self.fail(f"the page never showed {what}")

    def test_the_demo_page_shows_events_and_resumes_without_loss_after_a_drop(self):
        screenshot = os.environ.get("SSE_DEMO_SCREENSHOT")
        with Hub("--demo", *DROP_OPTIONS) as hub:
            page = node("demo_page.mjs", hub.endpoints["demo"] + "?topic=news&types=greet",
                        *([screenshot] if screenshot else []))
            self.wait_view(page, lambda v: v["state"] == "open", "an open connection")
            before = [hub.publish("one", topics=("news",)),
                      hub.publish("two <b>not bold</b>", "--type", "greet", topics=("news",))]
            view = self.wait_view(page, lambda v: len(v["ids"]) == 2, "two events")
            # Untrusted data is shown as text, never as markup.
            self.assertEqual(view["last"], ["greet", before[1], "two <b>not bold</b>"])
            self.assertFalse(view["markup"])

            command(page, "pause")
            page.wait_for(page.out, b'"paused":true')
            stalled = [hub.post(data, "news") for data in stall_events()]
            command(page, "resume")
            page.wait_for(page.out, b'"paused":false')
            self.wait_view(page, lambda v: v["opens"] >= 2 and v["state"] == "open",
                           "a second connection")
            after = [hub.publish("after the drop", topics=("news",))]
            expected = before + stalled + after
            view = self.wait_view(page, lambda v: v["ids"][-1:] == after, "every event")
            self.assertEqual(view["ids"], expected)  # each exactly once, in order
            self.assertEqual(view["last"], ["message", after[0], "after the drop"])
            page.proc.stdin.close()
            self.assertEqual(page.finish(), 0, page.stderr())


if __name__ == "__main__":
    NODE_DIR = os.path.abspath(sys.argv.pop(2))
    serve_fixture.main()
