#include "escaped_write.h"

#include "utf8_repair.h"

void escaped_write(FILE *out, const char *s, size_t len, const escaper *esc) {
  const unsigned char *bytes = (const unsigned char *)s;
  size_t run_start = 0; /* bytes [run_start, i) are copied unchanged in one fwrite */
  size_t i = 0;
  while (i < len) {
    unsigned char b = bytes[i];
    if (b < 0x80) {
      if (!esc->special[b]) {
        i++;
        continue;
      }
      fwrite(bytes + run_start, 1, i - run_start, out);
      esc->write_special(out, b);
      run_start = ++i;
      continue;
    }
    size_t bad_len = 0;
    size_t good_len = utf8_sequence_length(bytes + i, len - i, &bad_len);
    if (good_len > 0) {
      i += good_len;
      continue;
    }
    fwrite(bytes + run_start, 1, i - run_start, out);
    fputs(UTF8_REPLACEMENT, out);
    i += bad_len;
    run_start = i;
  }
  fwrite(bytes + run_start, 1, len - run_start, out);
}
