#include "log_diff.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#define CONTEXT_LINES 3

static size_t line_len(const char *s) {
  const char *nl = strchr(s, '\n');
  return nl ? (size_t)(nl - s) : strlen(s);
}

/* Start of the line `back` lines before `pos` (never before `text`). */
static const char *lines_back(const char *text, const char *pos, int back) {
  while (back-- > 0 && pos > text) {
    pos--; /* onto the previous line's LF */
    while (pos > text && pos[-1] != '\n') pos--;
  }
  return pos;
}

static void print_lines(const char *label, const char *from, const char *diff_at) {
  print_error("%s\n", label);
  int after = 0;
  for (const char *p = from; *p && after <= CONTEXT_LINES;) {
    size_t n = line_len(p);
    int marked = p == diff_at;
    print_error("%s %.*s\n", marked ? ">" : " ", (int)n, p);
    if (p >= diff_at) after++;
    p += n + (p[n] == '\n');
  }
}

int logs_match(const char *what, const char *expected, const char *actual, int fail_test) {
  if (strcmp(expected, actual) == 0) return 1;
  const char *e = expected, *a = actual;
  unsigned line = 1;
  for (;;) {
    size_t ne = line_len(e), na = line_len(a);
    if (ne != na || memcmp(e, a, ne) != 0 || (!e[ne]) != (!a[na])) break;
    if (!e[ne]) break;
    e += ne + 1;
    a += na + 1;
    line++;
  }
  print_error("%s: logs differ at line %u\n", what, line);
  print_lines("--- expected", lines_back(expected, e, CONTEXT_LINES), e);
  print_lines("--- actual", lines_back(actual, a, CONTEXT_LINES), a);
  if (fail_test) fail_msg("%s: logs differ at line %u", what, line);
  return 0;
}
