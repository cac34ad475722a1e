package org.libsse;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Separate parsers and the static encoder on several threads at once (B8: handles
 * are independent; the error detail is per thread and read in the same JNI call).
 */
class ConcurrencyTest {
  private static String work(int thread) {
    StringBuilder log = new StringBuilder();
    for (int round = 0; round < 200; round++) {
      String data = "t" + thread + " r" + round;
      List<Event> seen = new ArrayList<>();
      try (SseParser parser = SseParser.create(seen::add)) {
        parser.feed(SseEncoder.encode(data, null, String.valueOf(round)));
        if (!seen.equals(List.of(new Event("message", data, String.valueOf(round))))) {
          log.append("round ").append(round).append(": ").append(seen).append('\n');
        }
      }
      try {
        // Alternate two different native errors so a mixed-up thread-local error
        // would show up as the wrong code.
        if (round % 2 == 0) {
          SseEncoder.encode("x", null, "bad\nid");
        } else {
          SseParser.builder().lastEventId("\0").build(e -> {});
        }
        log.append("round ").append(round).append(": no error\n");
      } catch (SseException e) {
        SseException.Code want = round % 2 == 0 ? SseException.Code.FIELD : SseException.Code.INVALID;
        if (e.kind() != want) {
          log.append("round ").append(round).append(": ").append(e).append('\n');
        }
      }
    }
    return log.toString();
  }

  @Test
  void parsersAndEncoderOnFourThreads() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<String>> results = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        int thread = t;
        results.add(pool.submit(() -> work(thread)));
      }
      for (Future<String> result : results) {
        assertEquals("", result.get(60, TimeUnit.SECONDS));
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
