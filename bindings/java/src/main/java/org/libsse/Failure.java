package org.libsse;

import java.time.Duration;
import java.util.Optional;

/**
 * A connection attempt that did not open a stream (M4), given to {@link
 * SseClientBuilder#onFailure onFailure}.
 *
 * @param kind why it failed
 * @param code the library's error code ({@code SSE_EIO}, {@code SSE_ETIMEDOUT} or
 *     {@code SSE_EPROTO}); see {@link SseException.Code#of}
 * @param message detail: curl's text or the status line
 * @param response the response, or {@code null} when none arrived (network, TLS)
 * @param attempt consecutive failed attempts, this one included
 * @param retryAfter the parsed {@code Retry-After} header, if any
 * @param defaultDecision what the library does if the handler returns {@code null}
 * @param gaveUp whether the default is {@link Decision#stop()} because the give-up
 *     rule ({@code maxAttempts}, {@code maxElapsed}) was reached
 */
public record Failure(Kind kind, int code, String message, SseResponse response, long attempt,
    Optional<Duration> retryAfter, Decision defaultDecision, boolean gaveUp) {

  /** sse_failure_kind. */
  public enum Kind {
    /** DNS, refused, unreachable, reset before a response, connect timeout (M4 b). */
    NETWORK,
    /** TLS handshake or certificate verification (M4 b). */
    TLS,
    /** Too many redirects or a bad redirect target (M4 b, M12). */
    REDIRECTS,
    /** Status 204: the server's stop signal (M4 c). */
    NO_CONTENT,
    /** Any other status than 200 (M4 c). */
    STATUS,
    /** 200 without a {@code text/event-stream} content type (M4 d). */
    CONTENT_TYPE,
    /** A kind this binding does not know (a newer library). */
    UNKNOWN;

    static Kind of(int value) {
      return value >= 1 && value <= 6 ? values()[value - 1] : UNKNOWN;
    }
  }

  /**
   * The response, if one arrived.
   *
   * @return the response; empty for a network, TLS or redirect failure
   */
  public Optional<SseResponse> responseIfAny() {
    return Optional.ofNullable(response);
  }

  /**
   * The HTTP status, or 0 when no response arrived.
   *
   * @return the status, or 0
   */
  public int status() {
    return response == null ? 0 : response.status();
  }
}
