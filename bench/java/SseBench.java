package org.libsse.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.libsse.SseParser;

/**
 * Java binding benchmark: parses a corpus held in memory, fed in fixed-size chunks:
 * warm-up passes until the JIT has compiled the hot path (WARM_UP_PASSES, at least
 * one second), then the best of {@value #TIMED_PASSES} timed passes. Prints one line:
 * {@code java events=N bytes=B seconds=S events_per_sec=X mb_per_sec=Y} (MB = 10^6 B).
 *
 * <p>Usage: {@code SseBench CORPUS_FILE [chunk_size]} (default 65536).
 */
public final class SseBench {
  private static final int WARM_UP_PASSES = 3;
  private static final long WARM_UP_MIN_NANOS = 1_000_000_000L;
  private static final int TIMED_PASSES = 3;

  private SseBench() {}

  /** Events and data characters seen by one pass; the sum keeps the JIT honest. */
  private static final class Tally {
    long events;
    long dataChars;
  }

  private static Tally parse(byte[] corpus, int chunk) {
    Tally tally = new Tally();
    try (SseParser parser = SseParser.create(event -> {
      tally.events++;
      tally.dataChars += event.data().length(); // every callback touches the data
    })) {
      for (int off = 0; off < corpus.length; off += chunk) {
        parser.feed(corpus, off, Math.min(chunk, corpus.length - off));
      }
      parser.finish();
    }
    return tally;
  }

  public static void main(String[] args) throws IOException {
    if (args.length < 1 || args.length > 2) {
      System.err.println("usage: SseBench CORPUS_FILE [chunk_size]");
      System.exit(2);
    }
    byte[] corpus = Files.readAllBytes(Path.of(args[0]));
    int chunk = args.length > 1 ? Integer.parseInt(args[1]) : 65536;
    if (chunk < 1) {
      System.err.println("chunk_size must be >= 1");
      System.exit(2);
    }

    // One pass is not enough: C2 recompiles the decode loop after the first pass and
    // the timed figure then swings by 2-3x between runs.
    Tally warmUp = parse(corpus, chunk);
    long warmStart = System.nanoTime();
    for (int i = 1; i < WARM_UP_PASSES || System.nanoTime() - warmStart < WARM_UP_MIN_NANOS; i++) {
      warmUp = parse(corpus, chunk);
    }
    double seconds = Double.MAX_VALUE;
    Tally timed = warmUp;
    for (int i = 0; i < TIMED_PASSES; i++) {
      long start = System.nanoTime();
      timed = parse(corpus, chunk);
      seconds = Math.min(seconds, (System.nanoTime() - start) / 1e9);
      if (timed.events != warmUp.events || timed.dataChars != warmUp.dataChars) {
        System.err.println("passes disagree: " + warmUp.events + " vs " + timed.events + " events");
        System.exit(1);
      }
    }
    System.out.printf("java events=%d bytes=%d seconds=%.6f events_per_sec=%.0f mb_per_sec=%.2f%n",
        timed.events, corpus.length, seconds, timed.events / seconds,
        corpus.length / seconds / 1e6);
  }
}
