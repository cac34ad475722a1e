"""The embedded server over real sockets: streaming headers, publishing (form and
JSON), replay by Last-Event-ID and lastEventId, and every refusal (401, 413, 400 for
bad bodies and injection attempts with nothing published, 404, 405 with Allow, bad
queries, oversized heads), CORS and preflight, the authorization callback, the index
page, keep-alive comments on an idle stream, and curl -N as a client.

usage: test_http_requests.py SERVE_DRIVER
"""

import os
import shutil
import subprocess
import sys
import tempfile
import time

from served import Checks, Served, StreamReader, publish_http, read_head, read_response

check = Checks()


def streaming_and_publishing(driver):
    srv = Served(driver, "--retry", "1500", "--keep-alive", "0")
    try:
        st = StreamReader(srv, "/events?topic=news&topic=sport")
        check("stream: 200", st.status == 200, str(st.status))
        check("stream: text/event-stream; charset=utf-8",
              st.headers.get("content-type") == "text/event-stream; charset=utf-8", str(st.headers))
        check("stream: Cache-Control no-store", st.headers.get("cache-control") == "no-store", str(st.headers))
        check("stream: X-Accel-Buffering no", st.headers.get("x-accel-buffering") == "no", str(st.headers))
        st.read_until("retry: 1500\n")
        check("stream: the retry hint comes first", st.text.startswith(b"retry: 1500\n"), repr(st.text))

        status, _, body = publish_http(srv, "topic=news&data=line+1%0Aline+2&type=headline&id=n1")
        check("POST form: 200 with the id", status == 200 and body.strip() == b'{"id":"n1"}', repr(body))
        st.read_until("id: n1\n")
        check("POST form: delivered with type and two data lines",
              b"event: headline\nid: n1\ndata: line 1\ndata: line 2\n\n" in st.text, repr(st.text))

        status, _, body = publish_http(srv, '{"topics":["news","sport"],"data":"both \\u00e9","retry":3000}',
                                       "application/json; charset=utf-8")
        check("POST JSON with two topics: 200", status == 200, repr(body))
        gen_id = body.decode().split('"')[3] if status == 200 else "?"
        st.read_until("data: both \u00e9\n".encode())
        check("POST JSON: generated id, retry, delivered once to a subscriber of both topics",
              st.text.count("data: both \u00e9".encode()) == 1 and ("id: " + gen_id).encode() in st.text
              and b"retry: 3000\n" in st.text, repr(st.text))

        # Resume: the header, and the query parameter for clients without headers.
        srv.publish("news", "after")
        for how, target, headers in (("Last-Event-ID header", "/events?topic=news", [("Last-Event-ID", "n1")]),
                                     ("lastEventId query", "/events?topic=news&lastEventId=n1", [])):
            r = StreamReader(srv, target, headers)
            text = r.read_until("data: after\n")
            check("replay after " + how, b"line 1" not in text and b"data: both" in text, repr(text))
            r.close()

        # HTTP/1.0 has no chunked encoding: the stream is delimited by the close.
        old = srv.connect()
        old.sendall(b"GET /events?topic=old HTTP/1.0\r\n\r\n")
        status, headers, raw = read_head(old)
        srv.publish("old", "one-oh")
        old.settimeout(10)
        while b"data: one-oh\n\n" not in raw:
            chunk = old.recv(65536)
            if not chunk:
                break
            raw += chunk
        old.close()
        check("HTTP/1.0 client: 200, not chunked, raw events",
              status == 200 and "transfer-encoding" not in headers and raw.endswith(b"data: one-oh\n\n"),
              repr((status, headers, raw)))

        # curl -N as a client.
        curl = shutil.which("curl")
        check("curl is installed", curl is not None, "curl not found")
        if curl:
            proc = subprocess.Popen([curl, "-sN", "--max-time", "20",
                                     "http://127.0.0.1:%d/events?topic=curl" % srv.port],
                                    stdout=subprocess.PIPE)
            srv.wait_stat("subscribers", lambda n: n >= 2, 10)
            status, _, _ = publish_http(srv, "topic=curl&data=to+curl")
            out = b""
            deadline = time.monotonic() + 10
            os.set_blocking(proc.stdout.fileno(), False)
            while b"data: to curl\n\n" not in out and time.monotonic() < deadline:
                chunk = proc.stdout.read()
                out += chunk or b""
                time.sleep(0.02)
            proc.kill()
            proc.wait()
            check("curl -N receives a published event", b"data: to curl\n\n" in out, repr(out))
        st.close()
    finally:
        srv.close()


def refusals(driver):
    srv = Served(driver, "--max-publish-bytes", "1024", "--max-header-bytes", "2048")
    try:
        base = srv.stats()["published"]
        status, headers, body = publish_http(srv, "topic=a&data=x", token=None)
        check("POST without token: 401 with WWW-Authenticate",
              status == 401 and headers.get("www-authenticate", "").startswith("Bearer"), repr((status, headers)))
        status, _, _ = publish_http(srv, "topic=a&data=x", token="test-tokeN")
        check("POST with a wrong token: 401", status == 401, str(status))
        status, _, _ = publish_http(srv, "topic=a&data=x", token="test-token-longer")
        check("POST with a longer token: 401", status == 401, str(status))
        status, _, _ = publish_http(srv, "topic=a&data=" + "x" * 2000)
        check("POST over max_publish_bytes: 413", status == 413, str(status))

        bad = [
            ("non-UTF-8 data (form)", b"topic=a&data=%FF%FE", "application/x-www-form-urlencoded"),
            ("non-UTF-8 data (JSON, raw bytes)", b'{"topic":"a","data":"\xff"}', "application/json"),
            ("non-UTF-8 topic", b"topic=%C3%28&data=x", "application/x-www-form-urlencoded"),
            ("LF injection in type (form)", b"topic=a&data=x&type=a%0Aid:%20x", "application/x-www-form-urlencoded"),
            ("LF injection in type (JSON)", b'{"topic":"a","data":"x","type":"a\\nid: x"}', "application/json"),
            ("CR injection in id", b"topic=a&data=x&id=a%0Ddata:%20y", "application/x-www-form-urlencoded"),
            ("LF injection in id (JSON)", b'{"topic":"a","data":"x","id":"1\\ndata: evil"}', "application/json"),
            ("CR in topic", b"topic=a%0D&data=x", "application/x-www-form-urlencoded"),
            ("bad retry", b"topic=a&data=x&retry=-5", "application/x-www-form-urlencoded"),
            ("retry not a number (JSON)", b'{"topic":"a","data":"x","retry":"soon"}', "application/json"),
            ("fractional retry (JSON)", b'{"topic":"a","data":"x","retry":1.5}', "application/json"),
            ("malformed JSON", b'{"topic":"a","data":"x"', "application/json"),
            ("content after the JSON object", b'{"topic":"a","data":"x"} {}', "application/json"),
            ("lone surrogate in JSON", b'{"topic":"a","data":"\\ud800"}', "application/json"),
            ("unknown JSON member", b'{"topic":"a","data":"x","colour":"red"}', "application/json"),
            ("unknown form field", b"topic=a&data=x&colour=red", "application/x-www-form-urlencoded"),
            ("malformed percent escape", b"topic=a&data=%G1", "application/x-www-form-urlencoded"),
            ("no topic", b"data=x", "application/x-www-form-urlencoded"),
            ("no data", b"topic=a", "application/x-www-form-urlencoded"),
            ("data twice", b"topic=a&data=x&data=y", "application/x-www-form-urlencoded"),
            ("unknown content type", b"topic=a&data=x", "text/plain"),
            ("empty JSON body", b"", "application/json"),
        ]
        for what, body, ctype in bad:
            status, headers, reply = publish_http(srv, body, ctype)
            check("400 for " + what, status == 400 and len(reply.strip()) > 5 and
                  headers.get("content-type", "").startswith("text/plain"), repr((status, reply)))
        check("nothing was published by any refused request", srv.stats()["published"] == base,
              str(srv.stats()))

        status, _, body = srv.request("GET", "/nowhere")
        check("unknown path: 404 with a message", status == 404 and b"/events" in body, repr(body))
        status, headers, _ = srv.request("DELETE", "/events?topic=a")
        check("DELETE on the stream path: 405 with Allow", status == 405 and "GET" in headers.get("allow", ""),
              repr(headers))
        status, headers, _ = srv.request("GET", "/publish")
        check("GET on the publish path: 405 with Allow: POST",
              status == 405 and "POST" in headers.get("allow", ""), repr(headers))
        status, _, body = srv.request("GET", "/events")
        check("stream without topic: 400 with a message", status == 400 and b"topic" in body, repr(body))
        status, _, _ = srv.request("GET", "/events?topic=%ZZ")
        check("malformed query escape: 400", status == 400, str(status))
        status, _, body = srv.request("GET", "/events?topic=a%0Ab")
        check("invalid topic (LF): 400", status == 400, repr(body))
        status, _, _ = srv.request("GET", "/events?topic=%FF")
        check("invalid topic (not UTF-8): 400", status == 400, str(status))
        status, _, _ = srv.request("GET", "/events?topic=a", [("X-Big", "y" * 4000)])
        check("request head over max_header_bytes: 400 or 431", status in (400, 431), str(status))
        s = srv.connect()
        s.sendall(b"NOT-HTTP\r\n\r\n")
        try:
            status = read_response(s)[0]
        except ConnectionError:
            status = 0
        s.close()
        check("garbage request line: 400 or closed", status in (0, 400), str(status))
        check("the server still serves after all that",
              srv.request("GET", "/nowhere")[0] == 404, "")
    finally:
        srv.close()


def cors_and_authorization(driver):
    srv = Served(driver, "--cors", "https://ok.example", "--deny-topic", "secret")
    try:
        st = StreamReader(srv, "/events?topic=a", [("Origin", "https://ok.example")])
        check("CORS: allowed origin echoed on the stream",
              st.headers.get("access-control-allow-origin") == "https://ok.example", repr(st.headers))
        st.close()
        st = StreamReader(srv, "/events?topic=a", [("Origin", "https://evil.example")])
        check("CORS: other origin gets no Access-Control-Allow-Origin",
              st.status == 200 and "access-control-allow-origin" not in st.headers, repr(st.headers))
        st.close()
        status, headers, _ = srv.request("OPTIONS", "/events", [("Origin", "https://ok.example"),
                                                                ("Access-Control-Request-Method", "GET"),
                                                                ("Access-Control-Request-Headers", "last-event-id")])
        allowed = headers.get("access-control-allow-headers", "").lower()
        check("preflight from an allowed origin: 204 with methods and headers",
              status == 204 and headers.get("access-control-allow-origin") == "https://ok.example"
              and "GET" in headers.get("access-control-allow-methods", "")
              and all(h in allowed for h in ("last-event-id", "authorization", "content-type")), repr(headers))
        status, headers, _ = srv.request("OPTIONS", "/publish", [("Origin", "https://ok.example")])
        check("preflight of the publish path allows POST",
              status == 204 and "POST" in headers.get("access-control-allow-methods", ""), repr(headers))
        status, headers, _ = srv.request("OPTIONS", "/events", [("Origin", "https://evil.example")])
        check("preflight from another origin: 403 without CORS headers",
              status == 403 and "access-control-allow-origin" not in headers, repr((status, headers)))
        status, headers, _ = publish_http(srv, "topic=a&data=x", extra=[("Origin", "https://ok.example")])
        check("CORS on a publish reply", status == 200 and
              headers.get("access-control-allow-origin") == "https://ok.example", repr(headers))

        status, _, _ = srv.request("GET", "/events?topic=secret")
        check("authorization callback: denied topic gets its status (403)", status == 403, str(status))
        status, _, _ = srv.request("GET", "/events?topic=a", [("X-Deny-Status", "451")])
        check("authorization callback: status 451 passed through", status == 451, str(status))
        status, _, _ = srv.request("GET", "/events?topic=a", [("X-Deny-Status", "200")])
        check("authorization callback: a non-error return refuses with 403", status == 403, str(status))
        check("refused subscriptions left no subscriber", srv.stats()["subscribers"] == 0, str(srv.stats()))
    finally:
        srv.close()


def index_page(driver):
    with tempfile.NamedTemporaryFile("w", suffix=".html", delete=False) as f:
        f.write("<!doctype html><title>demo</title>")
    try:
        srv = Served(driver, "--index", f.name)
        try:
            status, headers, body = srv.request("GET", "/")
            check("index page served at /", status == 200 and b"<title>demo</title>" in body and
                  headers.get("content-type", "").startswith("text/html"), repr((status, body)))
        finally:
            srv.close()
        srv = Served(driver)
        try:
            check("no index page: / is 404", srv.request("GET", "/")[0] == 404, "")
        finally:
            srv.close()
    finally:
        os.unlink(f.name)


def keep_alive(driver):
    srv = Served(driver, "--keep-alive", "200")
    try:
        st = StreamReader(srv, "/events?topic=quiet")
        t0 = time.monotonic()
        text = st.read_until(b":", 10)
        check("the publisher's keep-alive comment reaches an idle stream",
              text.startswith(b":") and time.monotonic() - t0 < 5, repr(text))
        st.close()
    finally:
        srv.close()


def main():
    return check.run((streaming_and_publishing, refusals, cors_and_authorization, index_page, keep_alive), sys.argv[1])


if __name__ == "__main__":
    sys.exit(main())
