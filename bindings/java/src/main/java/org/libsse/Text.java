package org.libsse;

import java.util.Objects;

/** Strings handed to the native client, which takes them NUL-terminated. */
final class Text {
  private Text() {}

  /**
   * UTF-8 of {@code value}. U+0000 is refused here because the native side would
   * silently cut the string there; the library refuses CR/LF itself where they matter.
   *
   * @param what names the value in error messages
   * @throws SseException INVALID for U+0000, FIELD for an unpaired surrogate
   */
  static byte[] of(String value, String what) {
    Objects.requireNonNull(value, what);
    int nul = value.indexOf('\0');
    if (nul >= 0) {
      throw new SseException(SseException.Code.INVALID,
          what + " contains U+0000 at index " + nul);
    }
    return Utf8.encodeStrict(value, what);
  }
}
