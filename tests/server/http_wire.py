"""HTTP/1.1 on a raw socket, just as much as the test server needs.

We parse requests ourselves (instead of http.server) because the server must control
every byte it answers with: chunk boundaries, a missing terminating chunk, a reset in
the middle of a chunk, a stall. Requests are read completely (Content-Length or chunked
body) before the response starts, and every response closes the connection.
"""

import http
import re

MAX_LINE = 64 * 1024
MAX_HEADERS = 200
MAX_BODY = 64 * 1024 * 1024

_VERSION = re.compile(r"HTTP/\d\.\d\Z")
_TOKEN = re.compile(r"[!#$%&'*+\-.^_`|~0-9A-Za-z]+\Z")


class BadRequest(Exception):
    """The peer sent something that is not an HTTP/1.x request; answered with 400."""


class Request:
    def __init__(self, method, target, version, headers, body):
        self.method = method
        self.target = target        # as on the request line (absolute URI for a proxy)
        self.version = version      # "HTTP/1.1"
        self.headers = headers      # [(name, value)] in arrival order, names as sent
        self.body = body            # bytes, de-chunked

    def header(self, name):
        """The first value of header `name` (case-insensitive), or None."""
        name = name.lower()
        for key, value in self.headers:
            if key.lower() == name:
                return value
        return None


class Reader:
    """Buffered reads from a (possibly TLS) socket."""

    def __init__(self, sock):
        self.sock = sock
        self.buf = bytearray()

    def _fill(self):
        data = self.sock.recv(65536)
        if not data:
            raise EOFError("peer closed the connection")
        self.buf += data

    def read_line(self):
        """One line without its LF (and CR); BadRequest when longer than MAX_LINE."""
        start = 0
        while True:
            end = self.buf.find(b"\n", start)
            if end >= 0:
                line = bytes(self.buf[:end])
                del self.buf[:end + 1]
                return line[:-1] if line.endswith(b"\r") else line
            if len(self.buf) > MAX_LINE:
                raise BadRequest("line too long")
            start = len(self.buf)
            self._fill()

    def read_exact(self, n):
        while len(self.buf) < n:
            self._fill()
        data = bytes(self.buf[:n])
        del self.buf[:n]
        return data


def read_request(reader, send_continue):
    """Read one request. None when the peer closed before sending anything.

    send_continue() is called before reading the body of an `Expect: 100-continue`
    request (curl sends that for large POST bodies and would otherwise wait ~1 s).
    """
    try:
        line = reader.read_line()
        while line == b"":           # RFC 9112 2.2: ignore empty lines before a request
            line = reader.read_line()
    except EOFError:
        return None
    parts = line.decode("latin-1").split(" ")
    if len(parts) != 3 or not _TOKEN.match(parts[0]) or not _VERSION.match(parts[2]):
        raise BadRequest("bad request line: %r" % line[:100])
    method, target, version = parts

    headers = _read_fields(reader)
    body = b""
    transfer_encoding = _last_token(headers, "transfer-encoding")
    length = _content_length(headers)
    expects_body = transfer_encoding == "chunked" or length > 0
    if expects_body and _value(headers, "expect", "").lower() == "100-continue":
        send_continue()
    if transfer_encoding == "chunked":
        body = _read_chunked(reader)
    elif transfer_encoding:
        raise BadRequest("unsupported transfer-encoding %r" % transfer_encoding)
    elif length:
        body = reader.read_exact(length)
    return Request(method, target, version, headers, body)


def _read_fields(reader):
    fields = []
    while True:
        line = reader.read_line()
        if line == b"":
            return fields
        if len(fields) >= MAX_HEADERS:
            raise BadRequest("too many header fields")
        name, colon, value = line.decode("latin-1").partition(":")
        if not colon or not _TOKEN.match(name):
            raise BadRequest("bad header line: %r" % line[:100])
        fields.append((name, value.strip(" \t")))


def _value(headers, name, default=None):
    for key, value in headers:
        if key.lower() == name:
            return value
    return default


def _last_token(headers, name):
    value = _value(headers, name)
    if value is None:
        return None
    return value.split(",")[-1].strip().lower()


def _content_length(headers):
    value = _value(headers, "content-length")
    if value is None:
        return 0
    if not value.isdigit() or int(value) > MAX_BODY:
        raise BadRequest("bad content-length %r" % value)
    return int(value)


def _read_chunked(reader):
    body = bytearray()
    while True:
        size_field = reader.read_line().split(b";")[0].strip()
        try:
            size = int(size_field, 16)
        except ValueError:
            raise BadRequest("bad chunk size %r" % size_field[:40]) from None
        if size == 0:
            _read_fields(reader)            # trailers, ignored
            return bytes(body)
        if len(body) + size > MAX_BODY:
            raise BadRequest("request body too large")
        body += reader.read_exact(size)
        if reader.read_line() != b"":
            raise BadRequest("chunk not followed by CRLF")


def reason(status):
    try:
        return http.HTTPStatus(status).phrase
    except ValueError:
        return "Status %d" % status


def response_head(status, headers):
    """The status line and header block, ready to send."""
    lines = ["HTTP/1.1 %d %s" % (status, reason(status))]
    lines += ["%s: %s" % (name, value) for name, value in headers]
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")


def simple_response(status, content_type, body):
    """A complete small response with Content-Length (control endpoints, errors)."""
    if isinstance(body, str):
        body = body.encode("utf-8")
    return response_head(status, [("Content-Type", content_type),
                                  ("Content-Length", str(len(body))),
                                  ("Connection", "close")]) + body


class BodyWriter:
    """Writes body bytes with the response's framing.

    chunked: every write is one chunk (so a test controls chunk boundaries);
    close / length: raw bytes.
    """

    def __init__(self, sock, framing):
        self.sock = sock
        self.chunked = framing == "chunked"

    def write(self, data):
        if not data:
            return          # an empty chunk would end a chunked body
        if self.chunked:
            self.sock.sendall(b"%x\r\n" % len(data) + data + b"\r\n")
        else:
            self.sock.sendall(data)

    def finish(self):
        if self.chunked:
            self.sock.sendall(b"0\r\n\r\n")
