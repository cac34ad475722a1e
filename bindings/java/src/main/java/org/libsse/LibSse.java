package org.libsse;

import org.libsse.internal.SseNative;

/** Information about the loaded native library. */
public final class LibSse {
  private LibSse() {}

  /**
   * The runtime version as {@code 0xMMmmpp} (major, minor, patch bytes), from {@code sse_version()}.
   *
   * @return e.g. {@code 0x010300} for 1.3.0
   */
  public static long version() {
    return SseNative.version();
  }

  /**
   * The runtime version text, e.g. {@code "1.0.0"}, from {@code sse_version_string()}.
   *
   * @return the version of the loaded libsse.so.1
   */
  public static String versionString() {
    return Utf8.decode(SseNative.version_string());
  }

  /**
   * The library's static description of an error code ({@code sse_strerror}).
   *
   * @param code a negative {@code SSE_E*} code, e.g. {@link SseException#code()}
   * @return a short English description; one for unknown codes too
   */
  public static String describe(int code) {
    return Utf8.decode(SseNative.strerror(code));
  }
}
