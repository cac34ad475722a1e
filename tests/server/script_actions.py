"""Scripted responses: validation and the body actions (protocol in README.md).

A script is a list of response objects; validate_script() checks one completely when it
is posted (or when the scenario file is loaded), so a typo in a test fails loudly at
once instead of producing a strange stream later.
"""

import fcntl
import socket
import struct
import termios
import time

FRAMINGS = ("chunked", "close", "length")
DEFAULT_HEADERS = [["Content-Type", "text/event-stream"], ["Cache-Control", "no-cache"]]
_RESPONSE_KEYS = {"status", "headers", "framing", "body"}

# action name -> {other allowed key: required?}
_ACTIONS = {
    "write": {}, "write_hex": {}, "repeat": {"times": True}, "sleep_ms": {},
    "drip": {"every_ms": False}, "echo": {}, "reset": {}, "close": {}, "stall": {},
    "numbered": {},
}
REPEAT_PIECE = 64 * 1024   # `repeat` sends big bodies in pieces of about this size
RESET_FLUSH_TIMEOUT = 2.0  # seconds `reset` waits for written bytes to reach the client


class ScriptError(ValueError):
    pass


def _check(condition, message):
    if not condition:
        raise ScriptError(message)


def _is_number(x):
    return isinstance(x, (int, float)) and not isinstance(x, bool) and x >= 0


def _is_count(x):
    return isinstance(x, int) and not isinstance(x, bool) and x >= 0


def validate_script(script):
    """Return the script with defaults filled in; ScriptError on anything malformed."""
    _check(isinstance(script, list) and script, "a script is a non-empty JSON list of responses")
    return [_validate_response(r, i) for i, r in enumerate(script)]


def _validate_response(response, index):
    where = "response %d" % index
    _check(isinstance(response, dict), where + ": must be an object")
    unknown = set(response) - _RESPONSE_KEYS
    _check(not unknown, "%s: unknown keys %s" % (where, sorted(unknown)))
    status = response.get("status", 200)
    _check(_is_count(status) and 100 <= status <= 999, where + ": bad status")
    headers = response.get("headers", DEFAULT_HEADERS)
    if isinstance(headers, dict):
        headers = [[k, v] for k, v in headers.items()]
    _check(isinstance(headers, list) and all(
        isinstance(h, list) and len(h) == 2 and all(isinstance(s, str) for s in h)
        and "\r" not in h[0] + h[1] and "\n" not in h[0] + h[1]
        for h in headers), where + ": headers must be [[name, value], ...]")
    framing = response.get("framing", "chunked")
    _check(framing in FRAMINGS, "%s: framing must be one of %s" % (where, FRAMINGS))
    body = response.get("body", [])
    _check(isinstance(body, list), where + ": body must be a list of actions")
    for i, action in enumerate(body):
        _validate_action(action, "%s action %d" % (where, i))
    _check(not (framing == "length" and any("numbered" in a for a in body)),
           where + ": numbered cannot be used with framing length")
    return {"status": status, "headers": headers, "framing": framing, "body": body}


def _validate_action(action, where):
    _check(isinstance(action, dict), where + ": must be an object")
    names = [k for k in action if k in _ACTIONS]
    _check(len(names) == 1, where + ": needs exactly one of %s" % sorted(_ACTIONS))
    name = names[0]
    extra = _ACTIONS[name]
    unknown = set(action) - {name} - set(extra)
    _check(not unknown, "%s: unknown keys %s" % (where, sorted(unknown)))
    for key, required in extra.items():
        _check(not required or key in action, "%s: %s needs %s" % (where, name, key))
    value = action[name]
    if name in ("write", "repeat", "drip"):
        _check(isinstance(value, str), "%s: %s takes a string" % (where, name))
    elif name == "write_hex":
        _check(isinstance(value, str), where + ": write_hex takes a string")
        try:
            bytes.fromhex(value)
        except ValueError:
            raise ScriptError(where + ": write_hex is not hex") from None
    elif name == "sleep_ms":
        _check(_is_number(value), where + ": sleep_ms takes a number >= 0")
    elif name == "numbered":
        _check(isinstance(value, dict) and set(value) <= {"count", "drop_every"}
               and _is_count(value.get("count")) and _is_count(value.get("drop_every", 0)),
               where + ": numbered takes {\"count\": C, \"drop_every\": K}")
    else:
        _check(value is True, "%s: %s takes true" % (where, name))
    _check(_is_count(action.get("times", 0)), where + ": times must be an integer >= 0")
    _check(_is_number(action.get("every_ms", 0)), where + ": every_ms must be a number >= 0")


def numbered_is_done(body, last_event_id):
    """A numbered stream whose last id was already sent is answered with 204."""
    return any("numbered" in a and last_event_id >= a["numbered"]["count"] for a in body)


def content_length(body, echo_line):
    """Bytes the data actions write (framing "length"); sleeps and drips keep their pauses."""
    total = 0
    for action in body:
        if "write" in action or "drip" in action:
            total += len((action.get("write") or action.get("drip") or "").encode("utf-8"))
        elif "write_hex" in action:
            total += len(bytes.fromhex(action["write_hex"]))
        elif "repeat" in action:
            total += len(action["repeat"].encode("utf-8")) * action["times"]
        elif "echo" in action:
            total += len(echo_line)
    return total


# How a body ended; the connection handler closes accordingly.
END = "end"        # finish the framing, close cleanly
RESET = "reset"    # the connection was already aborted with RST
GONE = "gone"      # the client went away (stall) or the server is stopping: just close


class BodyRunner:
    """Runs the actions of one response on one connection."""

    def __init__(self, sock, writer, stop_event, echo_line, last_event_id):
        self.sock = sock
        self.writer = writer
        self.stop = stop_event
        self.echo_line = echo_line
        self.last_event_id = last_event_id

    def run(self, body):
        for action in body:
            outcome = self._run_one(action)
            if outcome is not None:
                return outcome
        return END

    def _sleep(self, ms):
        """Sleep, but wake up when the server stops. True when stopping."""
        return self.stop.wait(ms / 1000.0)

    def _run_one(self, action):
        if "write" in action:
            self.writer.write(action["write"].encode("utf-8"))
        elif "write_hex" in action:
            self.writer.write(bytes.fromhex(action["write_hex"]))
        elif "repeat" in action:
            self._repeat(action["repeat"].encode("utf-8"), action["times"])
        elif "sleep_ms" in action:
            if self._sleep(action["sleep_ms"]):
                return GONE
        elif "drip" in action:
            return self._drip(action["drip"].encode("utf-8"), action.get("every_ms", 10))
        elif "echo" in action:
            self.writer.write(self.echo_line)
        elif "reset" in action:
            reset(self.sock)
            return RESET
        elif "close" in action:
            return END
        elif "stall" in action:
            self._stall()
            return GONE
        elif "numbered" in action:
            return self._numbered(action["numbered"]["count"],
                                  action["numbered"].get("drop_every", 0))
        return None

    def _repeat(self, data, times):
        if not data:
            return
        per_piece = max(1, REPEAT_PIECE // len(data))
        while times > 0:
            n = min(times, per_piece)
            self.writer.write(data * n)
            times -= n

    def _drip(self, data, every_ms):
        for i in range(len(data)):
            if i and self._sleep(every_ms):
                return GONE
            self.writer.write(data[i:i + 1])
        return None

    def _stall(self):
        """Keep the connection open, sending nothing, until the client closes it."""
        self.sock.settimeout(0.1)
        while not self.stop.is_set():
            try:
                if not self.sock.recv(4096):
                    return              # EOF: the client went away
            except (TimeoutError, socket.timeout):
                continue
            except OSError:
                return

    def _numbered(self, count, drop_every):
        n = self.last_event_id
        sent_here = 0
        while n < count:
            n += 1
            self.writer.write(b"id: %d\ndata: %d\n\n" % (n, n))
            sent_here += 1
            if n < count and drop_every and sent_here % drop_every == 0:
                # A partial event (no blank line) then RST: the client must not
                # dispatch it and must resume after id n (M6, H1, P dispatch rules).
                self.writer.write(b"id: %d\ndata: partial" % (n + 1))
                reset(self.sock)
                return RESET
        return END


def reset(sock):
    """Abort the TCP connection with RST (SO_LINGER 0) instead of a FIN.

    An RST throws away whatever still sits in our send queue, so we first wait (up to
    RESET_FLUSH_TIMEOUT) until the client's kernel has acknowledged every byte written:
    the client then reads all of them before it sees ECONNRESET.
    """
    deadline = time.monotonic() + RESET_FLUSH_TIMEOUT
    while _unacked_bytes(sock) > 0 and time.monotonic() < deadline:
        time.sleep(0.002)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    sock.close()


def _unacked_bytes(sock):
    """Bytes in the socket's send queue, not yet acknowledged by the peer (Linux)."""
    try:
        raw = fcntl.ioctl(sock.fileno(), termios.TIOCOUTQ, struct.pack("i", 0))
        return struct.unpack("i", raw)[0]
    except OSError:
        return 0
