package org.libsse;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Golden wire output of SseEncoder / SseWriter and the values they refuse (S8). */
class EncoderTest {
  private static void assertWire(String expected, byte[] actual) {
    assertEquals(RecordLog.token(expected.getBytes(UTF_8)), RecordLog.token(actual));
  }

  private static void assertRejected(Runnable write) {
    SseException e = assertThrows(SseException.class, write::run);
    assertEquals(SseException.Code.FIELD, e.kind());
    assertEquals(-12, e.code());
  }

  @Test
  void dataOnlyEventHasOneDataLineAndBlankLine() {
    assertWire("data: hello\n\n", SseEncoder.encode("hello"));
  }

  @Test
  void retryTypeIdAndDataLinesInThatOrder() {
    assertWire("retry: 1500\nevent: update\nid: 42\ndata: a\n\n",
        SseEncoder.encode("a", "update", "42", Duration.ofMillis(1500)));
  }

  @Test
  void dataIsSplitAtLfCrlfAndCr() { // S8: one data line per line
    assertWire("data: a\ndata: b\ndata: c\ndata: d\n\n", SseEncoder.encode("a\nb\r\nc\rd"));
  }

  @Test
  void emptyDataAndEmptyDataLinesWriteBareDataField() { // S8, P22: empty data still fires
    assertWire("data:\n\n", SseEncoder.encode(""));
    assertWire("data: a\ndata:\ndata: b\n\n", SseEncoder.encode("a\n\nb"));
    assertWire("data: a\ndata:\n\n", SseEncoder.encode("a\n"));
  }

  @Test
  void leadingSpaceOfDataSurvivesBehindTheSeparatorSpace() { // S8, P13
    assertWire("data:  x\n\n", SseEncoder.encode(" x"));
  }

  @Test
  void nullDataWritesNoDataLine() { // an id-only block: updates the id, fires nothing
    assertWire("id: 7\n\n", SseEncoder.encode(null, null, "7"));
  }

  @Test
  void emptyIdWritesBareIdFieldThatResetsTheClientId() { // S8, P18
    assertWire("id:\ndata: x\n\n", SseEncoder.encode("x", null, ""));
  }

  @Test
  void nullOrEmptyTypeWritesNoEventLine() { // P24: default type
    assertWire("data: x\n\n", SseEncoder.encode("x", ""));
    assertWire("data: x\n\n", SseEncoder.encode("x", null));
  }

  @Test
  void unicodeIsWrittenAsUtf8() { // P1, S1
    String text = "h\u00e9llo \u2603 \ud83d\ude00";
    assertArrayEquals(("data: " + text + "\n\n").getBytes(UTF_8), SseEncoder.encode(text));
  }

  @Test
  void parsedEventEncodesWithIdAndWithoutDefaultType() {
    assertWire("id:\ndata: x\n\n", SseEncoder.encode(Event.message("x")));
    assertWire("event: t\nid: 9\ndata: x\n\n", SseEncoder.encode(new Event("t", "x", "9")));
  }

  @Test
  void commentsOneLinePerLineAndKeepAlive() { // P12, S4
    assertWire(": hi\n", SseEncoder.comment("hi"));
    assertWire(": a\n: b\n", SseEncoder.comment("a\nb"));
    assertWire(":\n", SseEncoder.comment(""));
    assertWire(":\n", SseEncoder.comment(null));
    assertWire(":\n", SseEncoder.keepAlive());
  }

  @Test
  void retryLineOnItsOwn() { // P19
    assertWire("retry: 0\n", SseEncoder.retry(Duration.ZERO));
    assertWire("retry: 3000\n", SseEncoder.retry(Duration.ofSeconds(3)));
    assertWire("retry: 9223372036854775807\n", SseEncoder.retry(Duration.ofMillis(Long.MAX_VALUE)));
  }

  @Test
  void retryIsWholeMillisecondsAndSaturates() {
    assertWire("retry: 1\n", SseEncoder.retry(Duration.ofNanos(1_999_999)));
    assertWire("retry: 0\n", SseEncoder.retry(Duration.ofNanos(999_999)));
    // Beyond Long.MAX_VALUE ms: the largest value the field can carry here.
    assertWire("retry: 9223372036854775807\n", SseEncoder.retry(Duration.ofSeconds(Long.MAX_VALUE)));
  }

  @Test
  void lineBreaksInTypeOrIdAreRejected() { // S8: would inject fields
    assertRejected(() -> SseEncoder.encode("x", "a\nb"));
    assertRejected(() -> SseEncoder.encode("x", "a\rb"));
    assertRejected(() -> SseEncoder.encode("x", null, "1\n"));
    assertRejected(() -> SseEncoder.encode("x", null, "1\r2"));
  }

  @Test
  void nulInIdIsRejected() { // S8, P18: a client would ignore the id
    assertRejected(() -> SseEncoder.encode("x", null, "a\0b"));
  }

  @Test
  void unpairedSurrogatesAreRejectedNotReplaced() {
    assertRejected(() -> SseEncoder.encode("bad \ud800 data"));
    assertRejected(() -> SseEncoder.encode("x", "\udc00"));
    assertRejected(() -> SseEncoder.comment("tail \ud83d"));
  }

  @Test
  void negativeRetryIsAnArgumentError() {
    assertThrows(IllegalArgumentException.class, () -> SseEncoder.retry(Duration.ofMillis(-1)));
    assertThrows(IllegalArgumentException.class,
        () -> SseEncoder.encode("x", null, null, Duration.ofMillis(-5)));
    assertThrows(NullPointerException.class, () -> SseEncoder.retry(null));
  }

  @Test
  void writerWritesItemsInOrderAndNothingForARejectedOne() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (SseWriter writer = new SseWriter(out)) {
      writer.retry(Duration.ofMillis(100)).send("one").comment("note");
      assertRejected(() -> {
        try {
          writer.send("two", "bad\ntype", null, null);
        } catch (IOException e) {
          throw new AssertionError(e);
        }
      });
      writer.send("three", "t", "3", null).keepAlive().send(new Event("message", "four", "3"));
      writer.flush();
    }
    assertWire("retry: 100\ndata: one\n\n: note\nevent: t\nid: 3\ndata: three\n\n:\n"
        + "id: 3\ndata: four\n\n", out.toByteArray());
  }
}
