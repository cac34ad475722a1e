package org.libsse;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The shared fault-injecting server (tests/server/sse_test_server.py) on an
 * ephemeral 127.0.0.1 port. Meson passes the source tree in LIBSSE_SOURCE_ROOT.
 * Closing our end of its stdin stops it.
 */
final class TestServer implements AutoCloseable {
  private static final AtomicInteger SIDS = new AtomicInteger();
  private static final HttpClient HTTP = HttpClient.newBuilder()
      .proxy(HttpClient.Builder.NO_PROXY).connectTimeout(Duration.ofSeconds(5)).build();

  private final Process process;
  private final Map<String, Object> info;

  private TestServer(Process process, Map<String, Object> info) {
    this.process = process;
    this.info = info;
  }

  static Path sourceRoot() {
    String root = System.getenv("LIBSSE_SOURCE_ROOT");
    if (root == null || root.isEmpty()) {
      throw new IllegalStateException("LIBSSE_SOURCE_ROOT is not set (meson test sets it)");
    }
    return Path.of(root);
  }

  /** Starts the server; {@code args} e.g. {@code "--tls", dir}. */
  @SuppressWarnings("unchecked")
  static TestServer start(String... args) throws IOException {
    List<String> cmd = new ArrayList<>(List.of("python3",
        sourceRoot().resolve("tests/server/sse_test_server.py").toString()));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), UTF_8));
    String line = out.readLine(); // the server prints one JSON line once it listens
    if (line == null) {
      p.destroyForcibly();
      throw new IOException("the test server exited before printing its port: " + cmd);
    }
    return new TestServer(p, (Map<String, Object>) MiniJson.parse(line));
  }

  /** A session id no other test uses. */
  static String sid(String prefix) {
    return prefix + "-" + ProcessHandle.current().pid() + "-" + SIDS.incrementAndGet();
  }

  int port() {
    return ((Long) info.get("port")).intValue();
  }

  String base() {
    return info.get("scheme") + "://127.0.0.1:" + port();
  }

  /** A path from the start line, e.g. "ca" or "other_ca" with --tls. */
  Path file(String key) {
    return Path.of((String) info.get(key));
  }

  /** The URL of a named scenario of tests/data/client_scenarios.json for {@code sid}. */
  String scenario(String name, String sid) {
    return base() + "/scenario/" + name + "/" + sid;
  }

  /** Installs a script (a JSON list of responses) for {@code sid}; returns its URL. */
  String script(String sid, String responsesJson) {
    String reply = send(HttpRequest.newBuilder(URI.create(base() + "/_script/" + sid))
        .POST(HttpRequest.BodyPublishers.ofString(responsesJson)).build());
    if (!reply.contains("\"ok\"")) {
      throw new IllegalStateException("script refused: " + reply);
    }
    return base() + "/s/" + sid;
  }

  /** Every request the server saw for {@code sid}, oldest first. */
  @SuppressWarnings("unchecked")
  List<Map<String, Object>> log(String sid) {
    String json = send(HttpRequest.newBuilder(URI.create(base() + "/_log/" + sid)).GET().build());
    return (List<Map<String, Object>>) (List<?>) MiniJson.parse(json);
  }

  /** The first value of header {@code name} in a log entry, or null. */
  @SuppressWarnings("unchecked")
  static String header(Map<String, Object> entry, String name) {
    for (Object h : (List<Object>) entry.get("headers")) {
      List<Object> pair = (List<Object>) h;
      if (((String) pair.get(0)).equalsIgnoreCase(name)) {
        return (String) pair.get(1);
      }
    }
    return null;
  }

  private static String send(HttpRequest request) {
    try {
      HttpResponse<String> r = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() != 200) {
        throw new IllegalStateException(request.uri() + " -> " + r.statusCode() + " " + r.body());
      }
      return r.body();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() throws IOException {
    process.getOutputStream().close(); // EOF on stdin stops the server
    try {
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        process.waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
