#!/usr/bin/env python3
"""Black-box tests of `sse listen` against the fault-injecting test server
(meson suites `cli` and `client`).

Usage: test_listen.py PATH_TO_SSE

Every test runs the real binary against tests/server/sse_test_server.py on an
ephemeral 127.0.0.1 port and checks what a script would see (stdout, stderr, exit
status) plus what reached the server (its request log). Rule numbers (M.., H..)
refer to docs/protocol.md. Waits are on events (a line of output, the
process exit); the timeouts are only upper bounds.
"""
import json
import os
import re
import signal
import socket
import ssl
import subprocess
import sys
import tempfile
import time
import unittest
import urllib.request
import uuid
from pathlib import Path

from live_process import LiveProcess

HERE = Path(__file__).resolve().parent
SERVER = HERE.parent.parent / "tests" / "server" / "sse_test_server.py"
LIMIT = 20  # seconds: upper bound for any one run, never a synchronisation device

SSE = None  # set from argv in main


class TestServer:
    """One sse_test_server.py process; stopped by closing its stdin."""

    def __init__(self, *args):
        self.proc = subprocess.Popen([sys.executable, str(SERVER), *args],
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE)
        line = self.proc.stdout.readline()
        if not line:
            self.proc.wait(LIMIT)
            raise RuntimeError(f"test server did not start (exit {self.proc.returncode})")
        self.info = json.loads(line)
        self.base = f"{self.info['scheme']}://127.0.0.1:{self.info['port']}"

    def stop(self):
        self.proc.stdin.close()
        try:
            self.proc.wait(LIMIT)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        self.proc.stdout.close()


PLAIN = None  # the http:// server shared by every test; TLS tests start their own


def setUpModule():
    global PLAIN
    PLAIN = TestServer()


def tearDownModule():
    PLAIN.stop()


def new_sid():
    return uuid.uuid4().hex[:12]


def script(sid, responses, server=None):
    """Install the responses for /s/<sid> (POST /_script/<sid>)."""
    base = (server or PLAIN).base
    request = urllib.request.Request(f"{base}/_script/{sid}",
                                     data=json.dumps(responses).encode(), method="POST",
                                     headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=LIMIT, context=_insecure_context()) as r:
        assert json.load(r) == {"ok": True}
    return f"{base}/s/{sid}"


def request_log(sid, server=None):
    base = (server or PLAIN).base
    with urllib.request.urlopen(f"{base}/_log/{sid}", timeout=LIMIT,
                                context=_insecure_context()) as r:
        return json.load(r)


def _insecure_context():
    """The TLS server's control endpoints are on the same port; trust them as is."""
    return ssl._create_unverified_context()


def header(entry, name):
    """The value of request header `name` in a log entry, or None."""
    values = [v for n, v in entry["headers"] if n.lower() == name.lower()]
    return values[0] if values else None


def scenario(name):
    """A fresh session of a named scenario: (url, sid)."""
    sid = new_sid()
    return f"{PLAIN.base}/scenario/{name}/{sid}", sid


def refused_url():
    """A URL on a port nobody listens on: bind an ephemeral port, then free it."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    return f"http://127.0.0.1:{port}/nothing"


def listen(*args):
    return subprocess.run([SSE, "listen", *args], capture_output=True, timeout=LIMIT)


def json_lines(stdout):
    text = stdout.decode("utf-8")
    assert text.endswith("\n"), f"output must end with a newline: {text!r}"
    return [json.loads(line) for line in text.split("\n")[:-1]]


def status_lines(stderr):
    return stderr.decode("utf-8", errors="replace").splitlines()


RECONNECTING = re.compile(r"^sse: reconnecting in (\d+) ms: (.*)$")


def reconnect_delays(stderr, why_prefix=""):
    """The delays of the `reconnecting in N ms: WHY` lines whose WHY starts so."""
    delays = []
    for line in status_lines(stderr):
        m = RECONNECTING.match(line)
        if m and m.group(2).startswith(why_prefix):
            delays.append(int(m.group(1)))
    return delays


class LiveListen(LiveProcess):
    """`sse listen` left running: its stdout and stderr lines arrive on queues."""

    def __init__(self, *args):
        super().__init__([SSE, "listen", *args], limit=LIMIT)


class Output(unittest.TestCase):
    def test_basic_json_lines_then_the_end_record(self):  # M5 M6 M11, P
        url, sid = scenario("basic")
        proc = listen(url, "--retry", "10")
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertEqual(json_lines(proc.stdout), [
            {"type": "message", "data": "hello", "id": "1"},
            {"type": "greet", "data": "a\nb", "id": "1"},
            {"last_event_id": "1"},
        ])

    def test_basic_text_output_is_what_sse_parse_prints_for_the_same_stream(self):
        url, _ = scenario("basic")
        proc = listen(url, "--retry", "10", "--format", "text")
        self.assertEqual(proc.returncode, 0, proc.stderr)
        body = b"id: 1\ndata: hello\n\nevent: greet\ndata: a\ndata: b\n\n"
        parsed = subprocess.run([SSE, "parse", "--format", "text"], input=body,
                                capture_output=True, timeout=LIMIT)
        self.assertEqual(parsed.returncode, 0, parsed.stderr)
        self.assertEqual(proc.stdout, parsed.stdout)
        self.assertIn(b"event: greet\nid: 1\n  a\n  b\n\n", proc.stdout)

    def test_retry_field_is_printed_and_sets_the_reconnection_time(self):  # M10
        url, _ = scenario("retry-then-204")
        proc = listen(url, "--retry", "5")
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertEqual(json_lines(proc.stdout), [
            {"retry": 50}, {"type": "message", "data": "x", "id": "a"},
            {"last_event_id": "a"}])
        delays = reconnect_delays(proc.stderr)
        self.assertEqual(len(delays), 1, proc.stderr)
        self.assertGreaterEqual(delays[0], 50)  # never below the server's retry

    def test_comments_only_with_the_comments_flag(self):
        sid = new_sid()
        url = script(sid, [{"body": [{"write": ": ping\n\ndata: x\n\n"}]}, {"status": 204}])
        quiet = listen(url, "--retry", "10")
        sid2 = new_sid()
        url2 = script(sid2, [{"body": [{"write": ": ping\n\ndata: x\n\n"}]}, {"status": 204}])
        loud = listen(url2, "--retry", "10", "--comments")
        self.assertEqual((quiet.returncode, loud.returncode), (0, 0), loud.stderr)
        self.assertNotIn({"comment": "ping"}, json_lines(quiet.stdout))
        self.assertEqual(json_lines(loud.stdout)[0], {"comment": "ping"})

    def test_each_event_is_flushed_while_the_stream_is_still_open(self):
        sid = new_sid()
        url = script(sid, [{"body": [{"write": "id: 7\ndata: first\n\n"}, {"stall": True}]}])
        live = LiveListen(url)
        line = live.wait_for(live.out, b"first")  # the stream is still open here
        self.assertEqual(json.loads(line), {"type": "message", "data": "first", "id": "7"})
        live.proc.send_signal(signal.SIGTERM)
        self.assertEqual(live.finish(), 0, live.stderr())
        self.assertEqual(json_lines(live.stdout())[-1], {"last_event_id": "7"})

    def test_a_dropped_event_is_never_printed_and_its_id_not_kept(self):  # M6 P27 H1
        url, sid = scenario("drop-mid-event")
        proc = listen(url, "--retry", "10")
        self.assertEqual(proc.returncode, 0, proc.stderr)
        lines = json_lines(proc.stdout)
        self.assertEqual(lines[0], {"type": "message", "data": "one", "id": "1"})
        echoed = json.loads(lines[1]["data"])
        self.assertEqual(header(echoed, "Last-Event-ID"), "1")
        self.assertEqual(len(lines), 3, lines)
        self.assertNotIn(b"partial", proc.stdout)
        self.assertEqual(len(reconnect_delays(proc.stderr, "connection lost")), 1,
                         proc.stderr)
        self.assertNotIn(b"connection lost: connection lost", proc.stderr)

    def test_unwritable_stdout_exits_1(self):
        url, _ = scenario("basic")
        with open("/dev/full", "wb") as full:
            proc = subprocess.run([SSE, "listen", url, "--retry", "10"], stdout=full,
                                  stderr=subprocess.PIPE, timeout=LIMIT)
        self.assertEqual(proc.returncode, 1)
        self.assertIn(b"cannot write output", proc.stderr)


class Request(unittest.TestCase):
    def test_headers_method_and_body_reach_the_server(self):  # M3
        sid = new_sid()
        url = script(sid, [{"status": 204}])
        proc = listen(url, "-H", "X-Token: abc", "--header", "X-Spaced:   two words  ",
                      "-X", "PUT", "-d", "the body")
        self.assertEqual(proc.returncode, 0, proc.stderr)
        [entry] = request_log(sid)
        self.assertEqual(entry["method"], "PUT")
        self.assertEqual(entry["body"], "the body")
        self.assertEqual(header(entry, "X-Token"), "abc")
        self.assertEqual(header(entry, "X-Spaced"), "two words")
        self.assertEqual(header(entry, "Accept"), "text/event-stream")
        self.assertIsNone(header(entry, "Last-Event-ID"))  # M3: not on the first request

    def test_data_without_a_method_posts(self):
        sid = new_sid()
        url = script(sid, [{"status": 204}])
        proc = listen(url, "-d", "x=1")
        self.assertEqual(proc.returncode, 0, proc.stderr)
        [entry] = request_log(sid)
        self.assertEqual((entry["method"], entry["body"]), ("POST", "x=1"))

    def test_plain_listen_is_a_get_without_a_body(self):  # M3
        sid = new_sid()
        url = script(sid, [{"status": 204}])
        self.assertEqual(listen(url).returncode, 0)
        [entry] = request_log(sid)
        self.assertEqual((entry["method"], entry["body"]), ("GET", ""))

    def test_last_event_id_is_sent_on_the_first_request(self):  # H1 M11
        sid = new_sid()
        url = script(sid, [{"body": [{"write": "data: no id\n\n"}]}, {"status": 204}])
        proc = listen(url, "--last-event-id", "41 …", "--retry", "10")
        self.assertEqual(proc.returncode, 0, proc.stderr)
        log = request_log(sid)
        self.assertEqual(len(log), 2)
        # H1: UTF-8 on the wire; the log decodes headers as Latin-1.
        sent = [header(entry, "Last-Event-ID").encode("latin-1").decode("utf-8")
                for entry in log]
        self.assertEqual(sent, ["41 …", "41 …"])  # M11: it lasts across reconnections
        self.assertEqual(json_lines(proc.stdout), [
            {"type": "message", "data": "no id", "id": "41 …"},
            {"last_event_id": "41 …"}])

    def test_reconnection_sends_the_last_event_id_of_the_stream(self):  # M7 H1
        url, sid = scenario("basic")
        self.assertEqual(listen(url, "--retry", "10").returncode, 0)
        log = request_log(sid)
        self.assertEqual([header(e, "Last-Event-ID") for e in log], [None, "1"])

    def test_reconnections_go_to_the_url_after_redirects(self):  # M12
        url, sid = scenario("redirect-chain")
        proc = listen(url, "--retry", "10")
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertEqual(json_lines(proc.stdout)[0]["data"], "final")
        final = f"{PLAIN.base}/s/{sid}/final"
        self.assertIn(f"sse: connected (HTTP 200, {final})", status_lines(proc.stderr))
        paths = [e["path"] for e in request_log(sid)]
        self.assertEqual(paths[-1], f"/s/{sid}/final", paths)  # the 204, asked directly
        self.assertEqual(len(paths), 5, paths)


class Reconnection(unittest.TestCase):
    def test_a_clean_end_reconnects_with_a_status_line_each_time(self):  # M6 M7
        sid = new_sid()
        url = script(sid, [{"body": [{"write": "data: one\n\n"}]},
                           {"body": [{"write": "data: two\n\n"}]},
                           {"status": 204}])
        proc = listen(url, "--retry", "20")
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertEqual([line["data"] for line in json_lines(proc.stdout)[:-1]],
                         ["one", "two"])
        lines = status_lines(proc.stderr)
        self.assertEqual(lines.count(f"sse: connected (HTTP 200, {url})"), 2, lines)
        delays = reconnect_delays(proc.stderr, "the server ended the stream")
        self.assertEqual(len(delays), 2, lines)
        self.assertTrue(all(d >= 20 for d in delays), delays)  # M7 step 2
        self.assertEqual(lines[-1], "sse: stopped: HTTP 204 (no content: the server says stop)")
        self.assertEqual(len(request_log(sid)), 3)

    def test_max_attempts_on_a_refused_port_gives_up_with_exit_1(self):  # M4(b)
        proc = listen(refused_url(), "--max-attempts", "2", "--retry", "10")
        self.assertEqual(proc.returncode, 1, proc.stderr)
        lines = status_lines(proc.stderr)
        self.assertEqual(len(reconnect_delays(proc.stderr, "connection failed")), 1, lines)
        self.assertTrue(lines[-1].startswith("sse: giving up: connection failed"), lines)
        self.assertTrue(lines[-1].endswith("(after 2 attempts)"), lines)
        self.assertEqual(json_lines(proc.stdout), [{"last_event_id": ""}])

    def test_drops_resume_after_the_last_event_id_without_gaps_or_repeats(self):  # M11 H1
        sid = new_sid()
        url = script(sid, [{"body": [{"numbered": {"count": 30, "drop_every": 10}}]}])
        proc = listen(url, "--retry", "1")
        self.assertEqual(proc.returncode, 0, proc.stderr)
        lines = json_lines(proc.stdout)
        self.assertEqual([line["data"] for line in lines[:-1]],
                         [str(n) for n in range(1, 31)])
        self.assertEqual(lines[-1], {"last_event_id": "30"})
        sent = [header(entry, "Last-Event-ID") for entry in request_log(sid)]
        self.assertEqual(sent, [None, "10", "20", "30"])  # the partial ids never count
        # One reconnection per drop (the last stream may end cleanly instead).
        self.assertEqual(len(reconnect_delays(proc.stderr)), 3, proc.stderr)
        self.assertGreaterEqual(len(reconnect_delays(proc.stderr, "connection lost")), 2)

    def test_idle_timeout_reconnects_a_stalled_stream(self):
        url, sid = scenario("stall")
        started = time.monotonic()
        proc = listen(url, "--idle-timeout", "300", "--retry", "10", "--comments")
        elapsed = time.monotonic() - started
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertGreaterEqual(elapsed, 0.3)
        self.assertEqual(json_lines(proc.stdout)[0], {"comment": "hi"})
        delays = reconnect_delays(proc.stderr, "no event or comment for 300 ms (idle timeout)")
        self.assertEqual(len(delays), 1, proc.stderr)
        self.assertEqual(len(request_log(sid)), 2)

    def test_read_timeout_reconnects_a_stalled_stream_and_says_so(self):
        url, sid = scenario("stall")
        proc = listen(url, "--read-timeout", "300", "--retry", "10")
        self.assertEqual(proc.returncode, 0, proc.stderr)
        delays = reconnect_delays(proc.stderr, "no byte received for 300 ms (read timeout)")
        self.assertEqual(len(delays), 1, proc.stderr)
        self.assertEqual(len(request_log(sid)), 2)

    def trickle(self, *args):
        """One event dripped a byte every 200 ms (about 2 s), then 204."""
        sid = new_sid()
        url = script(sid, [{"body": [{"drip": "data: slow\n\n", "every_ms": 200}]},
                           {"status": 204}])
        return listen(url, "--retry", "10", *args), sid

    def test_a_trickle_survives_the_read_timeout(self):
        proc, sid = self.trickle("--read-timeout", "500")
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertEqual(json_lines(proc.stdout)[0]["data"], "slow")
        self.assertNotIn("timeout", proc.stderr.decode())

    def test_a_trickle_runs_into_the_idle_timeout_and_the_status_says_which(self):
        proc, sid = self.trickle("--idle-timeout", "500", "--max-attempts", "1")
        self.assertEqual(proc.returncode, 0, proc.stderr)
        delays = reconnect_delays(proc.stderr, "no event or comment for 500 ms (idle timeout)")
        self.assertEqual(len(delays), 1, proc.stderr)
        self.assertNotIn("nothing received", proc.stderr.decode())


class NoReconnect(unittest.TestCase):
    def test_stops_after_a_clean_end_with_exit_0(self):
        url, sid = scenario("basic")
        proc = listen(url, "--no-reconnect")
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertEqual(len(json_lines(proc.stdout)), 3)
        self.assertEqual(status_lines(proc.stderr)[-1],
                         "sse: stopped: the server ended the stream (--no-reconnect)")
        self.assertEqual(reconnect_delays(proc.stderr), [])
        self.assertEqual(len(request_log(sid)), 1)

    def test_a_dropped_stream_stops_with_exit_1(self):
        url, sid = scenario("drop-mid-event")
        proc = listen(url, "--no-reconnect")
        self.assertEqual(proc.returncode, 1, proc.stderr)
        self.assertIn("sse: stopped: connection lost", status_lines(proc.stderr)[-1])
        self.assertEqual(len(request_log(sid)), 1)

    def test_a_refused_connection_stops_at_once_with_exit_1(self):
        proc = listen(refused_url(), "--no-reconnect")
        self.assertEqual(proc.returncode, 1, proc.stderr)
        last = status_lines(proc.stderr)[-1]
        self.assertTrue(last.startswith("sse: stopped: connection failed"), last)
        self.assertEqual(reconnect_delays(proc.stderr), [])


class Stop(unittest.TestCase):
    def test_204_stops_with_exit_0(self):  # M4(c)
        url, sid = scenario("no-content")
        proc = listen(url)
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertEqual(json_lines(proc.stdout), [{"last_event_id": ""}])
        self.assertIn("HTTP 204", status_lines(proc.stderr)[-1])
        self.assertEqual(len(request_log(sid)), 1)

    def test_404_stops_with_exit_1_naming_the_status(self):  # M4(c)
        url, sid = scenario("not-found")
        proc = listen(url, "--retry", "10")
        self.assertEqual(proc.returncode, 1, proc.stderr)
        self.assertEqual(status_lines(proc.stderr), ["sse: stopped: HTTP 404: missing"])
        self.assertEqual(len(request_log(sid)), 1)  # failing means never reconnecting

    def test_wrong_content_type_stops_with_exit_1(self):  # M4(d)
        url, sid = scenario("wrong-type")
        proc = listen(url, "--retry", "10")
        self.assertEqual(proc.returncode, 1, proc.stderr)
        self.assertIn("text/html", status_lines(proc.stderr)[-1])
        self.assertEqual(len(request_log(sid)), 1)


class Signals(unittest.TestCase):
    def interrupt_a_stalled_stream(self, signum, name):  # M9
        url, sid = scenario("stall")
        live = LiveListen(url, "--comments")
        live.wait_for(live.err, b"sse: connected")
        live.wait_for(live.out, b'{"comment":"hi"}')
        sent = time.monotonic()
        live.proc.send_signal(signum)
        rc = live.finish()
        elapsed = time.monotonic() - sent
        self.assertEqual(rc, 0, live.stderr())
        self.assertLess(elapsed, 1.0)
        self.assertEqual(status_lines(live.stderr())[-1],
                         f"sse: stopped: interrupted ({name})")
        self.assertEqual(json_lines(live.stdout())[-1], {"last_event_id": ""})
        self.assertEqual(len(request_log(sid)), 1)

    def test_sigint_exits_0_within_a_second(self):
        self.interrupt_a_stalled_stream(signal.SIGINT, "SIGINT")

    def test_sigterm_exits_0_within_a_second(self):
        self.interrupt_a_stalled_stream(signal.SIGTERM, "SIGTERM")

    def test_sigint_while_waiting_to_reconnect_exits_0(self):  # M9: no pending reconnect
        live = LiveListen(refused_url(), "--retry", "60000")
        live.wait_for(live.err, b"sse: reconnecting in")
        sent = time.monotonic()
        live.proc.send_signal(signal.SIGINT)
        self.assertEqual(live.finish(), 0, live.stderr())
        self.assertLess(time.monotonic() - sent, 1.0)


class Tls(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        cls.server = TestServer("--tls", cls.tmp.name)

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()
        cls.tmp.cleanup()

    def basic_url(self):
        sid = new_sid()
        return f"{self.server.base}/scenario/basic/{sid}", sid

    def test_insecure_accepts_the_untrusted_certificate(self):
        url, sid = self.basic_url()
        proc = listen(url, "--insecure", "--retry", "10")
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertEqual(json_lines(proc.stdout)[-1], {"last_event_id": "1"})
        self.assertEqual(len(request_log(sid, self.server)), 2)

    def test_without_insecure_the_certificate_is_refused(self):  # M4(b)
        url, sid = self.basic_url()
        proc = listen(url, "--max-attempts", "1")
        self.assertEqual(proc.returncode, 1, proc.stderr)
        self.assertIn("sse: giving up: TLS failed", status_lines(proc.stderr)[-1])
        self.assertEqual(request_log(sid, self.server), [])

    def test_ca_file_trusts_the_servers_ca(self):
        url, _ = self.basic_url()
        proc = listen(url, "--ca-file", self.server.info["ca"], "--retry", "10")
        self.assertEqual(proc.returncode, 0, proc.stderr)

    def test_an_unrelated_ca_file_is_refused(self):
        url, _ = self.basic_url()
        proc = listen(url, "--ca-file", self.server.info["other_ca"], "--no-reconnect")
        self.assertEqual(proc.returncode, 1, proc.stderr)
        self.assertIn("TLS failed", status_lines(proc.stderr)[-1])


class UsageErrors(unittest.TestCase):
    def assert_usage_error(self, *args, mentions):
        proc = listen(*args)
        self.assertEqual(proc.returncode, 2, proc.stderr)
        self.assertEqual(proc.stdout, b"")
        self.assertIn(mentions, proc.stderr.decode())

    def test_missing_url(self):
        self.assert_usage_error(mentions="URL")

    def test_two_urls(self):
        self.assert_usage_error("http://127.0.0.1:1/a", "http://127.0.0.1:1/b",
                                mentions="http://127.0.0.1:1/b")

    def test_header_without_a_colon(self):
        self.assert_usage_error("http://127.0.0.1:1/", "-H", "NoColon", mentions="NoColon")

    def test_last_event_id_header_is_refused(self):  # H2: the client manages it
        self.assert_usage_error("http://127.0.0.1:1/", "-H", "last-event-id: 3",
                                mentions="--last-event-id")

    def test_values_the_library_refuses(self):  # H3: no CR/LF in headers or the id
        for args, mentions in ((["-H", "X-Bad: a\rb"], "X-Bad"),
                               (["--last-event-id", "a\nb"], "last_event_id"),
                               (["-X", "BAD METHOD"], "method")):
            with self.subTest(args=args):
                self.assert_usage_error("http://127.0.0.1:1/", *args, mentions=mentions)

    def test_zero_and_junk_numbers(self):
        for option in ("--retry", "--idle-timeout", "--read-timeout", "--max-attempts"):
            for value in ("0", "-5", "10ms", ""):
                with self.subTest(option=option, value=value):
                    self.assert_usage_error("http://127.0.0.1:1/", option, value,
                                            mentions=value or "invalid")

    def test_unknown_format(self):
        self.assert_usage_error("http://127.0.0.1:1/", "--format", "xml", mentions="xml")

    def test_non_http_url(self):  # M2: nothing is fetched
        self.assert_usage_error("ftp://127.0.0.1/x", mentions="ftp://127.0.0.1/x")

    def test_malformed_urls_exit_2_before_any_attempt(self):  # issue 7
        for url in ("http://[", "http://127.0.0.1:99999/", "http://host:port:1/"):
            with self.subTest(url=url):
                started = time.monotonic()
                self.assert_usage_error(url, mentions=f"'{url}'")
                self.assertLess(time.monotonic() - started, 5)  # no retry loop

    def test_nothing_is_sent_after_a_usage_error(self):
        sid = new_sid()
        url = script(sid, [{"status": 204}])
        proc = listen(url, "--bogus")
        self.assertEqual(proc.returncode, 2)
        self.assertEqual(request_log(sid), [])


class Help(unittest.TestCase):
    def test_listen_help_lists_every_option(self):
        proc = listen("--help")
        self.assertEqual((proc.returncode, proc.stderr), (0, b""))
        text = proc.stdout.decode()
        self.assertIn("sse listen URL", text)
        for option in ("--header", "--method", "--data", "--last-event-id", "--format",
                       "--idle-timeout", "--read-timeout", "--max-attempts", "--no-reconnect", "--insecure",
                       "--comments", "--retry", "--ca-file"):
            self.assertIn(option, text)

    def test_main_help_lists_listen(self):
        proc = subprocess.run([SSE, "--help"], capture_output=True, timeout=LIMIT)
        self.assertEqual(proc.returncode, 0)
        self.assertRegex(proc.stdout.decode(), r"\n  listen +connect to an event stream")
        self.assertIn("sse listen URL", proc.stdout.decode())


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    SSE = os.path.abspath(sys.argv[1])
    unittest.main(argv=[sys.argv[0], "-v"])
