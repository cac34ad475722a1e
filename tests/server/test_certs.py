"""Test certificates for the TLS tests, made with the `openssl` CLI.

ensure_certs(DIR) creates, when they are absent:
  ca.pem / ca.key             the test CA (trusted by the tests)
  server.pem / server.key     for 127.0.0.1 and localhost, signed by ca.pem
  client.pem / client.key     a client certificate (CN "libsse test client"), signed by ca.pem
  other-ca.pem / other-ca.key an unrelated CA (a client trusting only it must reject the server)
and returns their paths. Several test processes may share one DIR at the same time:
creation runs under an exclusive lock on DIR/.lock and every file is written under a
temporary name, then renamed, so nobody ever reads half a certificate.

EC P-256 keys: generating them takes milliseconds (RSA would slow every test start).
"""

import fcntl
import os
import shutil
import subprocess
import tempfile

DAYS = "3650"
CURVE = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"]

FILES = ("ca.pem", "ca.key", "server.pem", "server.key",
         "client.pem", "client.key", "other-ca.pem", "other-ca.key")


def _openssl(*args, cwd):
    openssl = shutil.which("openssl")
    if openssl is None:
        raise RuntimeError("the openssl CLI is needed to create the test certificates")
    proc = subprocess.run([openssl, *args], cwd=cwd, stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE, text=True)
    if proc.returncode != 0:
        raise RuntimeError("openssl %s failed:\n%s" % (" ".join(args), proc.stderr))


def _make_ca(work, name, cn):
    _openssl("req", "-x509", "-new", *CURVE, "-days", DAYS,
             "-keyout", name + ".key", "-out", name + ".pem", "-subj", "/CN=" + cn,
             "-addext", "basicConstraints=critical,CA:TRUE",
             "-addext", "keyUsage=critical,keyCertSign,cRLSign", cwd=work)


def _make_leaf(work, name, cn, extensions):
    """A key + certificate signed by ca.pem in `work` with the given v3 extensions."""
    ext_file = os.path.join(work, name + ".ext")
    with open(ext_file, "w") as f:
        f.write("basicConstraints=critical,CA:FALSE\n"
                "subjectKeyIdentifier=hash\n"
                "authorityKeyIdentifier=keyid,issuer\n" + extensions)
    _openssl("req", "-new", *CURVE, "-keyout", name + ".key", "-out", name + ".csr",
             "-subj", "/CN=" + cn, cwd=work)
    # A random serial: -CAcreateserial would leave a shared ca.srl behind.
    serial = "0x" + os.urandom(8).hex()
    _openssl("x509", "-req", "-in", name + ".csr", "-CA", "ca.pem", "-CAkey", "ca.key",
             "-set_serial", serial, "-days", DAYS, "-extfile", name + ".ext",
             "-out", name + ".pem", cwd=work)


def _create_all(directory):
    work = tempfile.mkdtemp(prefix=".certs-", dir=directory)
    try:
        _make_ca(work, "ca", "libsse test CA")
        _make_leaf(work, "server", "localhost",
                   "keyUsage=critical,digitalSignature\n"
                   "extendedKeyUsage=serverAuth\n"
                   "subjectAltName=IP:127.0.0.1,DNS:localhost\n")
        _make_leaf(work, "client", "libsse test client",
                   "keyUsage=critical,digitalSignature\n"
                   "extendedKeyUsage=clientAuth\n")
        _make_ca(work, "other-ca", "libsse unrelated CA")
        # Keys and certificates land in DIR only once all of them exist.
        for name in FILES:
            os.replace(os.path.join(work, name), os.path.join(directory, name))
    finally:
        shutil.rmtree(work, ignore_errors=True)


def ensure_certs(directory):
    """Create the certificates in `directory` if any is missing; return their paths."""
    directory = os.path.abspath(directory)
    os.makedirs(directory, exist_ok=True)
    with open(os.path.join(directory, ".lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not all(os.path.exists(os.path.join(directory, n)) for n in FILES):
            _create_all(directory)
    path = lambda n: os.path.join(directory, n)  # noqa: E731
    return {
        "ca": path("ca.pem"),
        "server_cert": path("server.pem"),
        "server_key": path("server.key"),
        "client_cert": path("client.pem"),
        "client_key": path("client.key"),
        "other_ca": path("other-ca.pem"),
    }


if __name__ == "__main__":
    import json
    import sys
    print(json.dumps(ensure_certs(sys.argv[1] if len(sys.argv) > 1 else "."), indent=2))
