#!/usr/bin/env python3
"""Install the build into a temporary DESTDIR, then build and run the C consumer of
tests/install/c with nothing but `pkg-config --cflags --libs libsse` pointed at that
tree.

Runs in every build configuration (sanitizers, a minimal one), where the real-prefix
consumer test of tests/install runs only on CI's main build. Checks the installed
layout (versioned include dir, soname symlink, .pc file, the headers of exactly the
optional parts built), that pkg-config's flags are enough to compile and link, and
that the program runs against the installed library (not the build tree). Prints TAP.
"""
import argparse
import glob
import os
import pathlib
import shlex
import subprocess
import sys
import tempfile

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1] / "support"))
import tap  # noqa: E402  (tests/support/tap.py, found through the path above)



def expected_output(expected_txt, version, client, server):
    """tests/install/c/expected.txt filled in, plus the features line of this build."""
    text = pathlib.Path(expected_txt).read_text(encoding="utf-8").replace("@VERSION@", version)
    return text + (f"features client={client} server={server} "
                   f"(headers: client={client} server={server})\n")


def run(cmd, **kw):
    return subprocess.run(cmd, capture_output=True, text=True, **kw)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--meson", default="meson")
    ap.add_argument("--build-dir", required=True)
    ap.add_argument("--consumer", required=True)
    ap.add_argument("--cc", required=True)
    ap.add_argument("--cxx", required=True)
    ap.add_argument("--sanitize", default="none")
    ap.add_argument("--expected", required=True)
    ap.add_argument("--version", required=True)
    ap.add_argument("--client", type=int, choices=(0, 1), required=True)
    ap.add_argument("--server", type=int, choices=(0, 1), required=True)
    args = ap.parse_args()

    results = []

    def check(what, ok, detail=""):
        results.append((what, ok, detail))
        return ok

    with tempfile.TemporaryDirectory(prefix="sse-pkgconfig-") as tmp:
        dest = pathlib.Path(tmp) / "root"
        inst = run([args.meson, "install", "-C", args.build_dir, "--no-rebuild", "--quiet",
                    "--destdir", str(dest)])
        if check("meson install into a DESTDIR", inst.returncode == 0,
                 inst.stdout + inst.stderr):
            pcs = glob.glob(str(dest / "**" / "pkgconfig" / "libsse.pc"), recursive=True)
            libs = glob.glob(str(dest / "**" / "libsse.so.1"), recursive=True)
            headers = glob.glob(str(dest / "**" / "include" / "sse-1" / "sse" / "sse.h"),
                                recursive=True)
            version_h = glob.glob(str(dest / "**" / "include" / "sse-1" / "sse" / "version.h"),
                                  recursive=True)
            check("installed: libsse.pc, libsse.so.1, include/sse-1/sse/{sse,version}.h",
                  len(pcs) == 1 and len(libs) == 1 and len(headers) == 1 and len(version_h) == 1,
                  f"pc={pcs} lib={libs} headers={headers} version.h={version_h}")
            if headers:
                installed = {p.name for p in pathlib.Path(headers[0]).parent.glob("*.h")}
                want = {"sse.h", "common.h", "version.h", "features.h", "parser.h",
                        "serializer.h", "publisher.h"}
                want |= {"client.h"} if args.client else set()
                want |= {"server.h"} if args.server else set()
                check("installed headers: exactly those of the parts built", installed == want,
                      f"installed {sorted(installed)}, expected {sorted(want)}")
            if pcs and libs:
                env = dict(os.environ)
                # Our installed .pc first; the system's only for what libsse requires
                # (libcurl, a private dependency of the client).
                system_pc = subprocess.run(
                    ["pkg-config", "--variable", "pc_path", "pkg-config"],
                    capture_output=True, text=True).stdout.strip()
                env["PKG_CONFIG_PATH"] = os.path.dirname(pcs[0])
                env["PKG_CONFIG_LIBDIR"] = os.path.dirname(pcs[0]) + ":" + system_pc
                env["PKG_CONFIG_SYSROOT_DIR"] = str(dest)  # prefix=/usr/local -> DESTDIR
                cflags_run = run(["pkg-config", "--cflags", "libsse"], env=env)
                libs_run = run(["pkg-config", "--libs", "libsse"], env=env)
                if check("pkg-config --cflags / --libs libsse",
                         cflags_run.returncode == 0 and libs_run.returncode == 0,
                         cflags_run.stderr + libs_run.stderr):
                    cflags = shlex.split(cflags_run.stdout)
                    libflags = shlex.split(libs_run.stdout)
                    flags = cflags + libflags
                    check("pkg-config flags point into the installed tree",
                          all(not f.startswith(("-I", "-L")) or f[2:].startswith(str(dest))
                              for f in flags), " ".join(flags))
                    exe = pathlib.Path(tmp) / "consumer"
                    obj = pathlib.Path(tmp) / "consumer.o"
                    # A sanitized libsse needs the sanitizer runtimes at link time; its
                    # C++ parts (UBSan vptr checks) need the C++ flavour, so such a
                    # build links through the C++ driver, as a sanitized user app would.
                    san = [] if args.sanitize in ("", "none") else [f"-fsanitize={args.sanitize}"]
                    linker = args.cxx if san else args.cc
                    cc = run([args.cc, "-std=c99", "-Wall", "-Werror", *san, *cflags, "-c",
                              args.consumer, "-o", str(obj)])
                    if cc.returncode == 0:
                        cc = run([linker, *san, str(obj), "-o", str(exe), *libflags])
                    if check("consumer compiles and links with only those flags",
                             cc.returncode == 0, cc.stdout + cc.stderr):
                        env_run = dict(os.environ)
                        env_run["LD_LIBRARY_PATH"] = os.path.dirname(libs[0])
                        out = run([str(exe)], env=env_run)
                        ldd = run(["ldd", str(exe)], env=env_run).stdout
                        check("consumer loads the installed libsse.so.1",
                              os.path.dirname(libs[0]) in ldd, ldd)
                        want = expected_output(args.expected, args.version, args.client,
                                               args.server)
                        check("consumer runs, parses, serializes and reports the built parts",
                              out.returncode == 0 and out.stdout == want,
                              f"exit {out.returncode}\nstdout:\n{out.stdout}\nexpected:\n"
                              f"{want}\nstderr:\n{out.stderr}")

    return tap.report(results, max_detail_lines=40)


if __name__ == "__main__":
    sys.exit(main())
