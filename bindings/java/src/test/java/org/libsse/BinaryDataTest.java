package org.libsse;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Bytes that a String-based JNI mapping would mangle (NUL, non-BMP characters,
 * invalid UTF-8, characters split across feeds) arrive intact or as the spec says.
 */
class BinaryDataTest {
  private static List<Event> parse(byte[]... chunks) {
    List<Event> seen = new ArrayList<>();
    try (SseParser parser = SseParser.create(seen::add)) {
      for (byte[] chunk : chunks) {
        parser.feed(chunk);
      }
      parser.finish();
    }
    return seen;
  }

  private static byte[] bytes(String s) {
    return s.getBytes(UTF_8);
  }

  @Test
  void nulInDataTypeAndCommentIsOrdinaryContent() { // P29, P24
    List<String> comments = new ArrayList<>();
    List<Event> seen = new ArrayList<>();
    try (SseParser parser = SseParser.builder().onComment(comments::add).build(seen::add)) {
      parser.feed(bytes(": a\0b\nevent: t\0u\ndata: x\0y\0\n\n"));
    }
    assertEquals(List.of("a\0b"), comments);
    assertEquals(List.of(new Event("t\0u", "x\0y\0", "")), seen);
  }

  @Test
  void idContainingNulIsIgnored() { // P18
    assertEquals(List.of(new Event("message", "x", "1")),
        parse(bytes("id: 1\n\nid: a\0b\ndata: x\n\n")));
  }

  @Test
  void nulInDataSurvivesEncodeAndParse() {
    String data = "\0lead\0\0mid\0";
    assertEquals(List.of(Event.message(data)), parse(SseEncoder.encode(data)));
  }

  @Test
  void oneNonAsciiCharacterAnywhereInLongDataIsDecodedAsUtf8() {
    // All-ASCII data is decoded as Latin-1 (EVENT_ASCII records): one é (C3 A9) at any
    // place, in the 32-byte blocks, the word loop or the byte tail of the native
    // check, must keep the data on the UTF-8 path, or it would read as "Ã©".
    for (int length = 1; length <= 80; length++) {
      for (int at = 0; at < length; at++) {
        char[] chars = "a".repeat(length).toCharArray();
        chars[at] = '\u00e9';
        String data = new String(chars);
        assertEquals(List.of(Event.message(data)), parse(bytes("data: " + data + "\n\n")),
            "length " + length + ", at " + at);
      }
    }
  }

  @Test
  void asciiDataOfEveryLengthStaysAscii() {
    for (int length = 0; length <= 80; length++) {
      String data = "z~\u007f".repeat(length).substring(0, length);
      assertEquals(List.of(Event.message(data)), parse(bytes("data: " + data + "\n\n")));
    }
  }

  @Test
  void supplementaryCharactersSurvive() {
    String data = "\ud83d\ude00 \ud834\udd1e";
    assertEquals(List.of(Event.message(data)), parse(bytes("data: " + data + "\n\n")));
  }

  @Test
  void invalidUtf8BecomesReplacementCharacters() { // P2
    ByteArrayOutputStream input = new ByteArrayOutputStream();
    input.writeBytes(bytes("data: a"));
    input.write(0xFF);
    input.writeBytes(bytes("b"));
    input.write(0xC0);
    input.write(0x80);
    input.writeBytes(bytes("\n\n"));
    assertEquals(List.of(Event.message("a\ufffdb\ufffd\ufffd")), parse(input.toByteArray()));
  }

  @Test
  void characterSplitAcrossFeedsDecodesWhole() { // P3
    byte[] euro = bytes("\u20ac");
    assertEquals(List.of(Event.message("\u20ac")),
        parse(bytes("data: "), new byte[] {euro[0]}, new byte[] {euro[1], euro[2]}, bytes("\n\n")));
  }
}
