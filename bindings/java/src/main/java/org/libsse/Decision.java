package org.libsse;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * What the client does after a failed attempt or an ended stream: returned by the
 * {@link SseClientBuilder#onFailure onFailure} and {@link SseClientBuilder#onDisconnect
 * onDisconnect} handlers. Returning {@code null} keeps the library's default, which
 * the handler can inspect as {@link Failure#defaultDecision()} or {@link
 * Disconnect#defaultDecision()}.
 */
public final class Decision {
  // sse_client_action values (sse/client.h).
  static final int RECONNECT_ACTION = 1;
  static final int STOP_ACTION = 2;

  private static final Decision STOP = new Decision(STOP_ACTION, null);
  private static final Decision RECONNECT = new Decision(RECONNECT_ACTION, null);

  private final int action;
  private final Duration delay; // null: the library's default delay

  private Decision(int action, Duration delay) {
    this.action = action;
    this.delay = delay;
  }

  /**
   * Reconnect after the default delay (server {@code retry} or backoff, M7/M10).
   *
   * @return the shared decision
   */
  public static Decision reconnect() {
    return RECONNECT;
  }

  /**
   * Reconnect after {@code delay} (zero reconnects at once).
   *
   * @param delay zero or more, whole milliseconds
   * @return the decision
   * @throws IllegalArgumentException if the delay is negative
   */
  public static Decision reconnectAfter(Duration delay) {
    Durations.millis(delay, "delay"); // checks
    return new Decision(RECONNECT_ACTION, delay);
  }

  /**
   * Close the client for good (M8): no further attempt.
   *
   * @return the shared decision
   */
  public static Decision stop() {
    return STOP;
  }

  /**
   * Whether this decision closes the client.
   *
   * @return true for {@link #stop()}
   */
  public boolean isStop() {
    return action == STOP_ACTION;
  }

  /**
   * The chosen delay; empty for {@link #stop()} and for the default delay.
   *
   * @return the delay chosen with {@link #reconnectAfter}, if any
   */
  public Optional<Duration> delay() {
    return Optional.ofNullable(delay);
  }

  int action() {
    return action;
  }

  /** Milliseconds to hand to the native decide(); the default when none was chosen. */
  long delayMillis(long defaultMillis) {
    return delay == null ? defaultMillis : Durations.millis(delay, "delay");
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Decision d && d.action == action && Objects.equals(d.delay, delay);
  }

  @Override
  public int hashCode() {
    return Objects.hash(action, delay);
  }

  @Override
  public String toString() {
    if (isStop()) {
      return "Decision.stop()";
    }
    return delay == null ? "Decision.reconnect()" : "Decision.reconnectAfter(" + delay + ")";
  }

  /** The decision the library pre-filled, as it arrives in a FAILURE/DISCONNECT record. */
  record Prefilled(int action, long delayMs, boolean gaveUp) {
    /** The same decision as public API: stop, or reconnect after the library's delay. */
    Decision asDecision() {
      return action == STOP_ACTION ? STOP
          : new Decision(RECONNECT_ACTION, Duration.ofMillis(delayMs));
    }
  }
}
