/* `sse parse`: its command line and help; parse_stream.c does the parsing. */
#include "cli.h"
#include "command_line.h"
#include "input.h"
#include "parse_stream.h"

#include <sse/sse.h>

#include <stdint.h>

#define DEFAULT_CHUNK_SIZE ((size_t)65536)
/* Far above any useful feed size; keeps a typo from allocating the whole machine. */
#define MAX_CHUNK_SIZE ((size_t)1 << 30)

enum { OPT_CHUNK_SIZE = COMMAND_LINE_OWN_IDS, OPT_MAX_EVENT_BYTES };

static const args_option parse_options[] = {
  {"chunk-size", 0, true, OPT_CHUNK_SIZE},
  {"max-event-bytes", 0, true, OPT_MAX_EVENT_BYTES},
  COMMAND_LINE_SHARED_OPTIONS,
  {NULL, 0, false, 0},
};

static void print_parse_usage(FILE *out) {
  fprintf(out,
    "Usage: sse parse [FILE] [OPTIONS]\n"
    "Parse a text/event-stream from FILE (standard input if absent or '-') and\n"
    "print what it contains.\n"
    "\n"
    "Options:\n"
    "  --format FORMAT          json (default), text or count\n"
    "  --chunk-size N           feed the parser at most N bytes at a time (default %zu)\n"
    "  --last-event-id ID       start with this last event ID, as on a reconnect\n"
    "  --max-event-bytes N      skip events larger than N bytes (default %zu)\n"
    "  --comments               also print comment lines\n"
    "  -h, --help               show this help and exit\n"
    "\n"
    "json: one object per line, in stream order:\n"
    "  {\"type\":\"...\",\"data\":\"...\",\"id\":\"...\"}  a dispatched event; id is the\n"
    "                                         last event ID in effect (\"\" if none)\n"
    "  {\"retry\":N}                            a valid retry field, in milliseconds\n"
    "  {\"comment\":\"...\"}                      a comment (with --comments)\n"
    "  {\"error\":\"ELIMIT\",\"message\":\"...\"}     an event skipped for its size\n"
    "  {\"last_event_id\":\"...\"}                always the last line\n"
    "  Strings are UTF-8; \" and \\ are escaped, control characters are written\n"
    "  as \\u00xx (lowercase hex), invalid UTF-8 becomes U+FFFD.\n"
    "text: readable blocks; control characters shown as \\u00xx.\n"
    "count: only events=N. With text and count, skipped events go to stderr.\n",
    DEFAULT_CHUNK_SIZE, SSE_PARSER_DEFAULT_MAX_EVENT_BYTES);
}

/* command_line->take: the input file and the options only `sse parse` has. */
static int take_parse_argument(void *settings_ptr, int id, const char *value) {
  parse_settings *settings = settings_ptr;
  switch (id) {
  case ARGS_OPERAND:
    return command_line_single_operand(&settings->path, value, "parse", "input file");
  case OPT_CHUNK_SIZE:
    if (!cli_parse_positive(value, MAX_CHUNK_SIZE, &settings->chunk_size))
      return cli_usage_error("invalid chunk size '%s' (expected a whole number "
                             "from 1 to %zu)", value, MAX_CHUNK_SIZE);
    break;
  case OPT_MAX_EVENT_BYTES:
    if (!cli_parse_positive(value, SIZE_MAX, &settings->max_event_bytes))
      return cli_usage_error("invalid max event bytes '%s' (expected a whole "
                             "number from 1 to %zu)", value, (size_t)SIZE_MAX);
    break;
  }
  return COMMAND_LINE_GO_ON;
}

static const command_line parse_command_line = {
  .options = parse_options,
  .print_usage = print_parse_usage,
  .take = take_parse_argument,
};

static int run_parse(int argc, char **argv) {
  parse_settings settings = {
    .chunk_size = DEFAULT_CHUNK_SIZE,
    .max_event_bytes = SSE_PARSER_DEFAULT_MAX_EVENT_BYTES,
  };
  int status = command_line_read(&parse_command_line, argc, argv, &settings.common,
                                 &settings);
  if (status != COMMAND_LINE_GO_ON) return status;

  input in;
  if (input_open(&in, settings.path) != 0) return CLI_EXIT_FAILURE;
  status = parse_stream(&settings, &in);
  input_close(&in);
  return status;
}

const cli_command cli_command_parse = {
  .name = "parse",
  .summary = "parse a text/event-stream and print its events",
  .run = run_parse,
  .print_usage = print_parse_usage,
};
