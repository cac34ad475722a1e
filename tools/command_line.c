#include "command_line.h"

#include "cli.h"

/* A shared option's effect on `common`; --help prints the command's usage. */
static int take_shared(const command_line *line, common_settings *common, int id,
                       const char *value) {
  switch (id) {
  case COMMAND_LINE_FORMAT:
    common->format = output_format_find(value);
    if (common->format == NULL)
      return cli_usage_error("unknown format '%s' (expected %s)", value,
                             OUTPUT_FORMAT_NAMES);
    return COMMAND_LINE_GO_ON;
  case COMMAND_LINE_LAST_EVENT_ID:
    common->last_event_id = value;
    return COMMAND_LINE_GO_ON;
  case COMMAND_LINE_COMMENTS:
    common->comments = true;
    return COMMAND_LINE_GO_ON;
  case COMMAND_LINE_HELP:
    line->print_usage(stdout);
    return CLI_EXIT_OK;
  }
  return COMMAND_LINE_GO_ON; /* there are no other shared ids */
}

int command_line_read(const command_line *line, int argc, char **argv,
                      common_settings *common, void *settings) {
  *common = (common_settings){.format = &output_format_json};
  args_scanner scanner;
  args_init(&scanner, argc, argv);
  const char *value;
  int id;
  int status = COMMAND_LINE_GO_ON;
  while (status == COMMAND_LINE_GO_ON &&
         (id = args_next(&scanner, line->options, &value)) != ARGS_END) {
    if (id == ARGS_ERROR)
      status = CLI_EXIT_USAGE; /* args_next already said why */
    else if (id == ARGS_OPERAND || id >= COMMAND_LINE_OWN_IDS)
      status = line->take(settings, id, value);
    else
      status = take_shared(line, common, id, value);
  }
  return status;
}

int command_line_single_operand(const char **operand, const char *value,
                                const char *command, const char *what) {
  if (*operand != NULL)
    return cli_usage_error("%s takes one %s, got '%s' and '%s'", command, what,
                           *operand, value);
  *operand = value;
  return COMMAND_LINE_GO_ON;
}
