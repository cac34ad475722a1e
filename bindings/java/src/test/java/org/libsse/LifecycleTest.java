package org.libsse;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** AutoCloseable, idempotent close, reset and end-of-stream behaviour. */
class LifecycleTest {
  private static byte[] bytes(String s) {
    return s.getBytes(UTF_8);
  }

  @Test
  void closeIsIdempotentAndEverythingAfterItIsClosed() {
    SseParser parser = SseParser.create(e -> {});
    parser.close();
    parser.close();
    assertTrue(parser.isClosed());
    List<Executable> calls = List.of(
        () -> parser.feed(bytes("data: x\n\n")),
        parser::finish,
        parser::reset,
        parser::lastEventId,
        parser::skippedEvents,
        parser::deliverPending,
        () -> parser.setLastEventId("1"));
    for (Executable call : calls) {
      SseException e = assertThrows(SseException.class, call);
      assertEquals(SseException.Code.CLOSED, e.kind());
    }
  }

  @Test
  void tryWithResourcesClosesTheParser() {
    SseParser kept;
    try (SseParser parser = SseParser.create(e -> {})) {
      kept = parser;
    }
    assertTrue(kept.isClosed());
  }

  @Test
  void closeFromAListenerStopsDelivery() { // P26: nothing delivered after close
    List<String> seen = new ArrayList<>();
    SseParser[] self = new SseParser[1];
    self[0] = SseParser.create(e -> {
      seen.add(e.data());
      self[0].close();
    });
    self[0].feed(bytes("data: 1\n\ndata: 2\n\n"));
    assertEquals(List.of("1"), seen);
    assertThrows(SseException.class, () -> self[0].feed(bytes("data: 3\n\n")));
  }

  /** Creates parsers, closing every other one; returns a probe on the last (unclosed) one. */
  private static WeakReference<SseParser> abandonParsers(int count) {
    WeakReference<SseParser> probe = null;
    for (int i = 0; i < count; i++) {
      SseParser parser = SseParser.create(e -> {});
      parser.feed(bytes("data: partial"));
      if (i % 2 == 0) {
        parser.close();
      }
      probe = new WeakReference<>(parser);
    }
    return probe; // a separate frame, so no stale local keeps the last parser alive
  }

  @Test
  void unclosedParsersAreFreedByTheCleanerWithoutCrashing() throws InterruptedException {
    // The Cleaner must free forgotten parsers, and must not free again a parser that
    // was closed; either mistake crashes the JVM (double free / use after free).
    WeakReference<SseParser> probe = abandonParsers(2000);
    for (int i = 0; i < 50 && probe.get() != null; i++) {
      System.gc();
      Thread.sleep(10);
    }
    assertTrue(probe.get() == null, "parser was never collected");
    try (SseParser parser = SseParser.create(e -> {})) {
      parser.feed(bytes("data: still fine\n\n"));
    }
  }

  @Test
  void resetForgetsIdPendingInputAndSeed() {
    List<Event> seen = new ArrayList<>();
    try (SseParser parser = SseParser.builder().lastEventId("seed").build(seen::add)) {
      assertEquals("seed", parser.lastEventId());
      parser.feed(bytes("id: 7\n\ndata: half"));
      assertEquals("7", parser.lastEventId());
      parser.reset();
      assertEquals("", parser.lastEventId());
      parser.feed(bytes("\n\ndata: x\n\n")); // "half" was dropped with the reset
      assertEquals(List.of(new Event("message", "x", "")), seen);
    }
  }

  @Test
  void finishDropsTheUnterminatedEventButKeepsTheId() { // P27, M11
    List<Event> seen = new ArrayList<>();
    try (SseParser parser = SseParser.create(seen::add)) {
      parser.feed(bytes("id: 1\ndata: a\n\nid: 2\ndata: lost\n"));
      parser.finish();
      assertEquals("1", parser.lastEventId());
      parser.feed(bytes("\ndata: b\n\n"));
      assertEquals(List.of(new Event("message", "a", "1"), new Event("message", "b", "1")), seen);
    }
  }

  @Test
  void bomIsStrippedAgainAfterFinish() { // P4: every body starts a new decode
    List<Event> seen = new ArrayList<>();
    try (SseParser parser = SseParser.create(seen::add)) {
      parser.feed(bytes("\ufeffdata: a\n\n"));
      parser.finish();
      parser.feed(bytes("\ufeffdata: b\n\n"));
      parser.feed(bytes("\ufeffdata: c\n\n")); // not at the start of a body: a field name
      assertEquals(List.of(Event.message("a"), Event.message("b")), seen);
    }
  }

  @Test
  void setLastEventIdSeedsLaterEvents() { // M11
    List<Event> seen = new ArrayList<>();
    try (SseParser parser = SseParser.create(seen::add)) {
      parser.setLastEventId("resume-9");
      parser.feed(bytes("data: x\n\n"));
      assertEquals(List.of(new Event("message", "x", "resume-9")), seen);
    }
  }
}
