package org.libsse;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every feed entry point reads exactly the bytes it is given. */
class FeedVariantsTest {
  private static final byte[] PAYLOAD = "XXdata: a\n\ndata: b\n\nYY".getBytes(UTF_8);
  private static final int FROM = 2;
  private static final int LENGTH = PAYLOAD.length - 4; // without XX and YY

  private final List<String> seen = new ArrayList<>();

  private SseParser parser() {
    return SseParser.create(e -> seen.add(e.data()));
  }

  @Test
  void arraySlice() {
    try (SseParser p = parser()) {
      p.feed(PAYLOAD, FROM, LENGTH);
    }
    assertEquals(List.of("a", "b"), seen);
  }

  @Test
  void heapBufferSliceWithArrayOffsetAndPosition() {
    ByteBuffer slice = ByteBuffer.wrap(PAYLOAD, 1, PAYLOAD.length - 1).slice(); // arrayOffset 1
    slice.position(FROM - 1).limit(FROM - 1 + LENGTH);
    try (SseParser p = parser()) {
      p.feed(slice);
    }
    assertEquals(List.of("a", "b"), seen);
    assertEquals(slice.limit(), slice.position());
  }

  @Test
  void readOnlyHeapBuffer() {
    ByteBuffer buffer = ByteBuffer.wrap(PAYLOAD, FROM, LENGTH).asReadOnlyBuffer();
    try (SseParser p = parser()) {
      p.feed(buffer);
    }
    assertEquals(List.of("a", "b"), seen);
    assertEquals(buffer.limit(), buffer.position());
  }

  @Test
  void directBufferWithPosition() {
    ByteBuffer direct = ByteBuffer.allocateDirect(PAYLOAD.length);
    direct.put(PAYLOAD).position(FROM).limit(FROM + LENGTH);
    try (SseParser p = parser()) {
      p.feed(direct);
    }
    assertEquals(List.of("a", "b"), seen);
    assertEquals(direct.limit(), direct.position());
  }

  @Test
  void emptyFeedsDoNothing() {
    try (SseParser p = parser()) {
      p.feed(new byte[0]);
      p.feed(ByteBuffer.allocateDirect(0));
      p.feed(PAYLOAD, 3, 0);
    }
    assertEquals(List.of(), seen);
  }

  @Test
  void feedsLargerThanTheNativeCopyPieceKeepOrder() {
    // Feeds go through a 64 KiB exchange buffer; an input of several pieces, with events
    // straddling the piece boundaries, must come out whole and in order.
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < 20_000; i++) {
      sb.append("data: event number ").append(i).append("\n\n");
    }
    byte[] big = sb.toString().getBytes(UTF_8);
    try (SseParser p = parser()) {
      p.feed(big);
      ByteBuffer direct = ByteBuffer.allocateDirect(big.length);
      direct.put(big).flip();
      p.feed(direct);
    }
    assertEquals(40_000, seen.size());
    for (int i = 0; i < 40_000; i++) {
      assertEquals("event number " + (i % 20_000), seen.get(i));
    }
  }

  @Test
  void recordsOfOneFeedKeepTheirOrderWhereverTheNativeSideWritesThem() {
    // A short feed's events go straight into the exchange buffer's records area until a
    // comment or retry, or their size (over 512 bytes), moves the feed's records to the
    // native batch: every callback must still come once, in stream order.
    StringBuilder sb = new StringBuilder("data: a\n\ndata: b\n\n: note\nretry: 7\ndata: c\n\n");
    List<String> expected = new ArrayList<>(List.of("a", "b", "comment note", "retry 7", "c"));
    for (int i = 0; i < 40; i++) {
      sb.append("id: ").append(i).append("\ndata: event number ").append(i).append("\n\n");
      expected.add("event number " + i);
    }
    sb.append(": last\n");
    expected.add("comment last");
    byte[] input = sb.toString().getBytes(UTF_8);
    for (int length : new int[] {input.length, 70, 300}) { // one feed (under 4 KiB), or pieces
      seen.clear();
      try (SseParser p = SseParser.builder()
          .onComment(text -> seen.add("comment " + text))
          .onRetry(d -> seen.add("retry " + d.toMillis()))
          .build(e -> seen.add(e.data()))) {
        for (int off = 0; off < input.length; off += length) {
          p.feed(input, off, Math.min(length, input.length - off));
        }
      }
      assertEquals(expected, seen, "feeds of " + length + " bytes");
    }
  }

  @Test
  void longArraySlicesAreParsedInPlaceAcrossPinnedPieces() {
    // Arrays from 4 KiB on are parsed in place, 1 MiB per pin: a slice of 2.5 MiB
    // with bytes around it, its events straddling the piece boundaries, must come out
    // whole, in order and without the bytes outside the slice.
    StringBuilder sb = new StringBuilder("XXX");
    int count = 0;
    while (sb.length() < 5 * 512 * 1024) {
      sb.append("id: ").append(count).append("\ndata: event number ").append(count).append("\n\n");
      count++;
    }
    sb.append("data: tail\n\nYYY");
    byte[] input = sb.toString().getBytes(UTF_8);
    List<Event> events = new ArrayList<>();
    try (SseParser p = SseParser.create(events::add)) {
      p.feed(input, 3, input.length - 6);
      p.feed("data: after\n\n".getBytes(UTF_8));
    }
    assertEquals(count + 2, events.size());
    for (int i = 0; i < count; i++) {
      assertEquals(new Event("message", "event number " + i, Integer.toString(i)), events.get(i));
    }
    assertEquals("tail", events.get(count).data());
    assertEquals("after", events.get(count + 1).data());
  }

  @Test
  void typeAndIdOfEqualLengthInLaterFeedsAreNotTakenForTheCachedOnes() {
    // Record bytes come back in one reused array; the last type and id are cached
    // by value, so "bbb" at the place "aaa" was must still decode as "bbb".
    List<Event> events = new ArrayList<>();
    try (SseParser p = SseParser.create(events::add)) {
      p.feed("event: aaa\nid: 111\ndata: x\n\n".getBytes(UTF_8));
      p.feed("event: bbb\nid: 222\ndata: x\n\n".getBytes(UTF_8));
      p.feed("event: aaa\nid: 111\ndata: x\n\n".getBytes(UTF_8));
    }
    assertEquals(List.of(new Event("aaa", "x", "111"), new Event("bbb", "x", "222"),
        new Event("aaa", "x", "111")), events);
  }

  @Test
  void bigEventsOfOneNativeBatchKeepTheirTypeIdDataAndOrder() {
    // A fresh parser lends no records array, so one feed's big events (over 1 KiB each)
    // are packed into the native batch, room for each record made at once.
    List<Event> expected = new ArrayList<>();
    StringBuilder stream = new StringBuilder();
    int[] sizes = {1500, 3000, 2 * 1024 * 1024 + 7, 5000};
    for (int i = 0; i < sizes.length; i++) {
      String data = ("" + (char) ('a' + i)).repeat(sizes[i] - 3) + i + "/" + i;
      expected.add(new Event("t" + i, data, "id-" + i));
      stream.append("event: t").append(i).append("\nid: id-").append(i)
          .append("\ndata: ").append(data).append("\n\n");
    }
    List<Event> events = new ArrayList<>();
    try (SseParser p = SseParser.create(events::add)) {
      p.feed(stream.toString().getBytes(UTF_8));
    }
    assertEquals(expected, events);
  }

  @Test
  void eventsLargerThanTheExchangeBufferArriveWhole() {
    // Records over the copy-back size skip the exchange buffer (batch_into).
    String big = "0123456789abcdef".repeat(8 * 1024); // 128 KiB
    byte[] input = ("data: " + big + "\n\ndata: small\n\n").getBytes(UTF_8);
    try (SseParser p = parser()) {
      p.feed(input);
      for (int off = 0; off < input.length; off += 64) {
        p.feed(input, off, Math.min(64, input.length - off));
      }
    }
    assertEquals(List.of(big, "small", big, "small"), seen);
  }

  @Test
  void bigEventsWrittenIntoTheLentRecordsArrayKeepOrderAndBytes() {
    // Once the parser holds a records array bigger than the exchange buffer's area, a
    // feed whose events outgrow the area writes them straight into that array (pinned
    // for the feed); a later comment moves them to the native batch. Any mix, through
    // the exchange buffer (short feeds) or in place (long ones), keeps every record once,
    // in order, with its own bytes.
    String big = "0123456789abcdef".repeat(4 * 1024); // 64 KiB
    String other = "fedcba9876543210".repeat(4 * 1024);
    // A small event first: one feed of it all has it in the area when the big one moves
    // on to the lent array.
    String stream = "data: s0\n\ndata: " + big + "\n\n"
        + "data: s1\n\ndata: " + other + "\n\ndata: s2\n\n"
        + "data: " + big + "\n\n: note\ndata: s3\n\n"
        + "data: " + other + "\n\n";
    List<String> expected =
        List.of("s0", big, "s1", other, "s2", big, "comment note", "s3", other);
    byte[] input = stream.getBytes(UTF_8);
    for (int length : new int[] {input.length, 64 * 1024 + 40, 5000, 64}) {
      seen.clear();
      try (SseParser p = SseParser.builder()
          .onComment(text -> seen.add("comment " + text))
          .build(e -> seen.add(e.data()))) {
        for (int off = 0; off < input.length; off += length) {
          p.feed(input, off, Math.min(length, input.length - off));
        }
        p.feed(input); // in place, in one piece
        ByteBuffer direct = ByteBuffer.allocateDirect(input.length);
        direct.put(input).flip();
        p.feed(direct); // through the exchange buffer, 64 KiB a piece
      }
      List<String> thrice = new ArrayList<>(expected);
      thrice.addAll(expected);
      thrice.addAll(expected);
      assertEquals(summary(thrice), summary(seen), "feeds of " + length + " bytes");
    }
  }

  @Test
  void recordsLeftUndeliveredInTheRecordsArrayAreNotOverwrittenByTheNextFeed() {
    // A listener that throws leaves records queued in the parser's records array: the
    // next feed must not write its records there (it gets no array to write into).
    String first = "a".repeat(70_000);
    String second = "b".repeat(70_000);
    String third = "c".repeat(100_000); // over the second's bytes, were it written there
    byte[] warmUp = ("data: " + first + "\n\n").getBytes(UTF_8);
    byte[] two = ("data: " + first + "\n\ndata: " + second + "\n\n").getBytes(UTF_8);
    byte[] next = ("data: " + third + "\n\n").getBytes(UTF_8);
    for (boolean inPlace : new boolean[] {true, false}) {
      seen.clear();
      boolean[] failOnce = {false};
      try (SseParser p = SseParser.create(e -> {
        if (failOnce[0]) {
          failOnce[0] = false;
          throw new IllegalStateException("listener failure");
        }
        seen.add(e.data());
      })) {
        p.feed(warmUp); // the records array now holds a 70 KB event
        seen.clear();
        failOnce[0] = true;
        assertThrows(IllegalStateException.class, () -> p.feed(two));
        assertEquals(List.of(), seen);
        // The third event is written before the second is delivered.
        if (inPlace) {
          p.feed(next);
        } else {
          ByteBuffer direct = ByteBuffer.allocateDirect(next.length);
          direct.put(next).flip();
          p.feed(direct);
        }
      }
      assertEquals(summary(List.of(second, third)), summary(seen),
          inPlace ? "in place" : "exchange buffer");
    }
  }

  /** Strings as length, first character and hash: a failure message of a readable size. */
  private static List<String> summary(List<String> values) {
    List<String> out = new ArrayList<>();
    for (String v : values) {
      out.add(v.length() > 40 ? v.length() + " x " + v.charAt(0) + " #" + v.hashCode() : v);
    }
    return out;
  }
}
