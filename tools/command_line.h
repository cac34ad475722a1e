/*
 * Reading a subcommand's command line: the scanning loop, --help and the options
 * every subcommand shares (--format, --last-event-id, --comments), so that each
 * command only handles its operand and its own options.
 */
#ifndef SSE_TOOLS_COMMAND_LINE_H
#define SSE_TOOLS_COMMAND_LINE_H

#include "args.h"
#include "common_settings.h"

#include <stdio.h>

/* Returned by the readers below: no exit status yet, go on. */
#define COMMAND_LINE_GO_ON (-1)

/* Ids of the shared options; a command numbers its own from COMMAND_LINE_OWN_IDS. */
enum {
  COMMAND_LINE_HELP = 1,
  COMMAND_LINE_FORMAT,
  COMMAND_LINE_LAST_EVENT_ID,
  COMMAND_LINE_COMMENTS,
  COMMAND_LINE_OWN_IDS,
};

/* The shared options' rows, for each command's args_option table. */
#define COMMAND_LINE_SHARED_OPTIONS                         \
  {"format", 0, true, COMMAND_LINE_FORMAT},                 \
  {"last-event-id", 0, true, COMMAND_LINE_LAST_EVENT_ID},   \
  {"comments", 0, false, COMMAND_LINE_COMMENTS},            \
  {"help", 'h', false, COMMAND_LINE_HELP}

typedef struct command_line {
  const args_option *options; /* includes COMMAND_LINE_SHARED_OPTIONS */
  void (*print_usage)(FILE *out);
  /*
   * Take one operand (id ARGS_OPERAND) or one of the command's own options
   * (id >= COMMAND_LINE_OWN_IDS, value NULL for flags) into `settings`. Return
   * COMMAND_LINE_GO_ON, or an exit status (after a message) to stop reading.
   */
  int (*take)(void *settings, int id, const char *value);
} command_line;

/*
 * Read argv in order: `common` starts from the defaults (json, no last event ID,
 * no comments) and gets the shared options; everything else goes to line->take
 * with `settings`. Stop at the first usage error (CLI_EXIT_USAGE, reported on
 * stderr) or at --help (usage printed on stdout, CLI_EXIT_OK). Return
 * COMMAND_LINE_GO_ON when the whole command line was read.
 */
int command_line_read(const command_line *line, int argc, char **argv,
                      common_settings *common, void *settings);

/*
 * Keep `value` as the command's only operand in *operand; a second one is a usage
 * error saying "<command> takes one <what>, got '<first>' and '<second>'".
 */
int command_line_single_operand(const char **operand, const char *value,
                                const char *command, const char *what);

#endif
