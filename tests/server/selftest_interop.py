"""Self-test: the interop servers (Node.js http, Python http.server, nghttpd over h2)
and a few checks of sse_test_server.py through the real curl CLI (libcurl is what the
client is built on: redirects, proxies)."""

import json
import os
import shutil
import socket
import ssl
import subprocess
import sys
import tempfile
import unittest

from selftest_case import PlainServerCase
from selftest_support import HERE, Process, dechunk, get, get_log, new_sid, post_script

NODE = shutil.which("node")
NGHTTPD = shutil.which("nghttpd") or ("/usr/sbin/nghttpd"
                                      if os.access("/usr/sbin/nghttpd", os.X_OK) else None)
CURL = shutil.which("curl")


def curl_has_http2():
    if not CURL:
        return False
    out = subprocess.run([CURL, "-V"], capture_output=True, text=True)
    return "HTTP2" in out.stdout


class ThreeEventServerChecks:
    """Both simple interop servers: 3 events, resume after Last-Event-ID, then 204."""

    argv = None
    word = None

    @classmethod
    def setUpClass(cls):
        cls.server = Process(cls.argv)
        cls.port = cls.server.port

    @classmethod
    def tearDownClass(cls):
        assert cls.server.stop() == 0

    def get(self, headers=()):
        # Node keeps connections alive; we read to EOF, so ask it to close.
        return get(self.port, "/events", [("Connection", "close"), *headers])

    def events(self, response):
        body = response.body
        if response.header("Transfer-Encoding") == "chunked":
            chunks, terminated, _ = dechunk(body)
            self.assertTrue(terminated)
            body = b"".join(chunks)
        return body.decode()

    def test_streams_three_events_as_event_stream(self):  # M4(d) with a charset parameter
        r = self.get()
        self.assertEqual(r.status, 200)
        self.assertEqual(r.header("Content-Type"), "text/event-stream; charset=utf-8")
        self.assertEqual(self.events(r), "".join(
            "id: %d\ndata: %s %d\n\n" % (n, self.word, n) for n in (1, 2, 3)))

    def test_resumes_after_last_event_id(self):  # H1, M7 step 4
        r = self.get([("Last-Event-ID", "2")])
        self.assertEqual(self.events(r), "id: 3\ndata: %s 3\n\n" % self.word)

    def test_204_after_the_last_event(self):  # M4(c) stop signal
        self.assertEqual(self.get([("Last-Event-ID", "3")]).status, 204)


@unittest.skipUnless(NODE, "node not installed")
class NodeServerTest(ThreeEventServerChecks, unittest.TestCase):
    argv = [NODE or "node", os.path.join(HERE, "node_sse_server.mjs")]
    word = "node"


class PythonStdlibServerTest(ThreeEventServerChecks, unittest.TestCase):
    argv = [sys.executable, os.path.join(HERE, "python_stdlib_sse_server.py")]
    word = "python"


@unittest.skipUnless(NGHTTPD, "nghttpd not installed (Debian package nghttp2-server)")
class NghttpdServerTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.cert_dir = tempfile.mkdtemp(prefix="sse-selftest-h2-")
        cls.server = Process([sys.executable, os.path.join(HERE, "nghttpd_server.py"),
                              "--tls", cls.cert_dir])
        cls.info = cls.server.info

    @classmethod
    def tearDownClass(cls):
        assert cls.server.stop() == 0
        shutil.rmtree(cls.cert_dir, ignore_errors=True)

    def test_announce_line(self):
        self.assertEqual((self.info["scheme"], self.info["path"]), ("https", "/stream.sse"))
        self.assertEqual(self.info["ca"], os.path.join(self.cert_dir, "ca.pem"))

    def test_negotiates_h2_with_a_certificate_from_the_test_ca(self):
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
        context.load_verify_locations(self.info["ca"])
        context.set_alpn_protocols(["h2"])
        with socket.create_connection(("127.0.0.1", self.info["port"]), timeout=10) as raw:
            with context.wrap_socket(raw, server_hostname="localhost") as sock:
                self.assertEqual(sock.selected_alpn_protocol(), "h2")

    @unittest.skipUnless(curl_has_http2(), "curl with HTTP/2 not installed")
    def test_serves_the_stream_as_text_event_stream_over_h2(self):
        out = subprocess.run(
            [CURL, "-sS", "--http2", "--cacert", self.info["ca"],
             "-w", "\n%{http_version} %{response_code} %{content_type}",
             "https://localhost:%d%s" % (self.info["port"], self.info["path"])],
            capture_output=True, text=True, timeout=30)
        self.assertEqual(out.returncode, 0, out.stderr)
        body, _, meta = out.stdout.rpartition("\n")
        self.assertEqual(meta, "2 200 text/event-stream")
        self.assertTrue(body.startswith("id: 1\ndata: over h2\n\n"))

    def test_stdin_eof_also_stops_nghttpd(self):
        other = Process([sys.executable, os.path.join(HERE, "nghttpd_server.py"),
                         "--tls", self.cert_dir])
        port = other.port
        self.assertEqual(other.stop(), 0)
        with self.assertRaises(ConnectionRefusedError):
            socket.create_connection(("127.0.0.1", port), timeout=5).close()


@unittest.skipUnless(CURL, "curl CLI not installed")
class CurlAgainstTestServer(PlainServerCase):
    def curl(self, *args):
        return subprocess.run([CURL, "-sS", *args], capture_output=True, timeout=30)

    def test_curl_follows_the_redirect_chain(self):  # M12
        sid = new_sid()
        out = self.curl("-L", "http://127.0.0.1:%d/scenario/redirect-chain/%s" % (self.port, sid))
        self.assertEqual((out.returncode, out.stdout), (0, b"data: final\n\n"))
        self.assertEqual(get_log(self.port, sid)[-1]["path"], "/s/%s/final" % sid)

    def test_curl_gives_up_on_the_redirect_loop(self):  # M12 redirect limit
        out = self.curl("-L", "--max-redirs", "5",
                        "http://127.0.0.1:%d/scenario/redirect-loop/%s" % (self.port, new_sid()))
        self.assertEqual(out.returncode, 47)         # CURLE_TOO_MANY_REDIRECTS

    def test_curl_through_the_server_as_proxy(self):
        sid = new_sid()
        post_script(self.port, sid, [{"body": [{"write": "data: proxied\n\n"}]}])
        out = self.curl("-x", "http://127.0.0.1:%d" % self.port,
                        "http://example.invalid/s/" + sid)
        self.assertEqual((out.returncode, out.stdout), (0, b"data: proxied\n\n"))
        self.assertEqual(get_log(self.port, sid)[0]["path"], "http://example.invalid/s/" + sid)

    def test_curl_sees_the_drop_as_a_reset(self):
        sid = new_sid()
        out = self.curl("http://127.0.0.1:%d/scenario/drop-mid-event/%s" % (self.port, sid))
        self.assertEqual(out.returncode, 56)         # CURLE_RECV_ERROR
        self.assertEqual(out.stdout, b"id: 1\ndata: one\n\nid: 2\ndata: partial")

    def test_curl_post_with_expect_100_continue_gets_the_interim_response(self):
        sid = new_sid()
        post_script(self.port, sid, [{"body": [{"echo": True}]}])
        body = "x" * 200000
        with tempfile.NamedTemporaryFile("w", suffix=".txt") as f:
            f.write(body)
            f.flush()
            out = subprocess.run([CURL, "-sS", "-v", "-H", "Expect: 100-continue",
                                  "--data-binary", "@" + f.name,
                                  "http://127.0.0.1:%d/s/%s" % (self.port, sid)],
                                 capture_output=True, text=True, timeout=30)
        # Without the 100, curl would wait a second and then send the body anyway.
        self.assertIn("< HTTP/1.1 100 Continue", out.stderr)
        self.assertEqual(json.loads(out.stdout[len("data: "):].strip())["body"], body)
