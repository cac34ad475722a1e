/*
 * The bearer token that guards publishing: `sse serve` checks it, `sse publish`
 * sends it. Both take it from the command line or from a file (which keeps it out
 * of `ps` and shell history).
 */
#ifndef SSE_TOOLS_BEARER_TOKEN_H
#define SSE_TOOLS_BEARER_TOKEN_H

#include <stdbool.h>
#include <stddef.h>

/* Largest token accepted, in bytes. */
#define BEARER_TOKEN_MAX 4096

/* A token goes into an `Authorization: Bearer` header: 1 to BEARER_TOKEN_MAX
 * visible ASCII characters (no space, control or non-ASCII byte). */
bool bearer_token_is_valid(const char *token);

/*
 * Check a token given on the command line by `option` (e.g. "--token").
 * Return COMMAND_LINE_GO_ON or CLI_EXIT_USAGE after a message.
 */
int bearer_token_check_option(const char *token, const char *option);

/*
 * Read the token from the first line of `path` (a trailing CR/LF and blanks are
 * dropped) into a malloc'ed string. Return CLI_EXIT_OK, CLI_EXIT_FAILURE (cannot
 * read) or CLI_EXIT_USAGE (not a valid token), after a message.
 */
int bearer_token_read_file(const char *path, char **out);

/* A fresh random token of 32 hex digits (128 bits from the kernel's generator)
 * into `out` (33 bytes). Return CLI_EXIT_OK or CLI_EXIT_FAILURE after a message. */
int bearer_token_generate(char out[33]);

#endif
