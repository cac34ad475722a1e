#define _DEFAULT_SOURCE /* getrandom() */
#include "bearer_token.h"

#include "cli.h"
#include "command_line.h"
#include "read_whole.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>

bool bearer_token_is_valid(const char *token) {
  size_t length = 0;
  for (const unsigned char *c = (const unsigned char *)token; *c != '\0'; c++, length++) {
    if (*c <= 0x20 || *c >= 0x7f) return false;
  }
  return length >= 1 && length <= BEARER_TOKEN_MAX;
}

int bearer_token_check_option(const char *token, const char *option) {
  if (!bearer_token_is_valid(token))
    return cli_usage_error("invalid %s (expected 1 to %d visible ASCII characters, "
                           "no spaces)", option, BEARER_TOKEN_MAX);
  return COMMAND_LINE_GO_ON;
}

int bearer_token_read_file(const char *path, char **out) {
  *out = NULL;
  char *text;
  size_t length;
  /* Room for the token and a line end; a bigger file is not a token file. */
  int status = read_whole(path, BEARER_TOKEN_MAX + 2, &text, &length);
  if (status != CLI_EXIT_OK) return status;
  text[strcspn(text, "\r\n")] = '\0';
  length = strlen(text);
  while (length > 0 && (text[length - 1] == ' ' || text[length - 1] == '\t'))
    text[--length] = '\0';
  if (!bearer_token_is_valid(text)) {
    free(text);
    return cli_usage_error("'%s' does not hold a token (expected one line of 1 to %d "
                           "visible ASCII characters)", path, BEARER_TOKEN_MAX);
  }
  *out = text;
  return CLI_EXIT_OK;
}

int bearer_token_generate(char out[33]) {
  unsigned char bytes[16];
  size_t got = 0;
  while (got < sizeof bytes) {
    ssize_t n = getrandom(bytes + got, sizeof bytes - got, 0);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return cli_failure("cannot make a random token: %s", strerror(errno));
    got += (size_t)n;
  }
  static const char hex[] = "0123456789abcdef";
  for (size_t i = 0; i < sizeof bytes; i++) {
    out[2 * i] = hex[bytes[i] >> 4];
    out[2 * i + 1] = hex[bytes[i] & 15];
  }
  out[32] = '\0';
  return CLI_EXIT_OK;
}
