"""Helpers for the server self-test: start a server process, speak raw HTTP to it.

The self-test talks to the server with raw sockets (not http.client) wherever the exact
bytes matter: chunk boundaries, a missing terminating chunk, a reset, a stall.
"""

import json
import os
import select
import socket
import ssl
import subprocess
import sys
import time
import uuid

HERE = os.path.dirname(os.path.abspath(__file__))
SERVER = os.path.join(HERE, "sse_test_server.py")
SCENARIOS = os.path.join(HERE, "..", "data", "client_scenarios.json")
START_TIMEOUT = 20.0   # seconds for the JSON line (certificate creation included)


def new_sid():
    return uuid.uuid4().hex[:12]


class Process:
    """A server started with a pipe on stdin; stop() closes it and waits for the exit."""

    def __init__(self, argv):
        self.proc = subprocess.Popen(argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=subprocess.PIPE)
        self.info = json.loads(self._read_line())

    def _read_line(self):
        ready, _, _ = select.select([self.proc.stdout], [], [], START_TIMEOUT)
        if not ready:
            self.proc.kill()
            raise RuntimeError("server printed nothing in %.0f s" % START_TIMEOUT)
        line = self.proc.stdout.readline()
        if not line:
            self.proc.wait()
            raise RuntimeError("server exited: %s" % self.proc.stderr.read().decode())
        return line

    @property
    def port(self):
        return self.info["port"]

    def stop(self, timeout=10):
        """Close stdin (the documented stop signal); return the exit code."""
        self.proc.stdin.close()
        try:
            return self.proc.wait(timeout=timeout)
        finally:
            if self.proc.poll() is None:
                self.proc.kill()
                self.proc.wait()
            self.proc.stdout.close()
            self.proc.stderr.close()


def start_server(*args):
    return Process([sys.executable, SERVER, *args])


class Response:
    def __init__(self, raw, error, elapsed):
        self.raw = raw          # every byte received
        self.error = error      # the exception that ended reading, None at a clean EOF
        self.elapsed = elapsed  # seconds from sending the request to the end
        head, sep, self.body = raw.partition(b"\r\n\r\n")
        if not sep:
            raise AssertionError("no complete response head in %r" % raw[:200])
        lines = head.decode("latin-1").split("\r\n")
        version, status, *reason = lines[0].split(" ", 2)
        self.version = version
        self.status = int(status)
        self.headers = [tuple(x.strip() for x in line.split(":", 1)) for line in lines[1:]]

    def header(self, name):
        values = [v for k, v in self.headers if k.lower() == name.lower()]
        return values[0] if values else None

    def chunks(self):
        """The body as a list of chunks; AssertionError unless it ends with a 0 chunk."""
        chunks, complete, rest = dechunk(self.body)
        if not complete or rest:
            raise AssertionError("chunked body not terminated cleanly: %r" % self.body[-80:])
        return chunks


def dechunk(data):
    """(chunks, terminated, leftover) for a chunked body, tolerating a cut-off end."""
    chunks = []
    while True:
        line_end = data.find(b"\r\n")
        if line_end < 0:
            return chunks, False, data
        size = int(data[:line_end].split(b";")[0], 16)
        start = line_end + 2
        if size == 0:
            rest = data[start:]
            return chunks, rest.startswith(b"\r\n"), rest[2:]
        if len(data) < start + size + 2:
            return chunks, False, data
        chunks.append(data[start:start + size])
        if data[start + size:start + size + 2] != b"\r\n":
            raise AssertionError("chunk data not followed by CRLF")
        data = data[start + size + 2:]


def connect(port, tls=None, timeout=10):
    sock = socket.create_connection(("127.0.0.1", port), timeout=timeout)
    if tls is not None:
        sock = tls.wrap_socket(sock, server_hostname="127.0.0.1",
                               suppress_ragged_eofs=False)
    return sock


def request_bytes(method, path, headers=(), body=b"", host="127.0.0.1"):
    lines = ["%s %s HTTP/1.1" % (method, path), "Host: %s" % host]
    lines += ["%s: %s" % h for h in headers]
    if body and not any(k.lower() in ("content-length", "transfer-encoding")
                        for k, _ in headers):
        lines.append("Content-Length: %d" % len(body))
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body


def read_all(sock):
    """Everything until EOF; the error that ended it (reset, TLS EOF) or None."""
    data = bytearray()
    while True:
        try:
            chunk = sock.recv(65536)
        except (OSError, ssl.SSLError) as e:
            return bytes(data), e
        if not chunk:
            return bytes(data), None
        data += chunk


def recv_until(sock, ending):
    """What arrives until it ends with `ending`; AssertionError if the peer closes first."""
    received = b""
    while not received.endswith(ending):
        data = sock.recv(4096)
        if not data:
            raise AssertionError("connection closed after %r, before %r"
                                 % (received[-200:], ending))
        received += data
    return received


def exchange(port, method, path, headers=(), body=b"", tls=None, timeout=10):
    """One request on a new connection; the whole response as a Response."""
    started = time.monotonic()
    with connect(port, tls, timeout) as sock:
        sock.sendall(request_bytes(method, path, headers, body))
        raw, error = read_all(sock)
    return Response(raw, error, time.monotonic() - started)


def get(port, path, headers=(), tls=None, timeout=10):
    return exchange(port, "GET", path, headers, tls=tls, timeout=timeout)


def post_script(port, sid, script, tls=None):
    response = exchange(port, "POST", "/_script/" + sid,
                        [("Content-Type", "application/json")],
                        json.dumps(script).encode(), tls=tls)
    return response.status, json.loads(response.body)


def get_log(port, sid, tls=None):
    response = get(port, "/_log/" + sid, tls=tls)
    assert response.status == 200, response.raw
    return json.loads(response.body)


def load_scenarios():
    with open(SCENARIOS, encoding="utf-8") as f:
        return json.load(f)
