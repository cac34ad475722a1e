#!/usr/bin/env python3
"""Fault-injecting SSE test server shared by the C, Go, Ruby and Java client tests.

    python3 tests/server/sse_test_server.py [--tls DIR] [--require-client-cert]

Binds 127.0.0.1 on an ephemeral port, prints one JSON line (port, scheme, and with
--tls the CA / client certificate paths) and serves until stdin reaches EOF or SIGTERM.
Tests script the responses per session id; the protocol is in README.md next to this
file. Python 3 standard library only (plus the openssl CLI for --tls).

One thread per connection; every response closes its connection, so each reconnection
attempt of a client is a new TCP connection, visible in the request log.
"""

import argparse
import itertools
import json
import os
import select
import signal
import socket
import ssl
import sys
import threading
import time
import traceback
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import http_wire  # noqa: E402
import script_actions  # noqa: E402
from http_wire import BadRequest  # noqa: E402
from script_actions import ScriptError  # noqa: E402
from stop_when_told import stop_on_signals, wait_until_stopped, watch_stdin  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_SCENARIOS = os.path.join(HERE, "..", "data", "client_scenarios.json")
REQUEST_TIMEOUT = 30      # seconds to receive a whole request
WRITE_TIMEOUT = 60        # seconds a blocked write may wait for a client that does not read
DRAIN_TIMEOUT = 2         # seconds to wait for the client's FIN after a clean end
CONNECT_LOG = "_connect"  # the log key of CONNECT (tunnel) requests


def extract_sid(path, prefix):
    """The path segment after `prefix` ('' if none): '/s/abc/x?y' -> 'abc'."""
    rest = path[len(prefix):]
    for stop in "/?#":
        rest = rest.split(stop, 1)[0]
    return rest


class State:
    """Scripts and request logs per session id. Shared by all connection threads."""

    def __init__(self, scenarios):
        self.lock = threading.Lock()
        self.scenarios = scenarios
        self.scripts = {}   # sid -> {"responses": [...], "next": int}
        self.logs = {}      # sid -> [log entry]

    def install(self, sid, responses):
        with self.lock:
            self.scripts[sid] = {"responses": responses, "next": 0}

    def install_scenario_once(self, sid, name):
        """Install the named scenario for sid unless sid already has a script."""
        with self.lock:
            if sid not in self.scripts:
                self.scripts[sid] = {"responses": self.scenarios[name], "next": 0}

    def next_response(self, sid):
        """The next scripted response; the last one repeats. None when unscripted."""
        with self.lock:
            script = self.scripts.get(sid)
            if script is None:
                return None
            responses = script["responses"]
            index = min(script["next"], len(responses) - 1)
            script["next"] += 1
            return responses[index]

    def log(self, sid, entry):
        with self.lock:
            self.logs.setdefault(sid, []).append(entry)

    def get_log(self, sid):
        with self.lock:
            return list(self.logs.get(sid, []))


class Server:
    def __init__(self, state, tls_context, verbose):
        self.state = state
        self.tls_context = tls_context
        self.verbose = verbose
        self.stop = threading.Event()
        self.connection_ids = itertools.count(1)
        self.live = set()
        self.live_lock = threading.Lock()
        self.listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.listener.bind(("127.0.0.1", 0))
        self.listener.listen(128)
        self.port = self.listener.getsockname()[1]

    def note(self, message):
        if self.verbose:
            print(message, file=sys.stderr, flush=True)

    # --- lifecycle -------------------------------------------------------------------

    def serve_in_background(self):
        threading.Thread(target=self._accept_loop, name="accept", daemon=True).start()

    def _accept_loop(self):
        self.listener.settimeout(0.2)
        while not self.stop.is_set():
            try:
                sock, _ = self.listener.accept()
            except (TimeoutError, socket.timeout):
                continue
            except OSError:
                if self.stop.is_set():
                    return
                continue
            sock.settimeout(REQUEST_TIMEOUT)
            # Every write leaves at once: chunk boundaries and drips reach the client
            # as scripted instead of being merged by Nagle's algorithm.
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            threading.Thread(target=self._connection, args=(sock,), daemon=True).start()

    def shutdown(self):
        """Stop accepting and abort every open connection (stalls, sleeps, streams)."""
        self.stop.set()
        self.listener.close()
        with self.live_lock:
            live = list(self.live)
        for sock in live:
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass

    # --- one connection ---------------------------------------------------------------

    def _connection(self, raw):
        sock = raw
        with self.live_lock:
            self.live.add(raw)
        try:
            if self.tls_context is not None:
                # The handshake runs here, in the connection's thread, so a client that
                # never finishes it blocks nobody else.
                sock = self.tls_context.wrap_socket(raw, server_side=True)
                with self.live_lock:
                    self.live.add(sock)
            self._serve_one_request(sock)
        except (BadRequest, OSError, EOFError, ssl.SSLError, ValueError) as e:
            # One misbehaving client never takes the server down.
            self.note("connection: %s: %s" % (type(e).__name__, e))
        except Exception:  # a bug in this server: say so, keep serving
            traceback.print_exc(file=sys.stderr)
        finally:
            with self.live_lock:
                self.live.discard(raw)
                self.live.discard(sock)
            try:
                sock.close()
            except OSError:
                pass

    def _serve_one_request(self, sock):
        reader = http_wire.Reader(sock)
        try:
            request = http_wire.read_request(
                reader, lambda: sock.sendall(b"HTTP/1.1 100 Continue\r\n\r\n"))
        except BadRequest as e:
            sock.sendall(http_wire.simple_response(400, "text/plain", str(e) + "\n"))
            raise  # a broken client: no clean close needed
        if request is None:
            return
        connection_id = next(self.connection_ids)
        if request.method == "CONNECT":
            self._tunnel(sock, request, connection_id)
            return
        self._dispatch(sock, request, connection_id)

    def _dispatch(self, sock, request, connection_id):
        target = request.target
        if target.startswith("/"):
            path = target
        else:  # absolute-form (forward proxy): serve it here, log the full URI
            parts = urllib.parse.urlsplit(target)
            path = (parts.path or "/") + ("?" + parts.query if parts.query else "")

        if path.startswith("/_script/") and request.method == "POST":
            self._post_script(sock, extract_sid(path, "/_script/"), request.body)
        elif path.startswith("/_log/"):
            body = json.dumps(self.state.get_log(extract_sid(path, "/_log/")))
            self._reply(sock, http_wire.simple_response(200, "application/json", body))
        elif path.startswith("/s/") and extract_sid(path, "/s/"):
            self._scripted(sock, request, extract_sid(path, "/s/"), connection_id)
        elif path.startswith("/scenario/"):
            name, _, rest = path[len("/scenario/"):].partition("/")
            sid = extract_sid("/" + rest, "/")
            if name not in self.state.scenarios or not sid:
                self._reply(sock, http_wire.simple_response(
                    404, "text/plain", "unknown scenario %r or no sid\n" % name))
                return
            self.state.install_scenario_once(sid, name)
            self._scripted(sock, request, sid, connection_id)
        else:
            self._reply(sock, http_wire.simple_response(404, "text/plain", "no such endpoint\n"))

    def _post_script(self, sock, sid, body):
        try:
            if not sid:
                raise ScriptError("no sid in the path")
            responses = script_actions.validate_script(json.loads(body.decode("utf-8")))
        except (ValueError, UnicodeDecodeError) as e:  # ScriptError and JSON errors
            self._reply(sock, http_wire.simple_response(
                400, "application/json", json.dumps({"ok": False, "error": str(e)})))
            return
        self.state.install(sid, responses)
        self._reply(sock, http_wire.simple_response(200, "application/json", '{"ok":true}'))

    def _log_entry(self, sock, request, connection_id):
        entry = {
            "method": request.method,
            "path": request.target,
            "headers": [[k, v] for k, v in request.headers],
            "body": request.body.decode("latin-1"),
            "body_hex": request.body.hex(),
            "http_version": request.version,
            "connection": connection_id,
        }
        if isinstance(sock, ssl.SSLSocket):
            peer = sock.getpeercert()
            subject = dict(x[0] for x in peer.get("subject", ())) if peer else {}
            entry["tls"] = {"version": sock.version(),
                            "client_cert_cn": subject.get("commonName")}
        return entry

    # --- scripted responses -----------------------------------------------------------

    def _scripted(self, sock, request, sid, connection_id):
        entry = self._log_entry(sock, request, connection_id)
        self.state.log(sid, entry)     # logged before anything is answered
        response = self.state.next_response(sid)
        if response is None:
            self._reply(sock, http_wire.simple_response(
                404, "text/plain", "no script for sid %s\n" % sid))
            return
        echo_line = b"data: " + json.dumps(entry, separators=(",", ":")).encode() + b"\n\n"
        last_event_id = _int_or_zero(request.header("Last-Event-ID"))
        body = response["body"]
        status = response["status"]
        if script_actions.numbered_is_done(body, last_event_id):
            status, body = 204, []
        headers = [(k, v.replace("{sid}", sid)) for k, v in response["headers"]]
        explicit = {k.lower() for k, _ in headers}
        framing = response["framing"]
        bodyless = status < 200 or status in (204, 304) or request.method == "HEAD"

        # Framing headers, unless the script set them itself (malformed-response tests).
        if not bodyless and not explicit & {"content-length", "transfer-encoding"}:
            if framing == "chunked":
                headers.append(("Transfer-Encoding", "chunked"))
            elif framing == "length":
                headers.append(("Content-Length",
                                str(script_actions.content_length(body, echo_line))))
        if "connection" not in explicit:
            headers.append(("Connection", "close"))

        sock.settimeout(WRITE_TIMEOUT)
        sock.sendall(http_wire.response_head(status, headers))
        if bodyless:
            self._close_cleanly(sock)
            return
        writer = http_wire.BodyWriter(sock, framing)
        runner = script_actions.BodyRunner(sock, writer, self.stop, echo_line, last_event_id)
        outcome = runner.run(body)
        if outcome == script_actions.END:
            writer.finish()
            self._close_cleanly(sock)

    def _reply(self, sock, response):
        """Send a complete response and close the connection cleanly."""
        sock.sendall(response)
        self._close_cleanly(sock)

    def _close_cleanly(self, sock):
        """FIN (and TLS close_notify) after the last byte, then wait for the client's FIN.

        Draining before close() matters: closing a socket with unread input sends RST,
        which the client would see as a dropped connection instead of a clean end.
        """
        sock.settimeout(1.0)
        deadline = time.monotonic() + DRAIN_TIMEOUT
        try:
            if isinstance(sock, ssl.SSLSocket):
                # close_notify: without it a close-delimited body over TLS looks truncated.
                sock = sock.unwrap()
            sock.shutdown(socket.SHUT_WR)
            while sock.recv(65536) and time.monotonic() < deadline:
                pass
        except (OSError, ssl.SSLError, ValueError):
            pass
        finally:
            sock.close()

    # --- CONNECT: a real tunnel to another local server (https through a proxy) ---------

    def _tunnel(self, sock, request, connection_id):
        entry = self._log_entry(sock, request, connection_id)
        self.state.log(CONNECT_LOG, entry)
        host, _, port = request.target.rpartition(":")
        if host not in ("127.0.0.1", "localhost", "[::1]") or not port.isdigit():
            self._reply(sock, http_wire.simple_response(403, "text/plain", "local targets only\n"))
            return
        try:
            upstream = socket.create_connection((host.strip("[]"), int(port)), timeout=5)
        except OSError as e:
            self._reply(sock, http_wire.simple_response(502, "text/plain", "%s\n" % e))
            return
        with self.live_lock:
            self.live.add(upstream)
        try:
            sock.sendall(b"HTTP/1.1 200 Connection established\r\n\r\n")
            _pipe(sock, upstream, self.stop)
        finally:
            with self.live_lock:
                self.live.discard(upstream)
            upstream.close()


def _pipe(a, b, stop):
    """Copy bytes both ways until either side closes."""
    a.settimeout(None)
    b.settimeout(None)
    peers = {a: b, b: a}
    while not stop.is_set():
        readable, _, _ = select.select(list(peers), [], [], 0.2)
        for src in readable:
            try:
                data = src.recv(65536)
                # A TLS socket may hold decrypted bytes that select() cannot see.
                while data and isinstance(src, ssl.SSLSocket) and src.pending():
                    data += src.recv(src.pending())
            except OSError:
                return
            if not data:
                return
            peers[src].sendall(data)


def _int_or_zero(text):
    try:
        return int((text or "0").strip())
    except ValueError:
        return 0


def load_scenarios(path):
    with open(path, encoding="utf-8") as f:
        raw = json.load(f)
    scenarios = {}
    for name, script in raw.items():
        if name.startswith("_"):
            continue          # "_comment" keys document the file
        try:
            scenarios[name] = script_actions.validate_script(script)
        except ScriptError as e:
            raise SystemExit("%s: scenario %r: %s" % (path, name, e))
    return scenarios


def make_tls_context(cert_dir, require_client_cert):
    import test_certs
    certs = test_certs.ensure_certs(cert_dir)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(certs["server_cert"], certs["server_key"])
    context.set_alpn_protocols(["http/1.1"])   # HTTP/2 lives in nghttpd_server.py
    if require_client_cert:
        context.verify_mode = ssl.CERT_REQUIRED
        context.load_verify_locations(certs["ca"])
    return context, certs


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--tls", metavar="DIR",
                        help="serve https with certificates in DIR (created if absent)")
    parser.add_argument("--require-client-cert", action="store_true",
                        help="with --tls: reject clients without a certificate from ca.pem")
    parser.add_argument("--scenarios", default=DEFAULT_SCENARIOS,
                        help="named scenarios file (default tests/data/client_scenarios.json)")
    parser.add_argument("--ignore-stdin", action="store_true",
                        help="keep running at stdin EOF (manual use; stop with SIGTERM/^C)")
    parser.add_argument("--verbose", action="store_true",
                        help="report connection errors on stderr")
    args = parser.parse_args()
    if args.require_client_cert and not args.tls:
        parser.error("--require-client-cert needs --tls DIR")

    tls_context, certs = (make_tls_context(args.tls, args.require_client_cert)
                          if args.tls else (None, None))
    server = Server(State(load_scenarios(args.scenarios)), tls_context, args.verbose)

    stop_on_signals(server.stop, signal.SIGTERM, signal.SIGINT)
    if not args.ignore_stdin:
        watch_stdin(server.stop)
    server.serve_in_background()

    announce = {"port": server.port, "scheme": "https" if certs else "http"}
    if certs:
        announce.update(ca=certs["ca"], client_cert=certs["client_cert"],
                        client_key=certs["client_key"], other_ca=certs["other_ca"])
    print(json.dumps(announce), flush=True)

    wait_until_stopped(server.stop)
    server.shutdown()


if __name__ == "__main__":
    main()
