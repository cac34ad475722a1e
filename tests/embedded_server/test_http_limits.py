"""Limits of the embedded server over real sockets: 503 with Retry-After beyond
max_connections, slowloris connections closed after the header timeout, 10,000
connect/disconnect cycles with descriptors and memory back at baseline, a client that
never reads does not grow the server's memory, clients that reset mid-stream are
dropped, and a stop with connections open (one of them not reading) ends within its
bound.

usage: test_http_limits.py SERVE_DRIVER
"""

import socket
import struct
import sys
import threading
import time

from served import Checks, Served, StreamReader, read_head

check = Checks()


def max_connections(driver):
    srv = Served(driver, "--max-connections", "3")
    try:
        streams = [StreamReader(srv, "/events?topic=a") for _ in range(3)]
        check("three streams within the limit", all(s.status == 200 for s in streams),
              str([s.status for s in streams]))
        status, headers, body = srv.request("GET", "/events?topic=a")
        check("the fourth connection: 503 with Retry-After and a message",
              status == 503 and headers.get("retry-after") == "1" and len(body.strip()) > 0,
              repr((status, headers, body)))
        streams.pop().close()
        srv.wait_stat("connections", lambda n: n <= 2, 10)
        status, _, _ = srv.request("GET", "/nowhere")
        check("a connection is accepted again once one closed", status == 404, str(status))
        check("refusals counted", srv.stats()["rejected_limit"] >= 1, str(srv.stats()))
        for s in streams:
            s.close()
    finally:
        srv.close()


def slowloris(driver):
    srv = Served(driver, "--header-timeout-ms", "700")
    try:
        # A head trickled in a byte at a time: the deadline is for the whole head, so
        # it is closed even though bytes keep arriving.
        s = srv.connect()
        s.settimeout(0.1)
        t0 = time.monotonic()
        closed_after = None
        for byte in b"GET /events?topic=a HTTP/1.1\r\nX-Slow: " + b"z" * 400:
            try:
                s.sendall(bytes([byte]))
                if s.recv(1024) == b"":
                    closed_after = time.monotonic() - t0
                    break
            except socket.timeout:
                pass
            except OSError:
                closed_after = time.monotonic() - t0
                break
        s.close()
        check("a trickled request head is closed after the header timeout",
              closed_after is not None and 0.5 <= closed_after < 8, str(closed_after))
        # A connection that never sends anything.
        s = srv.connect()
        t0 = time.monotonic()
        s.settimeout(10)
        data = s.recv(100)
        idle = time.monotonic() - t0
        s.close()
        check("a silent connection is closed after the header timeout", data == b"" and 0.5 <= idle < 8,
              repr((data, idle)))
        # An idle keep-alive connection after a reply gets a new deadline.
        s = srv.connect()
        s.sendall(b"GET /nowhere HTTP/1.1\r\nHost: x\r\n\r\n")
        status = read_head(s)[0]
        t0 = time.monotonic()
        s.settimeout(10)
        rest = b""
        try:
            while True:
                chunk = s.recv(65536)
                if not chunk:
                    break
                rest += chunk
        except socket.timeout:
            pass
        check("an idle keep-alive connection is closed after the header timeout",
              status == 404 and time.monotonic() - t0 < 8, str(status))
        s.close()
        # A stream is not subject to it.
        st = StreamReader(srv, "/events?topic=a")
        time.sleep(1.5)
        srv.publish("a", "still-here")
        text = st.read_until("still-here")
        check("a stream outlives the header timeout", b"still-here" in text, repr(text))
        st.close()
        check("header timeouts counted", srv.stats()["rejected_limit"] >= 2, str(srv.stats()))
    finally:
        srv.close()


def cycles(driver):
    srv = Served(driver, "--threads", "2", "--keep-alive", "0")
    try:
        def one_round(n, subscribe):
            for i in range(n):
                s = socket.create_connection(("127.0.0.1", srv.port))
                if subscribe:
                    s.sendall(b"GET /events?topic=c HTTP/1.1\r\nHost: x\r\n\r\n")
                    s.recv(4096)
                s.close()

        one_round(500, True)  # warm-up: allocator pools, libevent's tables
        srv.wait_stat("connections", lambda n: n == 0, 20)
        fds0, rss0 = srv.fd_count(), srv.rss_kib()
        t0 = time.monotonic()
        one_round(8000, True)   # connect, subscribe, read the head, disconnect
        one_round(2000, False)  # connect and disconnect without a request
        elapsed = time.monotonic() - t0
        s = srv.wait_stat("connections", lambda n: n == 0, 20)
        s = srv.wait_stat("subscribers", lambda n: n == 0, 20)
        fds1, rss1 = srv.wait_fd_count(fds0, 5), srv.rss_kib()
        check("10,000 connect/disconnect cycles: no connection or subscriber left",
              s["connections"] == 0 and s["subscribers"] == 0 and s["streams"] == 0, str(s))
        check("10,000 cycles: descriptors back at baseline", fds1 == fds0,
              "%d -> %d: %s" % (fds0, fds1, " ".join(srv.fd_targets())))
        check("10,000 cycles: memory back near baseline (< 2 MiB growth)", rss1 - rss0 < 2048,
              "%d KiB -> %d KiB in %.1f s" % (rss0, rss1, elapsed))
    finally:
        srv.close()


def never_reading_client(driver):
    srv = Served(driver, "--queue-bytes", "65536", "--keep-alive", "0", "--history", "16")
    try:
        sleeper = socket.create_connection(("127.0.0.1", srv.port))
        sleeper.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
        sleeper.sendall(b"GET /events?topic=flood HTTP/1.1\r\nHost: x\r\n\r\n")
        reader = StreamReader(srv, "/events?topic=flood")
        srv.wait_stat("subscribers", lambda n: n == 2, 10)
        rss0 = srv.rss_kib()
        payload = "x" * 4000
        # Well over what the kernel buffers, the output watermark and the queue hold.
        done = threading.Event()

        def drain():
            try:
                reader.sock.settimeout(20)
                while not done.is_set():
                    if not reader.sock.recv(1 << 20):
                        break
            except OSError:
                pass

        t = threading.Thread(target=drain)
        t.start()
        for i in range(3000):
            srv.publish("flood", payload)
        s = srv.wait_stat("disconnected_slow", lambda n: n >= 1, 10)
        rss1 = srv.rss_kib()
        done.set()
        reader.close()
        t.join()
        check("the never-reading subscriber is disconnected by the slow policy",
              s["disconnected_slow"] >= 1, str(s))
        check("server memory did not grow with the flood (12 MB published; < 4 MiB growth)",
              rss1 - rss0 < 4096, "%d KiB -> %d KiB" % (rss0, rss1))
        sleeper.close()
    finally:
        srv.close()


def vanished_clients(driver):
    """Clients that reset their connections mid-stream: writing to them fails (EPIPE,
    ECONNRESET, never SIGPIPE for the process) and they are dropped."""
    srv = Served(driver, "--keep-alive", "0")
    try:
        gone = []
        for _ in range(50):
            s = srv.connect()
            s.sendall(b"GET /events?topic=v HTTP/1.1\r\nHost: x\r\n\r\n")
            read_head(s)
            s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            gone.append(s)
        stay = StreamReader(srv, "/events?topic=v")
        srv.wait_stat("subscribers", lambda n: n == 51, 10)
        for s in gone:
            s.close()  # RST
        for i in range(20):
            srv.publish("v", "after-%d" % i)
        text = stay.read_until("after-19")
        s = srv.wait_stat("subscribers", lambda n: n == 1, 10)
        check("clients that reset mid-stream are dropped; the server lives on",
              s["subscribers"] == 1 and s["connections"] == 1 and srv.proc.poll() is None, str(s))
        check("the remaining client got every event", all(("after-%d" % i).encode() in text for i in range(20)),
              repr(text[-200:]))
        stay.close()
    finally:
        srv.close()


def stop_with_connections_open(driver):
    srv = Served(driver, "--keep-alive", "0")
    try:
        readers = [StreamReader(srv, "/events?topic=s") for _ in range(5)]
        stuck = socket.create_connection(("127.0.0.1", srv.port))
        stuck.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
        stuck.sendall(b"GET /events?topic=s HTTP/1.1\r\nHost: x\r\n\r\n")
        half = socket.create_connection(("127.0.0.1", srv.port))
        half.sendall(b"GET /events?topic=s HTTP/1.1\r\n")  # head still arriving
        srv.wait_stat("subscribers", lambda n: n == 6, 10)
        for i in range(400):
            srv.publish("s", "y" * 4000)  # fills the stuck client's path
        srv.publish("s", "last-before-stop")
        texts = [r.read_until("last-before-stop") for r in readers[:2]]
        t0 = time.monotonic()
        took_ms = srv.stop(1000)
        wall = time.monotonic() - t0
        check("stop with open streams and a stuck client returns within its bound (1 s + slack)",
              took_ms < 3000 and wall < 5, "stop took %d ms (wall %.2f s)" % (took_ms, wall))
        ended = 0
        for r in readers:
            try:
                text = r.read_to_end(5)
                ended += text.endswith(b"\n\n") or text.endswith(b"\n")
            except OSError:
                pass
        check("every reading client saw its stream end cleanly", ended == 5, str(ended))
        for sock in (stuck, half):
            sock.close()
    finally:
        srv.close()


def main():
    return check.run((max_connections, slowloris, cycles, never_reading_client, vanished_clients,
                      stop_with_connections_open), sys.argv[1])


if __name__ == "__main__":
    sys.exit(main())
