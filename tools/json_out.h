/* JSON string literals for the `--format json` output. */
#ifndef SSE_TOOLS_JSON_OUT_H
#define SSE_TOOLS_JSON_OUT_H

#include <stddef.h>
#include <stdio.h>

/*
 * Write `s` as a quoted RFC 8259 string: `"` and `\` are backslash-escaped, every
 * control character U+0000..U+001F is written as \u00xx with lowercase hex (so a
 * LF is \u000a, never \n), invalid UTF-8 becomes U+FFFD, everything else, DEL and
 * non-ASCII included, is raw UTF-8.
 */
void json_write_string(FILE *out, const char *s, size_t len);

#endif
