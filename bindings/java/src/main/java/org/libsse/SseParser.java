package org.libsse;

import java.io.InputStream;
import java.lang.ref.Cleaner;
import java.lang.ref.Reference;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.libsse.internal.Parser;
import org.libsse.internal.RecordKind;

/**
 * Incremental {@code text/event-stream} parser over libsse.
 *
 * <pre>{@code
 * try (SseParser parser = SseParser.builder()
 *     .onRetry(delay -> System.out.println("reconnect after " + delay.toMillis() + " ms"))
 *     .build(event -> System.out.println(event.type() + ": " + event.data()))) {
 *   parser.feed(chunk);      // any split of the body, any number of times
 *   parser.finish();         // end of the body: drops an unterminated event (P27)
 * }
 * }</pre>
 *
 * <p>Listeners run on the calling thread inside {@code feed}/{@code finish}, after the
 * native call has returned, so a listener exception never unwinds through native
 * code. Such an exception propagates out of {@code feed}/{@code finish}; the input
 * was still consumed in full, and the records after the failing one stay queued
 * and are delivered first by the next {@code feed} or {@code finish} (or {@link
 * #deliverPending()}). The parser stays usable.
 *
 * <p>Not thread-safe: use one parser from one thread at a time. A listener may call
 * getters and {@link #close()} (which stops delivery at once), but not {@code feed},
 * {@code finish} or {@code reset}, which throw {@link SseException.Code#BUSY} there.
 *
 * <p>Native memory is released by {@link #close()}; a {@link Cleaner} releases it for
 * parsers that become unreachable without being closed.
 */
public final class SseParser implements AutoCloseable {
  /** Default event size limit of the library: 16 MiB. */
  public static final long DEFAULT_MAX_EVENT_BYTES = 16L * 1024 * 1024;

  /** Largest limit the binding accepts (record lengths travel as u32). */
  public static final long MAX_EVENT_BYTES_LIMIT = 0xFFFFFFF0L;

  /**
   * Input bytes of the exchange buffer (see feed_io in sse_java.i), which are followed
   * by a records area of {@link #COPY_BACK_BYTES}; longer inputs are fed in pieces of
   * this size.
   */
  private static final int EXCHANGE_BYTES = 64 * 1024;

  /**
   * Records up to this size come back through the exchange buffer's records area (the
   * native feed writes them there); bigger ones are copied straight into the records
   * array by a second call, which costs less than copying them twice.
   */
  private static final int COPY_BACK_BYTES = 512;

  /**
   * Arrays fed at least this long are parsed in place (feed_array in sse_java.i)
   * rather than copied into the exchange buffer: pinning costs more than copying a
   * short input, less than copying a long one.
   */
  private static final int PIN_FROM_BYTES = 4 * 1024;

  /**
   * Longest piece parsed while the array is pinned: the garbage collector waits for
   * the pin, so each pin lasts at most the time to parse this many bytes.
   */
  private static final int PIN_PIECE_BYTES = 1024 * 1024;

  /** Bit of a native feed's result: its records are in the lent records array. */
  private static final long SPILLED = 1L << 31;

  /** Largest array length every JVM allocates. */
  private static final long MAX_ARRAY_BYTES = Integer.MAX_VALUE - 8;

  private final Parser raw;
  private final ByteBuffer io;
  private final long ioAddress;
  private byte[] records = new byte[0];
  private final Cleaner.Cleanable cleanable;
  private final RecordQueue queue = new RecordQueue();
  private final Delivery delivery;
  private boolean delivering;
  private boolean closed;

  private SseParser(Builder b, EventListener listener) {
    byte[] seed = b.lastEventId == null ? null : Utf8.encodeStrict(b.lastEventId, "lastEventId");
    Parser parser = Parser.create(b.maxEventBytes, b.onComment != null);
    if (parser == null) {
      throw new SseException(SseException.Code.NO_MEMORY, "no native memory for a parser");
    }
    try {
      NativeStatus.check(parser.last_code(), parser);
      if (seed != null) {
        NativeStatus.check(parser.set_last_event_id(seed), parser);
      }
    } catch (RuntimeException e) {
      parser.delete();
      throw e;
    }
    this.raw = parser;
    // The action must not capture `this`, or the parser could never become unreachable.
    this.cleanable = NativeCleaner.INSTANCE.register(this, parser::delete);
    // Only once the parser exists (a failed construction leaves no direct memory
    // behind) and its cleanup is registered (should the allocation throw).
    this.io = ByteBuffer.allocateDirect(EXCHANGE_BYTES + COPY_BACK_BYTES);
    this.ioAddress = Parser.direct_address(io);
    this.delivery = new Delivery(listener, b.onComment, b.onRetry, b.onError);
  }

  /**
   * Starts configuring a parser.
   *
   * @return a builder with the defaults
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * A parser with default options that passes events to {@code listener}.
   *
   * @param listener receives the events
   * @return the parser; close it to free the native memory at once
   */
  public static SseParser create(EventListener listener) {
    return builder().build(listener);
  }

  /**
   * The events of an event stream body read from {@code in}, with default options.
   * See {@link Builder#stream(InputStream)}.
   *
   * @param in the body; left open
   * @return the events, lazily
   */
  public static Stream<Event> events(InputStream in) {
    return builder().stream(in);
  }

  /**
   * Parses all of {@code bytes}.
   *
   * @param bytes the next bytes of the stream
   * @throws SseException as {@link #feed(byte[], int, int)}
   */
  public void feed(byte[] bytes) {
    feed(bytes, 0, bytes.length);
  }

  /**
   * Parses {@code length} bytes of {@code bytes} from {@code offset}, then delivers
   * every record they completed (after any still queued).
   *
   * @param bytes the array
   * @param offset where the bytes start
   * @param length how many bytes
   * @throws IndexOutOfBoundsException if the range is outside the array
   * @throws SseException CLOSED after {@link #close()}, BUSY from inside a listener,
   *     or what the library reports (e.g. NO_MEMORY)
   */
  public void feed(byte[] bytes, int offset, int length) {
    Objects.checkFromIndexSize(offset, length, bytes.length);
    checkUsable("feed");
    feedPieces(bytes, null, offset, length);
    deliverPending();
  }

  /**
   * Parses the buffer's remaining bytes and advances its position to its limit
   * (before listeners run, since the bytes are consumed even if one throws).
   *
   * @param buffer the next bytes of the stream, from position to limit
   * @throws SseException as {@link #feed(byte[], int, int)}
   */
  public void feed(ByteBuffer buffer) {
    checkUsable("feed");
    feedPieces(null, buffer, buffer.position(), buffer.remaining());
    buffer.position(buffer.limit());
    deliverPending();
  }

  /**
   * Feeds {@code length} bytes from {@code start} of {@code array}, or of {@code
   * buffer} when the array is null: a long array in place, a piece of at most {@link
   * #PIN_PIECE_BYTES} at a time, anything else through the exchange buffer, a piece of
   * its capacity at a time (one piece, empty, for an empty input).
   */
  private void feedPieces(byte[] array, ByteBuffer buffer, int start, int length) {
    if (array != null && length >= PIN_FROM_BYTES) {
      int done = 0;
      int n;
      do {
        n = Math.min(length - done, PIN_PIECE_BYTES);
        done += n;
      } while (feedPinned(array, start + done - n, n) && done < length);
      return;
    }
    int done = 0;
    int n;
    do {
      n = Math.min(length - done, EXCHANGE_BYTES);
      if (array != null) {
        io.put(0, array, start + done, n);
      } else {
        io.put(0, buffer, start + done, n);
      }
      done += n;
    } while (feedExchange(n) && done < length);
  }

  /** Parses {@code length} bytes of {@code array} from {@code offset} in place. */
  private boolean feedPinned(byte[] array, int offset, int length) {
    long result;
    try {
      result = raw.feed_array(array, offset, length, ioAddress, EXCHANGE_BYTES, COPY_BACK_BYTES,
          lendableRecords());
    } finally {
      Reference.reachabilityFence(this);
    }
    return queueResult(result);
  }

  /**
   * Parses the first {@code length} bytes of the exchange buffer and queues the
   * records they completed (see {@link #queueResult}).
   */
  private boolean feedExchange(int length) {
    long result;
    try {
      result = raw.feed_io(ioAddress, length, EXCHANGE_BYTES, COPY_BACK_BYTES, lendableRecords());
    } finally {
      // Keeps the Cleaner from freeing the native parser while the call runs.
      Reference.reachabilityFence(this);
    }
    return queueResult(result);
  }

  /**
   * The records array when the native feed may write events that outgrow the exchange
   * buffer straight into it (sse_java_spill in sse_java.i): while nothing queued refers
   * to it, and once it is bigger than the exchange buffer's records area. Else null.
   */
  private byte[] lendableRecords() {
    return queue.isEmpty() && records.length > COPY_BACK_BYTES ? records : null;
  }

  /**
   * Queues the records of a native feed from its packed result; a failure is queued
   * as a STATUS record after them, so it is thrown once they are delivered. Returns
   * false after a failure (the rest of a long input is then not fed, as the library
   * stops at a failing byte too).
   */
  private boolean queueResult(long result) {
    long size = result & 0x7FFFFFFFL;
    int status = (int) (result >> 32);
    if ((result & SPILLED) != 0) {
      queue.add(records, (int) size); // written there by the feed (lendableRecords)
    } else if (size != 0) {
      queueRecords(size);
    }
    if (status < 0) {
      queue.add(statusRecord(status));
      return false;
    }
    return true;
  }

  /**
   * Copies the {@code size} record bytes of the last feed out of the exchange buffer
   * (or, when they were too big to go there, straight from the native batch). While nothing
   * is queued the records array of the previous feed is free again and is reused, so
   * a feed allocates no array in the steady state (an array over the default event
   * limit is not kept); otherwise the queue still holds it and a new one is made.
   */
  private void queueRecords(long size) {
    if (size > MAX_ARRAY_BYTES) {
      throw new SseException(SseException.Code.LIMIT,
          "the records of one feed are larger than a Java array can hold");
    }
    int n = (int) size;
    boolean reuse = queue.isEmpty();
    // A kept array gets a quarter of headroom, so events of about the same size next
    // fit in it and are written there by the feed (lendableRecords).
    long kept = Math.min(Math.max(n + n / 4L, EXCHANGE_BYTES / 8), MAX_ARRAY_BYTES);
    byte[] into = reuse && records.length >= n ? records : new byte[reuse ? (int) kept : n];
    if (reuse && into.length <= DEFAULT_MAX_EVENT_BYTES) {
      records = into;
    }
    if (n <= COPY_BACK_BYTES) {
      io.get(EXCHANGE_BYTES, into, 0, n);
    } else {
      boolean copied;
      try {
        copied = raw.batch_into(into);
      } finally {
        Reference.reachabilityFence(this);
      }
      if (!copied) {
        throw new SseException(SseException.Code.INTERNAL, "native records lost on the way");
      }
    }
    queue.add(into, n);
  }

  /** A STATUS record (sse_batch.hpp) carrying a failed feed's status. */
  private static byte[] statusRecord(int status) {
    return new byte[] {(byte) RecordKind.RECORD_STATUS, (byte) status, (byte) (status >> 8),
        (byte) (status >> 16), (byte) (status >> 24)};
  }

  /**
   * Ends the current stream (P27): delivers what is still queued, then drops the
   * unterminated event, if any. The last event ID is kept, and the next byte fed
   * starts a new body whose leading BOM is stripped again (a reconnection, M11).
   */
  public void finish() {
    checkUsable("finish");
    try {
      NativeStatus.check(raw.finish(), raw);
    } finally {
      Reference.reachabilityFence(this);
    }
    deliverPending();
  }

  /**
   * Delivers the records still queued after a listener threw, without feeding
   * anything. Does nothing when the queue is empty.
   */
  public void deliverPending() {
    checkUsable("deliverPending");
    if (queue.isEmpty()) {
      return;
    }
    delivering = true;
    try {
      queue.deliver(delivery);
    } finally {
      delivering = false;
    }
  }

  /**
   * Whether records are queued because a listener threw.
   *
   * @return true if the next call delivers queued records first
   */
  public boolean hasPending() {
    return !queue.isEmpty();
  }

  /**
   * Returns to the initial state: no pending input, undelivered records dropped,
   * empty last event ID (also the one given to the builder), zero skipped events.
   * Options and listeners are kept.
   */
  public void reset() {
    checkUsable("reset");
    queue.clear();
    try {
      NativeStatus.check(raw.reset(), raw);
    } finally {
      Reference.reachabilityFence(this);
    }
  }

  /**
   * The last event ID string: the id of the most recent dispatch, or the one set.
   * Inside a listener prefer {@link Event#id()}: this value already reflects every
   * record of the current feed.
   *
   * @return the ID; empty when there is none
   */
  public String lastEventId() {
    checkOpen();
    try {
      return Utf8.decode(raw.last_event_id());
    } finally {
      Reference.reachabilityFence(this);
    }
  }

  /**
   * Sets the last event ID, e.g. to resume after a reconnection (M11); events
   * without an {@code id} field then report it.
   *
   * @param id the new last event ID; empty for none
   * @throws SseException INVALID if {@code id} contains U+0000 (the protocol ignores
   *     such ids, P18), FIELD if it has an unpaired surrogate
   */
  public void setLastEventId(String id) {
    Objects.requireNonNull(id, "id");
    checkUsable("setLastEventId");
    byte[] bytes = Utf8.encodeStrict(id, "id");
    try {
      NativeStatus.check(raw.set_last_event_id(bytes), raw);
    } finally {
      Reference.reachabilityFence(this);
    }
  }

  /**
   * Events skipped because they exceeded the size limit, since creation or reset.
   *
   * @return the count
   */
  public long skippedEvents() {
    checkOpen();
    try {
      return raw.skipped_events();
    } finally {
      Reference.reachabilityFence(this);
    }
  }

  /**
   * Whether {@link #close()} was called.
   *
   * @return true once closed
   */
  public boolean isClosed() {
    return closed;
  }

  /**
   * Frees the native parser and drops undelivered records. Idempotent. Called from
   * a listener it also stops the delivery in progress (nothing is delivered after
   * close, P26).
   */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    queue.clear();
    cleanable.clean();
  }

  private void checkOpen() {
    if (closed) {
      throw new SseException(SseException.Code.CLOSED, "the parser is closed");
    }
  }

  private void checkUsable(String operation) {
    checkOpen();
    if (delivering) {
      throw new SseException(SseException.Code.BUSY,
          operation + " cannot be called from one of this parser's listeners");
    }
  }

  /** Passes decoded records to the user's listeners. */
  private final class Delivery implements RecordQueue.Sink {
    private final EventListener onEvent;
    private final Consumer<String> onComment;
    private final Consumer<Duration> onRetry;
    private final Consumer<SseException> onError;

    Delivery(EventListener onEvent, Consumer<String> onComment, Consumer<Duration> onRetry,
        Consumer<SseException> onError) {
      this.onEvent = onEvent;
      this.onComment = onComment;
      this.onRetry = onRetry;
      this.onError = onError;
    }

    @Override
    public boolean open() {
      return !closed;
    }

    @Override
    public void event(Event event) {
      onEvent.onEvent(event);
    }

    @Override
    public void comment(String text) {
      if (onComment != null) {
        onComment.accept(text);
      }
    }

    @Override
    public void retry(long milliseconds) {
      if (onRetry != null) {
        onRetry.accept(Duration.ofMillis(milliseconds));
      }
    }

    @Override
    public void error(int code, String message) {
      if (onError != null) {
        onError.accept(new SseException(code, message));
      }
    }

    /** Each feed's batch ends with its status: a failure is thrown after its records. */
    @Override
    public void status(int rc) {
      NativeStatus.check(rc, raw);
    }
  }

  /** Options and optional listeners; finish with {@link #build} or {@link #stream}. */
  public static final class Builder {
    private long maxEventBytes = DEFAULT_MAX_EVENT_BYTES;
    private String lastEventId;
    private Consumer<String> onComment;
    private Consumer<Duration> onRetry;
    private Consumer<SseException> onError;

    private Builder() {}

    /**
     * Largest event in progress (data, type, id and the current line) before the
     * parser skips it and reports {@link SseException.Code#LIMIT} to {@link #onError}.
     * Default 16 MiB.
     *
     * @param bytes the limit
     * @return this builder
     * @throws IllegalArgumentException unless 1 &lt;= bytes &lt;= {@link #MAX_EVENT_BYTES_LIMIT}
     */
    public Builder maxEventBytes(long bytes) {
      if (bytes < 1 || bytes > MAX_EVENT_BYTES_LIMIT) {
        throw new IllegalArgumentException(
            "maxEventBytes must be in 1.." + MAX_EVENT_BYTES_LIMIT + ", got " + bytes);
      }
      this.maxEventBytes = bytes;
      return this;
    }

    /**
     * Starting last event ID, e.g. the one a previous connection ended with (M11).
     *
     * @param id the ID events without an {@code id} field report
     * @return this builder
     */
    public Builder lastEventId(String id) {
      this.lastEventId = Objects.requireNonNull(id, "id");
      return this;
    }

    /**
     * Receives comment lines (P12): the text after the colon minus one leading space.
     * Without it comments are not even copied out of the native parser.
     *
     * @param listener receives the comment text
     * @return this builder
     */
    public Builder onComment(Consumer<String> listener) {
      this.onComment = Objects.requireNonNull(listener, "listener");
      return this;
    }

    /**
     * Receives each valid {@code retry} field as a duration (whole milliseconds), as soon
     * as its line is parsed (P19). Values beyond {@code Long.MAX_VALUE} milliseconds
     * arrive as {@code Duration.ofMillis(Long.MAX_VALUE)}.
     *
     * @param listener receives the reconnection time
     * @return this builder
     */
    public Builder onRetry(Consumer<Duration> listener) {
      this.onRetry = Objects.requireNonNull(listener, "listener");
      return this;
    }

    /**
     * Receives problems the parser recovered from, today an event larger than
     * {@link #maxEventBytes} ({@link SseException.Code#LIMIT}): it was skipped and
     * parsing resumed after the next blank line. The exception is not thrown.
     *
     * @param listener receives the exception
     * @return this builder
     */
    public Builder onError(Consumer<SseException> listener) {
      this.onError = Objects.requireNonNull(listener, "listener");
      return this;
    }

    /**
     * Creates the parser.
     *
     * @param listener receives the events
     * @return the parser
     */
    public SseParser build(EventListener listener) {
      return new SseParser(this, Objects.requireNonNull(listener, "listener"));
    }

    /**
     * A lazy stream of the events read from {@code in}: blocks in {@code
     * InputStream.read} until the next event is complete, and at end of input
     * finishes the parser (P27) and frees it. Closing the stream frees the parser
     * early; the InputStream itself is left open for its owner. An
     * {@code IOException} surfaces as {@code java.io.UncheckedIOException}.
     *
     * @param in the body; left open
     * @return the events, lazily
     */
    public Stream<Event> stream(InputStream in) {
      Objects.requireNonNull(in, "in");
      return EventReader.stream(this, in);
    }
  }
}
