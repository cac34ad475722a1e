#!/usr/bin/env python3
"""An HTTP/2 (TLS, ALPN h2) SSE endpoint served by Debian's nghttpd (nghttp2-server).

    python3 tests/server/nghttpd_server.py --tls DIR

Serves a temporary directory holding `stream.sse` (a few events, then the body ends)
with the mime type text/event-stream, using the certificates of test_certs.py (created
in DIR if absent). Prints one JSON line
    {"port": N, "scheme": "https", "ca": "DIR/ca.pem", "path": "/stream.sse"}
and stops nghttpd and itself when stdin reaches EOF or on SIGTERM.

nghttpd cannot listen on port 0 and report the port, so we pick a free port by binding
port 0 and closing it, start nghttpd there, and retry with another port if it lost the
race (nghttpd exits when it cannot bind).
"""

import argparse
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import test_certs  # noqa: E402
from stop_when_told import serve_until_stopped, stop_on_signals  # noqa: E402

STREAM = "id: 1\ndata: over h2\n\nid: 2\nevent: greet\ndata: hello\ndata: h2\n\n"
ATTEMPTS = 5
START_TIMEOUT = 5.0


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until_listening(proc, port):
    """True once something accepts on the port while nghttpd is still alive."""
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            return False
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
        except OSError:
            time.sleep(0.05)
            continue
        # Someone accepts; if it was another process that took the port first, our
        # nghttpd fails to bind and exits within moments.
        time.sleep(0.2)
        return proc.poll() is None
    return False


def start_nghttpd(nghttpd, docroot, mime_file, certs):
    for _ in range(ATTEMPTS):
        port = free_port()
        proc = subprocess.Popen(
            [nghttpd, "-a", "127.0.0.1", "-d", docroot, "--mime-types-file", mime_file,
             str(port), certs["server_key"], certs["server_cert"]],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        if wait_until_listening(proc, port):
            return proc, port
        proc.kill()
        proc.wait()
    raise SystemExit("nghttpd did not start after %d attempts" % ATTEMPTS)


def main():
    parser = argparse.ArgumentParser(description="HTTP/2 SSE endpoint via nghttpd")
    parser.add_argument("--tls", metavar="DIR", required=True,
                        help="certificate directory (created if absent)")
    args = parser.parse_args()
    nghttpd = shutil.which("nghttpd") or "/usr/sbin/nghttpd"
    if not os.access(nghttpd, os.X_OK):
        raise SystemExit("nghttpd not found (Debian package nghttp2-server)")
    certs = test_certs.ensure_certs(args.tls)

    stop = threading.Event()
    stop_on_signals(stop, signal.SIGTERM, signal.SIGINT)
    with tempfile.TemporaryDirectory(prefix="sse-nghttpd-") as work:
        docroot = os.path.join(work, "htdocs")
        os.mkdir(docroot)
        with open(os.path.join(docroot, "stream.sse"), "w") as f:
            f.write(STREAM)
        mime_file = os.path.join(work, "mime.types")
        with open(mime_file, "w") as f:
            f.write("text/event-stream\tsse\n")

        proc, port = start_nghttpd(nghttpd, docroot, mime_file, certs)
        try:
            print(json.dumps({"port": port, "scheme": "https", "ca": certs["ca"],
                              "path": "/stream.sse"}), flush=True)

            def fail_if_nghttpd_died():
                if proc.poll() is not None:
                    raise SystemExit("nghttpd exited unexpectedly")

            serve_until_stopped(stop, check=fail_if_nghttpd_died)
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


if __name__ == "__main__":
    main()
