package org.libsse;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.libsse.internal.Client;
import org.libsse.internal.ClientConfig;

/**
 * Owns the native client and guards its lifetime.
 *
 * <p>The thread-safe native calls (wakeup, close, state, counters) may come from any
 * thread; they and {@link #run() freeing} hold this object's monitor, so none of them
 * can reach a freed handle. Everything else, the blocking {@code run(timeout)}
 * included, is called through {@link #raw()} by the one thread that holds the
 * client's drive lock; the handle is only freed by a thread holding that lock too (or
 * by the Cleaner once the client is unreachable), so it cannot vanish under a run.
 *
 * <p>As a Runnable it is the Cleaner action, so it must not reference the SseClient.
 */
final class NativeClient implements Runnable {
  private final Client raw;
  private boolean freed; // guarded by this
  private ClientStats finalStats; // counters read just before freeing

  /** @throws SseException what the library refused in the configuration (NativeStatus) */
  NativeClient(ClientConfig config) {
    Client client = new Client(config);
    try {
      NativeStatus.check(client.last_code(), client);
    } catch (RuntimeException e) {
      client.delete();
      throw e;
    }
    this.raw = client;
  }

  /** For the thread holding the drive lock, after checking {@link #isFreed()}. */
  Client raw() {
    return raw;
  }

  synchronized boolean isFreed() {
    return freed;
  }

  synchronized void wakeup() {
    if (!freed) {
      raw.wakeup();
    }
  }

  synchronized void close() {
    if (!freed) {
      raw.close();
    }
  }

  /**
   * Drops the connection and reconnects at once (sse_client_restart). The native
   * call keeps no message (another thread may be driving), so the error text is the
   * library's for the code.
   */
  synchronized void restart() {
    if (freed) {
      throw new SseException(SseException.Code.CLOSED, "the client is closed");
    }
    NativeStatus.check(raw.restart(), null);
  }

  synchronized ReadyState state() {
    return freed ? ReadyState.CLOSED : ReadyState.of(raw.state());
  }

  synchronized ClientStats stats() {
    return freed ? finalStats : readStats();
  }

  /** Frees the native client (closing it first); idempotent. */
  @Override
  public synchronized void run() {
    if (freed) {
      return;
    }
    raw.close();
    finalStats = readStats();
    raw.delete();
    freed = true;
  }

  private ClientStats readStats() {
    long lastEvent = raw.last_event_unix_ms();
    return new ClientStats(ReadyState.of(raw.state()), raw.attempts(), raw.reconnects(),
        raw.failures(), raw.events(), raw.bytes(), raw.skipped_events(),
        lastEvent == 0 ? Optional.empty() : Optional.of(Instant.ofEpochMilli(lastEvent)),
        Duration.ofMillis(unsigned(raw.retry_ms())), Duration.ofMillis(unsigned(raw.current_delay_ms())));
  }

  private static long unsigned(long v) {
    return v < 0 ? Long.MAX_VALUE : v;
  }
}
