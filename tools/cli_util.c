#include "cli.h"

#include <sse/sse.h>

#include <stdarg.h>
#include <stdint.h>

/* Print "sse: <message>" on stderr, leaving the line open for the caller to end. */
#if defined(__GNUC__)
__attribute__((format(printf, 1, 0)))
#endif
static void print_message(const char *format, va_list args) {
  fputs("sse: ", stderr);
  vfprintf(stderr, format, args);
}

int cli_usage_error(const char *format, ...) {
  va_list args;
  va_start(args, format);
  print_message(format, args);
  va_end(args);
  fputs("\nTry 'sse --help' for more information.\n", stderr);
  return CLI_EXIT_USAGE;
}

int cli_failure(const char *format, ...) {
  va_list args;
  va_start(args, format);
  print_message(format, args);
  va_end(args);
  fputc('\n', stderr);
  return CLI_EXIT_FAILURE;
}

int cli_library_failure(const char *what, int code) {
  return cli_failure("%s failed: %s (%s)", what, sse_error_last()->message,
                     cli_error_name(code));
}

const char *cli_error_name(int code) {
  switch (code) {
  /* The header's own table, so a code added there is named here too. */
#define SSE_TOOLS_ERROR_NAME_CASE(name, value, text) \
  case SSE_##name:                                   \
    return #name;
    SSE_ERROR_MAP(SSE_TOOLS_ERROR_NAME_CASE)
#undef SSE_TOOLS_ERROR_NAME_CASE
  default:
    return "E?";
  }
}

void cli_warn_skipped(FILE *out, int code, const char *message) {
  (void)out;
  (void)code;
  fprintf(stderr, "sse: skipped event: %s\n", message);
}

bool cli_parse_whole(const char *text, size_t max, size_t *value) {
  if (*text == '\0') return false;
  size_t result = 0;
  for (const char *c = text; *c != '\0'; c++) {
    if (*c < '0' || *c > '9') return false;
    size_t digit = (size_t)(*c - '0');
    if (digit > max || result > (max - digit) / 10) return false; /* result*10+digit > max */
    result = result * 10 + digit;
  }
  *value = result;
  return true;
}

bool cli_parse_positive(const char *text, size_t max, size_t *value) {
  size_t result;
  if (!cli_parse_whole(text, max, &result) || result == 0) return false;
  *value = result;
  return true;
}
