package org.libsse;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** SseParser.events / Builder.stream: blocking, lazy reading of an InputStream. */
class StreamTest {
  private static final String BODY =
      "retry: 250\nid: 1\ndata: first\n\n: note\nevent: t\ndata: second\n\ndata: cut off";

  /** Returns one byte per read and counts them, like a slow network peer. */
  private static final class Trickle extends InputStream {
    private final byte[] bytes;
    int position;

    Trickle(String text) {
      this.bytes = text.getBytes(UTF_8);
    }

    @Override
    public int read() {
      return position < bytes.length ? bytes[position++] & 0xFF : -1;
    }

    @Override
    public int read(byte[] b, int off, int len) {
      if (position >= bytes.length) {
        return -1;
      }
      b[off] = bytes[position++];
      return 1;
    }
  }

  private static final List<Event> EXPECTED = List.of(
      new Event("message", "first", "1"), new Event("t", "second", "1"));

  @Test
  void eventsOfAWholeBodyAndTheCutOffTailIsDropped() { // P27
    try (Stream<Event> events = SseParser.events(new ByteArrayInputStream(BODY.getBytes(UTF_8)))) {
      assertEquals(EXPECTED, events.toList());
    }
  }

  @Test
  void oneByteReadsGiveTheSameEvents() { // P10
    try (Stream<Event> events = SseParser.events(new Trickle(BODY))) {
      assertEquals(EXPECTED, events.toList());
    }
  }

  @Test
  void readsOnlyAsFarAsTheNextEventNeeds() {
    Trickle in = new Trickle(BODY);
    Iterator<Event> it = SseParser.events(in).iterator();
    assertEquals(EXPECTED.get(0), it.next());
    assertEquals(BODY.indexOf("\n\n") + 2, in.position);
  }

  @Test
  void builderListenersWorkWithStreams() {
    List<String> side = new ArrayList<>();
    try (Stream<Event> events = SseParser.builder()
        .onRetry(d -> side.add("retry " + d.toMillis()))
        .onComment(c -> side.add("comment " + c))
        .stream(new ByteArrayInputStream(BODY.getBytes(UTF_8)))) {
      assertEquals(EXPECTED, events.toList());
    }
    assertEquals(List.of("retry 250", "comment note"), side);
  }

  @Test
  void closingTheStreamStopsIt() {
    Stream<Event> events = SseParser.events(new Trickle(BODY));
    Iterator<Event> it = events.iterator();
    it.next();
    events.close();
    assertFalse(it.hasNext());
  }

  @Test
  void readFailureSurfacesAsUncheckedIoException() {
    IOException cause = new IOException("connection reset");
    InputStream failing = new InputStream() {
      @Override
      public int read() throws IOException {
        throw cause;
      }
    };
    try (Stream<Event> events = SseParser.events(failing)) {
      UncheckedIOException e = assertThrows(UncheckedIOException.class, events::toList);
      assertSame(cause, e.getCause());
    }
  }
}
