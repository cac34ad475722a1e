package org.libsse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.libsse.ClientFixture.quick;

import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** How refused attempts are classified and what happens next by default (M4, M8). */
@Timeout(30)
class ClientFailureTest {
  @RegisterExtension
  static final ClientFixture server = new ClientFixture();

  @Test
  void notFoundReportsStatusHeadersAndBodyThenStops() {
    // M4c: any status but 200 fails the connection; M8: no reconnection.
    String sid = TestServer.sid("404");
    ClientLog log = new ClientLog();
    SseClient client = log.attach(quick(server.scenario("not-found", sid))).build();
    client.run();

    assertEquals(List.of("failure STATUS 404"), log.lines());
    Failure f = log.failures().get(0);
    assertEquals(SseException.Code.PROTOCOL, SseException.Code.of(f.code()));
    assertTrue(f.message().contains("404"), f.message());
    assertEquals(1, f.attempt());
    assertEquals("text/plain", f.response().contentType());
    assertEquals("missing", f.response().bodyText());
    assertEquals("7", f.response().header("Content-Length").orElseThrow());
    assertTrue(f.retryAfter().isEmpty());
    assertTrue(f.defaultDecision().isStop());
    assertFalse(f.gaveUp());
    assertEquals(ReadyState.CLOSED, client.state());
    assertEquals(1, server.log(sid).size());
  }

  @Test
  void failureBodyIsCutAtMaxFailureBodyBytes() {
    String sid = TestServer.sid("404-cut");
    ClientLog log = ClientLog.run(SseClient.builder(server.scenario("not-found", sid))
        .maxFailureBodyBytes(3));
    assertEquals("mis", log.failures().get(0).response().bodyText());
  }

  @Test
  void wrongContentTypeFailsTheConnection() {
    // M4d: 200 with text/html is not a stream.
    String sid = TestServer.sid("type");
    ClientLog log = ClientLog.run(SseClient.builder(server.scenario("wrong-type", sid)));

    assertEquals(List.of("failure CONTENT_TYPE 200"), log.lines());
    Failure f = log.failures().get(0);
    assertEquals("text/html", f.response().contentType());
    assertEquals("<html>", f.response().bodyText());
    assertTrue(f.defaultDecision().isStop());
    assertEquals(1, server.log(sid).size());
  }

  @Test
  void noContentStopsAtOnce() {
    String sid = TestServer.sid("204");
    ClientLog log = ClientLog.run(SseClient.builder(server.scenario("no-content", sid)));
    assertEquals(List.of("failure NO_CONTENT 204"), log.lines());
    assertEquals(1, server.log(sid).size());
  }

  @Test
  void redirectLoopIsARedirectFailure() {
    // M12: the redirect limit turns a loop into a network error (M4b: reconnect by default).
    String sid = TestServer.sid("loop");
    ClientLog log = ClientLog.runUntilFirstFailure(
        SseClient.builder(server.scenario("redirect-loop", sid)).maxRedirects(3));

    Failure f = log.failures().get(0);
    assertEquals(Failure.Kind.REDIRECTS, f.kind());
    assertFalse(f.defaultDecision().isStop(), "a network-class failure reconnects by default");
    assertEquals(1, log.failures().size()); // our stop() was applied
    assertEquals(4, server.log(sid).size()); // the request plus 3 redirects
  }

  @Test
  void refusedConnectionReconnectsUntilMaxAttemptsThenGivesUp() throws Exception {
    // M4b: a network error reconnects; the give-up rule turns the 3rd default into stop.
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    } // closed: connecting is refused
    ClientLog log = new ClientLog();
    SseClient client = log.attach(quick("http://127.0.0.1:" + port + "/x").maxAttempts(3)).build();
    client.run();

    List<Failure> failures = log.failures();
    assertEquals(3, failures.size());
    for (int i = 0; i < 3; i++) {
      Failure f = failures.get(i);
      assertEquals(Failure.Kind.NETWORK, f.kind());
      assertEquals(SseException.Code.IO, SseException.Code.of(f.code()));
      assertNull(f.response());
      assertEquals(0, f.status());
      assertEquals(i + 1, f.attempt());
      assertEquals(i == 2, f.gaveUp());
      assertEquals(i == 2, f.defaultDecision().isStop());
    }
    assertEquals(3, client.stats().attempts());
    assertEquals(3, client.stats().failures());
    assertEquals(ReadyState.CLOSED, client.state());
  }

  @Test
  void invalidConfigurationIsRefusedAtBuild() {
    SseException notHttp = assertThrows(SseException.class,
        () -> SseClient.builder("ftp://127.0.0.1/x").build());
    assertEquals(SseException.Code.INVALID, notHttp.kind());
    SseException badHeader = assertThrows(SseException.class,
        () -> SseClient.builder(server.base()).header("X-A", "b\r\nInjected: 1").build());
    assertEquals(SseException.Code.INVALID, badHeader.kind());
    SseException nulId = assertThrows(SseException.class,
        () -> SseClient.builder(server.base()).lastEventId("a\0b").build());
    assertEquals(SseException.Code.INVALID, nulId.kind());
    assertThrows(IllegalArgumentException.class,
        () -> SseClient.builder(server.base()).idleTimeout(Duration.ofMillis(-1)));
  }
}
