"""The hubs of the publisher benchmark, each started in a process of its own on
127.0.0.1, all with one interface for bench/run-publisher:

    hub.sub_template   subscribe path for the load generator ("{t}": topic number)
    hub.subscribers(gen)               subscribed streams of generator `gen`
    hub.publish(start, count, topics, rate)  one publish step (publish_plan.h), its
                                        result line as {key: int or float}
    hub.rss_kib()      resident memory of all the hub's processes
    hub.cpu_seconds()  CPU time of all the hub's processes
    hub.stop()

Each hub is driven through its own fastest publish path: libsse and go-sse publish
from inside the hub process (a command on its stdin starts the step), nchan only
takes HTTP POSTs, sent by bench/publisher/http_pub.c. `sse serve` is libsse driven
the way nchan is, through the same POST publisher, for the like-for-like row.
"""
import grp
import os
import pwd
import secrets
import shutil
import socket
import subprocess
import time
from pathlib import Path

import binding_programs  # bench/binding_programs.py (the caller put bench/ on the path)
from line_process import LineProcess, raise_nofile, result_line

HERE = Path(__file__).resolve().parent
NCHAN_MODULE = Path("/usr/lib/nginx/modules/ngx_nchan_module.so")
NCHAN_WORKERS = 2          # one per core, as nchan is deployed
GO_BUILD_TIMEOUT = 900     # a cold cache compiles the standard library
STEP_TIMEOUT = 900


def rss_kib(pids):
    total = 0
    for pid in pids:
        try:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except FileNotFoundError:
            pass
    return total


def cpu_seconds(pids):
    """User + system CPU time of the processes (all their threads)."""
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])
        except FileNotFoundError:
            pass
    return total / os.sysconf("SC_CLK_TCK")


class HubFigures:
    """Resident memory and CPU time of a hub's processes (self.proc and, where a hub
    has more, what pids() adds)."""

    def pids(self):
        return [self.proc.pid]

    def rss_kib(self):
        return rss_kib(self.pids())

    def cpu_seconds(self):
        return cpu_seconds(self.pids())


class CommandHub(LineProcess, HubFigures):
    """A hub program that prints `listening http://HOST:PORT` and takes the commands
    `subscribers`, `publish START COUNT TOPICS RATE` and `quit` on stdin (libsse_hub.c,
    gosse_hub/main.go)."""

    sub_template = "/events?topic=t{t}"

    def __init__(self, name, argv):
        super().__init__(name, argv)
        line = self.proc.stdout.readline()
        if not line.startswith("listening http://"):
            self.stop()
            raise RuntimeError(f"{name} did not start: {line.strip()!r}")
        self.addr = line.split("http://", 1)[1].strip().rstrip("/")

    def subscribers(self, gen):
        """Subscribers the hub itself counts (the generator is not asked)."""
        return self.ask("subscribers", "subscribers")["n"]

    def publish(self, start, count, topics, rate):
        return self.ask(f"publish {start} {count} {topics} {rate:g}", "published")


def free_port():
    """A port nothing listens on now (nginx cannot report an ephemeral one)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class PostHub(HubFigures):
    """A hub published to by HTTP POSTs (bench/publisher/http_pub.c), in a process
    started by the subclass as self.proc."""

    window = 8  # POSTs in flight over many topics (one per keep-alive connection)

    def __init__(self, http_pub_exe):
        self.http_pub = http_pub_exe

    def subscribers(self, gen):
        """Streams whose response head the load generator has: both hubs send it once the
        subscriber is registered. (nchan's channel info counts subscribers too, but with
        two workers the sum over 1,000 channels stays about a quarter short while every
        subscriber gets every event.)"""
        return gen.stats()["headers"]

    def post(self, path_template, start, count, topics, rate, *token):
        # One topic: one POST at a time, as the in-process publishers publish in order
        # (concurrent POSTs to one nchan channel were stored out of order, and measured
        # no faster: a hub fans a message out within the POST's handling).
        window = 1 if topics == 1 else self.window
        proc = subprocess.run([str(self.http_pub), self.addr, path_template, str(start),
                               str(count), str(topics), f"{rate:g}", str(window), *token],
                              capture_output=True, text=True, timeout=STEP_TIMEOUT)
        if proc.returncode != 0:
            raise RuntimeError(f"http_pub failed: {proc.stderr.strip()[-300:]}")
        return result_line(proc.stdout, "published")

    def stop(self):
        if self.proc.poll() is None:
            self.proc.terminate()  # SIGTERM: both stop at once
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


class ServeHub(PostHub):
    """`sse serve` (tools/), one event loop per core, published through its POST
    endpoint (form-encoded, bearer token): libsse as an operator runs it."""

    sub_template = "/events?topic=t{t}"

    def __init__(self, sse_exe, http_pub_exe):
        super().__init__(http_pub_exe)
        self.name = "sse serve"
        self.token = secrets.token_hex(16)
        self.proc = subprocess.Popen([str(sse_exe), "serve", "--listen", "127.0.0.1:0",
                                      "--threads", "0", "--max-connections", "19000",
                                      "--publish-token", self.token],
                                     stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                     stderr=subprocess.PIPE, text=True,
                                     preexec_fn=raise_nofile)
        urls = {}
        while "events" not in urls or "publish" not in urls:
            line = self.proc.stdout.readline()
            if not line:
                raise RuntimeError(f"sse serve exited (status {self.proc.wait()}): "
                                   f"{self.proc.stderr.read().strip()[-300:]}")
            key, _, url = line.partition(": ")
            urls[key] = url.strip()
        self.addr = urls["events"].split("//", 1)[1].split("/", 1)[0]

    def publish(self, start, count, topics, rate):
        return self.post("/publish", start, count, topics, rate, self.token)


class NchanHub(PostHub):
    """nginx + nchan with a private prefix under out/, as the current user."""

    sub_template = "/sub/t{t}"

    def __init__(self, out, http_pub_exe):
        super().__init__(http_pub_exe)
        self.name = "nginx+nchan"
        port = free_port()
        self.addr = f"127.0.0.1:{port}"
        self.prefix = out / f"nginx-{port}"
        self.prefix.mkdir(parents=True, exist_ok=True)
        user_line = ""
        if os.geteuid() == 0:  # as root nginx would hand its workers to `nobody`
            user = pwd.getpwuid(os.geteuid())
            user_line = f"user {user.pw_name} {grp.getgrgid(user.pw_gid).gr_name};"
        conf = (HERE / "nginx.conf.in").read_text()
        for key, value in (("@USER_LINE@", user_line), ("@NCHAN_MODULE@", str(NCHAN_MODULE)),
                           ("@WORKERS@", str(NCHAN_WORKERS)), ("@PREFIX@", str(self.prefix)),
                           ("@PORT@", str(port))):
            conf = conf.replace(key, value)
        (self.prefix / "nginx.conf").write_text(conf)
        self.proc = subprocess.Popen([shutil.which("nginx") or "/usr/sbin/nginx", "-p",
                                      str(self.prefix), "-c", "nginx.conf", "-e",
                                      str(self.prefix / "error.log")],
                                     stdin=subprocess.DEVNULL, preexec_fn=raise_nofile)
        deadline = time.time() + 10
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if self.proc.poll() is not None or time.time() > deadline:
                    self.stop()
                    log = (self.prefix / "error.log").read_text()[-500:]
                    raise RuntimeError(f"nginx did not start: {log}")
                time.sleep(0.05)

    def publish(self, start, count, topics, rate):
        return self.post("/pub/{t}", start, count, topics, rate)

    def pids(self):
        """Master + workers, as the issue counts nchan's memory."""
        children = Path(f"/proc/{self.proc.pid}/task/{self.proc.pid}/children")
        try:
            return [self.proc.pid] + [int(p) for p in children.read_text().split()]
        except FileNotFoundError:
            return [self.proc.pid]


def nchan_unusable():
    if not (shutil.which("nginx") or Path("/usr/sbin/nginx").exists()):
        return "not measured (nginx not installed)"
    if not NCHAN_MODULE.exists():
        return f"not measured ({NCHAN_MODULE} missing: libnginx-mod-nchan)"
    return None


def build_gosse_hub(out):
    """Builds gosse_hub/ into out/gosse-hub/; the executable's path, or a string
    saying why there is none. The module cache is the peers benchmark's
    (out/go-peers/mod), fetched through the Go module proxy when empty."""
    go = binding_programs.go_tool()
    if go is None:
        return "not measured (no go command)"
    module = out / "gosse-hub"
    module.mkdir(parents=True, exist_ok=True)
    for name in ("go.mod", "go.sum", "main.go"):
        shutil.copyfile(HERE / "gosse_hub" / name, module / name)
    env = dict(os.environ, GOFLAGS="-mod=mod", GOTOOLCHAIN="local",
               GOMODCACHE=str(out / "go-peers" / "mod"),
               CGO_ENABLED="0")
    exe = module / "gosse_hub"
    try:
        proc = subprocess.run([go, "build", "-o", str(exe), "."], cwd=module, env=env,
                              capture_output=True, text=True, timeout=GO_BUILD_TIMEOUT)
    except subprocess.TimeoutExpired:
        return "not measured (go build timed out)"
    if proc.returncode != 0:
        return f"not measured (go build failed: {proc.stderr.strip()[-300:]})"
    return exe
