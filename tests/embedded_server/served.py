"""A serve_driver process (a publisher behind an embedded server) for the python
tests of this directory, plus small raw-HTTP helpers.

Served(driver, "--queue-bytes", "4096") starts it on 127.0.0.1 with an ephemeral
port; .stats() reads its counters, .publish() publishes through the C API, .stop()
stops it gracefully; .fd_count() and .rss_kib() look at the process from outside.
"""

import json
import os
import socket
import subprocess
import sys
import time
import pathlib

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1] / "support"))
import tap  # noqa: E402  (re-exported for the test scripts)

TOKEN = "test-token"


class Checks:
    """The checks of one script: check(what, ok, detail) records one; run() calls the
    script's parts in turn (a part that raises is one failed check, not a lost run)
    and prints them as TAP."""

    def __init__(self):
        self.items = []

    def __call__(self, what, ok, detail=""):
        self.items.append((what, bool(ok), detail))

    def run(self, parts, *args):
        for part in parts:
            t0 = time.monotonic()
            try:
                part(*args)
            except Exception as e:
                self(part.__name__ + " ran to the end", False, "%s: %s" % (type(e).__name__, e))
            print("# %s: %.1f s" % (part.__name__, time.monotonic() - t0))
        return tap.report(self.items)


class Served:
    def __init__(self, driver, *args):
        self.proc = subprocess.Popen([driver, *args], stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, text=True)
        line = self.proc.stdout.readline()
        if not line.startswith("port "):
            raise RuntimeError("serve_driver did not start: %r" % line)
        self.port = int(line.split()[1])
        self.pid = self.proc.pid

    def command(self, line):
        self.proc.stdin.write(line + "\n")
        self.proc.stdin.flush()
        return self.proc.stdout.readline().strip()

    def stats(self):
        return json.loads(self.command("stats"))

    def publish(self, topic, data):
        reply = self.command("publish %s %s" % (topic, data))
        if not reply.startswith("id "):
            raise RuntimeError(reply)
        return reply[3:]

    def stop(self, timeout_ms):
        """Graceful stop; returns the milliseconds sse_server_stop took."""
        reply = self.command("stop %d" % timeout_ms)
        self.proc.wait(30)
        return int(reply.split()[1])

    def close(self):
        if self.proc.poll() is None:
            self.proc.stdin.close()
            try:
                self.proc.wait(30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()

    def fd_count(self):
        return len(os.listdir("/proc/%d/fd" % self.pid))

    def fd_targets(self):
        """What each open descriptor is (for a failure message)."""
        out = []
        for fd in sorted(os.listdir("/proc/%d/fd" % self.pid), key=int):
            try:
                out.append("%s:%s" % (fd, os.readlink("/proc/%d/fd/%s" % (self.pid, fd))))
            except OSError:
                pass
        return out

    def wait_fd_count(self, wanted, seconds):
        """The descriptor count once it is `wanted`, or after `seconds` (libevent
        closes a freed connection's socket from its loop, a moment after the
        connection counter dropped)."""
        deadline = time.monotonic() + seconds
        count = self.fd_count()
        while count != wanted and time.monotonic() < deadline:
            time.sleep(0.05)
            count = self.fd_count()
        return count

    def rss_kib(self):
        with open("/proc/%d/status" % self.pid) as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
        return 0

    def wait_stat(self, key, predicate, timeout=10.0):
        """Poll stats until predicate(stats[key]); returns the last stats."""
        deadline = time.monotonic() + timeout
        while True:
            s = self.stats()
            if predicate(s[key]) or time.monotonic() > deadline:
                return s
            time.sleep(0.02)

    def connect(self, timeout=10.0):
        s = socket.create_connection(("127.0.0.1", self.port), timeout=timeout)
        return s

    def request(self, method, target, headers=(), body=b"", timeout=10.0):
        """One request on a fresh connection; returns (status, headers dict, body)."""
        s = self.connect(timeout)
        try:
            head = "%s %s HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n" % (method, target)
            for k, v in headers:
                head += "%s: %s\r\n" % (k, v)
            if body or method == "POST":
                head += "Content-Length: %d\r\n" % len(body)
            s.sendall(head.encode("latin-1") + b"\r\n" + body)
            return read_response(s)
        finally:
            s.close()


def read_head(sock, buf=b""):
    """Reads up to the end of a response head; returns (status, headers, rest)."""
    while b"\r\n\r\n" not in buf:
        chunk = sock.recv(65536)
        if not chunk:
            raise ConnectionError("closed before the response head: %r" % buf)
        buf += chunk
    head, rest = buf.split(b"\r\n\r\n", 1)
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split()[1])
    headers = {}
    for line in lines[1:]:
        k, v = line.split(":", 1)
        headers[k.strip().lower()] = v.strip()
    return status, headers, rest


def read_response(sock):
    """A whole non-streaming response (Content-Length or read to close)."""
    status, headers, rest = read_head(sock)
    if "content-length" in headers:
        n = int(headers["content-length"])
        while len(rest) < n:
            chunk = sock.recv(65536)
            if not chunk:
                break
            rest += chunk
        return status, headers, rest[:n]
    while True:
        chunk = sock.recv(65536)
        if not chunk:
            return status, headers, rest
        rest += chunk


def publish_http(served, body, content_type="application/x-www-form-urlencoded",
                 token=TOKEN, extra=()):
    headers = [("Content-Type", content_type)]
    if token is not None:
        headers.append(("Authorization", "Bearer " + token))
    return served.request("POST", "/publish", headers + list(extra),
                          body if isinstance(body, bytes) else body.encode())


class StreamReader:
    """An open subscription read as raw chunked bytes, decoded to SSE text."""

    def __init__(self, served, target, headers=()):
        self.sock = served.connect()
        head = "GET %s HTTP/1.1\r\nHost: 127.0.0.1\r\n" % target
        for k, v in headers:
            head += "%s: %s\r\n" % (k, v)
        self.sock.sendall(head.encode() + b"\r\n")
        self.status, self.headers, self.raw = read_head(self.sock)
        self.text = b""

    def _decode(self):
        # De-chunk whatever complete chunks arrived.
        while True:
            end = self.raw.find(b"\r\n")
            if end < 0:
                return
            size = int(self.raw[:end].split(b";")[0], 16)
            if len(self.raw) < end + 2 + size + 2:
                return
            self.text += self.raw[end + 2:end + 2 + size]
            self.raw = self.raw[end + 2 + size + 2:]
            if size == 0:
                return

    def read_until(self, needle, timeout=10.0):
        deadline = time.monotonic() + timeout
        needle = needle.encode() if isinstance(needle, str) else needle
        self._decode()
        while needle not in self.text:
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError("no %r in %r" % (needle, self.text[-300:]))
            self.sock.settimeout(left)
            chunk = self.sock.recv(65536)
            if not chunk:
                self._decode()
                if needle in self.text:
                    break
                raise ConnectionError("stream ended without %r: %r" % (needle, self.text[-300:]))
            self.raw += chunk
            self._decode()
        return self.text

    def read_to_end(self, timeout=10.0):
        self.sock.settimeout(timeout)
        while True:
            chunk = self.sock.recv(65536)
            if not chunk:
                self._decode()
                return self.text
            self.raw += chunk
            self._decode()

    def close(self):
        self.sock.close()
