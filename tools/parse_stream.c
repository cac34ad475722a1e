#include "parse_stream.h"

#include "cli.h"

#include <sse/sse.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>

/* State shared by the parser callbacks, which forward each item to the format. */
typedef struct parse_run {
  const output_format *format;
  FILE *out;
  parse_totals totals;
  int write_errno; /* errno when a write to `out` first failed */
} parse_run;

/* Abort the feed as soon as the output is broken: nothing more could be shown. */
static int check_output(parse_run *run) {
  if (!ferror(run->out)) return 0;
  if (run->write_errno == 0) run->write_errno = errno ? errno : EIO;
  return SSE_EIO;
}

static int on_event(sse_parser *p, const sse_event *ev, void *user_data) {
  (void)p;
  parse_run *run = user_data;
  run->totals.events++;
  run->format->event(run->out, ev);
  return check_output(run);
}

static int on_comment(sse_parser *p, sse_str text, void *user_data) {
  (void)p;
  parse_run *run = user_data;
  run->totals.comments++;
  run->format->comment(run->out, text);
  return check_output(run);
}

static int on_retry(sse_parser *p, uint64_t retry_ms, void *user_data) {
  (void)p;
  parse_run *run = user_data;
  run->totals.retries++;
  run->format->retry(run->out, retry_ms);
  return check_output(run);
}

static int on_error(sse_parser *p, int code, const char *message, void *user_data) {
  (void)p;
  parse_run *run = user_data;
  run->totals.skipped++;
  run->format->skipped(run->out, code, message);
  return check_output(run);
}

static int library_failure(const char *what, int code) {
  return cli_failure("%s failed: %s (%s)", what, sse_error_last()->message,
                     cli_error_name(code));
}

static int report_feed_failure(const parse_run *run, int code) {
  if (code == SSE_EIO && run->write_errno != 0)
    return cli_failure("cannot write output: %s", strerror(run->write_errno));
  return library_failure("parsing", code);
}

static int feed_input(sse_parser *parser, parse_run *run, input *in, size_t chunk_size) {
  char *buffer = malloc(chunk_size);
  if (buffer == NULL) return cli_failure("cannot allocate a %zu-byte buffer", chunk_size);
  int status = CLI_EXIT_OK;
  for (;;) {
    long n = input_read(in, buffer, chunk_size);
    if (n < 0) {
      status = CLI_EXIT_FAILURE;
      break;
    }
    if (n == 0) break;
    int rc = sse_parser_feed(parser, buffer, (size_t)n, NULL);
    if (rc < 0) {
      status = report_feed_failure(run, rc);
      break;
    }
    /* Show what this read produced now: the input may be a live stream. */
    if (fflush(run->out) != 0) {
      status = cli_failure("cannot write output: %s", strerror(errno));
      break;
    }
  }
  free(buffer);
  return status;
}

int parse_stream(const parse_settings *settings, input *in) {
  parse_run run = {.format = settings->format, .out = stdout};
  sse_parser_options options = SSE_PARSER_OPTIONS_INIT;
  options.max_event_bytes = settings->max_event_bytes;
  sse_parser_callbacks callbacks = SSE_PARSER_CALLBACKS_INIT;
  callbacks.on_event = on_event;
  callbacks.on_comment = settings->comments ? on_comment : NULL;
  callbacks.on_retry = on_retry;
  callbacks.on_error = on_error;

  sse_parser *parser = NULL;
  int rc = sse_parser_new(&parser, &options, &callbacks, &run);
  if (rc < 0) return library_failure("creating the parser", rc);

  int status = CLI_EXIT_OK;
  if (settings->last_event_id != NULL) {
    rc = sse_parser_set_last_event_id(parser, settings->last_event_id,
                                      strlen(settings->last_event_id));
    if (rc < 0) status = library_failure("setting the last event ID", rc);
  }
  if (status == CLI_EXIT_OK) status = feed_input(parser, &run, in, settings->chunk_size);
  if (status == CLI_EXIT_OK) {
    /* End of input (rule P27): an unterminated last event is dropped, and its id
     * never becomes the last event ID. */
    rc = sse_parser_finish(parser);
    if (rc < 0) status = library_failure("finishing the stream", rc);
  }
  if (status == CLI_EXIT_OK) {
    settings->format->end(run.out, sse_parser_last_event_id(parser), &run.totals);
    if (fflush(run.out) != 0 || ferror(run.out))
      status = cli_failure("cannot write output: %s", strerror(errno));
  }
  sse_parser_free(parser);
  return status;
}
