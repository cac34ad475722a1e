package org.libsse;

import java.time.Duration;

/**
 * The end of an open stream, given to {@link SseClientBuilder#onDisconnect onDisconnect}.
 * The unfinished event, if any, was discarded.
 *
 * @param reason why the stream ended
 * @param code 0 for a clean end, else the library's error code ({@code SSE_EIO},
 *     {@code SSE_ETIMEDOUT})
 * @param message detail
 * @param connected how long the stream was open
 * @param events events delivered on this connection
 * @param defaultDecision what the library does if the handler returns {@code null}
 *     (reconnect, M6)
 * @param gaveUp whether the default is {@link Decision#stop()} because of the give-up rule
 */
public record Disconnect(Reason reason, int code, String message, Duration connected,
    long events, Decision defaultDecision, boolean gaveUp) {

  /** sse_disconnect_reason. */
  public enum Reason {
    /** The server ended the response cleanly (M6). */
    END,
    /** The connection dropped mid-body. */
    NETWORK,
    /** No event or comment arrived for the idle timeout. */
    IDLE,
    /** No byte at all arrived for the read timeout. */
    READ_TIMEOUT,
    /** A reason this binding does not know (a newer library). */
    UNKNOWN;

    static Reason of(int value) {
      return value >= 1 && value <= 4 ? values()[value - 1] : UNKNOWN;
    }
  }
}
