#!/usr/bin/env python3
"""Black-box tests of `sse publish` (meson suites `cli` and `script`).

Usage: test_publish.py PATH_TO_SSE

`sse publish` talks to a real `sse serve` on 127.0.0.1; what it published is checked
with a real `sse listen`. Waits are on events; the timeouts are upper bounds only.
"""
import os
import signal
import socket
import subprocess
import sys
import tempfile
import unittest
from pathlib import Path

import serve_fixture
from live_process import LIMIT
from serve_fixture import Hub, Listener


def publish(*args, stdin=b""):
    return subprocess.run([serve_fixture.SSE, "publish", *args], input=stdin,
                          capture_output=True, timeout=LIMIT)


def refused_url():
    """A URL on a port nobody listens on: bind an ephemeral port, then free it."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    return f"http://127.0.0.1:{port}/publish"


class Hubbed(unittest.TestCase):
    """Each test gets a hub and a listener of topic "demo"."""

    def setUp(self):
        self.hub = Hub()
        self.listener = Listener(self.hub.subscribe_url("demo"))

    def tearDown(self):
        self.listener.stop(signal.SIGINT)
        self.hub.stop()

    def publish(self, *args, stdin=b""):
        return publish(self.hub.publish_url, "--topic", "demo", "--token", self.hub.token,
                       *args, stdin=stdin)


class Published(Hubbed):
    def test_prints_the_assigned_id_which_is_the_events_id(self):
        proc = self.publish("hello")
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertEqual(proc.stderr, b"")
        event_id = proc.stdout.decode()
        self.assertRegex(event_id, r"^\S+\n$")
        self.assertEqual(self.listener.next_item(),
                         {"type": "message", "data": "hello", "id": event_id.strip()})

    def test_type_id_and_retry_travel_with_the_event(self):
        proc = self.publish("--type", "greet", "--id", "chosen", "--retry", "2500", "hi")
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertEqual(proc.stdout, b"chosen\n")
        self.assertEqual(self.listener.events(2), [
            {"retry": 2500},
            {"type": "greet", "data": "hi", "id": "chosen"},
        ])

    def test_dash_reads_the_data_from_stdin_without_its_final_line_end(self):
        proc = self.publish("-", stdin="first\nsecond \u00e9\n".encode())
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertEqual(self.listener.next_item()["data"], "first\nsecond \u00e9")

    def test_characters_that_need_encoding_arrive_unchanged(self):
        data = "a&b=c+d%20 e\r\nline two; \u2603 \"quoted\""
        proc = self.publish("--", data)
        self.assertEqual(proc.returncode, 0, proc.stderr)
        # CRLF is a line end: the listener gets the lines joined with LF.
        self.assertEqual(self.listener.next_item()["data"], data.replace("\r\n", "\n"))

    def test_unwritable_stdout_exits_1_after_publishing(self):
        with open("/dev/full", "wb") as full:
            proc = subprocess.run([serve_fixture.SSE, "publish", self.hub.publish_url,
                                   "--topic", "demo", "--token", self.hub.token, "x"],
                                  stdout=full, stderr=subprocess.PIPE, timeout=LIMIT)
        self.assertEqual(proc.returncode, 1)
        self.assertIn(b"cannot write output", proc.stderr)
        self.assertEqual(self.listener.next_item()["data"], "x")  # it was published

    def test_token_file(self):
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "token")
            Path(path).write_text(self.hub.token + "\n")
            proc = publish(self.hub.publish_url, "--topic", "demo", "--token-file", path, "x")
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertEqual(self.listener.next_item()["data"], "x")


class Refused(Hubbed):
    def assert_refused(self, proc, *mentions):
        self.assertEqual(proc.returncode, 1, proc.stderr)
        self.assertEqual(proc.stdout, b"")
        for text in mentions:
            self.assertIn(text.encode(), proc.stderr)
        # Nothing was published: the next event is the first the listener sees.
        marker = self.hub.publish("marker")
        self.assertEqual(self.listener.next_item()["id"], marker)

    def test_wrong_token_exits_1_with_the_servers_message(self):
        proc = publish(self.hub.publish_url, "--topic", "demo", "--token", "wrong", "x")
        self.assert_refused(proc, "sse: refused: HTTP 401")

    def test_missing_token_exits_1(self):
        proc = publish(self.hub.publish_url, "--topic", "demo", "x")
        self.assert_refused(proc, "HTTP 401")

    def test_an_invalid_event_is_refused_with_the_servers_message(self):
        self.hub.publish("first", "--id", "taken")
        self.assertEqual(self.listener.next_item()["id"], "taken")
        proc = self.publish("--id", "taken", "again")  # an id still in the history
        self.assert_refused(proc, "sse: refused: HTTP 4")
        self.assertGreater(len(proc.stderr.decode().split("HTTP 4", 1)[1].strip()), 5)

    def test_an_unreachable_server_exits_1(self):
        proc = publish(refused_url(), "--topic", "demo", "--token", "t", "x")
        self.assertEqual(proc.returncode, 1, proc.stderr)
        self.assertIn(b"cannot publish to", proc.stderr)


class UsageErrors(unittest.TestCase):
    """Exit 2 before anything is sent: the URL points at a port nobody listens on,
    so an attempt would have exited 1."""

    def assert_usage_error(self, *args, mentions, stdin=b""):
        proc = publish(*args, stdin=stdin)
        self.assertEqual(proc.returncode, 2, proc.stderr)
        self.assertIn(mentions.encode(), proc.stderr)
        self.assertIn(b"Try 'sse --help'", proc.stderr)
        self.assertEqual(proc.stdout, b"")

    def test_missing_parts(self):
        url = refused_url()
        cases = [
            ((), "publish needs a URL"),
            (("--topic", "t", "x"), "invalid URL 'x'"),
            ((url, "x"), "publish needs --topic"),
            ((url, "--topic", "t"), "publish needs the data"),
            ((url, "--topic", "t", "a", "b"), "takes one DATA operand"),
        ]
        for args, mentions in cases:
            with self.subTest(args=args):
                self.assert_usage_error(*args, mentions=mentions)

    def test_bad_values(self):
        url = refused_url()
        cases = [
            (("ftp://host/p",), "invalid URL"),
            (("--topic", ""), "invalid topic"),
            (("--topic", "a\nb"), "invalid topic"),
            (("--type", "a\rb"), "invalid type"),
            (("--id", "a\nb"), "invalid id"),
            (("--id", ""), "invalid id"),
            (("--retry", "soon"), "invalid retry time"),
            (("--retry", "-5"), "invalid retry time"),
            (("--timeout", "0"), "invalid timeout"),
            (("--token", "has space"), "invalid --token"),
            (("--token", "a", "--token-file", "f"), "not both"),
            (("--frobnicate",), "unknown option"),
        ]
        for extra, mentions in cases:
            with self.subTest(args=extra):
                args = [url, "--topic", "t", *extra, "data"]
                if extra[0] == "ftp://host/p":
                    args = ["ftp://host/p", "--topic", "t", "data"]
                self.assert_usage_error(*args, mentions=mentions)

    def test_a_token_file_without_a_token(self):
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "token")
            Path(path).write_text("\n")
            self.assert_usage_error(refused_url(), "--topic", "t", "--token-file", path, "x",
                                    mentions="does not hold a token")

    def test_an_unreadable_token_file_exits_1(self):
        proc = publish(refused_url(), "--topic", "t", "--token-file", "/nonexistent/x", "x")
        self.assertEqual(proc.returncode, 1, proc.stderr)
        self.assertIn(b"cannot open '/nonexistent/x'", proc.stderr)

    def test_help_exits_0_on_stdout(self):
        proc = publish("--help")
        self.assertEqual(proc.returncode, 0)
        self.assertIn(b"Usage: sse publish", proc.stdout)


if __name__ == "__main__":
    serve_fixture.main()
