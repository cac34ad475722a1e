package org.libsse;

import org.libsse.internal.SseNative;

/** Information about the loaded native library. */
public final class LibSse {
  private LibSse() {}

  /** The runtime version as {@code 0xMMmmpp} (major, minor, patch bytes), from {@code sse_version()}. */
  public static long version() {
    return SseNative.version();
  }

  /** The runtime version text, e.g. {@code "1.0.0"}, from {@code sse_version_string()}. */
  public static String versionString() {
    return Utf8.decode(SseNative.version_string());
  }

  /** The library's static description of an error code ({@code sse_strerror}). */
  public static String describe(int code) {
    return Utf8.decode(SseNative.strerror(code));
  }
}
