package org.libsse;

import java.io.Closeable;
import java.io.Flushable;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Objects;

/**
 * Writes encoded events to an {@code OutputStream}, e.g. an HTTP response body.
 *
 * <p>Each call writes one complete item with a single {@code write}, and nothing
 * at all when the item is rejected ({@link SseException}); call {@link #flush()} to
 * push events through buffers immediately (S5). Not thread-safe.
 */
public final class SseWriter implements Closeable, Flushable {
  private final OutputStream out;

  public SseWriter(OutputStream out) {
    this.out = Objects.requireNonNull(out, "out");
  }

  /** Writes an event with {@code data} of the default type. */
  public SseWriter send(String data) throws IOException {
    return write(SseEncoder.encode(data));
  }

  /** Writes an event; see {@link SseEncoder#encode(String, String, String, Long)}. */
  public SseWriter send(String data, String event, String id, Long retry) throws IOException {
    return write(SseEncoder.encode(data, event, id, retry));
  }

  /** Writes an event; see {@link SseEncoder#encode(Event)}. */
  public SseWriter send(Event event) throws IOException {
    return write(SseEncoder.encode(event));
  }

  /** Writes comment lines. */
  public SseWriter comment(String text) throws IOException {
    return write(SseEncoder.comment(text));
  }

  /** Writes the keep-alive comment {@code ":\n"}. */
  public SseWriter keepAlive() throws IOException {
    return write(SseEncoder.keepAlive());
  }

  /** Writes a {@code retry:} line. */
  public SseWriter retry(long milliseconds) throws IOException {
    return write(SseEncoder.retry(milliseconds));
  }

  @Override
  public void flush() throws IOException {
    out.flush();
  }

  /** Closes the underlying stream. */
  @Override
  public void close() throws IOException {
    out.close();
  }

  private SseWriter write(byte[] bytes) throws IOException {
    out.write(bytes);
    return this;
  }
}
