"""The embedded server over TLS (libevent_openssl): a subscriber over HTTPS receives an
event published over HTTPS, the certificate verifies against the test CA, and a
plain-HTTP request to the TLS port gets no HTTP answer.

usage: test_http_tls.py SERVE_DRIVER WORK_DIR
"""

import pathlib
import socket
import ssl
import sys
import time

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1] / "server"))
from served import Checks, Served, read_head, read_response  # noqa: E402
from test_certs import ensure_certs  # noqa: E402

check = Checks()


def tls_socket(ctx, port):
    raw = socket.create_connection(("127.0.0.1", port), timeout=10)
    return ctx.wrap_socket(raw, server_hostname="localhost")


def round_trip(driver, work):
    certs = ensure_certs(pathlib.Path(work) / "tls-certs")
    srv = Served(driver, "--tls-cert", certs["server_cert"], "--tls-key", certs["server_key"],
                 "--keep-alive", "0")
    try:
        ctx = ssl.create_default_context(cafile=certs["ca"])
        sub = tls_socket(ctx, srv.port)
        check("TLS handshake verifies against the test CA", sub.version() is not None, "")
        sub.sendall(b"GET /events?topic=secure HTTP/1.1\r\nHost: localhost\r\n\r\n")
        status, headers, rest = read_head(sub)
        check("stream over TLS: 200 text/event-stream",
              status == 200 and headers.get("content-type", "").startswith("text/event-stream"),
              repr((status, headers)))
        srv.wait_stat("subscribers", lambda n: n == 1, 10)

        pub = tls_socket(ctx, srv.port)
        body = b"topic=secure&data=over+tls"
        pub.sendall(b"POST /publish HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n"
                    b"Authorization: Bearer test-token\r\n"
                    b"Content-Type: application/x-www-form-urlencoded\r\n"
                    b"Content-Length: %d\r\n\r\n" % len(body) + body)
        status, _, reply = read_response(pub)
        pub.close()
        check("publish over TLS: 200", status == 200, repr((status, reply)))

        data = rest
        deadline = time.monotonic() + 10
        while b"data: over tls\n\n" not in data and time.monotonic() < deadline:
            sub.settimeout(max(0.1, deadline - time.monotonic()))
            chunk = sub.recv(65536)
            if not chunk:
                break
            data += chunk
        check("the event arrives over TLS", b"data: over tls\n\n" in data, repr(data))
        sub.close()

        plain = socket.create_connection(("127.0.0.1", srv.port), timeout=10)
        plain.sendall(b"GET /events?topic=secure HTTP/1.1\r\nHost: x\r\n\r\n")
        try:
            answer = plain.recv(100)
        except OSError:
            answer = b""
        plain.close()
        check("plain HTTP to the TLS port gets no HTTP answer", not answer.startswith(b"HTTP/"), repr(answer))

        wrong = ssl.create_default_context(cafile=certs["other_ca"])
        try:
            tls_socket(wrong, srv.port).close()
            verified = True
        except ssl.SSLError:
            verified = False
        check("a client trusting another CA rejects the server", not verified, "")
        check("the server still serves after the failed handshakes",
              tls_socket(ctx, srv.port).version() is not None, "")
    finally:
        srv.close()


def main():
    return check.run((round_trip,), sys.argv[1], sys.argv[2])


if __name__ == "__main__":
    sys.exit(main())
