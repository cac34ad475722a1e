package org.libsse.bench;

import java.util.concurrent.atomic.AtomicReference;
import org.libsse.Decision;
import org.libsse.HttpVersion;
import org.libsse.SseClient;

/**
 * Java binding client benchmark: an {@link SseClient} reading one stream from
 * bench/c/stream_server.c until the server's final {@code event: end} (the cue
 * every benchmark client stops on: the listener closes the client there), counting
 * events and touching their data. Timed: from the builder to the end event. Runs at
 * least REPETITIONS times (default 5) and for at least two seconds, so that the JIT
 * has compiled the hot path; the fastest run is printed:
 * {@code java-client events=N bytes=B seconds=S events_per_sec=X mb_per_sec=Y}
 * (MB = 10^6 bytes).
 *
 * <p>Usage: {@code SseClientBench URL [REPETITIONS]}.
 */
public final class SseClientBench {
  private static final long MIN_TOTAL_NANOS = 2_000_000_000L;
  private static final int MAX_RUNS = 100;

  private SseClientBench() {}

  /** What one run saw; equal across runs. */
  private record Tally(long events, long dataChars, long bodyBytes) {}

  private static final class Counter {
    long events;
    long dataChars;
    long endNanos = -1;
    boolean endedEarly;
  }

  /** One run; returns the tally and stores the elapsed nanoseconds in {@code nanos[0]}. */
  private static Tally runOnce(String url, long[] nanos) {
    Counter counter = new Counter();
    AtomicReference<SseClient> self = new AtomicReference<>();
    long start = System.nanoTime();
    try (SseClient client = SseClient.builder(url)
        .jitterPercent(0)
        .acceptEncoding(false)
        .httpVersion(HttpVersion.HTTP_1_1)
        // The body ended or the attempt failed before the end event: stop, and fail.
        .onDisconnect(d -> {
          counter.endedEarly = true;
          return Decision.stop();
        })
        .onFailure(f -> {
          counter.endedEarly = true;
          return Decision.stop();
        })
        .listener(event -> {
          if (event.type().equals("end")) {
            counter.endNanos = System.nanoTime();
            self.get().close();
          } else {
            counter.events++;
            counter.dataChars += event.data().length();
          }
        })
        .build()) {
      self.set(client);
      client.run();
      if (counter.endedEarly || counter.endNanos < 0) {
        System.err.println("the run ended before the end event");
        System.exit(1);
      }
      nanos[0] = counter.endNanos - start;
      return new Tally(counter.events, counter.dataChars, client.stats().bytes());
    }
  }

  public static void main(String[] args) {
    if (args.length < 1 || args.length > 2) {
      System.err.println("usage: SseClientBench URL [REPETITIONS]");
      System.exit(2);
    }
    int reps = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    if (reps < 1) {
      System.err.println("REPETITIONS must be >= 1");
      System.exit(2);
    }
    Tally first = null;
    long best = Long.MAX_VALUE;
    long spent = 0;
    long[] nanos = new long[1];
    for (int i = 0; i < reps || (spent < MIN_TOTAL_NANOS && i < MAX_RUNS); i++) {
      Tally tally = runOnce(args[0], nanos);
      if (first == null) {
        first = tally;
      } else if (!first.equals(tally)) {
        System.err.println("runs disagree: " + first + " then " + tally);
        System.exit(1);
      }
      best = Math.min(best, nanos[0]);
      spent += nanos[0];
    }
    double seconds = best / 1e9;
    System.out.printf("java-client events=%d bytes=%d seconds=%.6f events_per_sec=%.0f"
        + " mb_per_sec=%.1f%n", first.events(), first.bodyBytes(), seconds,
        first.events() / seconds, first.bodyBytes() / seconds / 1e6);
  }
}
