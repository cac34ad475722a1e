package org.libsse;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A listener exception surfaces from feed/finish and loses nothing: the records after
 * it stay queued and come first on the next call; the parser stays usable.
 */
class ListenerExceptionTest {
  private static byte[] events(int from, int to) {
    StringBuilder sb = new StringBuilder();
    for (int i = from; i <= to; i++) {
      sb.append("id: ").append(i).append("\ndata: ").append(i).append("\n\n");
    }
    return sb.toString().getBytes(UTF_8);
  }

  /** Records event data and throws once, on the event whose data is {@code failOn}. */
  private static final class FailingOnce implements EventListener {
    final List<String> seen = new ArrayList<>();
    final RuntimeException failure = new IllegalStateException("listener failed");
    String failOn;

    FailingOnce(String failOn) {
      this.failOn = failOn;
    }

    @Override
    public void onEvent(Event event) {
      seen.add(event.data());
      if (event.data().equals(failOn)) {
        failOn = null;
        throw failure;
      }
    }
  }

  @Test
  void exceptionSurfacesAndRestIsDeliveredFirstByNextFeed() {
    FailingOnce listener = new FailingOnce("2");
    try (SseParser parser = SseParser.create(listener)) {
      RuntimeException thrown = assertThrows(RuntimeException.class, () -> parser.feed(events(1, 5)));
      assertSame(listener.failure, thrown);
      assertEquals(List.of("1", "2"), listener.seen);
      assertTrue(parser.hasPending());
      // The bytes were consumed in full: the parser already saw event 5.
      assertEquals("5", parser.lastEventId());

      parser.feed(events(6, 6));
      assertEquals(List.of("1", "2", "3", "4", "5", "6"), listener.seen);
      assertFalse(parser.hasPending());
    }
  }

  @Test
  void finishDeliversWhatIsQueued() {
    FailingOnce listener = new FailingOnce("1");
    try (SseParser parser = SseParser.create(listener)) {
      assertThrows(IllegalStateException.class, () -> parser.feed(events(1, 3)));
      parser.finish();
      assertEquals(List.of("1", "2", "3"), listener.seen);
    }
  }

  @Test
  void deliverPendingResumesWithoutFeeding() {
    FailingOnce listener = new FailingOnce("3");
    try (SseParser parser = SseParser.create(listener)) {
      assertThrows(IllegalStateException.class, () -> parser.feed(events(1, 4)));
      parser.deliverPending();
      assertEquals(List.of("1", "2", "3", "4"), listener.seen);
    }
  }

  @Test
  void errorsOtherThanRuntimeExceptionsBehaveTheSame() {
    List<String> seen = new ArrayList<>();
    try (SseParser parser = SseParser.create(e -> {
      seen.add(e.data());
      if (seen.size() == 1) {
        throw new AssertionError("boom");
      }
    })) {
      assertThrows(AssertionError.class, () -> parser.feed(events(1, 2)));
      parser.feed(new byte[0]);
      assertEquals(List.of("1", "2"), seen);
    }
  }

  @Test
  void throwingCommentListenerKeepsOrderWithEvents() { // P12: comments in stream order
    List<String> seen = new ArrayList<>();
    boolean[] thrown = {false};
    try (SseParser parser = SseParser.builder()
        .onComment(c -> {
          seen.add("comment " + c);
          if (!thrown[0]) {
            thrown[0] = true;
            throw new IllegalArgumentException("comment listener failed");
          }
        })
        .build(e -> seen.add("event " + e.data()))) {
      byte[] input = ": one\ndata: a\n\n: two\ndata: b\n\n".getBytes(UTF_8);
      assertThrows(IllegalArgumentException.class, () -> parser.feed(input));
      parser.finish();
      assertEquals(List.of("comment one", "event a", "comment two", "event b"), seen);
    }
  }

  @Test
  void feedFinishAndResetFromAListenerAreBusy() { // as SSE_EBUSY in the C API (B5)
    List<String> outcomes = new ArrayList<>();
    SseParser[] self = new SseParser[1];
    try (SseParser parser = SseParser.create(e -> {
      for (Runnable call : List.<Runnable>of(
          () -> self[0].feed(new byte[] {'\n'}), self[0]::finish, self[0]::reset)) {
        try {
          call.run();
          outcomes.add("returned");
        } catch (SseException ex) {
          outcomes.add(ex.kind().name());
        }
      }
      outcomes.add("lastEventId=" + self[0].lastEventId()); // getters are allowed
    })) {
      self[0] = parser;
      parser.feed(events(1, 1));
      assertEquals(List.of("BUSY", "BUSY", "BUSY", "lastEventId=1"), outcomes);
      parser.feed(events(2, 2)); // not stuck afterwards
      assertEquals("lastEventId=2", outcomes.get(outcomes.size() - 1));
    }
  }
}
