package org.libsse;

import java.nio.charset.StandardCharsets;

/** UTF-8 conversions at the native boundary. */
final class Utf8 {
  private Utf8() {}

  /**
   * Encodes a string, refusing unpaired surrogates. {@link String#getBytes} would
   * silently turn them into '?', while the library rejects invalid UTF-8 with
   * SSE_EFIELD rather than altering a value; this keeps Java callers on that rule.
   *
   * @param what names the value in the error message
   */
  static byte[] encodeStrict(String value, String what) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (Character.isSurrogate(c)) {
        boolean paired = Character.isHighSurrogate(c)
            && i + 1 < value.length()
            && Character.isLowSurrogate(value.charAt(i + 1));
        if (!paired) {
          throw new SseException(SseException.Code.FIELD,
              what + " has an unpaired surrogate at index " + i + " (not valid Unicode)");
        }
        i++;
      }
    }
    return value.getBytes(StandardCharsets.UTF_8);
  }

  static String decode(byte[] bytes) {
    return new String(bytes, StandardCharsets.UTF_8);
  }
}
