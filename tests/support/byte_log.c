#include "byte_log.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void reserve(byte_log *log, size_t extra) {
  if (log->len + extra + 1 <= log->cap) return;
  size_t cap = log->cap ? log->cap : 256;
  while (cap < log->len + extra + 1) cap *= 2;
  char *grown = realloc(log->text, cap);
  if (!grown) {
    fprintf(stderr, "byte_log: out of memory\n");
    abort();
  }
  log->text = grown;
  log->cap = cap;
}

void byte_log_init(byte_log *log) {
  log->text = NULL;
  log->len = 0;
  log->cap = 0;
  reserve(log, 0);
  log->text[0] = '\0';
}

void byte_log_free(byte_log *log) {
  free(log->text);
  log->text = NULL;
  log->len = log->cap = 0;
}

void byte_log_clear(byte_log *log) {
  log->len = 0;
  log->text[0] = '\0';
}

void byte_log_printf(byte_log *log, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  int need = vsnprintf(NULL, 0, fmt, ap);
  va_end(ap);
  if (need < 0) abort();
  reserve(log, (size_t)need);
  va_start(ap, fmt);
  vsnprintf(log->text + log->len, (size_t)need + 1, fmt, ap);
  va_end(ap);
  log->len += (size_t)need;
}

void byte_log_escaped(byte_log *log, const char *bytes, size_t len) {
  reserve(log, len * 4);
  for (size_t i = 0; i < len; i++) {
    unsigned char c = (unsigned char)bytes[i];
    char *out = log->text + log->len;
    if (c == '\\') {
      log->len += (size_t)sprintf(out, "\\\\");
    } else if (c == '\n') {
      log->len += (size_t)sprintf(out, "\\n");
    } else if (c > 0x20 && c < 0x7F) {
      out[0] = (char)c;
      out[1] = '\0';
      log->len += 1;
    } else {
      log->len += (size_t)sprintf(out, "\\x%02X", c);
    }
  }
}
