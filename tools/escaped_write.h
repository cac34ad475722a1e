/* Writing parser output as text: invalid UTF-8 repaired, chosen ASCII bytes escaped. */
#ifndef SSE_TOOLS_ESCAPED_WRITE_H
#define SSE_TOOLS_ESCAPED_WRITE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

/* How one output format spells the ASCII bytes it cannot print raw. */
typedef struct escaper {
  bool special[128];                                   /* bytes given to write_special */
  void (*write_special)(FILE *out, unsigned char byte);
} escaper;

/*
 * Write `len` bytes of `s` to `out`. Well-formed UTF-8 is copied unchanged, each
 * ill-formed subsequence becomes one U+FFFD (rule P2), and every ASCII byte marked
 * special in `esc` goes through esc->write_special instead.
 */
void escaped_write(FILE *out, const char *s, size_t len, const escaper *esc);

#endif
