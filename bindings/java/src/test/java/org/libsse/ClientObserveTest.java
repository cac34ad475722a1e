package org.libsse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.libsse.ClientFixture.quick;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** observeFailure / observeDisconnect see everything and leave the decision to the library. */
@Timeout(60)
class ClientObserveTest {
  @RegisterExtension
  static final ClientFixture server = new ClientFixture();

  private static final String SCRIPT = "[{\"status\": 503, \"body\": []},"
      + " {\"status\": 503, \"body\": []}, {\"body\": [{\"write\": \"data: ok\\n\\n\"}]},"
      + " {\"status\": 204}]";

  @Test
  void observersSeeEveryFailureAndTheDefaultsStillApply() {
    String sid = TestServer.sid("observe");
    List<String> seen = new ArrayList<>();
    List<String> data = new ArrayList<>();
    SseClient client = quick(server.script(sid, SCRIPT)).retryStatuses(503)
        .observeFailure(f -> seen.add("failure " + f.kind() + " " + f.status() + " "
            + (f.defaultDecision().isStop() ? "stop" : "reconnect")))
        .observeDisconnect(d -> seen.add("disconnect " + d.reason()))
        .listener(e -> data.add(e.data()))
        .build();
    client.run(); // returns once the library's default stops at the 204

    assertEquals(List.of("failure STATUS 503 reconnect", "failure STATUS 503 reconnect",
        "disconnect END", "failure NO_CONTENT 204 stop"), seen);
    assertEquals(List.of("ok"), data);
    assertEquals(4, server.log(sid).size());
    assertEquals(3, client.stats().failures());
  }

  @Test
  void anObserverRunsBeforeTheDecidingHandler() {
    String sid = TestServer.sid("observe-both");
    List<String> order = new ArrayList<>();
    quick(server.script(sid, "[{\"status\": 404, \"body\": []}]"))
        .observeFailure(f -> order.add("observe " + f.status()))
        .onFailure(f -> {
          order.add("decide " + f.status());
          return Decision.stop();
        })
        .listener(e -> {})
        .build().run();
    assertEquals(List.of("observe 404", "decide 404"), order);
    assertTrue(server.log(sid).size() == 1);
  }
}
