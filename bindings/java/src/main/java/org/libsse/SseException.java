package org.libsse;

import java.nio.charset.StandardCharsets;

/**
 * An error reported by libsse, carrying the library's numeric code.
 *
 * <p>Thrown when the library refuses an operation (for example {@link Code#FIELD}
 * when a value would corrupt the stream) and also handed, without being thrown, to
 * {@link SseParser.Builder#onError} when the parser skips an oversized event
 * ({@link Code#LIMIT}). Plain Java argument mistakes (null, negative sizes, bad array
 * bounds) raise the usual {@code NullPointerException}, {@code
 * IllegalArgumentException} or {@code IndexOutOfBoundsException} instead.
 */
public class SseException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** The library's error codes ({@code SSE_E*} in {@code sse/common.h}). */
  public enum Code {
    /** An argument was refused ({@code SSE_EINVAL}). */
    INVALID(-1),
    /** Out of memory ({@code SSE_ENOMEM}). */
    NO_MEMORY(-2),
    /** The handle is busy (a re-entrant call) or in the wrong state ({@code SSE_EBUSY}). */
    BUSY(-3),
    /** A configured limit was exceeded, e.g. the largest event ({@code SSE_ELIMIT}). */
    LIMIT(-4),
    /** A struct version is newer than this library supports ({@code SSE_EVERSION}). */
    VERSION(-5),
    /** Aborted by a user callback ({@code SSE_EUSER}). */
    USER(-6),
    /** Protocol error: a bad status or content type ({@code SSE_EPROTO}). */
    PROTOCOL(-7),
    /** Input/output error ({@code SSE_EIO}). */
    IO(-8),
    /** Timed out ({@code SSE_ETIMEDOUT}). */
    TIMED_OUT(-9),
    /** The handle is closed ({@code SSE_ECLOSED}). */
    CLOSED(-10),
    /** Internal error, a bug in libsse ({@code SSE_EINTERNAL}). */
    INTERNAL(-11),
    /** A field value would corrupt the event stream ({@code SSE_EFIELD}). */
    FIELD(-12),
    /** A code this version of the binding does not know (a newer library). */
    UNKNOWN(0);

    // Codes are -1..-12 in declaration order, so -value - 1 indexes this array.
    private static final Code[] BY_INDEX = values();

    private final int value;

    Code(int value) {
      this.value = value;
    }

    /**
     * The numeric C value, e.g. -4 for {@code SSE_ELIMIT}.
     *
     * @return the code
     */
    public int value() {
      return value;
    }

    /**
     * The constant for a numeric code; {@link #UNKNOWN} if there is none.
     *
     * @param value a numeric code
     * @return its constant
     */
    public static Code of(int value) {
      int index = -value - 1;
      return index >= 0 && index < BY_INDEX.length - 1 ? BY_INDEX[index] : UNKNOWN;
    }
  }

  /** The numeric code (part of the serialized form). */
  private final int code;

  /**
   * Creates an exception for a known code.
   *
   * @param kind the code
   * @param message the message
   */
  public SseException(Code kind, String message) {
    this(kind.value(), message);
  }

  /**
   * Creates an exception for a raw numeric code (kept even if unknown).
   *
   * @param code a negative {@code SSE_E*} code
   * @param message the message
   */
  public SseException(int code, String message) {
    super(message);
    this.code = code;
  }

  /* Called from the JNI wrapper (sse_java.i): the message arrives as UTF-8 bytes
   * because native text is not guaranteed to be modified UTF-8. */
  @SuppressWarnings("unused")
  private SseException(int code, byte[] utf8Message) {
    this(code, new String(utf8Message, StandardCharsets.UTF_8));
  }

  /**
   * The numeric code, a negative {@code SSE_E*} value.
   *
   * @return the code
   */
  public int code() {
    return code;
  }

  /**
   * The code as an enum constant.
   *
   * @return the constant, {@link Code#UNKNOWN} for a code this binding does not know
   */
  public Code kind() {
    return Code.of(code);
  }

  @Override
  public String toString() {
    return getClass().getName() + ": [" + kind() + " " + code + "] " + getMessage();
  }
}
