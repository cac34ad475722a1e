package org.libsse.bench.peers;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Timing shared by the Java peer benchmarks (run by bench/peers_java.py, not by Meson):
 * the corpus is held in memory and handed to the parser through a stream that returns
 * at most {@code chunk} bytes per read, warm-up passes until the JIT has settled, then
 * the best of {@link #TIMED_PASSES} timed passes, printed as one result line
 * {@code LABEL-CHUNK events=N bytes=B seconds=S events_per_sec=X mb_per_sec=Y}.
 */
public final class PeerHarness {
  static final int WARM_UP_PASSES = 3;
  static final long WARM_UP_MIN_NANOS = 1_000_000_000L;
  static final int TIMED_PASSES = 3;

  private PeerHarness() {}

  /** One parse of the whole corpus; returns the events and the data characters seen. */
  public interface Pass {
    long[] parse(byte[] corpus, int chunk) throws Exception;
  }

  /** Runs {@code pass} as {@code Main CORPUS_FILE CHUNK} asks and prints the result line. */
  public static void run(String label, String[] args, Pass pass) throws Exception {
    if (args.length != 2) {
      System.err.println("usage: " + label + " CORPUS_FILE CHUNK");
      System.exit(2);
    }
    byte[] corpus = Files.readAllBytes(Path.of(args[0]));
    int chunk = Integer.parseInt(args[1]);
    long[] first = pass.parse(corpus, chunk);
    long warmStart = System.nanoTime();
    for (int i = 1; i < WARM_UP_PASSES || System.nanoTime() - warmStart < WARM_UP_MIN_NANOS; i++) {
      pass.parse(corpus, chunk);
    }
    double best = Double.MAX_VALUE;
    for (int i = 0; i < TIMED_PASSES; i++) {
      long start = System.nanoTime();
      long[] timed = pass.parse(corpus, chunk);
      best = Math.min(best, (System.nanoTime() - start) / 1e9);
      if (timed[0] != first[0] || timed[1] != first[1]) {
        System.err.println("passes disagree: " + first[0] + " vs " + timed[0] + " events");
        System.exit(1);
      }
    }
    System.out.printf("%s-%s events=%d bytes=%d seconds=%.6f events_per_sec=%.0f mb_per_sec=%.2f%n",
        label, chunk == 65536 ? "64K" : chunk + "B", first[0], corpus.length, best,
        first[0] / best, corpus.length / best / 1e6);
  }

  /** The corpus as a stream that returns at most {@code chunk} bytes per read. */
  public static final class ChunkedInput extends InputStream {
    private final byte[] corpus;
    private final int chunk;
    private int pos;

    public ChunkedInput(byte[] corpus, int chunk) {
      this.corpus = corpus;
      this.chunk = chunk;
    }

    /** Copies at most {@code chunk} bytes; -1 at the end of the corpus. */
    public int next(byte[] into, int offset, int max) {
      int n = Math.min(Math.min(max, chunk), corpus.length - pos);
      if (n <= 0) {
        return max == 0 ? 0 : -1;
      }
      System.arraycopy(corpus, pos, into, offset, n);
      pos += n;
      return n;
    }

    public int position() {
      return pos;
    }

    public int remaining() {
      return corpus.length - pos;
    }

    public byte[] corpus() {
      return corpus;
    }

    @Override
    public int read(byte[] into, int offset, int max) {
      return next(into, offset, max);
    }

    @Override
    public int read() {
      return pos < corpus.length ? corpus[pos++] & 0xFF : -1;
    }
  }
}
