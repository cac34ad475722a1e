package org.libsse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Read timeout (no byte at all) against idle timeout (no event or comment). */
@Timeout(60)
class ClientTimeoutTest {
  @RegisterExtension
  static final ClientFixture server = new ClientFixture();

  /** One event trickled a byte every 200 ms (2.6 s in all), then 204. */
  private static final String TRICKLE = "[{\"body\": [{\"drip\": \"data: abcde\\n\\n\","
      + " \"every_ms\": 200}]}, {\"status\": 204}]";

  @Test
  void aTricklingServerSurvivesAReadTimeout() {
    ClientLog log = run(SseClient.builder(server.script(TestServer.sid("read"), TRICKLE))
        .readTimeout(Duration.ofMillis(500)));
    assertEquals(List.of("abcde"), log.data());
    assertEquals(List.of(Disconnect.Reason.END), reasons(log));
  }

  @Test
  void aTricklingServerIsDroppedByAnIdleTimeout() {
    ClientLog log = run(SseClient.builder(server.script(TestServer.sid("idle"), TRICKLE))
        .idleTimeout(Duration.ofMillis(500)));
    assertEquals(List.of(), log.data());
    assertEquals(List.of(Disconnect.Reason.IDLE), reasons(log));
    assertTrue(log.disconnects().get(0).connected().toMillis() < 2000,
        "dropped after " + log.disconnects().get(0).connected());
  }

  @Test
  void aSilentServerIsDroppedByTheReadTimeout() {
    String url = server.script(TestServer.sid("silent"),
        "[{\"body\": [{\"write\": \"data: x\\n\\n\"}, {\"stall\": true}]}, {\"status\": 204}]");
    ClientLog log = run(SseClient.builder(url).readTimeout(Duration.ofMillis(300)));
    assertEquals(List.of("x"), log.data());
    assertEquals(List.of(Disconnect.Reason.READ_TIMEOUT), reasons(log));
    assertEquals(SseException.Code.TIMED_OUT, SseException.Code.of(log.disconnects().get(0).code()));
  }

  /** Runs with quick reconnection until the script's 204 stops the client. */
  private static ClientLog run(SseClientBuilder b) {
    ClientLog log = new ClientLog();
    b.retry(Duration.ofMillis(10)).jitterPercent(0).listener(log.listener())
        .observeDisconnect(d -> log.onDisconnect(x -> null).apply(d))
        .build().run();
    return log;
  }

  private static List<Disconnect.Reason> reasons(ClientLog log) {
    return log.disconnects().stream().map(Disconnect::reason).toList();
  }
}
