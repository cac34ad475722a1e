package org.libsse;

import static org.libsse.internal.RecordKind.RECORD_COMMENT;
import static org.libsse.internal.RecordKind.RECORD_DISCONNECT;
import static org.libsse.internal.RecordKind.RECORD_ERROR;
import static org.libsse.internal.RecordKind.RECORD_EVENT;
import static org.libsse.internal.RecordKind.RECORD_EVENT_ASCII;
import static org.libsse.internal.RecordKind.RECORD_FAILURE;
import static org.libsse.internal.RecordKind.RECORD_OPEN;
import static org.libsse.internal.RecordKind.RECORD_REQUEST;
import static org.libsse.internal.RecordKind.RECORD_RETRY;
import static org.libsse.internal.RecordKind.RECORD_STATUS;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Optional;

/**
 * The records of native feeds that have not been delivered yet.
 *
 * <p>Each native feed returns one packed batch (format in
 * bindings/swig/sse_batch.hpp: u8 kind, then little-endian u32-prefixed strings,
 * a u64 or an i32). The parser's records are decoded inline here; the client's
 * (OPEN, FAILURE, DISCONNECT, REQUEST, STATUS) through {@link BatchCursor}. Decoding happens here, straight from the byte[], so a feed costs
 * one JNI crossing however many records it produced. Batches stay queued until every
 * record has been handed to the sink, which is what lets a throwing listener
 * interrupt delivery without losing the records after it.
 */
final class RecordQueue {
  /** Where decoded records go. */
  interface Sink {
    /** False stops delivery (the parser was closed by a listener). */
    boolean open();

    void event(Event event);

    void comment(String text);

    void retry(long milliseconds);

    void error(int code, String message);

    // Client records; a parser never produces them.

    default void opened(SseResponse response) {
      throw unexpected("OPEN");
    }

    /** {@code prefilled} is the library's decision, kept for its delay. */
    default void failure(Failure failure, Decision.Prefilled prefilled) {
      throw unexpected("FAILURE");
    }

    default void disconnect(Disconnect disconnect, Decision.Prefilled prefilled) {
      throw unexpected("DISCONNECT");
    }

    default void request(long attempt) {
      throw unexpected("REQUEST");
    }

    /** The return code of the native client run; always the batch's last record. */
    default void status(int rc) {
      throw unexpected("STATUS");
    }

    private static SseException unexpected(String kind) {
      return new SseException(SseException.Code.INTERNAL,
          "unexpected " + kind + " record in this batch");
    }
  }

  private static final VarHandle I32 =
      MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
  private static final VarHandle I64 =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  private final ArrayDeque<byte[]> waiting = new ArrayDeque<>();
  private byte[] current; // batch being delivered, null when the queue is empty
  private int end; // end of the records in current (the array may be longer)
  private int pos; // next record in current

  // Most streams repeat the type ("message") and often the id from event to event,
  // so the last decoded String is reused when the bytes match.
  private final StringCache types = new StringCache();
  private final StringCache ids = new StringCache();

  void add(byte[] batch) {
    add(batch, batch.length);
  }

  /**
   * Queues the records in {@code batch[0, length)}. The array is the queue's until
   * the queue is empty again; the caller may then reuse it.
   */
  void add(byte[] batch, int length) {
    if (length == 0) {
      return;
    }
    if (current == null) {
      current = batch;
      end = length;
      pos = 0;
    } else {
      waiting.add(length == batch.length ? batch : Arrays.copyOf(batch, length));
    }
  }

  boolean isEmpty() {
    return current == null;
  }

  void clear() {
    waiting.clear();
    current = null;
    end = 0;
    pos = 0;
  }

  /**
   * Hands records to the sink in order until the queue is empty or the sink is
   * closed. A record is taken off the queue before its callback runs, so a callback
   * that throws never sees the same record twice.
   */
  void deliver(Sink sink) {
    while (current != null && sink.open()) {
      byte[] b = current;
      int p = pos;
      int kind = b[p++];
      switch (kind) {
        case RECORD_EVENT, RECORD_EVENT_ASCII -> {
          int typeLen = (int) I32.get(b, p);
          p += 4;
          String type = types.get(b, p, typeLen);
          p += typeLen;
          int dataLen = (int) I32.get(b, p);
          p += 4;
          // ASCII is Latin-1 too, which a compact String takes without checking each byte.
          String data = dataLen == 0 ? "" : new String(b, p, dataLen,
              kind == RECORD_EVENT ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
          p += dataLen;
          int idLen = (int) I32.get(b, p);
          p += 4;
          String id = ids.get(b, p, idLen);
          p += idLen;
          advance(p);
          sink.event(new Event(type, data, id));
        }
        case RECORD_COMMENT -> {
          int len = (int) I32.get(b, p);
          p += 4;
          String text = new String(b, p, len, StandardCharsets.UTF_8);
          advance(p + len);
          sink.comment(text);
        }
        case RECORD_RETRY -> {
          long ms = (long) I64.get(b, p);
          advance(p + 8);
          // The wire value is a u64; past Long.MAX_VALUE it saturates (see onRetry).
          sink.retry(ms < 0 ? Long.MAX_VALUE : ms);
        }
        case RECORD_ERROR -> {
          int code = (int) I32.get(b, p);
          int len = (int) I32.get(b, p + 4);
          String message = new String(b, p + 8, len, StandardCharsets.UTF_8);
          advance(p + 8 + len);
          sink.error(code, message);
        }
        case RECORD_OPEN -> {
          BatchCursor c = new BatchCursor(b, p);
          SseResponse response = c.response(false);
          advance(c.position());
          sink.opened(response);
        }
        case RECORD_FAILURE -> {
          BatchCursor c = new BatchCursor(b, p);
          Failure.Kind failureKind = Failure.Kind.of(c.i32());
          int code = c.i32();
          String message = c.str();
          long attempt = c.u64();
          long retryAfterMs = c.i64();
          SseResponse response = c.u8() != 0 ? c.response(true) : null;
          Decision.Prefilled prefilled = c.decision();
          advance(c.position());
          Optional<Duration> retryAfter =
              retryAfterMs < 0 ? Optional.empty() : Optional.of(Duration.ofMillis(retryAfterMs));
          sink.failure(new Failure(failureKind, code, message, response, attempt, retryAfter,
              prefilled.asDecision(), prefilled.gaveUp()), prefilled);
        }
        case RECORD_DISCONNECT -> {
          BatchCursor c = new BatchCursor(b, p);
          Disconnect.Reason reason = Disconnect.Reason.of(c.i32());
          int code = c.i32();
          String message = c.str();
          Duration connected = Duration.ofMillis(c.u64());
          long events = c.u64();
          Decision.Prefilled prefilled = c.decision();
          advance(c.position());
          sink.disconnect(new Disconnect(reason, code, message, connected, events,
              prefilled.asDecision(), prefilled.gaveUp()), prefilled);
        }
        case RECORD_REQUEST -> {
          long attempt = (long) I64.get(b, p);
          advance(p + 8);
          sink.request(attempt);
        }
        case RECORD_STATUS -> {
          int rc = (int) I32.get(b, p);
          advance(p + 4);
          sink.status(rc);
        }
        default -> {
          clear();
          throw new SseException(SseException.Code.INTERNAL,
              "corrupt record batch from the native layer (kind " + kind + ")");
        }
      }
    }
  }

  private void advance(int next) {
    if (next >= end) {
      current = waiting.poll();
      end = current == null ? 0 : current.length;
      pos = 0;
    } else {
      pos = next;
    }
  }

  /**
   * Remembers the last decoded string and a copy of its bytes (batch arrays are
   * reused by the parser once delivered, so the cache cannot point into them).
   * Where the value changes at every event (ids that count up) the compare and the
   * copy are pure cost, so after a run of misses the next lookups decode directly
   * and only then try the cache again. The cached bytes and value always belong
   * together, so a stale entry can only ever match its own bytes.
   */
  static final class StringCache {
    /** Consecutive misses after which the cache stands aside. */
    static final int MISSES_BEFORE_BYPASS = 4;

    /** Lookups that decode directly once the cache stands aside. */
    static final int BYPASS_LOOKUPS = 64;

    private byte[] bytes = new byte[16];
    private int length;
    private String value = "";
    private int misses;
    private int bypass;

    String get(byte[] b, int off, int len) {
      if (bypass > 0) {
        bypass--;
        return decode(b, off, len);
      }
      if (len == length && Arrays.equals(b, off, off + len, bytes, 0, len)) {
        misses = 0;
        return value;
      }
      if (++misses == MISSES_BEFORE_BYPASS) {
        misses = 0;
        bypass = BYPASS_LOOKUPS;
      }
      if (bytes.length < len) {
        bytes = new byte[Math.max(len, bytes.length * 2)];
      }
      System.arraycopy(b, off, bytes, 0, len);
      length = len;
      value = decode(b, off, len);
      return value;
    }

    private static String decode(byte[] b, int off, int len) {
      return len == 0 ? "" : new String(b, off, len, StandardCharsets.UTF_8);
    }
  }
}
