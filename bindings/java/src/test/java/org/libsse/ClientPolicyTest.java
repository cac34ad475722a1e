package org.libsse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.libsse.ClientFixture.quick;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Decisions from the failure/disconnect handlers and the before-request hook. */
@Timeout(30)
class ClientPolicyTest {
  @RegisterExtension
  static final ClientFixture server = new ClientFixture();

  private static String stream(String data) {
    return "{\"body\": [{\"write\": " + MiniJson.quote("data: " + data + "\n\n") + "}]}";
  }

  @Test
  void failureHandlerCanReconnectAfterItsOwnDelay() {
    // A 500 stops by default (M4c); the handler overrides with a 300 ms reconnect.
    String sid = TestServer.sid("delay");
    String url = server.script(sid, "[{\"status\": 500, \"body\": []}, " + stream("ok")
        + ", {\"status\": 204}]");
    ClientLog log = new ClientLog();
    List<Long> times = new ArrayList<>();
    SseClient client = quick(url)
        .listener(log.listener())
        .onFailure(log.onFailure(f -> {
          times.add(System.nanoTime());
          return f.status() == 500 ? Decision.reconnectAfter(Duration.ofMillis(300)) : null;
        }))
        .onOpen(r -> times.add(System.nanoTime()))
        .build();
    client.run();

    assertEquals(List.of("failure STATUS 500", "event message ok ", "failure NO_CONTENT 204"),
        log.lines());
    assertTrue(log.failures().get(0).defaultDecision().isStop());
    long waitedMs = (times.get(1) - times.get(0)) / 1_000_000;
    assertTrue(waitedMs >= 290, "reconnected after " + waitedMs + " ms, asked for 300");
    assertEquals(ReadyState.CLOSED, client.state());
  }

  @Test
  void disconnectHandlerCanStopTheClient() {
    // M8 by policy: the stream ended (M6 would reconnect) and the handler says stop.
    String sid = TestServer.sid("stop");
    String url = server.script(sid, "[" + stream("1") + ", " + stream("2") + "]");
    ClientLog log = new ClientLog();
    SseClient client = quick(url)
        .listener(log.listener())
        .onDisconnect(log.onDisconnect(d -> Decision.stop()))
        .build();
    client.run();

    assertEquals(List.of("event message 1 ", "disconnect END"), log.lines());
    assertEquals(Disconnect.Reason.END, log.disconnects().get(0).reason());
    assertEquals(0, log.disconnects().get(0).code());
    assertEquals(ReadyState.CLOSED, client.state());
    assertEquals(1, server.log(sid).size());
  }

  @Test
  void disconnectHandlerCanReconnectSoonerThanTheDefault() {
    // The default would wait the 5 s reconnection time; reconnectAfter(ZERO) does not.
    String sid = TestServer.sid("now");
    String url = server.script(sid, "[" + stream("1") + ", " + stream("2") + ", {\"status\": 204}]");
    ClientLog log = new ClientLog();
    long start = System.nanoTime();
    SseClient client = SseClient.builder(url).retry(Duration.ofSeconds(5)).jitterPercent(0)
        .listener(log.listener())
        .onDisconnect(log.onDisconnect(d -> Decision.reconnectAfter(Duration.ZERO)))
        .build();
    client.run();
    long elapsedMs = (System.nanoTime() - start) / 1_000_000;

    assertEquals(List.of("1", "2"), log.data());
    assertEquals(Duration.ofSeconds(5), log.disconnects().get(0).defaultDecision().delay().orElseThrow());
    assertTrue(elapsedMs < 3000, "took " + elapsedMs + " ms: the default delay was used");
  }

  @Test
  void beforeRequestRebuildsTheRequestForEachAttempt() {
    // A refreshed token per attempt, and a method/body change from the 2nd attempt on.
    String sid = TestServer.sid("token");
    String url = server.script(sid, "[" + stream("a") + ", " + stream("b") + ", {\"status\": 204}]");
    List<Long> attempts = new ArrayList<>();
    List<String> urls = new ArrayList<>();
    ClientLog log = new ClientLog();
    SseClient client = quick(url)
        .header("Authorization", "Bearer initial")
        .listener(log.listener())
        .beforeRequest(req -> {
          attempts.add(req.attempt());
          urls.add(req.url());
          req.header("Authorization", "Bearer t" + req.attempt());
          if (req.attempt() == 2) {
            req.method("POST").body("n=2").header("X-Gone", "soon");
          }
          if (req.attempt() == 3) {
            req.removeHeader("X-Gone").lastEventId("resume-here");
          }
        })
        .build();
    client.run();

    assertEquals(List.of(1L, 2L, 3L), attempts);
    assertEquals(List.of(url, url, url), urls);
    assertEquals(List.of("a", "b"), log.data());
    List<Map<String, Object>> requests = server.log(sid);
    assertEquals(3, requests.size());
    assertEquals("Bearer t1", TestServer.header(requests.get(0), "Authorization"));
    assertEquals("Bearer t2", TestServer.header(requests.get(1), "Authorization"));
    assertEquals("Bearer t3", TestServer.header(requests.get(2), "Authorization"));
    assertEquals("GET", requests.get(0).get("method"));
    assertEquals("POST", requests.get(1).get("method"));
    assertEquals("n=2", requests.get(1).get("body"));
    assertEquals("soon", TestServer.header(requests.get(1), "X-Gone"));
    assertEquals(null, TestServer.header(requests.get(2), "X-Gone"));
    assertEquals("resume-here", TestServer.header(requests.get(2), "Last-Event-ID"));
  }

  @Test
  void beforeRequestCanRedirectLaterAttemptsToAnotherUrl() {
    String first = TestServer.sid("from");
    String second = TestServer.sid("to");
    String url = server.script(first, "[" + stream("first") + "]");
    String other = server.script(second, "[" + stream("second") + ", {\"status\": 204}]");
    ClientLog log = new ClientLog();
    SseClient client = quick(url)
        .listener(log.listener())
        .beforeRequest(req -> {
          if (req.attempt() == 2) {
            req.url(other);
          }
        })
        .build();
    client.run();

    assertEquals(List.of("first", "second"), log.data());
    assertEquals(1, server.log(first).size());
    assertEquals(2, server.log(second).size());
  }

  @Test
  void invalidRequestChangeStopsTheClientAndSurfaces() {
    // The library refuses header injection (CR/LF); the refusal is a handler exception.
    String sid = TestServer.sid("inject");
    SseClient client = SseClient.builder(server.scenario("basic", sid))
        .listener(e -> {})
        .beforeRequest(req -> req.header("X-Evil", "a\r\nInjected: 1"))
        .build();
    SseException e = assertThrows(SseException.class, client::run);
    assertEquals(SseException.Code.INVALID, e.kind());
    assertEquals(ReadyState.CLOSED, client.state());
    assertEquals(0, server.log(sid).size());
  }
}
