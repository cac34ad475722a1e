package org.libsse;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Error codes cross from C to Java intact, and Java-side misuse fails clearly. */
class ErrorsTest {
  @Test
  void everyCodeMapsToItsConstantAndBack() {
    SseException.Code[] expected = {
      SseException.Code.INVALID, SseException.Code.NO_MEMORY, SseException.Code.BUSY,
      SseException.Code.LIMIT, SseException.Code.VERSION, SseException.Code.USER,
      SseException.Code.PROTOCOL, SseException.Code.IO, SseException.Code.TIMED_OUT,
      SseException.Code.CLOSED, SseException.Code.INTERNAL, SseException.Code.FIELD,
    };
    for (int i = 0; i < expected.length; i++) {
      int code = -(i + 1);
      assertEquals(expected[i], SseException.Code.of(code), "code " + code);
      assertEquals(code, expected[i].value());
    }
    assertEquals(SseException.Code.UNKNOWN, SseException.Code.of(0));
    assertEquals(SseException.Code.UNKNOWN, SseException.Code.of(-13));
    assertEquals(SseException.Code.UNKNOWN, SseException.Code.of(7));
  }

  @Test
  void everyCodeHasLibraryTextAndUnknownCodesSaySo() {
    for (int code = -1; code >= -12; code--) {
      String text = LibSse.describe(code);
      assertFalse(text.isEmpty() || text.equals("Unknown error"), "code " + code + ": " + text);
    }
    assertEquals("Unknown error", LibSse.describe(-1000));
  }

  @Test
  void nativeErrorCarriesCodeAndMessage() {
    // The library refuses U+0000 in a last event ID (P18); its status and message
    // must become SseException with the C code (NativeStatus), not a generic error.
    try (SseParser parser = SseParser.create(e -> {})) {
      SseException e = assertThrows(SseException.class, () -> parser.setLastEventId("a\0b"));
      assertEquals(SseException.Code.INVALID, e.kind());
      assertEquals(-1, e.code());
      assertFalse(e.getMessage().isEmpty());
      assertTrue(e.toString().contains("INVALID"), e.toString());
    }
  }

  @Test
  void nativeFieldErrorFromTheSerializer() {
    SseException e = assertThrows(SseException.class, () -> SseEncoder.encode("x", "a\nb"));
    assertEquals(SseException.Code.FIELD, e.kind());
    assertFalse(e.getMessage().isEmpty());
  }

  @Test
  void builderSeedWithNulFailsAtBuild() {
    SseException e = assertThrows(SseException.class,
        () -> SseParser.builder().lastEventId("\0").build(ev -> {}));
    assertEquals(SseException.Code.INVALID, e.kind());
  }

  @Test
  void invalidSizeLimitIsAnArgumentError() {
    assertThrows(IllegalArgumentException.class, () -> SseParser.builder().maxEventBytes(0));
    assertThrows(IllegalArgumentException.class, () -> SseParser.builder().maxEventBytes(-1));
    assertThrows(IllegalArgumentException.class,
        () -> SseParser.builder().maxEventBytes(SseParser.MAX_EVENT_BYTES_LIMIT + 1));
  }

  @Test
  void badArgumentsRaiseTheUsualJavaExceptions() {
    try (SseParser parser = SseParser.create(e -> {})) {
      byte[] bytes = "data: x\n\n".getBytes(UTF_8);
      assertThrows(IndexOutOfBoundsException.class, () -> parser.feed(bytes, 5, 10));
      assertThrows(IndexOutOfBoundsException.class, () -> parser.feed(bytes, -1, 2));
      assertThrows(NullPointerException.class, () -> parser.feed((byte[]) null));
      assertThrows(NullPointerException.class, () -> SseParser.create(null));
    }
  }

  @Test
  void versionIsReported() {
    String text = LibSse.versionString();
    assertTrue(text.matches("\\d+\\.\\d+\\.\\d+"), text);
    String[] parts = text.split("\\.");
    long packed = (Long.parseLong(parts[0]) << 16) | (Long.parseLong(parts[1]) << 8)
        | Long.parseLong(parts[2]);
    assertEquals(packed, LibSse.version());
  }
}
