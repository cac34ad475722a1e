#!/usr/bin/env python3
"""Black-box tests of `sse serve` (meson suites `cli` and `script`).

Usage: test_serve.py PATH_TO_SSE

Every test starts the real binary on 127.0.0.1 with an ephemeral port and talks to
it with real clients: our own `sse listen` and `sse publish`, `curl -N`, and plain
sockets for the HTTP details. Waits are on events (a line of output, an exit); the
timeouts are upper bounds only.
"""
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import unittest
import urllib.error
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent.parent / "tests" / "server"))  # test_certs

import serve_fixture  # noqa: E402
from live_process import LIMIT, LiveProcess  # noqa: E402
from serve_fixture import Hub, Listener, json_lines  # noqa: E402


def sse(*args):
    return subprocess.run([serve_fixture.SSE, *args], capture_output=True, timeout=LIMIT)


def get(url, headers=None, method="GET"):
    """(status, headers, body) of one request; HTTP errors are answers too."""
    request = urllib.request.Request(url, headers=headers or {}, method=method)
    try:
        with urllib.request.urlopen(request, timeout=LIMIT) as r:
            return r.status, r.headers, r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.headers, e.read()


class CurlStream(LiveProcess):
    """`curl -N -s -i URL`: the raw response, head and body, line by line.

    curl writes the head to a pipe only with the first bytes of the body, so the
    hubs these tests start send a retry hint (--retry) to every new subscriber."""

    def __init__(self, url, *args):
        super().__init__(["curl", "-N", "-s", "-i", *args, url])


class RoundTrip(unittest.TestCase):
    def test_published_events_reach_sse_listen_with_the_printed_ids(self):
        with Hub() as hub:
            listener = Listener(hub.subscribe_url("demo"))
            ids = [hub.publish("hello"), hub.publish("two\nlines", "--type", "greet"),
                   hub.publish("custom", "--id", "my-id")]
            self.assertEqual(ids[2], "my-id")
            self.assertNotEqual(ids[0], ids[1])
            self.assertEqual(listener.events(3), [
                {"type": "message", "data": "hello", "id": ids[0]},
                {"type": "greet", "data": "two\nlines", "id": ids[1]},
                {"type": "message", "data": "custom", "id": "my-id"},
            ])
            listener.stop(signal.SIGINT)

    def test_curl_receives_the_stream_with_its_headers(self):
        with Hub("--retry", "1000") as hub:
            curl = CurlStream(hub.subscribe_url("demo"))
            curl.wait_for(curl.out, b"200")
            head = []
            while True:
                line = curl.wait_for(curl.out, b"")
                if line in (b"\r\n", b"\n"):
                    break
                head.append(line.decode().strip().lower())
            self.assertIn("content-type: text/event-stream; charset=utf-8", head)
            self.assertIn("cache-control: no-store", head)
            self.assertIn("x-accel-buffering: no", head)
            event_id = hub.publish("via curl")
            curl.wait_for(curl.out, f"id: {event_id}".encode())
            curl.wait_for(curl.out, b"data: via curl")
            curl.stop(signal.SIGTERM)

    def test_a_subscriber_gets_only_its_topics_and_an_event_of_two_of_them_once(self):
        with Hub() as hub:
            listener = Listener(hub.subscribe_url("a", "b"))
            hub.publish("for c only", topics=("c",))
            both = hub.publish("for a and b", topics=("a", "b"))
            only_b = hub.publish("for b", topics=("b", "c"))
            self.assertEqual(listener.events(2), [
                {"type": "message", "data": "for a and b", "id": both},
                {"type": "message", "data": "for b", "id": only_b},
            ])
            listener.stop(signal.SIGINT)
            self.assertEqual(len(json_lines(listener.stdout())), 3)  # + the end record

    def test_tls_round_trip(self):
        import test_certs
        with tempfile.TemporaryDirectory() as tmp:
            certs = test_certs.ensure_certs(tmp)
            with Hub("--tls-cert", certs["server_cert"], "--tls-key", certs["server_key"]) as hub:
                self.assertTrue(hub.events_url.startswith("https://127.0.0.1:"))
                listener = Listener(hub.subscribe_url("demo"), "--ca-file", certs["ca"])
                event_id = hub.publish("secret", "--ca-file", certs["ca"])
                self.assertEqual(listener.next_item(),
                                 {"type": "message", "data": "secret", "id": event_id})
                listener.stop(signal.SIGINT)


class Replay(unittest.TestCase):
    def test_a_listener_resuming_with_last_event_id_gets_what_followed_it(self):
        with Hub("--history", "10") as hub:
            ids = [hub.publish(f"e{i}") for i in range(5)]
            listener = Listener(hub.subscribe_url("demo"), "--last-event-id", ids[1])
            self.assertEqual([e["id"] for e in listener.events(3)], ids[2:])
            later = hub.publish("live")
            self.assertEqual(listener.next_item()["id"], later)
            listener.stop(signal.SIGINT)

    def test_history_length_bounds_the_replay_and_an_expired_id_gets_a_gap_notice(self):
        with Hub("--history", "2") as hub:
            ids = [hub.publish(f"e{i}") for i in range(5)]
            listener = Listener(hub.subscribe_url("demo"), "--last-event-id", ids[0])
            gap, *replayed = listener.events(3)
            self.assertEqual(gap["type"], "sse-gap")
            self.assertIn(ids[0], gap["data"])
            self.assertEqual([e["id"] for e in replayed], ids[3:])
            listener.stop(signal.SIGINT)


class Options(unittest.TestCase):
    def test_keep_alive_comments_arrive_on_a_silent_stream(self):
        with Hub("--keep-alive", "100") as hub:
            listener = Listener(hub.subscribe_url("demo"), "--comments")
            listener.wait_for(listener.out, b'{"comment":')
            listener.stop(signal.SIGINT)

    def test_retry_hint_reaches_new_subscribers(self):
        with Hub("--retry", "1234") as hub:
            listener = Listener(hub.subscribe_url("demo"))
            self.assertEqual(listener.next_item(), {"retry": 1234})
            listener.stop(signal.SIGINT)

    def test_max_connections_refuses_the_next_with_503(self):
        with Hub("--max-connections", "1") as hub:
            listener = Listener(hub.subscribe_url("demo"))
            status, headers, _ = get(hub.subscribe_url("demo"))
            self.assertEqual(status, 503)
            self.assertIsNotNone(headers.get("Retry-After"))
            listener.stop(signal.SIGINT)

    def test_cors_origin_is_echoed_for_an_allowed_origin_only(self):
        with Hub("--cors-origin", "https://app.example", "--no-publish",
                 "--retry", "1000") as hub:
            curl = CurlStream(hub.subscribe_url("demo"), "-H", "Origin: https://app.example")
            line = curl.wait_for(curl.out, b"Access-Control-Allow-Origin")
            self.assertIn(b"https://app.example", line)
            curl.stop(signal.SIGTERM)
            curl = CurlStream(hub.subscribe_url("demo"), "-H", "Origin: https://evil.example")
            curl.wait_for(curl.out, b"retry: 1000")
            curl.stop(signal.SIGTERM)
            self.assertNotIn(b"access-control-allow-origin", curl.stdout().lower())

    def test_no_publish_prints_no_publish_endpoint_and_refuses_posts(self):
        with Hub("--no-publish") as hub:
            self.assertEqual(set(hub.endpoints), {"events"})
            status, _, _ = get(hub.base + "/publish", method="POST")
            self.assertIn(status, (404, 405))

    def test_random_token_is_printed_and_is_the_one_that_works(self):
        with Hub(token=None) as hub:
            self.assertRegex(hub.token, r"^[0-9a-f]{32}$")
            listener = Listener(hub.subscribe_url("demo"))
            event_id = hub.publish("with the printed token")
            self.assertEqual(listener.next_item()["id"], event_id)
            listener.stop(signal.SIGINT)
        with Hub(token=None) as other:
            self.assertNotEqual(other.token, hub.token)

    def test_publish_token_file(self):
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "token")
            Path(path).write_text("from-a-file\n")
            with Hub("--publish-token-file", path) as hub:
                hub.token = "from-a-file"
                self.assertTrue(hub.publish("ok"))
                hub.token = "something-else"
                self.assertEqual(hub.publish("no", check=False).returncode, 1)


class DemoPage(unittest.TestCase):
    def test_demo_serves_the_page_with_the_events_path_filled_in(self):
        with Hub("--demo", "--path", "/stream") as hub:
            self.assertEqual(hub.endpoints["demo"], hub.base + "/")
            status, headers, body = get(hub.endpoints["demo"])
            self.assertEqual(status, 200)
            self.assertTrue(headers["Content-Type"].startswith("text/html"))
            page = body.decode()
            self.assertIn('<meta name="sse-events-path" content="/stream">', page)
            self.assertIn('<meta name="sse-publish-path" content="/publish">', page)
            self.assertIn("new EventSource(", page)
            self.assertNotIn("{{", page)  # every marker filled in
            self.assertNotRegex(page, r"(src|href)=\"https?:")  # no external resource

    def test_without_demo_there_is_no_page(self):
        with Hub() as hub:
            self.assertEqual(get(hub.base + "/")[0], 404)


class Stop(unittest.TestCase):
    def stop_with_a_listener(self, signum, name):
        hub = Hub()
        listener = Listener(hub.subscribe_url("demo"), "--no-reconnect")
        sent = time.monotonic()
        rc = hub.stop(signum)
        elapsed = time.monotonic() - sent
        self.assertEqual(rc, 0, hub.live.stderr())
        self.assertLess(elapsed, 6.0)  # the stop waits at most 5 s for output to flush
        self.assertIn(f"sse: stopped: interrupted ({name})".encode(), hub.live.stderr())
        # The listener's stream ended: a clean end with --no-reconnect exits 0.
        self.assertEqual(listener.finish(), 0, listener.stderr())

    def test_sigterm_stops_within_the_bound_and_ends_the_streams(self):
        self.stop_with_a_listener(signal.SIGTERM, "SIGTERM")

    def test_sigint_stops_too(self):
        self.stop_with_a_listener(signal.SIGINT, "SIGINT")

    def test_unwritable_stdout_exits_1_without_serving(self):
        with open("/dev/full", "wb") as full:
            proc = subprocess.run([serve_fixture.SSE, "serve", "--listen", "127.0.0.1:0"],
                                  stdout=full, stderr=subprocess.PIPE, timeout=LIMIT)
        self.assertEqual(proc.returncode, 1)
        self.assertIn(b"cannot write output", proc.stderr)

    def test_a_port_in_use_fails_with_exit_1(self):
        with socket.socket() as taken:
            taken.bind(("127.0.0.1", 0))
            taken.listen()
            proc = sse("serve", "--listen", f"127.0.0.1:{taken.getsockname()[1]}")
        self.assertEqual(proc.returncode, 1, proc.stderr)
        self.assertIn(b"sse: ", proc.stderr)
        self.assertEqual(proc.stdout, b"")


class UsageErrors(unittest.TestCase):
    def assert_usage_error(self, *args, mentions):
        proc = sse("serve", "--listen", "127.0.0.1:0", *args)
        self.assertEqual(proc.returncode, 2, proc.stderr)
        self.assertIn(mentions.encode(), proc.stderr)
        self.assertIn(b"Try 'sse --help'", proc.stderr)
        self.assertEqual(proc.stdout, b"")

    def test_bad_values(self):
        cases = [
            (("--listen", "nowhere"), "invalid listen address"),
            (("--listen", "127.0.0.1:70000"), "invalid listen address"),
            (("--path", "events"), "invalid --path"),
            (("--publish-path", "/p?x"), "invalid --publish-path"),
            (("--slow-policy", "sometimes"), "unknown slow policy"),
            (("--queue-bytes", "0"), "invalid queue size"),
            (("--history", "-1"), "invalid history length"),
            (("--keep-alive", "soon"), "invalid keep-alive time"),
            (("--max-connections", "0"), "invalid connection limit"),
            (("--publish-token", "two words"), "invalid --publish-token"),
            (("--frobnicate",), "unknown option"),
            (("operand",), "serve takes no operand"),
        ]
        for args, mentions in cases:
            with self.subTest(args=args):
                self.assert_usage_error(*args, mentions=mentions)

    def test_conflicting_options(self):
        cases = [
            (("--publish-token", "a", "--publish-token-file", "f"), "not both"),
            (("--no-publish", "--publish-path", "/p"), "--no-publish excludes"),
            (("--tls-cert", "c.pem"), "go together"),
            (("--path", "/x", "--publish-path", "/x"), "must differ"),
            (("--demo", "--path", "/"), "--demo serves its page at /"),
        ]
        for args, mentions in cases:
            with self.subTest(args=args):
                self.assert_usage_error(*args, mentions=mentions)

    def test_help_exits_0_on_stdout(self):
        proc = sse("serve", "--help")
        self.assertEqual(proc.returncode, 0)
        self.assertIn(b"Usage: sse serve", proc.stdout)


if __name__ == "__main__":
    serve_fixture.main()
