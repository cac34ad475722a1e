package org.libsse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The shared parser vectors (tests/data/vectors.txt), each fed whole and one byte at
 * a time: chunking must not change the outcome (P10). Comments are reported, and
 * the last event ID is checked after finish().
 */
class VectorsTest {
  private static List<VectorFile.Case> cases() throws IOException {
    return VectorFile.load(VectorFile.location());
  }

  @Test
  void vectorFileHasCases() throws IOException {
    assertFalse(cases().isEmpty(), "no cases in " + VectorFile.location());
  }

  @TestFactory
  Stream<DynamicTest> everyVectorFedWhole() throws IOException {
    return cases().stream().map(c -> DynamicTest.dynamicTest(
        c.name() + " " + c.rules(), () -> run(c, c.input().length)));
  }

  @TestFactory
  Stream<DynamicTest> everyVectorFedByteByByte() throws IOException {
    return cases().stream().map(c -> DynamicTest.dynamicTest(
        c.name() + " " + c.rules(), () -> run(c, 1)));
  }

  private static void run(VectorFile.Case c, int chunk) {
    RecordLog log = new RecordLog();
    SseParser.Builder builder = SseParser.builder();
    if (c.maxEventBytes() != null) {
      builder.maxEventBytes(c.maxEventBytes());
    }
    if (c.seed() != null) {
      builder.lastEventId(new String(c.seed(), java.nio.charset.StandardCharsets.UTF_8));
    }
    try (SseParser parser = log.build(builder)) {
      byte[] input = c.input();
      for (int off = 0; off < input.length; off += chunk) {
        parser.feed(input, off, Math.min(chunk, input.length - off));
      }
      parser.finish();
      assertEquals(String.join("\n", c.expected()), String.join("\n", log.lines),
          "records of " + c.name());
      if (c.lastId() != null) {
        assertEquals(RecordLog.token(c.lastId()), RecordLog.token(parser.lastEventId()),
            "last_id of " + c.name());
      }
    }
  }
}
