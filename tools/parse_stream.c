#include "parse_stream.h"

#include "cli.h"
#include "output_sink.h"

#include <sse/sse.h>

#include <stdlib.h>
#include <string.h>

/* The parser callbacks forward each item to the sink (user_data). */
static int on_event(sse_parser *p, const sse_event *ev, void *user_data) {
  (void)p;
  return output_sink_event(user_data, ev);
}

static int on_comment(sse_parser *p, sse_str text, void *user_data) {
  (void)p;
  return output_sink_comment(user_data, text);
}

static int on_retry(sse_parser *p, uint64_t retry_ms, void *user_data) {
  (void)p;
  return output_sink_retry(user_data, retry_ms);
}

static int on_error(sse_parser *p, int code, const char *message, void *user_data) {
  (void)p;
  return output_sink_skipped(user_data, code, message);
}

static int report_feed_failure(const output_sink *sink, int code) {
  if (code == SSE_EIO && sink->write_errno != 0) return output_sink_report_failure(sink);
  return cli_library_failure("parsing", code);
}

static int feed_input(sse_parser *parser, output_sink *sink, input *in,
                      size_t chunk_size) {
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
      status = report_feed_failure(sink, rc);
      break;
    }
    /* Show what this read produced now: the input may be a live stream. */
    if (output_sink_flush(sink) != 0) {
      status = output_sink_report_failure(sink);
      break;
    }
  }
  free(buffer);
  return status;
}

int parse_stream(const parse_settings *settings, input *in) {
  /* Flushed once per read rather than per item: a file is read in big chunks. */
  output_sink sink;
  output_sink_init(&sink, settings->common.format, stdout, false);
  sse_parser_options options = SSE_PARSER_OPTIONS_INIT;
  options.max_event_bytes = settings->max_event_bytes;
  sse_parser_callbacks callbacks = SSE_PARSER_CALLBACKS_INIT;
  callbacks.on_event = on_event;
  callbacks.on_comment = settings->common.comments ? on_comment : NULL;
  callbacks.on_retry = on_retry;
  callbacks.on_error = on_error;

  sse_parser *parser = NULL;
  int rc = sse_parser_new(&parser, &options, &callbacks, &sink);
  if (rc < 0) return cli_library_failure("creating the parser", rc);

  int status = CLI_EXIT_OK;
  if (settings->common.last_event_id != NULL) {
    rc = sse_parser_set_last_event_id(parser, settings->common.last_event_id,
                                      strlen(settings->common.last_event_id));
    if (rc < 0) status = cli_library_failure("setting the last event ID", rc);
  }
  if (status == CLI_EXIT_OK) status = feed_input(parser, &sink, in, settings->chunk_size);
  if (status == CLI_EXIT_OK) {
    /* End of input (rule P27): an unterminated last event is dropped, and its id
     * never becomes the last event ID. */
    rc = sse_parser_finish(parser);
    if (rc < 0) status = cli_library_failure("finishing the stream", rc);
  }
  if (status == CLI_EXIT_OK) {
    if (output_sink_end(&sink, sse_parser_last_event_id(parser)) != 0)
      status = output_sink_report_failure(&sink);
  }
  sse_parser_free(parser);
  return status;
}
