package org.libsse;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The type/id cache of {@link RecordQueue}: a reused String only ever stands for its
 * own bytes, through the runs of misses that make the cache stand aside and back.
 */
class StringCacheTest {
  private static final int MISSES = RecordQueue.StringCache.MISSES_BEFORE_BYPASS;
  private static final int BYPASS = RecordQueue.StringCache.BYPASS_LOOKUPS;

  /** Looks {@code text} up from one reused array, at an offset, as the batches do. */
  private static String lookUp(RecordQueue.StringCache cache, byte[] batch, String text) {
    byte[] bytes = text.getBytes(UTF_8);
    Arrays.fill(batch, (byte) '#');
    System.arraycopy(bytes, 0, batch, 3, bytes.length);
    return cache.get(batch, 3, bytes.length);
  }

  @Test
  void everyLookupDecodesItsOwnBytesAcrossMissRunsAndBypass() {
    RecordQueue.StringCache cache = new RecordQueue.StringCache();
    byte[] batch = new byte[64];
    // Counting ids (equal lengths, one byte apart) long enough to pass through the
    // bypass twice, each followed by the value cached just before the bypass, a
    // non-ASCII value and an empty one.
    List<String> inputs = new ArrayList<>();
    for (int round = 0; round < 3; round++) {
      for (int i = 0; i < MISSES + BYPASS + 3; i++) {
        inputs.add(Integer.toString(1_000_000 + round * 1000 + i));
      }
      inputs.add(Integer.toString(1_000_000 + round * 1000 + MISSES - 1));
      inputs.add("\u00e9t\u00e9-" + round);
      inputs.add("");
    }
    for (String text : inputs) {
      assertEquals(text, lookUp(cache, batch, text));
    }
  }

  @Test
  void aRepeatedValueIsReusedAgainOnceTheBypassEnds() {
    RecordQueue.StringCache cache = new RecordQueue.StringCache();
    byte[] batch = new byte[64];
    for (int i = 0; i < MISSES; i++) {
      lookUp(cache, batch, "id-" + i); // the cache now stands aside
    }
    String first = null;
    for (int i = 0; i < BYPASS + 3; i++) {
      String got = lookUp(cache, batch, "message");
      assertEquals("message", got);
      if (i == BYPASS) {
        first = got; // the first lookup after the bypass caches it
      } else if (i > BYPASS) {
        assertSame(first, got);
      }
    }
  }

  @Test
  void typesThatRepeatStayCachedWhileIdsCountUp() {
    // Through the parser: the type String is shared by consecutive events of one
    // type, never by an event of another type, whatever the ids do meanwhile.
    List<Event> events = new ArrayList<>();
    StringBuilder stream = new StringBuilder();
    int count = 3 * (MISSES + BYPASS);
    for (int i = 0; i < count; i++) {
      String type = i % 50 < 45 ? "trade" : "quote";
      stream.append("id: ").append(1_000_000 + i).append("\nevent: ").append(type)
          .append("\ndata: {\"n\":").append(i).append("}\n\n");
    }
    byte[] input = stream.toString().getBytes(UTF_8);
    try (SseParser p = SseParser.create(events::add)) {
      for (int off = 0; off < input.length; off += 64) {
        p.feed(input, off, Math.min(64, input.length - off));
      }
    }
    assertEquals(count, events.size());
    for (int i = 0; i < count; i++) {
      Event e = events.get(i);
      assertEquals(new Event(i % 50 < 45 ? "trade" : "quote", "{\"n\":" + i + "}",
          Integer.toString(1_000_000 + i)), e);
      if (i > 0 && i % 50 != 0 && i % 50 != 45) {
        assertSame(events.get(i - 1).type(), e.type());
      }
    }
  }
}
