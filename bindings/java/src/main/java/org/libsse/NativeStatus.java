package org.libsse;

import org.libsse.internal.Outcome;

/**
 * The one place where a native status becomes a Java exception.
 *
 * <p>No native wrapper throws (see sse_java.i): fallible calls return 0 or a
 * negative {@code SSE_E*} code and keep the message on their object ({@link
 * Outcome}). Every call site hands the status and that object here, after the
 * wrapper has returned. The mapping keeps the binding's public behaviour: every
 * library code, {@code SSE_EINVAL} (an argument the library refused) and {@code
 * SSE_ENOMEM} (native memory) included, is an {@link SseException} with its {@link
 * SseException.Code}.
 */
final class NativeStatus {
  private NativeStatus() {}

  /**
   * Throws the status's exception if it is negative.
   *
   * @param source the object whose call returned {@code status} (its message is
   *     read now, before anything else can fail on it), or null for calls that keep
   *     no message (e.g. the thread-safe restart): the library's text for the code
   */
  static void check(int status, Outcome source) {
    if (status < 0) {
      throw error(status, source == null ? "" : Utf8.decode(source.last_message()));
    }
  }

  /**
   * The exception for a native status, for callers that received the message
   * along with it (the one-shot encoders).
   */
  static SseException error(int status, String message) {
    return new SseException(status, message.isEmpty() ? LibSse.describe(status) : message);
  }

  /**
   * A native result that must be present: null means the native side produced
   * more than a Java array holds (a pending JVM error, e.g. OutOfMemoryError, is
   * thrown by the JVM before this runs).
   */
  static byte[] present(byte[] result) {
    if (result == null) {
      throw new SseException(SseException.Code.LIMIT,
          "a native result is larger than a Java array can hold");
    }
    return result;
  }
}
