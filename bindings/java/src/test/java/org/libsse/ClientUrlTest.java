package org.libsse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Malformed URLs are refused when they are set, not retried forever. */
@Timeout(30)
class ClientUrlTest {
  @ParameterizedTest
  @ValueSource(strings = {"http://[", "http://127.0.0.1:99999/", "http://host:port:1/",
      "ftp://127.0.0.1/"})
  void aMalformedUrlIsAnArgumentErrorAtBuild(String url) {
    SseException e = assertThrows(SseException.class,
        () -> SseClient.builder(url).listener(ev -> {}).build());
    assertEquals(SseException.Code.INVALID, e.kind());
    assertTrue(!e.getMessage().isEmpty(), e.toString());
  }

  @Test
  void aMalformedUrlIsAnArgumentErrorInBeforeRequest() {
    List<SseException> refused = new ArrayList<>();
    SseClient client = SseClient.builder("http://127.0.0.1:9/")
        .beforeRequest(req -> {
          refused.add(assertThrows(SseException.class, () -> req.url("http://[")));
          req.url("http://127.0.0.1:9/ok"); // the client is still usable
        })
        .onFailure(f -> Decision.stop())
        .listener(ev -> {})
        .build();
    client.run();
    assertEquals(1, refused.size());
    assertEquals(SseException.Code.INVALID, refused.get(0).kind());
    assertEquals("http://127.0.0.1:9/ok", client.url());
  }
}
