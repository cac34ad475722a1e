#include "utf8_repair.h"

size_t utf8_sequence_length(const unsigned char *s, size_t len, size_t *bad_len) {
  unsigned char lead = s[0];
  if (lead < 0x80) return 1;

  /* The second byte's range depends on the lead byte: it excludes overlong forms
   * (E0, F0), UTF-16 surrogates (ED) and code points above U+10FFFF (F4). */
  size_t continuation_bytes;
  unsigned char low = 0x80, high = 0xBF;
  if (lead >= 0xC2 && lead <= 0xDF) {
    continuation_bytes = 1;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    continuation_bytes = 2;
    if (lead == 0xE0) low = 0xA0;
    if (lead == 0xED) high = 0x9F;
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    continuation_bytes = 3;
    if (lead == 0xF0) low = 0x90;
    if (lead == 0xF4) high = 0x8F;
  } else {
    *bad_len = 1; /* C0, C1, F5..FF or a stray continuation byte */
    return 0;
  }

  for (size_t i = 1; i <= continuation_bytes; i++) {
    /* The offending byte is not part of the replaced subpart: the decoder
     * reprocesses it as the start of the next sequence. */
    if (i >= len || s[i] < low || s[i] > high) {
      *bad_len = i;
      return 0;
    }
    low = 0x80;
    high = 0xBF;
  }
  return continuation_bytes + 1;
}
