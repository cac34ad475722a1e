#!/usr/bin/env python3
"""libsse.so and libsse.pc carry exactly the optional parts the build has.

With the client built, libsse.so links libcurl and libsse.pc's Requires.private names
it; with the embedded server, the same for libevent (its pthreads and OpenSSL parts)
and OpenSSL; without a part, neither mentions its libraries at all (`ldd` lists
libsse.so's dependencies transitively, so nothing curl or libevent pulls in may
remain). Prints TAP.

Usage: test_linked_parts.py --library LIB --pc LIBSSE_PC --client 0|1 --server 0|1
"""
import argparse
import pathlib
import re
import subprocess
import sys

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1] / "support"))
import tap  # noqa: E402  (tests/support/tap.py, found through the path above)

CLIENT_MODULES = {"libcurl"}
SERVER_MODULES = {"libevent", "libevent_pthreads", "libevent_openssl", "openssl"}


def linked_libraries(library):
    """Sonames ldd resolves for the library (direct and indirect)."""
    out = subprocess.run(["ldd", library], capture_output=True, text=True, check=True).stdout
    return {line.split()[0] for line in out.splitlines() if line.strip()}


def requires_private(pc_path):
    """Module names of the .pc file's Requires.private (version constraints dropped)."""
    for line in pathlib.Path(pc_path).read_text(encoding="utf-8").splitlines():
        if line.startswith("Requires.private:"):
            spec = line.split(":", 1)[1]
            # "libcurl >= 7.85.0, libevent >= 2.1" -> names only
            spec = re.sub(r"[<>=!]+\s*\S+", " ", spec)
            return {name for name in re.split(r"[\s,]+", spec) if name}
    return set()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--library", required=True)
    ap.add_argument("--pc", required=True)
    ap.add_argument("--client", type=int, choices=(0, 1), required=True)
    ap.add_argument("--server", type=int, choices=(0, 1), required=True)
    args = ap.parse_args()

    libs = linked_libraries(args.library)
    curl = sorted(l for l in libs if l.startswith("libcurl"))
    event = sorted(l for l in libs if l.startswith("libevent"))
    modules = requires_private(args.pc)
    want = (CLIENT_MODULES if args.client else set()) | (SERVER_MODULES if args.server else set())
    neither = sorted(l for l in libs if l.startswith(("libssl", "libcrypto", "libnghttp2")))

    checks = [
        (f"libsse.so {'links' if args.client else 'does not link'} libcurl",
         bool(curl) == bool(args.client), f"ldd {args.library}: {sorted(libs)}"),
        (f"libsse.so {'links' if args.server else 'does not link'} libevent",
         bool(event) == bool(args.server), f"ldd {args.library}: {sorted(libs)}"),
        ("Requires.private lists exactly the built parts' modules", modules == want,
         f"{args.pc}: Requires.private {sorted(modules)}, expected {sorted(want)}"),
    ]
    if not args.client and not args.server:
        checks.append(("without client and server, no TLS or HTTP/2 library is linked either",
                       not neither, f"still linked: {neither}"))
    status = tap.report(checks)
    print(f"# ldd: {' '.join(sorted(libs))}")
    print(f"# Requires.private: {' '.join(sorted(modules)) or '(none)'}")
    return status


if __name__ == "__main__":
    sys.exit(main())
