/* Text meant for a terminal: the `--format text` output and the status lines. */
#ifndef SSE_TOOLS_VISIBLE_TEXT_H
#define SSE_TOOLS_VISIBLE_TEXT_H

#include <stddef.h>
#include <stdio.h>

/*
 * Write `len` bytes of `s` so that nothing in them can drive the terminal: every
 * control character except TAB (LF, CR and ESC included) and DEL is written as
 * \u00xx with lowercase hex, invalid UTF-8 becomes U+FFFD, the rest is raw UTF-8.
 */
void visible_write(FILE *out, const char *s, size_t len);

#endif
