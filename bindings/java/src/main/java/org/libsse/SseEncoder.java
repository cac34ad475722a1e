package org.libsse;

import java.time.Duration;
import org.libsse.internal.SseNative;

/**
 * Encodes events into {@code text/event-stream} bytes (UTF-8) with the library's
 * serializer (rule S8). Every method either returns well-formed bytes or throws
 * {@link SseException} with {@link SseException.Code#FIELD} for a value that would
 * corrupt the stream (CR or LF in the type or id, U+0000 in the id, an unpaired
 * surrogate anywhere); values are never altered. Thread-safe.
 *
 * <p>To write to an {@code OutputStream}, see {@link SseWriter}.
 */
public final class SseEncoder {
  private static final byte[] KEEP_ALIVE = encoded(SseNative::encode_keepalive);

  private SseEncoder() {}

  /**
   * An event of the default type with {@code data}.
   *
   * @param data the data, see {@link #encode(String, String, String, Duration)}
   * @return the encoded event
   * @throws SseException FIELD for a value that would corrupt the stream
   */
  public static byte[] encode(String data) {
    return encode(data, null, null, null);
  }

  /**
   * An event with {@code data} of type {@code event} (null or empty: the default).
   *
   * @param data the data, see {@link #encode(String, String, String, Duration)}
   * @param event the type
   * @return the encoded event
   * @throws SseException FIELD for a value that would corrupt the stream
   */
  public static byte[] encode(String data, String event) {
    return encode(data, event, null, null);
  }

  /**
   * An event with {@code data}, type {@code event} and id {@code id}.
   *
   * @param data the data, see {@link #encode(String, String, String, Duration)}
   * @param event the type
   * @param id the id
   * @return the encoded event
   * @throws SseException FIELD for a value that would corrupt the stream
   */
  public static byte[] encode(String data, String event, String id) {
    return encode(data, event, id, null);
  }

  /**
   * One event, terminated by a blank line.
   *
   * @param data the data; each of its lines (split at CR, LF and CRLF) becomes a
   *     {@code data:} line. {@code ""} sends an event with empty data; null writes no
   *     {@code data:} line, so clients dispatch nothing (useful to send only an id or
   *     a retry).
   * @param event the type; null or empty writes no {@code event:} line ("message")
   * @param id null writes no {@code id:} line; {@code ""} writes {@code id:}, which
   *     resets the client's last event ID
   * @param retry if not null, a {@code retry:} line in the same block, in whole
   *     milliseconds (a sub-millisecond rest is dropped)
   * @return the encoded event
   * @throws SseException FIELD for a value that would corrupt the stream
   * @throws IllegalArgumentException if {@code retry} is negative
   */
  public static byte[] encode(String data, String event, String id, Duration retry) {
    long retryMs = retry == null ? 0 : Durations.millis(retry, "retry");
    byte[] dataBytes = data == null ? null : Utf8.encodeStrict(data, "data");
    byte[] typeBytes = event == null ? null : Utf8.encodeStrict(event, "event type");
    byte[] idBytes = id == null ? null : Utf8.encodeStrict(id, "id");
    return encoded(status -> SseNative.encode_event(dataBytes, data != null, typeBytes, idBytes,
        id != null, retry != null, retryMs, status));
  }

  /**
   * The fields of {@code event} as one block, so that parsing the encodings of a
   * sequence of parsed events gives back the same events. The id is always written
   * ({@code ""} as {@code id:}), because each event carries the id in effect; the
   * type {@code "message"} is left out since it is the default.
   *
   * @param event a parsed or constructed event
   * @return the encoded event
   * @throws SseException FIELD for a value that would corrupt the stream
   */
  public static byte[] encode(Event event) {
    String type = event.type().equals("message") ? null : event.type();
    return encode(event.data(), type, event.id(), null);
  }

  /**
   * Comment lines ({@code : text}), one per line of {@code text}; clients ignore
   * them (P12). Null or empty writes a single {@code :} line.
   *
   * @param text the comment text, or null
   * @return the encoded lines
   * @throws SseException FIELD for an unpaired surrogate
   */
  public static byte[] comment(String text) {
    byte[] bytes = text == null ? null : Utf8.encodeStrict(text, "comment");
    return encoded(status -> SseNative.encode_comment(bytes, status));
  }

  /**
   * The keep-alive comment {@code ":\n"} that stops proxies timing out (S4).
   *
   * @return a new array holding {@code ":\n"}
   */
  public static byte[] keepAlive() {
    return KEEP_ALIVE.clone();
  }

  /**
   * A {@code retry: ms} line on its own, in whole milliseconds (a sub-millisecond rest
   * is dropped). It takes effect in the client when parsed (P19).
   *
   * @param reconnectionTime the client's new reconnection time
   * @return the encoded line
   * @throws IllegalArgumentException if {@code reconnectionTime} is negative
   */
  public static byte[] retry(Duration reconnectionTime) {
    long milliseconds = Durations.millis(reconnectionTime, "retry");
    return encoded(status -> SseNative.encode_retry(milliseconds, status));
  }

  /** A one-shot native encode: fills {@code status[0]} and returns bytes or the message. */
  private interface NativeEncode {
    byte[] run(int[] status);
  }

  /** The encoded bytes, or the encode's failure as SseException (NativeStatus). */
  private static byte[] encoded(NativeEncode encode) {
    int[] status = new int[1];
    byte[] result = encode.run(status);
    if (status[0] < 0) {
      throw NativeStatus.error(status[0], result == null ? "" : Utf8.decode(result));
    }
    return NativeStatus.present(result);
  }
}
