package org.libsse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.libsse.ClientFixture.quick;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Reconnection: dropped streams, Last-Event-ID, server retry, redirects (M6-M12, H1). */
@Timeout(60)
class ClientReconnectTest {
  @RegisterExtension
  static final ClientFixture server = new ClientFixture();

  @Test
  void droppedStreamReconnectsWithLastEventIdAndDropsThePartialEvent() {
    // M6 (a drop reconnects), M11/H1 (Last-Event-ID: 1), P27 (no "partial").
    String sid = TestServer.sid("drop");
    ClientLog log = ClientLog.run(quick(server.scenario("drop-mid-event", sid)));

    List<String> data = log.data();
    assertEquals(2, data.size(), data.toString());
    assertEquals("one", data.get(0));
    assertTrue(data.get(1).contains("Last-Event-ID"), data.get(1));
    assertFalse(data.stream().anyMatch(d -> d.contains("partial")));
    assertEquals(Disconnect.Reason.NETWORK, log.disconnects().get(0).reason());
    assertEquals(1, log.disconnects().get(0).events());
    assertTrue(log.disconnects().get(0).defaultDecision().delay().isPresent());
    // The server's view: the reconnection carried the id of the last complete event.
    List<Map<String, Object>> requests = server.log(sid);
    assertEquals(null, TestServer.header(requests.get(0), "Last-Event-ID")); // M3
    assertEquals("1", TestServer.header(requests.get(1), "Last-Event-ID"));
  }

  @Test
  void serverRetryBecomesTheReconnectionTimeAnd204Stops() {
    // M10: retry: 50 is adopted; M7: the reconnection waits for it; M4c: 204 stops.
    String sid = TestServer.sid("retry");
    ClientLog log = new ClientLog();
    List<Duration> retries = new ArrayList<>();
    long[] disconnectedAt = new long[1];
    long[] failedAt = new long[1];
    SseClient client = SseClient.builder(server.scenario("retry-then-204", sid))
        .retry(Duration.ofMillis(5000)).jitterPercent(0)
        .listener(log.listener())
        .onRetry(retries::add)
        .onDisconnect(d -> {
          disconnectedAt[0] = System.nanoTime();
          log.disconnects.add(d);
          return null;
        })
        .onFailure(f -> {
          failedAt[0] = System.nanoTime();
          log.failures.add(f);
          return null;
        })
        .build();
    long start = System.nanoTime();
    client.run();
    long total = System.nanoTime() - start;

    assertEquals(List.of(Duration.ofMillis(50)), retries);
    assertEquals(List.of(new Event("message", "x", "a")), log.events());
    Duration delay = log.disconnects().get(0).defaultDecision().delay().orElseThrow();
    assertTrue(delay.toMillis() >= 50, "default delay " + delay + " is below the server's retry");
    long waitedMs = (failedAt[0] - disconnectedAt[0]) / 1_000_000;
    assertTrue(waitedMs >= 45, "reconnected after " + waitedMs + " ms, retry was 50");
    assertTrue(total < 4_000_000_000L, "the initial 5 s reconnection time was used");
    assertEquals(Failure.Kind.NO_CONTENT, log.failures().get(0).kind());
    assertEquals(Duration.ofMillis(50), client.stats().retry());
    assertEquals(ReadyState.CLOSED, client.state());
  }

  @Test
  void redirectChainIsFollowedAndReconnectionGoesToTheFinalUrl() {
    // M12: 3 hops, open reports the final URL, the next attempt goes straight there.
    String sid = TestServer.sid("redirect");
    ClientLog log = new ClientLog();
    SseClient client = log.attach(quick(server.scenario("redirect-chain", sid))).build();
    client.run();

    assertEquals(List.of("final"), log.data());
    String finalUrl = server.base() + "/s/" + sid + "/final";
    assertEquals(finalUrl, log.opens().get(0).url());
    List<String> paths = server.log(sid).stream().map(e -> (String) e.get("path")).toList();
    assertEquals(List.of("/scenario/redirect-chain/" + sid, "/s/" + sid + "/hop2",
        "/s/" + sid + "/hop3", "/s/" + sid + "/final", "/s/" + sid + "/final"), paths);
    assertEquals(Failure.Kind.NO_CONTENT, log.failures().get(0).kind());
  }

  @Test
  void numbered10000ArriveExactlyOnceInOrderAcrossTwentyDrops() {
    // M6/M11/H1 under load: drop_every 500 means 19 mid-stream resets.
    String sid = TestServer.sid("numbered");
    long[] expected = {1};
    List<String> problems = new ArrayList<>();
    int[] disconnects = new int[1];
    SseClient client = SseClient.builder(server.scenario("numbered-10000", sid))
        .retry(Duration.ZERO).jitterPercent(0).maxBackoff(Duration.ofMillis(5))
        .listener(e -> {
          String want = Long.toString(expected[0]);
          if (!e.id().equals(want) || !e.data().equals(want)) {
            if (problems.size() < 5) {
              problems.add("expected " + want + ", got id " + e.id() + " data " + e.data());
            }
          }
          expected[0] = Long.parseLong(e.id()) + 1;
        })
        .onDisconnect(d -> {
          disconnects[0]++;
          return null;
        })
        .build();
    client.run();

    assertEquals(List.of(), problems);
    assertEquals(10001, expected[0]);
    assertEquals(10000, client.stats().events());
    assertEquals(20, disconnects[0]); // 19 resets + the clean end after 10000
    assertEquals("10000", client.lastEventId());
    assertEquals(ReadyState.CLOSED, client.state()); // the last request got 204
  }

  @Test
  void retryStatusHonoursRetryAfterThenRecovers() {
    // M4c with retryStatuses(503): reconnect after Retry-After: 1 instead of stopping.
    String sid = TestServer.sid("unavailable");
    long start = System.nanoTime();
    ClientLog log = ClientLog.run(quick(server.scenario("unavailable-retry-after", sid))
        .retryStatuses(503));
    long elapsedMs = (System.nanoTime() - start) / 1_000_000;

    Failure busy = log.failures().get(0);
    assertEquals(Failure.Kind.STATUS, busy.kind());
    assertEquals(503, busy.status());
    assertEquals(Duration.ofSeconds(1), busy.retryAfter().orElseThrow());
    assertFalse(busy.defaultDecision().isStop());
    assertTrue(busy.defaultDecision().delay().orElseThrow().toMillis() >= 1000);
    assertTrue(elapsedMs >= 1000, "Retry-After was not honoured: " + elapsedMs + " ms");
    assertEquals(List.of("recovered"), log.data());
    assertEquals(Failure.Kind.NO_CONTENT, log.failures().get(1).kind());
  }
}
