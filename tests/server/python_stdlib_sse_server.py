#!/usr/bin/env python3
"""Interop server on http.server (ThreadingHTTPServer + BaseHTTPRequestHandler).

None of our own HTTP code: streams `id: n\ndata: python n\n\n` for n = 1..3, continuing
after the request's Last-Event-ID (H1, M7), with a close-delimited HTTP/1.0-style body
(http.server's default); a request whose Last-Event-ID is already 3 gets 204 (M4).

    python3 tests/server/python_stdlib_sse_server.py  -> prints {"port": N}; exits at stdin EOF
"""

import json
import os
import signal
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from stop_when_told import serve_until_stopped, stop_on_signals  # noqa: E402

LAST = 3


class Handler(BaseHTTPRequestHandler):
    def do_GET(self):
        try:
            last_id = int(self.headers.get("Last-Event-ID", "0").strip() or "0")
        except ValueError:
            last_id = 0
        if last_id >= LAST:
            self.send_response(204)
            self.end_headers()
            return
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream; charset=utf-8")
        self.send_header("Cache-Control", "no-cache")
        self.end_headers()
        for n in range(last_id + 1, LAST + 1):
            self.wfile.write(b"id: %d\ndata: python %d\n\n" % (n, n))
            self.wfile.flush()

    def log_message(self, *args):
        pass  # quiet: the tests read only our stdout line


def main():
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    print(json.dumps({"port": server.server_address[1]}), flush=True)
    stop = threading.Event()
    stop_on_signals(stop, signal.SIGTERM)
    serve_until_stopped(stop)
    server.shutdown()
    server.server_close()


if __name__ == "__main__":
    main()
