"""Self-test: scripting, every body action, framing, the request log (plain HTTP)."""

import json
import socket
import time

from selftest_case import PlainServerCase
from selftest_support import dechunk, exchange, get, get_log, new_sid, post_script, recv_until

SSE_DEFAULT_HEADERS = [("Content-Type", "text/event-stream"), ("Cache-Control", "no-cache")]


class ScriptingTest(PlainServerCase):
    def test_announce_line(self):
        self.assertEqual(self.server.info, {"port": self.port, "scheme": "http"})

    def test_responses_are_taken_in_order_and_the_last_repeats(self):
        sid = self.script({"body": [{"write": "data: 1\n\n"}]},
                          {"body": [{"write": "data: 2\n\n"}]},
                          {"status": 204})
        self.assertEqual(self.get("/s/" + sid).chunks(), [b"data: 1\n\n"])
        # any suffix path or query after /s/<sid> belongs to the same script
        self.assertEqual(self.get("/s/%s/more?x=1" % sid).chunks(), [b"data: 2\n\n"])
        for _ in range(3):
            self.assertEqual(self.get("/s/" + sid).status, 204)

    def test_reposting_replaces_the_script_and_restarts_it(self):
        sid = self.script({"status": 500}, {"status": 501})
        self.assertEqual(self.get("/s/" + sid).status, 500)
        self.script_for(sid, {"status": 502}, {"status": 503})
        self.assertEqual(self.get("/s/" + sid).status, 502)

    def script_for(self, sid, *responses):
        self.assertEqual(post_script(self.port, sid, list(responses))[0], 200)

    def test_any_method_takes_the_script(self):
        sid = self.script({"body": [{"write": "data: post\n\n"}]})
        r = exchange(self.port, "POST", "/s/" + sid, body=b"payload")
        self.assertEqual((r.status, r.chunks()), (200, [b"data: post\n\n"]))

    def test_invalid_scripts_are_rejected_with_a_reason(self):
        bad = [
            {"status": 200},                                   # not a list
            [],                                                # empty
            [{"body": [{"writ": "x"}]}],                       # unknown action
            [{"body": [{"write": "x", "close": True}]}],       # two actions in one
            [{"framing": "gzip"}],
            [{"stauts": 200}],                                 # typo in a response key
            [{"body": [{"write_hex": "zz"}]}],
            [{"body": [{"repeat": "x"}]}],                     # repeat needs times
            [{"framing": "length", "body": [{"numbered": {"count": 3}}]}],
        ]
        for script in bad:
            with self.subTest(script=script):
                status, reply = post_script(self.port, new_sid(), script)
                self.assertEqual(status, 400)
                self.assertFalse(reply["ok"])
                self.assertTrue(reply["error"])

    def test_unscripted_sid_is_404_and_logged(self):
        sid = new_sid()
        self.assertEqual(self.get("/s/" + sid).status, 404)
        self.assertEqual([e["path"] for e in get_log(self.port, sid)], ["/s/" + sid])

    def test_unknown_endpoint_and_unknown_scenario_are_404(self):
        self.assertEqual(self.get("/elsewhere").status, 404)
        self.assertEqual(self.get("/scenario/no-such-thing/" + new_sid()).status, 404)

    def test_log_of_an_unknown_sid_is_empty(self):
        self.assertEqual(get_log(self.port, new_sid()), [])

    def test_sid_placeholder_in_header_values(self):
        sid = self.script({"status": 302, "headers": [["Location", "/s/{sid}/next"]],
                           "framing": "length"})
        self.assertEqual(self.get("/s/" + sid).header("Location"), "/s/%s/next" % sid)


class FramingTest(PlainServerCase):
    def test_default_headers_and_one_chunk_per_write(self):
        sid = self.script({"body": [{"write": "data: a\n\n"}, {"write": "data: é\n\n"}]})
        r = self.get("/s/" + sid)
        self.assertEqual((r.version, r.status), ("HTTP/1.1", 200))
        self.assertEqual(r.headers, SSE_DEFAULT_HEADERS + [
            ("Transfer-Encoding", "chunked"), ("Connection", "close")])
        self.assertEqual(r.chunks(), [b"data: a\n\n", "data: é\n\n".encode("utf-8")])
        self.assertIsNone(r.error)    # clean FIN after the terminating chunk

    def test_explicit_headers_replace_the_defaults(self):
        sid = self.script({"headers": [["Content-Type", "text/plain"], ["X-A", "1"]],
                           "body": [{"write": "x"}]})
        r = self.get("/s/" + sid)
        self.assertEqual(r.headers, [("Content-Type", "text/plain"), ("X-A", "1"),
                                     ("Transfer-Encoding", "chunked"), ("Connection", "close")])

    def test_explicit_framing_header_is_not_doubled(self):
        # A test may send a lying Content-Length; the server must not add its own.
        sid = self.script({"headers": [["Content-Length", "100"]], "framing": "close",
                           "body": [{"write": "short"}]})
        r = self.get("/s/" + sid)
        self.assertEqual([v for k, v in r.headers if k == "Content-Length"], ["100"])
        self.assertEqual(r.body, b"short")

    def test_length_framing(self):
        sid = self.script({"framing": "length",
                           "body": [{"write": "data: x\n\n"}, {"write_hex": "0a"},
                                    {"repeat": "ab", "times": 3}, {"drip": "yz", "every_ms": 1}]})
        r = self.get("/s/" + sid)
        expected = b"data: x\n\n\nababab" + b"yz"
        self.assertEqual(r.header("Content-Length"), str(len(expected)))
        self.assertIsNone(r.header("Transfer-Encoding"))
        self.assertEqual(r.body, expected)

    def test_close_framing_ends_the_body_with_the_connection(self):
        sid = self.script({"framing": "close", "body": [{"write": "data: x\n\n"}]})
        r = self.get("/s/" + sid)
        self.assertIsNone(r.header("Content-Length"))
        self.assertIsNone(r.header("Transfer-Encoding"))
        self.assertEqual(r.header("Connection"), "close")
        self.assertEqual((r.body, r.error), (b"data: x\n\n", None))

    def test_204_has_no_body_and_no_framing_headers(self):
        sid = self.script({"status": 204, "body": [{"write": "ignored"}]})
        r = self.get("/s/" + sid)
        self.assertEqual((r.status, r.body), (204, b""))
        self.assertIsNone(r.header("Transfer-Encoding"))
        self.assertIsNone(r.header("Content-Length"))

    def test_head_gets_no_body(self):
        sid = self.script({"body": [{"write": "data: x\n\n"}]})
        r = exchange(self.port, "HEAD", "/s/" + sid)
        self.assertEqual((r.status, r.body), (200, b""))


class ActionTest(PlainServerCase):
    def test_write_hex_sends_raw_bytes_and_skips_whitespace(self):
        sid = self.script({"body": [{"write_hex": "00ff fe 0d0a"}]})
        self.assertEqual(self.get("/s/" + sid).chunks(), [b"\x00\xff\xfe\r\n"])

    def test_repeat_sends_text_n_times(self):
        sid = self.script({"body": [{"repeat": "0123456789abcdef", "times": 300000}]})
        body = b"".join(self.get("/s/" + sid).chunks())
        self.assertEqual(len(body), 16 * 300000)
        self.assertEqual(body, b"0123456789abcdef" * 300000)

    def test_sleep_ms_pauses_between_writes(self):
        sid = self.script({"body": [{"write": "a"}, {"sleep_ms": 300}, {"write": "b"}]})
        r = self.get("/s/" + sid)
        self.assertEqual(r.chunks(), [b"a", b"b"])
        self.assertGreaterEqual(r.elapsed, 0.3)

    def test_drip_sends_one_byte_per_chunk_with_pauses(self):
        sid = self.script({"body": [{"drip": "data: é\n\n", "every_ms": 20}]})
        r = self.get("/s/" + sid)
        payload = "data: é\n\n".encode("utf-8")
        self.assertEqual(r.chunks(), [payload[i:i + 1] for i in range(len(payload))])
        self.assertGreaterEqual(r.elapsed, 0.020 * (len(payload) - 1))

    def test_echo_writes_the_log_entry_as_one_event(self):
        sid = self.script({"body": [{"echo": True}]})
        r = exchange(self.port, "PUT", "/s/%s?q=1" % sid,
                     [("Last-Event-ID", "42"), ("X-Case", "MiXeD")], b"\x00hi\xff")
        (chunk,) = r.chunks()
        self.assertTrue(chunk.startswith(b"data: ") and chunk.endswith(b"\n\n"))
        self.assertNotIn(b"\n", chunk[:-2])            # compact JSON: one data line
        echoed = json.loads(chunk[len(b"data: "):])
        self.assertEqual(echoed, get_log(self.port, sid)[0])
        self.assertEqual(echoed["method"], "PUT")
        self.assertIn(["Last-Event-ID", "42"], echoed["headers"])
        self.assertEqual(echoed["body_hex"], "006869ff")

    def test_reset_is_seen_as_econnreset_after_the_data(self):
        sid = self.script({"body": [{"write": "id: 1\ndata: one\n\n"}, {"reset": True},
                                    {"write": "never"}]})
        r = self.get("/s/" + sid)
        self.assertIsInstance(r.error, ConnectionResetError)
        chunks, terminated, _ = dechunk(r.body)
        self.assertEqual((chunks, terminated), ([b"id: 1\ndata: one\n\n"], False))

    def test_close_ends_the_body_early_and_cleanly(self):
        sid = self.script({"body": [{"write": "a"}, {"close": True}, {"write": "never"}]})
        r = self.get("/s/" + sid)
        self.assertEqual((r.chunks(), r.error), ([b"a"], None))

    def test_stall_keeps_the_connection_open_without_sending(self):
        sid = self.script({"body": [{"write": ": hi\n\n"}, {"stall": True}]})
        with socket.create_connection(("127.0.0.1", self.port), timeout=10) as sock:
            sock.sendall(b"GET /s/%s HTTP/1.1\r\nHost: x\r\n\r\n" % sid.encode())
            received = b""
            while not received.endswith(b": hi\n\n\r\n"):
                data = sock.recv(4096)
                self.assertTrue(data, "server closed a stalled connection")
                received += data
            # Nothing more arrives and the connection stays open: an upper-bounded
            # wait is the assertion itself here.
            sock.settimeout(0.5)
            with self.assertRaises(socket.timeout):
                sock.recv(4096)
        # The server noticed nothing wrong and keeps serving.
        self.assertEqual(self.get("/s/" + new_sid()).status, 404)

    def test_actions_running_out_end_the_body_cleanly(self):
        sid = self.script({"body": [{"write": "a"}]})
        self.assertEqual(self.get("/s/" + sid).chunks(), [b"a"])


class NumberedTest(PlainServerCase):
    def setUp(self):
        self.sid = self.script({"body": [{"numbered": {"count": 5, "drop_every": 2}}]})

    def numbered(self, last_event_id=None):
        headers = [("Last-Event-ID", str(last_event_id))] if last_event_id is not None else []
        return self.get("/s/" + self.sid, headers)

    def test_first_request_starts_at_1_then_partial_and_reset(self):
        r = self.numbered()
        chunks, terminated, _ = dechunk(r.body)
        self.assertEqual(chunks, [b"id: 1\ndata: 1\n\n", b"id: 2\ndata: 2\n\n",
                                  b"id: 3\ndata: partial"])
        self.assertFalse(terminated)
        self.assertIsInstance(r.error, ConnectionResetError)

    def test_continues_after_last_event_id(self):
        chunks, _, _ = dechunk(self.numbered(2).body)
        self.assertEqual(chunks[:2], [b"id: 3\ndata: 3\n\n", b"id: 4\ndata: 4\n\n"])

    def test_ends_cleanly_after_count(self):
        r = self.numbered(4)
        self.assertEqual((r.chunks(), r.error), ([b"id: 5\ndata: 5\n\n"], None))

    def test_204_once_count_was_sent(self):
        self.assertEqual(self.numbered(5).status, 204)
        self.assertEqual(self.numbered(99).status, 204)

    def test_no_drops_without_drop_every(self):
        sid = self.script({"body": [{"numbered": {"count": 3}}]})
        r = self.get("/s/" + sid)
        self.assertEqual(len(r.chunks()), 3)


class RequestLogTest(PlainServerCase):
    def test_log_records_method_path_headers_body_version_in_order(self):
        sid = self.script({"status": 204})
        exchange(self.port, "POST", "/s/%s/x?y=1" % sid,
                 [("Accept", "text/event-stream"), ("last-event-id", "7")], b"caf\xc3\xa9")
        get(self.port, "/s/" + sid)
        log = get_log(self.port, sid)
        self.assertEqual(len(log), 2)
        first = log[0]
        self.assertEqual(first["method"], "POST")
        self.assertEqual(first["path"], "/s/%s/x?y=1" % sid)
        self.assertEqual(first["headers"][:3], [["Host", "127.0.0.1"],
                                                ["Accept", "text/event-stream"],
                                                ["last-event-id", "7"]])
        self.assertEqual(first["body"], "caf\u00c3\u00a9")      # latin-1 decoded bytes
        self.assertEqual(first["body_hex"], "636166c3a9")
        self.assertEqual(first["http_version"], "HTTP/1.1")
        self.assertNotEqual(log[0]["connection"], log[1]["connection"])

    def test_header_bytes_are_logged_latin1_decoded(self):  # H1: UTF-8 on the wire
        sid = self.script({"status": 204})
        with socket.create_connection(("127.0.0.1", self.port), timeout=10) as sock:
            sock.sendall(b"GET /s/%s HTTP/1.1\r\nHost: x\r\nLast-Event-ID: \xe2\x80\xa6\r\n\r\n"
                         % sid.encode())
            self.assertTrue(sock.recv(4096).startswith(b"HTTP/1.1 204 "))
        value = get_log(self.port, sid)[0]["headers"][1][1]
        self.assertEqual(value, "\u00e2\u0080\u00a6")
        self.assertEqual(value.encode("latin-1").decode("utf-8"), "\u2026")

    def test_chunked_request_body_is_decoded(self):
        sid = self.script({"status": 204})
        body = b"3\r\nabc\r\n2;ext=1\r\nde\r\n0\r\nTrailer: x\r\n\r\n"
        r = exchange(self.port, "POST", "/s/" + sid, [("Transfer-Encoding", "chunked")], body)
        self.assertEqual(r.status, 204)
        self.assertEqual(get_log(self.port, sid)[0]["body"], "abcde")

    def test_expect_100_continue_is_answered(self):
        sid = self.script({"status": 204})
        with socket.create_connection(("127.0.0.1", self.port), timeout=10) as sock:
            sock.sendall(b"POST /s/%s HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\n"
                         b"Expect: 100-continue\r\n\r\n" % sid.encode())
            self.assertEqual(sock.recv(4096), b"HTTP/1.1 100 Continue\r\n\r\n")
            sock.sendall(b"body")
            self.assertTrue(sock.recv(4096).startswith(b"HTTP/1.1 204 "))
        self.assertEqual(get_log(self.port, sid)[0]["body"], "body")

    def test_request_is_logged_before_the_response(self):
        # The script stalls; the log must already hold the request.
        sid = self.script({"body": [{"stall": True}]})
        with socket.create_connection(("127.0.0.1", self.port), timeout=10) as sock:
            sock.sendall(b"GET /s/%s HTTP/1.1\r\nHost: x\r\n\r\n" % sid.encode())
            self.assertTrue(sock.recv(4096).startswith(b"HTTP/1.1 200 "))
            self.assertEqual(len(get_log(self.port, sid)), 1)


class ProxyTest(PlainServerCase):
    def test_absolute_uri_is_served_and_logged_as_such(self):
        sid = self.script({"body": [{"write": "data: via proxy\n\n"}]})
        uri = "http://example.invalid/s/%s?a=b" % sid
        r = self.get(uri)
        self.assertEqual(r.chunks(), [b"data: via proxy\n\n"])
        self.assertEqual(get_log(self.port, sid)[0]["path"], uri)

    def test_connect_tunnels_to_a_local_server(self):
        sid = self.script({"body": [{"write": "data: tunnelled\n\n"}]})
        with socket.create_connection(("127.0.0.1", self.port), timeout=10) as sock:
            sock.sendall(b"CONNECT 127.0.0.1:%d HTTP/1.1\r\nHost: x\r\n\r\n" % self.port)
            self.assertEqual(sock.recv(4096), b"HTTP/1.1 200 Connection established\r\n\r\n")
            sock.sendall(b"GET /s/%s HTTP/1.1\r\nHost: x\r\n\r\n" % sid.encode())
            raw = recv_until(sock, b"0\r\n\r\n")
        self.assertIn(b"data: tunnelled\n\n", raw)
        self.assertIn("127.0.0.1:%d" % self.port,
                      [e["path"] for e in get_log(self.port, "_connect")])

    def test_connect_refuses_non_local_targets(self):
        r = exchange(self.port, "CONNECT", "example.com:443")
        self.assertEqual(r.status, 403)


class RobustnessTest(PlainServerCase):
    def assert_still_serving(self):
        sid = self.script({"body": [{"write": "ok"}]})
        self.assertEqual(self.get("/s/" + sid).chunks(), [b"ok"])

    def assert_answered_then_still_serving(self, request, answer_start):
        with socket.create_connection(("127.0.0.1", self.port), timeout=10) as sock:
            sock.sendall(request)
            self.assertTrue(sock.recv(4096).startswith(answer_start))
        self.assert_still_serving()

    def test_garbage_request_gets_400(self):
        self.assert_answered_then_still_serving(b"\x00\x01 garbage\r\n\r\n",
                                                b"HTTP/1.1 400 ")

    def test_clients_that_vanish_do_not_hurt(self):
        socket.create_connection(("127.0.0.1", self.port)).close()
        with socket.create_connection(("127.0.0.1", self.port)) as sock:
            sock.sendall(b"GET /s/x HTTP/1.1\r\nHost")          # half a request
        # A client that leaves in the middle of a long body.
        sid = self.script({"body": [{"repeat": "x" * 1024, "times": 100000}]})
        with socket.create_connection(("127.0.0.1", self.port)) as sock:
            sock.sendall(b"GET /s/%s HTTP/1.1\r\nHost: x\r\n\r\n" % sid.encode())
            sock.recv(100)
        self.assert_still_serving()

    def test_http2_preface_is_refused(self):
        self.assert_answered_then_still_serving(b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n",
                                                b"HTTP/1.1 ")

    def test_connections_are_served_in_parallel(self):
        stalled = self.script({"body": [{"write": ": open\n\n"}, {"stall": True}]})
        socks = []
        try:
            for _ in range(5):
                s = socket.create_connection(("127.0.0.1", self.port), timeout=10)
                s.sendall(b"GET /s/%s HTTP/1.1\r\nHost: x\r\n\r\n" % stalled.encode())
                self.assertIn(b"200 OK", s.recv(4096))
                socks.append(s)
            started = time.monotonic()
            self.assert_still_serving()
            self.assertLess(time.monotonic() - started, 5)
        finally:
            for s in socks:
                s.close()

