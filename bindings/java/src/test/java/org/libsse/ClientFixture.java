package org.libsse;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * What the client test classes share: one {@link TestServer} per test class, started
 * before its first test and stopped after its last, registered as
 * {@code @RegisterExtension static final ClientFixture server = new ClientFixture();}
 * (each test uses its own sid, so the tests of a class can share it); and
 * {@link #quick}, the builder preset of tests that expect reconnections.
 */
final class ClientFixture implements BeforeAllCallback, AfterAllCallback {
  private TestServer server;

  /** A builder that reconnects after 10 ms without jitter: fast and deterministic. */
  static SseClientBuilder quick(String url) {
    return SseClient.builder(url).retry(Duration.ofMillis(10)).jitterPercent(0);
  }

  @Override
  public void beforeAll(ExtensionContext context) throws IOException {
    server = TestServer.start();
  }

  @Override
  public void afterAll(ExtensionContext context) throws IOException {
    if (server != null) {
      server.close();
      server = null;
    }
  }

  /** See {@link TestServer#base}. */
  String base() {
    return running().base();
  }

  /** See {@link TestServer#scenario}. */
  String scenario(String name, String sid) {
    return running().scenario(name, sid);
  }

  /** See {@link TestServer#script}. */
  String script(String sid, String responsesJson) {
    return running().script(sid, responsesJson);
  }

  /** See {@link TestServer#log}. */
  List<Map<String, Object>> log(String sid) {
    return running().log(sid);
  }

  private TestServer running() {
    if (server == null) {
      throw new IllegalStateException("the test server runs only while the test class does");
    }
    return server;
  }
}
