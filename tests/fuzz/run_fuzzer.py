#!/usr/bin/env python3
"""Run the libFuzzer parser target for a fixed time, seeded from vectors.txt.

The corpus lives in a temporary directory (never the source tree). Each vector
input becomes two seeds: fed one byte at a time (plan length 0) and in a small
chunk plan with a small limit, matching fuzz_parser.c's input layout.
Usage: run_fuzzer.py FUZZER VECTORS_TXT SECONDS
"""
import os
import subprocess
import sys
import tempfile

ESCAPES = {"\\": b"\\", "s": b" ", "n": b"\n", "r": b"\r", "t": b"\t", "0": b"\0"}


def decode(token):
    if token == "\\e":
        return b""
    out, i, raw = bytearray(), 0, token.encode("utf-8")
    while i < len(raw):
        if raw[i:i + 1] == b"\\":
            e = chr(raw[i + 1])
            if e == "x":
                out += bytes([int(raw[i + 2:i + 4], 16)])
                i += 4
                continue
            out += ESCAPES[e]
            i += 2
            continue
        out += raw[i:i + 1]
        i += 1
    return bytes(out)


def vector_inputs(path):
    inputs, cur = [], None
    for line in open(path, encoding="utf-8"):
        words = line.rstrip("\n").split(" ")
        if words[0] == "case":
            cur = b""
        elif words[0] == "input" and cur is not None:
            cur += decode(words[1])
        elif words[0] == "end" and cur is not None:
            inputs.append(cur)
            cur = None
    return inputs


def main():
    fuzzer, vectors, seconds = sys.argv[1], sys.argv[2], int(sys.argv[3])
    with tempfile.TemporaryDirectory(prefix="sse-fuzz-") as tmp:
        corpus = os.path.join(tmp, "corpus")
        os.mkdir(corpus)
        inputs = vector_inputs(vectors)
        for n, data in enumerate(inputs):
            with open(os.path.join(corpus, f"v{n:03d}_bytewise"), "wb") as f:
                f.write(b"\x00" + data)
            with open(os.path.join(corpus, f"v{n:03d}_plan"), "wb") as f:
                f.write(b"\x83\x05\x01\x40" + data)  # 3 chunk sizes, limit 16
        print(f"# {2 * len(inputs)} seeds from {len(inputs)} vectors, {seconds} s", flush=True)
        cmd = [fuzzer, f"-max_total_time={seconds}", "-timeout=20", "-rss_limit_mb=2048",
               "-print_final_stats=1", f"-artifact_prefix={tmp}/", corpus]
        proc = subprocess.run(cmd)
        if proc.returncode != 0:
            for name in os.listdir(tmp):
                if name.startswith(("crash-", "leak-", "timeout-", "oom-")):
                    data = open(os.path.join(tmp, name), "rb").read()
                    print(f"# {name}: {data!r}"[:4000])
            return proc.returncode
        return 0


if __name__ == "__main__":
    sys.exit(main())
