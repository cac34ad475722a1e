#!/usr/bin/env python3
"""Runs each example server, streams it with `curl -N` and checks that ticks arrive
as events with ids, and that a request with Last-Event-ID resumes right after it.
Usage: test_examples.py CURL EXAMPLE..."""
import re
import subprocess
import sys

TICK_MS = 100


def stream(curl, url, seconds, last_id=None):
    cmd = [curl, '-N', '-s', '--max-time', str(seconds), url]
    if last_id:
        cmd += ['-H', 'Last-Event-ID: ' + last_id]
    # curl exits 28 when --max-time ends the stream: that is the expected end here.
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=seconds + 30)
    return done.stdout


def events(text):
    return re.findall(r'id: (\S+)\ndata: (tick \d+)\n\n', text)


def check(curl, example):
    server = subprocess.Popen([example, '0', str(TICK_MS)], stdout=subprocess.PIPE, text=True)
    try:
        line = server.stdout.readline()
        match = re.search(r'(http://127\.0\.0\.1:\d+/events)', line)
        if not match:
            return 'no URL printed: %r' % line
        url = match.group(1)
        first = stream(curl, url, 2)
        got = events(first)
        if not first.startswith('retry: 2000\n'):
            return 'stream does not start with the retry hint: %r' % first[:80]
        if len(got) < 3:
            return 'only %d events in 2 s: %r' % (len(got), first)
        numbers = [int(data.split()[1]) for _, data in got]
        if numbers != list(range(numbers[0], numbers[0] + len(numbers))):
            return 'ticks out of order or missing: %s' % numbers
        # Resume after the second event: the next one comes first (from the history).
        resumed = events(stream(curl, url, 1, last_id=got[1][0]))
        if not resumed or resumed[0][1] != got[2][1]:
            return 'resume after %s started with %s' % (got[1], resumed[:1])
        return None
    finally:
        server.terminate()
        server.wait(timeout=10)


def main():
    curl, examples = sys.argv[1], sys.argv[2:]
    print('1..%d' % len(examples))
    failed = 0
    for i, example in enumerate(examples, 1):
        problem = check(curl, example)
        name = example.rsplit('/', 1)[-1]
        if problem:
            failed += 1
            print('not ok %d - %s: %s' % (i, name, problem))
        else:
            print('ok %d - %s streams ticks to curl -N and resumes after Last-Event-ID' % (i, name))
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
