#include "read_whole.h"

#include "cli.h"
#include "input.h"

#include <stdlib.h>
#include <string.h>

/* Grow `*buffer` to hold at least `need` bytes plus a NUL; false when out of memory. */
static bool reserve(char **buffer, size_t *capacity, size_t need) {
  if (need + 1 <= *capacity) return true;
  size_t grown = *capacity < 4096 ? 4096 : *capacity * 2;
  while (grown < need + 1) grown *= 2;
  char *bigger = realloc(*buffer, grown);
  if (bigger == NULL) return false;
  *buffer = bigger;
  *capacity = grown;
  return true;
}

int read_whole(const char *path, size_t max, char **out, size_t *len_out) {
  *out = NULL;
  *len_out = 0;
  input in;
  if (input_open(&in, path) != 0) return CLI_EXIT_FAILURE;
  char *buffer = NULL;
  size_t capacity = 0, length = 0;
  int status = CLI_EXIT_OK;
  for (;;) {
    /* Ask for one byte past `max`, so an input of exactly `max` bytes is accepted
     * and a longer one is noticed without reading all of it. */
    size_t want = max - length + 1;
    if (want > 65536) want = 65536;
    if (!reserve(&buffer, &capacity, length + want)) {
      status = cli_failure("out of memory reading '%s'", in.name);
      break;
    }
    long n = input_read(&in, buffer + length, want);
    if (n < 0) {
      status = CLI_EXIT_FAILURE; /* input_read said why */
      break;
    }
    if (n == 0) break;
    length += (size_t)n;
    if (length > max) {
      status = cli_failure("'%s' is larger than %zu bytes", in.name, max);
      break;
    }
  }
  input_close(&in);
  if (status != CLI_EXIT_OK) {
    free(buffer);
    return status;
  }
  if (buffer == NULL && !reserve(&buffer, &capacity, 0))
    return cli_failure("out of memory reading '%s'", in.name);
  buffer[length] = '\0';
  *out = buffer;
  *len_out = length;
  return CLI_EXIT_OK;
}
