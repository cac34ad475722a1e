/* Driving libsse over one input for `sse parse`, independent of the command line. */
#ifndef SSE_TOOLS_PARSE_STREAM_H
#define SSE_TOOLS_PARSE_STREAM_H

#include "common_settings.h"
#include "input.h"

#include <stddef.h>

typedef struct parse_settings {
  const char *path; /* NULL: standard input */
  common_settings common;
  size_t chunk_size;
  size_t max_event_bytes;
} parse_settings;

/*
 * Feed everything `in` yields to a new parser, `settings->chunk_size` bytes at most
 * per feed, writing each item to stdout in the chosen format as it is parsed, then
 * finish the stream and write the format's end record. Returns an exit status
 * (CLI_EXIT_OK or CLI_EXIT_FAILURE after a message on stderr).
 */
int parse_stream(const parse_settings *settings, input *in);

#endif
