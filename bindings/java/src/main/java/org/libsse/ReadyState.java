package org.libsse;

/** The client's ready state (M1). */
public enum ReadyState {
  /** Before the first open, and between reconnections. */
  CONNECTING,
  /** A response stream is open. */
  OPEN,
  /** Stopped for good: a stop decision, a 204, give-up or {@link SseClient#close()}. */
  CLOSED;

  static ReadyState of(int value) {
    return switch (value) {
      case 0 -> CONNECTING;
      case 1 -> OPEN;
      default -> CLOSED;
    };
  }
}
