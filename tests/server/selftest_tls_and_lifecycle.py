"""Self-test: --tls, --require-client-cert, and how the server process starts and stops."""

import os
import shutil
import signal
import socket
import ssl
import subprocess
import sys
import tempfile
import time
import unittest

from selftest_support import (SERVER, connect, get, get_log, new_sid, post_script,
                              request_bytes, start_server)


def client_context(ca, cert=None, key=None):
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)   # verifies chain and host name
    context.load_verify_locations(ca)
    if cert:
        context.load_cert_chain(cert, key)
    return context


class CertDirCase(unittest.TestCase):
    """A certificate directory shared by the TLS classes (created once, by the server)."""

    cert_dir = None

    @classmethod
    def setUpClass(cls):
        if CertDirCase.cert_dir is None:
            CertDirCase.cert_dir = tempfile.mkdtemp(prefix="sse-selftest-certs-")


class TlsTest(CertDirCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.server = start_server("--tls", cls.cert_dir)
        cls.port = cls.server.port
        cls.tls = client_context(cls.server.info["ca"])

    @classmethod
    def tearDownClass(cls):
        assert cls.server.stop() == 0

    def test_announce_line_names_the_certificates(self):
        info = self.server.info
        self.assertEqual(info["scheme"], "https")
        for key, name in (("ca", "ca.pem"), ("client_cert", "client.pem"),
                          ("client_key", "client.key"), ("other_ca", "other-ca.pem")):
            self.assertEqual(info[key], os.path.join(self.cert_dir, name))
            self.assertTrue(os.path.getsize(info[key]) > 0)

    def test_https_verified_with_the_generated_ca_for_both_host_names(self):
        sid = new_sid()
        self.assertEqual(post_script(self.port, sid, [{"body": [{"write": "data: s\n\n"}]}],
                                     tls=self.tls)[0], 200)
        for host in ("127.0.0.1", "localhost"):
            with socket.create_connection(("127.0.0.1", self.port), timeout=10) as raw:
                with self.tls.wrap_socket(raw, server_hostname=host) as sock:
                    sock.sendall(request_bytes("GET", "/s/" + sid))
                    self.assertIn(b"data: s\n\n", _read_until_eof(sock))
        entry = get_log(self.port, sid, tls=self.tls)[0]
        self.assertTrue(entry["tls"]["version"].startswith("TLS"))
        self.assertIsNone(entry["tls"]["client_cert_cn"])

    def test_unrelated_ca_is_rejected(self):
        with self.assertRaises(ssl.SSLCertVerificationError):
            connect(self.port, client_context(self.server.info["other_ca"])).close()

    def test_close_framing_over_tls_ends_with_close_notify(self):
        # Without close_notify a close-delimited body looks truncated to OpenSSL/curl.
        sid = new_sid()
        post_script(self.port, sid, [{"framing": "close", "body": [{"write": "data: c\n\n"}]}],
                    tls=self.tls)
        r = get(self.port, "/s/" + sid, tls=self.tls)   # ragged EOFs raise here
        self.assertEqual((r.body, r.error), (b"data: c\n\n", None))

    def test_reset_over_tls(self):
        sid = new_sid()
        post_script(self.port, sid, [{"body": [{"write": "data: r\n\n"}, {"reset": True}]}],
                    tls=self.tls)
        r = get(self.port, "/s/" + sid, tls=self.tls)
        # Python's ssl module reports an RST under TLS as either of these; both mean
        # "no close_notify", never a clean end. (curl says "reset by peer", below.)
        self.assertIsInstance(r.error, (ConnectionResetError, ssl.SSLEOFError))
        self.assertIn(b"data: r\n\n", r.body)

    @unittest.skipUnless(shutil.which("curl"), "curl CLI not installed")
    def test_curl_sees_reset_over_tls(self):
        sid = new_sid()
        post_script(self.port, sid, [{"body": [{"write": "data: r\n\n"}, {"reset": True}]}],
                    tls=self.tls)
        out = subprocess.run(["curl", "-sS", "--cacert", self.server.info["ca"],
                              "https://127.0.0.1:%d/s/%s" % (self.port, sid)],
                             capture_output=True, timeout=30)
        self.assertEqual((out.returncode, out.stdout), (56, b"data: r\n\n"))
        self.assertIn(b"reset by peer", out.stderr)

    @unittest.skipUnless(shutil.which("curl"), "curl CLI not installed")
    def test_curl_reads_a_close_delimited_tls_body_without_error(self):
        sid = new_sid()
        post_script(self.port, sid, [{"framing": "close", "body": [{"write": "data: c\n\n"}]}],
                    tls=self.tls)
        out = subprocess.run(["curl", "-sS", "--cacert", self.server.info["ca"],
                              "https://localhost:%d/s/%s" % (self.port, sid)],
                             capture_output=True, timeout=30)
        self.assertEqual((out.returncode, out.stdout), (0, b"data: c\n\n"), out.stderr)


class ClientCertTest(CertDirCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.server = start_server("--tls", cls.cert_dir, "--require-client-cert")
        cls.port = cls.server.port
        info = cls.server.info
        cls.with_cert = client_context(info["ca"], info["client_cert"], info["client_key"])

    @classmethod
    def tearDownClass(cls):
        assert cls.server.stop() == 0

    def test_client_with_certificate_is_served_and_logged(self):
        sid = new_sid()
        self.assertEqual(post_script(self.port, sid, [{"status": 204}], tls=self.with_cert)[0],
                         200)
        self.assertEqual(get(self.port, "/s/" + sid, tls=self.with_cert).status, 204)
        entry = get_log(self.port, sid, tls=self.with_cert)[0]
        self.assertEqual(entry["tls"]["client_cert_cn"], "libsse test client")

    def test_client_without_certificate_is_refused(self):
        # TLS 1.3: the client's handshake may finish before the server checks the
        # certificate; the refusal then surfaces on the first read.
        no_cert = client_context(self.server.info["ca"])
        with self.assertRaises((ssl.SSLError, ConnectionError)):
            with connect(self.port, no_cert) as sock:
                sock.sendall(request_bytes("GET", "/_log/x"))
                if not sock.recv(4096):
                    raise ConnectionError("closed without an answer")


class LifecycleTest(unittest.TestCase):
    def test_stdin_eof_stops_the_server_even_with_a_stalled_stream(self):
        server = start_server()
        sid = new_sid()
        post_script(server.port, sid, [{"body": [{"write": ": x\n\n"}, {"stall": True}]}])
        with socket.create_connection(("127.0.0.1", server.port), timeout=10) as sock:
            sock.sendall(request_bytes("GET", "/s/" + sid))
            self.assertIn(b"200 OK", sock.recv(4096))
            started = time.monotonic()
            self.assertEqual(server.stop(timeout=10), 0)
            self.assertLess(time.monotonic() - started, 5)
        with self.assertRaises(ConnectionRefusedError):
            socket.create_connection(("127.0.0.1", server.port), timeout=5).close()

    def test_sigterm_stops_the_server(self):
        server = start_server()
        server.proc.send_signal(signal.SIGTERM)
        self.assertEqual(server.proc.wait(timeout=10), 0)
        server.stop()

    def test_two_servers_get_different_ports(self):
        a, b = start_server(), start_server()
        try:
            self.assertNotEqual(a.port, b.port)
        finally:
            self.assertEqual((a.stop(), b.stop()), (0, 0))

    def test_require_client_cert_without_tls_is_a_usage_error(self):
        out = subprocess.run([sys.executable, SERVER, "--require-client-cert"],
                             stdin=subprocess.DEVNULL, capture_output=True, timeout=30)
        self.assertEqual(out.returncode, 2)
        self.assertEqual(out.stdout, b"")


def _read_until_eof(sock):
    data = b""
    while True:
        chunk = sock.recv(65536)
        if not chunk:
            return data
        data += chunk


def tearDownModule():
    if CertDirCase.cert_dir is not None:
        shutil.rmtree(CertDirCase.cert_dir, ignore_errors=True)
