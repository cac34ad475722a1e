/*
 * A small GNU-style command-line scanner shared by the subcommands: long options
 * as `--name VALUE` or `--name=VALUE`, flags as `--name`, short aliases like `-h`,
 * options and operands in any order, `--` ends the options, `-` is an operand.
 */
#ifndef SSE_TOOLS_ARGS_H
#define SSE_TOOLS_ARGS_H

#include <stdbool.h>

typedef struct args_option {
  const char *long_name;  /* without the leading "--" */
  char short_name;        /* 0 when there is none */
  bool takes_value;
  int id;                 /* > 0, returned by args_next */
} args_option;

typedef struct args_scanner {
  int argc;
  char **argv;
  int index;
  bool options_ended; /* after "--" everything is an operand */
} args_scanner;

enum {
  ARGS_END = 0,      /* no arguments left */
  ARGS_OPERAND = -1, /* *value is a non-option argument */
  ARGS_ERROR = -2,   /* a usage error was already reported on stderr */
};

void args_init(args_scanner *scanner, int argc, char **argv);

/*
 * Return the next option's id (with *value set for options taking one, else NULL),
 * ARGS_OPERAND, ARGS_END or ARGS_ERROR. `options` ends with an entry whose id is 0.
 */
int args_next(args_scanner *scanner, const args_option *options, const char **value);

#endif
