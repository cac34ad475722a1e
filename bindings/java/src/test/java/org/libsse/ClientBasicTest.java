package org.libsse;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.libsse.ClientFixture.quick;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Opening a stream, receiving events, and what the request looks like (M3, M5, H1). */
@Timeout(30)
class ClientBasicTest {
  @RegisterExtension
  static final ClientFixture server = new ClientFixture();

  @Test
  void basicScenarioOpensDeliversEventsAndStopsOn204() {
    String sid = TestServer.sid("basic");
    ClientLog log = new ClientLog();
    SseClient client = log.attach(quick(server.scenario("basic", sid))).build();
    client.run();

    // M5: open before the events of its response; P: fields per event; M4c: 204 stops.
    assertEquals(List.of("open 200", "event message hello 1", "event greet a\nb 1",
        "disconnect END", "failure NO_CONTENT 204"), log.lines());
    SseResponse open = log.opens().get(0);
    assertEquals("text/event-stream", open.contentType());
    assertEquals(server.scenario("basic", sid), open.url());
    assertEquals(11, open.httpVersion());
    assertEquals("no-cache", open.header("cache-control").orElseThrow());
    Failure stop = log.failures().get(0);
    assertTrue(stop.defaultDecision().isStop());
    assertEquals(ReadyState.CLOSED, client.state());
    assertEquals("1", client.lastEventId());

    ClientStats stats = client.stats();
    assertEquals(2, stats.attempts());
    assertEquals(1, stats.reconnects());
    assertEquals(1, stats.failures());
    assertEquals(2, stats.events());
    assertTrue(stats.bytes() > 0);
    assertTrue(stats.lastEventTime().isPresent());
  }

  @Test
  void requestCarriesDefaultsCustomHeadersPostBodyAndUtf8LastEventId() {
    String sid = TestServer.sid("request");
    String url = server.script(sid, "[{\"body\": [{\"echo\": true}]}, {\"status\": 204}]");
    String id = "r\u00e9sum\u00e9-\uD83D\uDE00"; // non-BMP: must travel as UTF-8 (H1), not CESU-8
    ClientLog log = new ClientLog();
    SseClient client = log.attach(quick(url))
        .method("POST", "{\"q\":1}")
        .header("X-Token", "abc")
        .userAgent("libsse-java-test")
        .lastEventId(id)
        .build();
    client.run();

    List<Map<String, Object>> requests = server.log(sid);
    assertEquals(2, requests.size());
    Map<String, Object> first = requests.get(0);
    assertEquals("POST", first.get("method"));
    assertEquals("{\"q\":1}", first.get("body"));
    assertEquals("abc", TestServer.header(first, "X-Token"));
    assertEquals("libsse-java-test", TestServer.header(first, "User-Agent"));
    assertEquals("text/event-stream", TestServer.header(first, "Accept")); // M3
    assertEquals("no-cache", TestServer.header(first, "Cache-Control")); // M3
    // The server logs header bytes as Latin-1.
    assertEquals(new String(id.getBytes(UTF_8), ISO_8859_1),
        TestServer.header(first, "Last-Event-ID"));
    // The echo event shows the same request from the server's side.
    assertTrue(log.data().get(0).contains("\"X-Token\", \"abc\"")
        || log.data().get(0).contains("\"X-Token\",\"abc\""), log.data().get(0));
  }

  @Test
  void eventsStreamIsDrivenByTheConsumingThreadAndEndsWhenTheClientCloses() throws Exception {
    String sid = TestServer.sid("stream");
    SseClient client = quick(server.scenario("basic", sid)).build();
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try {
      Future<List<Event>> events = pool.submit(() -> client.events().toList());
      assertEquals(List.of(new Event("message", "hello", "1"), new Event("greet", "a\nb", "1")),
          events.get(20, TimeUnit.SECONDS));
    } finally {
      pool.shutdownNow();
    }
    assertEquals(ReadyState.CLOSED, client.state());
  }
}
