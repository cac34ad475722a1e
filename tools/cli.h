/* What every `sse` subcommand shares: exit codes, diagnostics, argument values. */
#ifndef SSE_TOOLS_CLI_H
#define SSE_TOOLS_CLI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

/* Exit statuses; scripts rely on them (documented in `sse --help`). */
enum {
  CLI_EXIT_OK = 0,
  CLI_EXIT_FAILURE = 1, /* I/O error (unreadable input, failed write) or a library error */
  CLI_EXIT_USAGE = 2,   /* bad command line; nothing was read */
};

/* A subcommand: `run` gets the arguments after its name and returns an exit status. */
typedef struct cli_command {
  const char *name;
  const char *summary;
  int (*run)(int argc, char **argv);
  void (*print_usage)(FILE *out);
} cli_command;

extern const cli_command cli_command_parse;
extern const cli_command cli_command_listen;
extern const cli_command cli_command_serve;
extern const cli_command cli_command_publish;

/* Print "sse: <message>" and the pointer to --help on stderr; return CLI_EXIT_USAGE. */
int cli_usage_error(const char *format, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 1, 2)))
#endif
    ;

/* Print "sse: <message>" on stderr; return CLI_EXIT_FAILURE. */
int cli_failure(const char *format, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 1, 2)))
#endif
    ;

/* Print "sse: <what> failed: <sse_error_last() message> (<code name>)";
 * return CLI_EXIT_FAILURE. */
int cli_library_failure(const char *what, int code);

/* The symbolic name of a libsse error code, e.g. "ELIMIT"; "E?" if unknown. */
const char *cli_error_name(int code);

/* Report a skipped event on stderr as "sse: skipped event: <message>"; `out` is unused.
 * Shared by the formats whose stdout is not meant for such records. */
void cli_warn_skipped(FILE *out, int code, const char *message);

/*
 * Parse a whole decimal number in [0, max]: digits only, no sign, no spaces, no
 * suffix. Return false (and leave *value alone) for anything else.
 */
bool cli_parse_whole(const char *text, size_t max, size_t *value);

/* The same in [1, max]. */
bool cli_parse_positive(const char *text, size_t max, size_t *value);

#endif
