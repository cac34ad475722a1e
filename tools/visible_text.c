#include "visible_text.h"

#include "escaped_write.h"

/* Control characters (terminal escapes among them) must not reach the terminal
 * raw. TAB stays as is. */
static void write_visible_escape(FILE *out, unsigned char byte) {
  fprintf(out, "\\u%04x", (unsigned)byte);
}

static const escaper visible_escaper = {
  .special = {
    [0x00] = 1, [0x01] = 1, [0x02] = 1, [0x03] = 1, [0x04] = 1, [0x05] = 1,
    [0x06] = 1, [0x07] = 1, [0x08] = 1,             [0x0a] = 1, [0x0b] = 1,
    [0x0c] = 1, [0x0d] = 1, [0x0e] = 1, [0x0f] = 1, [0x10] = 1, [0x11] = 1,
    [0x12] = 1, [0x13] = 1, [0x14] = 1, [0x15] = 1, [0x16] = 1, [0x17] = 1,
    [0x18] = 1, [0x19] = 1, [0x1a] = 1, [0x1b] = 1, [0x1c] = 1, [0x1d] = 1,
    [0x1e] = 1, [0x1f] = 1, [0x7f] = 1,
  },
  .write_special = write_visible_escape,
};

void visible_write(FILE *out, const char *s, size_t len) {
  escaped_write(out, s, len, &visible_escaper);
}
