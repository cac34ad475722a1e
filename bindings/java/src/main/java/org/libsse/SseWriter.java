package org.libsse;

import java.io.Closeable;
import java.io.Flushable;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
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

  /**
   * A writer to {@code out}.
   *
   * @param out the stream; {@link #close()} closes it
   */
  public SseWriter(OutputStream out) {
    this.out = Objects.requireNonNull(out, "out");
  }

  /**
   * Writes an event with {@code data} of the default type.
   *
   * @param data the data
   * @return this writer
   * @throws IOException what the stream threw
   * @throws SseException FIELD for a value that would corrupt the stream
   */
  public SseWriter send(String data) throws IOException {
    return write(SseEncoder.encode(data));
  }

  /**
   * Writes an event; see {@link SseEncoder#encode(String, String, String, Duration)}.
   *
   * @param data the data, or null
   * @param event the type, or null
   * @param id the id, or null
   * @param retry the {@code retry} field, or null
   * @return this writer
   * @throws IOException what the stream threw
   * @throws SseException FIELD for a value that would corrupt the stream
   */
  public SseWriter send(String data, String event, String id, Duration retry) throws IOException {
    return write(SseEncoder.encode(data, event, id, retry));
  }

  /**
   * Writes an event; see {@link SseEncoder#encode(Event)}.
   *
   * @param event the event
   * @return this writer
   * @throws IOException what the stream threw
   * @throws SseException FIELD for a value that would corrupt the stream
   */
  public SseWriter send(Event event) throws IOException {
    return write(SseEncoder.encode(event));
  }

  /**
   * Writes comment lines.
   *
   * @param text the comment text, or null
   * @return this writer
   * @throws IOException what the stream threw
   * @throws SseException FIELD for an unpaired surrogate
   */
  public SseWriter comment(String text) throws IOException {
    return write(SseEncoder.comment(text));
  }

  /**
   * Writes the keep-alive comment {@code ":\n"}.
   *
   * @return this writer
   * @throws IOException what the stream threw
   */
  public SseWriter keepAlive() throws IOException {
    return write(SseEncoder.keepAlive());
  }

  /**
   * Writes a {@code retry:} line; see {@link SseEncoder#retry(Duration)}.
   *
   * @param reconnectionTime the client's new reconnection time
   * @return this writer
   * @throws IOException what the stream threw
   */
  public SseWriter retry(Duration reconnectionTime) throws IOException {
    return write(SseEncoder.retry(reconnectionTime));
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
