package org.libsse;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * maxEventBytes: an oversized event is skipped and reported to onError with LIMIT,
 * the parser resynchronises at the next blank line and keeps going.
 */
class LimitsTest {
  private static final String BIG = "x".repeat(500);

  private static void feedInChunks(SseParser parser, byte[] input, int chunk) {
    for (int off = 0; off < input.length; off += chunk) {
      parser.feed(input, off, Math.min(chunk, input.length - off));
    }
  }

  @ParameterizedTest(name = "chunk {0}")
  @ValueSource(ints = {1, 7, 100_000})
  void oversizedEventIsSkippedReportedAndParsingContinues(int chunk) {
    byte[] input = ("data: before\n\ndata: " + BIG + "\ndata: more\n\ndata: after\n\n")
        .getBytes(UTF_8);
    List<String> seen = new ArrayList<>();
    List<SseException> errors = new ArrayList<>();
    try (SseParser parser = SseParser.builder()
        .maxEventBytes(64)
        .onError(e -> {
          errors.add(e);
          seen.add("error");
        })
        .build(e -> seen.add(e.data()))) {
      feedInChunks(parser, input, chunk);
      parser.finish();
      assertEquals(List.of("before", "error", "after"), seen);
      assertEquals(SseException.Code.LIMIT, errors.get(0).kind());
      assertFalse(errors.get(0).getMessage().isEmpty());
      assertEquals(1, parser.skippedEvents());
    }
  }

  @ParameterizedTest(name = "chunk {0}")
  @ValueSource(ints = {1, 100_000})
  void withoutOnErrorTheSkipIsSilentAndCounted(int chunk) {
    byte[] input = ("data: " + BIG + "\n\ndata: " + BIG + "\n\ndata: ok\n\n").getBytes(UTF_8);
    List<String> seen = new ArrayList<>();
    try (SseParser parser = SseParser.builder().maxEventBytes(64).build(e -> seen.add(e.data()))) {
      feedInChunks(parser, input, chunk);
      assertEquals(List.of("ok"), seen);
      assertEquals(2, parser.skippedEvents());
      parser.reset();
      assertEquals(0, parser.skippedEvents());
    }
  }

  @ParameterizedTest(name = "chunk {0}")
  @ValueSource(ints = {1, 100_000})
  void longCommentLineCountsTowardsTheLimitToo(int chunk) {
    // The limit bounds the current line as well, so a peer cannot make the parser
    // buffer an endless line of any kind.
    byte[] input = (":" + BIG + "\n\ndata: ok\n\n").getBytes(UTF_8);
    List<String> seen = new ArrayList<>();
    try (SseParser parser = SseParser.builder()
        .maxEventBytes(64)
        .onError(e -> seen.add("error " + e.kind()))
        .build(e -> seen.add(e.data()))) {
      feedInChunks(parser, input, chunk);
      assertEquals(List.of("error LIMIT", "ok"), seen);
    }
  }
}
