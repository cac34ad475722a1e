package org.libsse;

import java.time.Duration;
import java.util.Objects;

/** The public API's {@link Duration}s as the whole milliseconds the native layer takes. */
final class Durations {
  private Durations() {}

  /**
   * {@code d} in whole milliseconds (a sub-millisecond rest is dropped); a duration
   * beyond {@code Long.MAX_VALUE} ms saturates, which the native layer treats as "never".
   *
   * @throws NullPointerException if {@code d} is null
   * @throws IllegalArgumentException if {@code d} is negative
   */
  static long millis(Duration d, String what) {
    Objects.requireNonNull(d, what);
    if (d.isNegative()) {
      throw new IllegalArgumentException(what + " must not be negative: " + d);
    }
    try {
      return d.toMillis();
    } catch (ArithmeticException e) {
      return Long.MAX_VALUE;
    }
  }
}
