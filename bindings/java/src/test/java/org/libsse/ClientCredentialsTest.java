package org.libsse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The caller's credentials stay with the configured origin: after a redirect from
 * server A to server B (another port, so another origin), reconnections go straight to
 * B and must not carry Authorization or Cookie unless the caller opted in.
 */
@Timeout(60)
class ClientCredentialsTest {
  @RegisterExtension
  static final ClientFixture origin = new ClientFixture();

  private static TestServer other;

  @BeforeAll
  static void startOther() throws IOException {
    other = TestServer.start();
  }

  @AfterAll
  static void stopOther() throws IOException {
    other.close();
  }

  @Test
  void credentialsAreNotSentToAnotherOriginByDefault() {
    List<Map<String, Object>> atB = reconnectAfterRedirect(false);
    for (Map<String, Object> request : atB) {
      assertNull(TestServer.header(request, "Authorization"), request.toString());
      assertNull(TestServer.header(request, "Cookie"), request.toString());
    }
    // The caller's other headers still go there.
    assertEquals("1", TestServer.header(atB.get(atB.size() - 1), "X-Kept"));
  }

  @Test
  void unrestrictedAuthKeepsSendingThem() {
    List<Map<String, Object>> atB = reconnectAfterRedirect(true);
    // From the first reconnection on (the redirect itself is curl's business).
    Map<String, Object> reconnection = atB.get(1);
    assertEquals("Bearer secret", TestServer.header(reconnection, "Authorization"));
    assertEquals("session=1", TestServer.header(reconnection, "Cookie"));
  }

  /** Runs until B saw the redirected request and two reconnections; B's log. */
  private static List<Map<String, Object>> reconnectAfterRedirect(boolean unrestricted) {
    String sid = TestServer.sid(unrestricted ? "auth-on" : "auth-off");
    String atB = other.script(sid, "[{\"body\": [{\"write\": \"data: b\\n\\n\"}]}]");
    String atA = origin.script(sid, "[{\"status\": 307, \"headers\": [[\"Location\", \"" + atB
        + "\"]], \"framing\": \"length\"}]");
    AtomicReference<SseClient> self = new AtomicReference<>();
    int[] ends = new int[1];
    SseClient client = SseClient.builder(atA)
        .header("Authorization", "Bearer secret").header("Cookie", "session=1")
        .header("X-Kept", "1")
        .unrestrictedAuth(unrestricted)
        .retry(Duration.ofMillis(10)).jitterPercent(0)
        .observeDisconnect(d -> {
          if (++ends[0] == 3) {
            self.get().close();
          }
        })
        .listener(e -> {})
        .build();
    self.set(client);
    client.run();
    assertEquals(1, origin.log(sid).size(), "later attempts must go to B directly");
    List<Map<String, Object>> requests = other.log(sid);
    assertTrue(requests.size() >= 3, requests.toString());
    return requests;
  }
}
