/* A growable text log with a byte-exact, readable escape (\n, \\, \xHH), so a
 * failing comparison prints both logs in full and every byte difference shows. */
#ifndef SSE_TEST_BYTE_LOG_H
#define SSE_TEST_BYTE_LOG_H

#include <stddef.h>

typedef struct byte_log {
  char *text; /* NUL-terminated; never NULL after byte_log_init() */
  size_t len;
  size_t cap;
} byte_log;

void byte_log_init(byte_log *log);
void byte_log_free(byte_log *log);
void byte_log_clear(byte_log *log);

/* Append text as is (printf-style). */
void byte_log_printf(byte_log *log, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

/* Append bytes escaped: printable ASCII stays, '\\' -> "\\\\", LF -> "\\n", any other
 * byte outside 0x21..0x7E -> "\\xHH" (so spaces and NULs are visible too). */
void byte_log_escaped(byte_log *log, const char *bytes, size_t len);

#endif
