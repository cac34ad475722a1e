package org.libsse;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Random events -> SseEncoder -> SseParser in random chunks must give back the same
 * events (S8), with CR and CRLF in data turned into LF (P5) and ids carried over
 * by events that have none (P21, P24). Seeded, so a failure is reproducible.
 */
class RoundTripTest {
  private static final String[] PIECES = {
    "a", "b", "z", "0", " ", "  ", ":", "data:", "id: x", "\t", "\0", "\n", "\r", "\r\n",
    "\u00e9", "\u20ac", "\u2603", "\ud83d\ude00", "\ufeff", "\\", "{\"k\":1}",
  };
  private static final String[] TYPES = {null, "", "message", "update", "a b", "\u00fcber"};

  private static String randomText(Random r, int maxPieces, boolean allowLineBreaks) {
    StringBuilder sb = new StringBuilder();
    int n = r.nextInt(maxPieces + 1);
    for (int i = 0; i < n; i++) {
      String piece = PIECES[r.nextInt(PIECES.length)];
      if (!allowLineBreaks && (piece.contains("\n") || piece.contains("\r") || piece.contains("\0"))) {
        continue;
      }
      sb.append(piece);
    }
    return sb.toString();
  }

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {1, 2, 3, 20240601, 987654321})
  void randomEventsSurviveEncodeAndChunkedParse(long seed) {
    Random r = new Random(seed);
    ByteArrayOutputStream wire = new ByteArrayOutputStream();
    List<String> expected = new ArrayList<>();
    String lastId = "";
    for (int i = 0; i < 400; i++) {
      String data = r.nextInt(10) == 0 ? null : randomText(r, 8, true);
      String type = TYPES[r.nextInt(TYPES.length)];
      String id = switch (r.nextInt(4)) {
        case 0 -> null;
        case 1 -> "";
        default -> randomText(r, 4, false);
      };
      Long retry = r.nextInt(8) == 0 ? (long) r.nextInt(100_000) : null;
      wire.writeBytes(SseEncoder.encode(data, type, id, retry == null ? null : Duration.ofMillis(retry)));

      if (retry != null) {
        expected.add("retry " + retry); // P19: before the dispatch of its block
      }
      if (id != null) {
        lastId = id;
      }
      if (data != null) {
        String parsedData = data.replace("\r\n", "\n").replace('\r', '\n');
        String parsedType = type == null || type.isEmpty() ? "message" : type;
        expected.add("event " + RecordLog.token(parsedType) + " " + RecordLog.token(parsedData)
            + " " + RecordLog.token(lastId));
      }
    }

    RecordLog log = new RecordLog();
    byte[] bytes = wire.toByteArray();
    try (SseParser parser = log.build(SseParser.builder())) {
      for (int off = 0; off < bytes.length; ) {
        int n = Math.min(1 + r.nextInt(97), bytes.length - off);
        parser.feed(bytes, off, n);
        off += n;
      }
      parser.finish();
      assertEquals(String.join("\n", expected), String.join("\n", log.lines), "seed " + seed);
      assertEquals(lastId, parser.lastEventId(), "seed " + seed);
    }
  }
}
