package org.libsse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** SseClient.restart(): a new request at once, from another thread, with the last event ID. */
@Timeout(60)
class ClientRestartTest {
  @RegisterExtension
  static final ClientFixture server = new ClientFixture();

  @Test
  void restartFromAnotherThreadReconnectsWithTheLastEventIdAndCountsNoFailure()
      throws InterruptedException {
    String sid = TestServer.sid("restart");
    // Each response sends one event and then keeps the stream open: only a restart
    // makes a second request.
    String url = server.script(sid, "[{\"body\": [{\"write\": \"id: 7\\ndata: one\\n\\n\"},"
        + " {\"stall\": true}]}, {\"body\": [{\"write\": \"data: two\\n\\n\"}, {\"stall\": true}]}]");
    ClientLog log = new ClientLog();
    CountDownLatch first = new CountDownLatch(1);
    CountDownLatch second = new CountDownLatch(1);
    EventListener recorder = log.listener();
    try (SseClient client = SseClient.builder(url).retry(java.time.Duration.ofSeconds(30))
        .observeFailure(f -> log.add("failure " + f.kind()))
        .listener(e -> {
          recorder.onEvent(e);
          (e.data().equals("one") ? first : second).countDown();
        })
        .build()) {
      client.start();
      assertTrue(first.await(10, TimeUnit.SECONDS), "first event");
      client.restart();
      // The 30 s reconnection time would make a counted failure or disconnect visible.
      assertTrue(second.await(10, TimeUnit.SECONDS), "no second stream after restart");
      assertEquals(0, client.stats().failures());
      assertEquals("7", client.lastEventId());
    }
    List<Map<String, Object>> requests = server.log(sid);
    assertEquals(2, requests.size(), requests.toString());
    assertEquals(null, TestServer.header(requests.get(0), "Last-Event-ID"));
    assertEquals("7", TestServer.header(requests.get(1), "Last-Event-ID"));
    assertEquals(List.of("one", "two"), log.data());
    assertTrue(log.lines().stream().noneMatch(l -> l.startsWith("failure")), log.lines().toString());
  }

  @Test
  void restartOfAClosedClientIsRefused() {
    SseClient client = SseClient.builder(server.base() + "/s/none").listener(e -> {}).build();
    client.close();
    SseException e = assertThrows(SseException.class, client::restart);
    assertEquals(SseException.Code.CLOSED, e.kind());
  }
}
