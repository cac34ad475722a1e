"""The test servers' shared lifecycle: run until stdin reaches EOF or a signal arrives.

Every server here is started with a pipe on stdin and stops when the pipe closes (or on
SIGTERM), so a test that dies cannot leave a server behind. Usage:

    stop = threading.Event()
    stop_on_signals(stop, signal.SIGTERM)   # early: a signal during start-up stops too
    ... start serving, print the JSON line ...
    serve_until_stopped(stop)               # watches stdin, returns once stop is set
"""

import os
import signal
import threading

POLL_SECONDS = 0.2  # how often the main thread wakes (signal handlers run between waits)


def stop_on_signals(stop, *signals):
    """Set `stop` when any of `signals` arrives."""
    for sig in signals:
        signal.signal(sig, lambda *_: stop.set())


def watch_stdin(stop):
    """Set `stop` when stdin reaches EOF (from a daemon thread)."""
    threading.Thread(target=_set_at_stdin_eof, args=(stop,), daemon=True).start()


def serve_until_stopped(stop, check=None):
    """Watch stdin, then block until `stop` is set; `check()` runs at every wake-up
    (it may raise SystemExit when what is being served has died)."""
    watch_stdin(stop)
    wait_until_stopped(stop, check)


def wait_until_stopped(stop, check=None):
    while not stop.wait(POLL_SECONDS):
        if check is not None:
            check()


def _set_at_stdin_eof(stop):
    # os.read, not sys.stdin: a daemon thread blocked inside a buffered reader makes
    # the interpreter abort at exit ("could not acquire lock ... at shutdown").
    try:
        while os.read(0, 4096):
            pass
    except (OSError, ValueError):
        pass
    stop.set()
