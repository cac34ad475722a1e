"""Self-test: every named scenario of tests/data/client_scenarios.json, request by request.

These are the streams the client tests of every language rely on, so the exact bytes
and statuses are pinned here (rule numbers say what each scenario is for).
"""

import json
import socket
import time

from selftest_case import PlainServerCase
from selftest_support import dechunk, get_log, load_scenarios, new_sid, recv_until

NAMES = {"basic", "drop-mid-event", "retry-then-204", "no-content", "not-found",
         "wrong-type", "unavailable-retry-after", "redirect-chain", "redirect-loop",
         "stall", "slow-drip", "garbage", "oversized", "numbered-10000"}


class ScenarioTest(PlainServerCase):
    def start(self, name):
        """A fresh sid and a function that makes the next request of the scenario."""
        sid = new_sid()

        def request(path=None, headers=()):
            return self.get(path or "/scenario/%s/%s" % (name, sid), headers)
        return sid, request

    def test_file_holds_exactly_the_documented_scenarios(self):
        names = {k for k in load_scenarios() if not k.startswith("_")}
        self.assertEqual(names, NAMES)

    def test_basic_two_events_then_204(self):  # M4 (204 stops), P dispatch
        _, req = self.start("basic")
        self.assertEqual(b"".join(req().chunks()),
                         b"id: 1\ndata: hello\n\nevent: greet\ndata: a\ndata: b\n\n")
        self.assertEqual(req().status, 204)

    def test_drop_mid_event(self):  # M6 reconnect, H1 Last-Event-ID, partial never dispatched
        sid, req = self.start("drop-mid-event")
        first = req()
        chunks, terminated, _ = dechunk(first.body)
        self.assertEqual(b"".join(chunks), b"id: 1\ndata: one\n\nid: 2\ndata: partial")
        self.assertFalse(terminated)
        self.assertIsInstance(first.error, ConnectionResetError)
        second = req(headers=[("Last-Event-ID", "1")])
        (echo,) = second.chunks()
        self.assertIn(["Last-Event-ID", "1"], json.loads(echo[len(b"data: "):])["headers"])
        self.assertEqual(req().status, 204)
        self.assertEqual(len(get_log(self.port, sid)), 3)

    def test_retry_then_204(self):  # M10 retry field
        _, req = self.start("retry-then-204")
        self.assertEqual(b"".join(req().chunks()), b"retry: 50\n\nid: a\ndata: x\n\n")
        self.assertEqual(req().status, 204)

    def test_no_content(self):  # M4(c) 204
        _, req = self.start("no-content")
        for _ in range(2):
            self.assertEqual(req().status, 204)

    def test_not_found(self):  # M4(c) other status
        _, req = self.start("not-found")
        r = req()
        self.assertEqual((r.status, r.header("Content-Type"), r.header("Content-Length"),
                          r.body), (404, "text/plain", "7", b"missing"))

    def test_wrong_type(self):  # M4(d)
        _, req = self.start("wrong-type")
        r = req()
        self.assertEqual((r.status, r.header("Content-Type"), r.body),
                         (200, "text/html", b"<html>"))

    def test_unavailable_retry_after(self):  # retry_statuses + Retry-After
        _, req = self.start("unavailable-retry-after")
        r = req()
        self.assertEqual((r.status, r.header("Retry-After"), r.header("Content-Type")),
                         (503, "1", "text/plain"))
        self.assertTrue(r.body)
        self.assertEqual(req().chunks(), [b"data: recovered\n\n"])
        self.assertEqual(req().status, 204)

    def test_redirect_chain_hops_then_stream_then_204(self):  # M12
        sid, req = self.start("redirect-chain")
        path = "/scenario/redirect-chain/" + sid
        for hop in ("hop2", "hop3", "final"):
            r = req(path)
            self.assertEqual(r.status, 302)
            self.assertEqual(r.header("Location"), "/s/%s/%s" % (sid, hop))
            path = r.header("Location")
        self.assertEqual(req(path).chunks(), [b"data: final\n\n"])
        self.assertEqual(req(path).status, 204)
        self.assertEqual([e["path"] for e in get_log(self.port, sid)],
                         ["/scenario/redirect-chain/" + sid, "/s/%s/hop2" % sid,
                          "/s/%s/hop3" % sid, "/s/%s/final" % sid, "/s/%s/final" % sid])

    def test_redirect_loop_points_at_itself_forever(self):  # M12 redirect limit
        sid, req = self.start("redirect-loop")
        for _ in range(4):
            r = req()
            self.assertEqual(r.status, 302)
            self.assertEqual(r.header("Location"), "/scenario/redirect-loop/" + sid)

    def test_stall_then_204(self):  # idle timeout
        sid, _ = self.start("stall")
        with socket.create_connection(("127.0.0.1", self.port), timeout=10) as sock:
            sock.sendall(b"GET /scenario/stall/%s HTTP/1.1\r\nHost: x\r\n\r\n" % sid.encode())
            recv_until(sock, b"6\r\n: hi\n\n\r\n")
            sock.settimeout(0.3)
            with self.assertRaises(socket.timeout):
                sock.recv(4096)
        self.assertEqual(self.get("/s/" + sid).status, 204)

    def test_slow_drip(self):
        _, req = self.start("slow-drip")
        r = req()
        self.assertEqual(r.chunks(), [bytes([b]) for b in b"data: drip\n\n"])
        self.assertGreaterEqual(r.elapsed, 0.020 * 11)
        self.assertEqual(req().status, 204)

    def test_garbage(self):  # P1 decoding, unknown fields ignored
        _, req = self.start("garbage")
        self.assertEqual(b"".join(req().chunks()),
                         b"\x00\xff\xfe\r\n\xc3(\n\ndata: ok\n\n")
        self.assertEqual(req().status, 204)

    def test_oversized(self):  # max_event_bytes skip (on_error)
        _, req = self.start("oversized")
        body = b"".join(req().chunks())
        big, small = body[:-len(b"data: small\n\n")], body[-len(b"data: small\n\n"):]
        self.assertEqual(small, b"data: small\n\n")
        self.assertEqual(big, b"data: " + b"x" * (2 * 1024 * 1024) + b"\n\n")
        self.assertEqual(req().status, 204)

    def test_numbered_10000(self):  # M6 + H1 resume, many drops
        sid, req = self.start("numbered-10000")
        started = time.monotonic()
        first = req()
        chunks, terminated, _ = dechunk(first.body)
        self.assertEqual(len(chunks), 501)
        self.assertEqual(chunks[0], b"id: 1\ndata: 1\n\n")
        self.assertEqual(chunks[499], b"id: 500\ndata: 500\n\n")
        self.assertEqual(chunks[500], b"id: 501\ndata: partial")
        self.assertIsInstance(first.error, ConnectionResetError)
        last = req(headers=[("Last-Event-ID", "9500")])
        chunks = last.chunks()
        self.assertEqual((chunks[0], chunks[-1], len(chunks)),
                         (b"id: 9501\ndata: 9501\n\n", b"id: 10000\ndata: 10000\n\n", 500))
        self.assertEqual(req(headers=[("Last-Event-ID", "10000")]).status, 204)
        self.assertLess(time.monotonic() - started, 10)
