#!/usr/bin/env python3
"""The Java consumer test: org.libsse:libsse installed with Maven, used by a project
outside the repository, against the INSTALLED libsse.

In a fresh temporary directory:
  1. a copy of the plugins fetch_maven_plugins.sh downloaded becomes the local Maven
     repository;
  2. `mvn -o install` of a copy of bindings/java (pom.xml, src/main) puts org.libsse:libsse
     into it, with the installed libsse_jni.so inside the jar, at the installed libsse's
     version (libsse.pc);
  3. `mvn -o package` builds the consumer project (consumer/) against that artifact;
  4. the consumer runs a parse and a client round trip against
     tests/server/sse_test_server.py; its output is compared line by line, and the
     libsse.so.1 it mapped must be the installed one;
  5. the loader's other paths: -Dlibsse.jni.library=system (an installed .so on
     java.library.path), the jar on the module path, and a platform the jar has no
     library for (the error names it).
Both Maven steps run with -o, inside a network namespace without a network when the
machine allows one (unshare), so nothing can be downloaded there.
"""
import argparse
import glob
import json
import os
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))


def fail(message):
    sys.exit("java consumer: FAIL: " + message)


def run(cmd, cwd=None, env=None, check=True):
    print("+ " + " ".join(cmd), flush=True)
    result = subprocess.run(cmd, cwd=cwd, env=env, text=True, capture_output=True)
    if check and result.returncode != 0:
        fail(f"exit {result.returncode}: {' '.join(cmd)}\n{result.stdout}\n{result.stderr}")
    return result


def no_network_prefix():
    """A command prefix that runs its command without any network, or [] if unavailable."""
    for prefix in (["unshare", "--net"], ["unshare", "--user", "--map-root-user", "--net"]):
        if shutil.which("unshare") and subprocess.run(prefix + ["true"],
                                                      capture_output=True).returncode == 0:
            return prefix
    print("note: unshare cannot create a network namespace here; Maven runs with -o only")
    return []


def installed_jni_dir(prefix):
    found = glob.glob(os.path.join(prefix, "lib", "**", "jni", "libsse_jni.so"), recursive=True)
    if len(found) != 1:
        fail(f"expected one installed jni/libsse_jni.so under {prefix}, found {found}")
    return os.path.dirname(found[0])


def installed_version(prefix):
    """The installed libsse's version (libsse.pc): the artifact's version must be the same."""
    found = glob.glob(os.path.join(prefix, "lib", "**", "pkgconfig", "libsse.pc"), recursive=True)
    if len(found) != 1:
        fail(f"expected one installed libsse.pc under {prefix}, found {found}")
    with open(found[0]) as f:
        for line in f:
            if line.startswith("Version:"):
                return line.split(":", 1)[1].strip()
    fail(f"no Version: in {found[0]}")


def check_no_runpath(library):
    dynamic = run(["readelf", "-d", library]).stdout
    if "RPATH" in dynamic or "RUNPATH" in dynamic:
        fail(f"{library} has a RUNPATH/RPATH (a build tree path must not ship in the jar):\n"
             f"{dynamic}")


def start_server(source_root):
    server = subprocess.Popen(
        [sys.executable, os.path.join(source_root, "tests", "server", "sse_test_server.py")],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    info = json.loads(server.stdout.readline())
    return server, info["port"]


def expect_lines(actual, expected, what):
    if actual != expected:
        fail(f"{what}: expected\n  " + "\n  ".join(expected) + "\ngot\n  " + "\n  ".join(actual))


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--prefix", required=True, help="where libsse was meson-installed")
    ap.add_argument("--main-build", required=True)
    ap.add_argument("--source-root", required=True)
    ap.add_argument("--plugins", required=True, help="repository fetch_maven_plugins.sh filled")
    args = ap.parse_args()
    prefix = os.path.realpath(args.prefix)
    version = installed_version(prefix)
    jni_dir = installed_jni_dir(prefix)
    check_no_runpath(os.path.join(jni_dir, "libsse_jni.so"))
    libdir = os.path.dirname(jni_dir)
    offline = no_network_prefix()

    tmp = tempfile.mkdtemp(prefix="libsse-java-consumer-")
    try:
        m2 = os.path.join(tmp, "m2")
        shutil.copytree(args.plugins, m2, symlinks=True)
        mvn = offline + ["mvn", "-o", "-B", "-q", "-Dstyle.color=never", "-Dmaven.repo.local=" + m2]

        # 2. The binding, built and installed from a copy (Maven writes target/ beside the pom).
        binding = os.path.join(tmp, "libsse-java")
        os.makedirs(binding)
        java_src = os.path.join(args.source_root, "bindings", "java")
        shutil.copy(os.path.join(java_src, "pom.xml"), binding)
        shutil.copytree(os.path.join(java_src, "src", "main"), os.path.join(binding, "src", "main"))
        swig_sources = os.path.join(args.main_build, "bindings", "java", "swig-java")
        run(mvn + ["-Dlibsse.swig.sources=" + swig_sources,
                   "-Dlibsse.native.linux-x86_64=" + jni_dir, "install"], cwd=binding)
        jar = os.path.join(m2, "org", "libsse", "libsse", version, f"libsse-{version}.jar")
        if not os.path.isfile(jar):
            fail(f"mvn install did not produce {jar}")
        listing = run(["jar", "--list", "--file", jar]).stdout.split()
        for entry in ("META-INF/native/linux-x86_64/libsse_jni.so", "module-info.class",
                      "org/libsse/SseParser.class", "org/libsse/internal/SseNativeJNI.class"):
            if entry not in listing:
                fail(f"{jar} lacks {entry}")

        # 3. The consumer project, built against the installed artifact.
        consumer = os.path.join(tmp, "consumer")
        shutil.copytree(os.path.join(HERE, "consumer"), consumer)
        classpath_file = os.path.join(tmp, "classpath.txt")
        run(mvn + ["-Dlibsse.version=" + version, "package", "dependency:build-classpath",
                   "-Dmdep.outputFile=" + classpath_file], cwd=consumer)
        with open(classpath_file) as f:
            dependencies = f.read().strip()
        if dependencies != jar:
            fail(f"the consumer's class path should be the installed jar alone, got {dependencies}")
        classpath = os.path.join(consumer, "target", "classes") + os.pathsep + dependencies

        # 4. Parse + client round trip. java.library.path is left alone: the jar's copy loads.
        env = dict(os.environ, LD_LIBRARY_PATH=libdir)
        env.pop("JAVA_TOOL_OPTIONS", None)
        java_tmp = os.path.join(tmp, "java-tmp")  # where the jar's library is extracted
        os.makedirs(java_tmp)
        server, port = start_server(args.source_root)
        try:
            url = f"http://127.0.0.1:{port}/scenario/basic/java-consumer"
            out = run(["java", "-Djava.io.tmpdir=" + java_tmp, "-cp", classpath, "example.Consumer",
                       url], cwd=tmp, env=env).stdout
        finally:
            server.stdin.close()
            server.wait(timeout=30)
        lines = out.splitlines()
        mapped = [l for l in lines if l.startswith("libsse.so.1 ")]
        expect_lines([l for l in lines if l not in mapped], [
            "version " + version,
            "parsed greet caf\u00e9 7",
            "received message hello 1",
            "received greet a|b 1",
            "client CLOSED last-event-id 1",
        ], "consumer output")
        if len(mapped) != 1 or not mapped[0].split(" ", 1)[1].startswith(prefix + os.sep):
            fail(f"libsse.so.1 must come from the installed prefix {prefix}, got {mapped}")
        print("consumer output as expected; " + mapped[0])
        if os.listdir(java_tmp):
            fail(f"the extracted library was left behind: {os.listdir(java_tmp)}")

        # 5a. The override for an installed JNI library: found on java.library.path.
        out = run(["java", "-Dlibsse.jni.library=system", "-Djava.library.path=" + jni_dir,
                   "-cp", classpath, "example.Consumer"], cwd=tmp, env=env).stdout
        expect_lines(out.splitlines()[:2], ["version " + version, "parsed greet caf\u00e9 7"],
                     "-Dlibsse.jni.library=system")
        # 5b. The jar as a named module (module path): the library is found there too.
        out = run(["java", "-p", jar, "--add-modules", "org.libsse",
                   "-cp", os.path.join(consumer, "target", "classes"), "example.Consumer"],
                  cwd=tmp, env=env).stdout
        expect_lines(out.splitlines()[:2], ["version " + version, "parsed greet caf\u00e9 7"],
                     "module path")
        # 5c. A platform the jar has no library for, and none installed: the error names it.
        empty = os.path.join(tmp, "empty")
        os.makedirs(empty)
        result = run(["java", "-Dos.arch=riscv64", "-Djava.library.path=" + empty,
                      "-cp", classpath, "example.Consumer"], cwd=tmp, env=env, check=False)
        if result.returncode == 0 or "platform linux-riscv64" not in result.stderr:
            fail(f"expected a load error naming linux-riscv64, got exit {result.returncode}:\n"
                 f"{result.stderr}")
        print("unsupported platform reported: linux-riscv64")
        print("java consumer: OK")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
