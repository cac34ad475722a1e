package org.libsse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.libsse.ClientFixture.quick;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Idle timeout, oversized events, hostile and slow bodies. */
@Timeout(30)
class ClientLimitsTest {
  @RegisterExtension
  static final ClientFixture server = new ClientFixture();

  @Test
  void idleTimeoutOnAStalledStreamReconnects() {
    // A comment resets the idle timer (and is delivered); then nothing for 300 ms.
    String sid = TestServer.sid("stall");
    ClientLog log = new ClientLog();
    List<String> comments = new ArrayList<>();
    long start = System.nanoTime();
    SseClient client = log.attach(quick(server.scenario("stall", sid))
        .idleTimeout(Duration.ofMillis(300)))
        .onComment(comments::add)
        .build();
    client.run();
    long elapsedMs = (System.nanoTime() - start) / 1_000_000;

    assertEquals(List.of("hi"), comments);
    assertEquals(List.of("open 200", "disconnect IDLE", "failure NO_CONTENT 204"), log.lines());
    Disconnect idle = log.disconnects().get(0);
    assertEquals(SseException.Code.TIMED_OUT, SseException.Code.of(idle.code()));
    assertTrue(idle.connected().toMillis() >= 250, idle.toString());
    assertTrue(elapsedMs >= 300, "idle timeout fired after " + elapsedMs + " ms");
    assertEquals(2, server.log(sid).size());
  }

  @Test
  void oversizedEventIsSkippedAndTheConnectionKept() {
    String sid = TestServer.sid("oversized");
    ClientLog log = new ClientLog();
    List<SseException> skipped = new ArrayList<>();
    SseClient client = log.attach(quick(server.scenario("oversized", sid))
        .maxEventBytes(1024 * 1024))
        .onSkipped(skipped::add)
        .build();
    client.run();

    assertEquals(1, skipped.size());
    assertEquals(SseException.Code.LIMIT, skipped.get(0).kind());
    assertEquals(List.of("small"), log.data());
    assertEquals(1, client.stats().skippedEvents());
    assertTrue(client.stats().bytes() > 2 * 1024 * 1024);
    // One stream (no reconnection after the skip), then the 204.
    assertEquals(2, server.log(sid).size());
    assertEquals(1, log.disconnects().size());
    assertEquals(Disconnect.Reason.END, log.disconnects().get(0).reason());
  }

  @Test
  void garbageBytesDoNotStopTheStream() {
    // P: invalid UTF-8 decodes to U+FFFD, NUL is kept; the valid event still arrives.
    String sid = TestServer.sid("garbage");
    ClientLog log = ClientLog.run(quick(server.scenario("garbage", sid)));
    assertTrue(log.data().contains("ok"), log.data().toString());
    assertEquals(Failure.Kind.NO_CONTENT, log.failures().get(0).kind());
  }

  @Test
  void dripFedEventArrivesWhole() {
    String sid = TestServer.sid("drip");
    ClientLog log = ClientLog.run(quick(server.scenario("slow-drip", sid)));
    assertEquals(List.of("drip"), log.data());
  }
}
