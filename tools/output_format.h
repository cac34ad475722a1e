/* The output formats of `sse parse` and `sse listen`: one table of writers per
 * --format value. */
#ifndef SSE_TOOLS_OUTPUT_FORMAT_H
#define SSE_TOOLS_OUTPUT_FORMAT_H

#include <sse/sse.h>

#include <stdint.h>
#include <stdio.h>

/* What the parser reported over the whole input, for the end-of-stream summary. */
typedef struct parse_totals {
  uint64_t events;
  uint64_t comments;
  uint64_t retries;
  uint64_t skipped;
} parse_totals;

/*
 * Writers called in stream order. They report write failures only through
 * ferror(out), which the caller checks after each call.
 */
typedef struct output_format {
  const char *name;
  void (*event)(FILE *out, const sse_event *ev);
  void (*comment)(FILE *out, sse_str text);
  void (*retry)(FILE *out, uint64_t retry_ms);
  /* An event the parser skipped (today only SSE_ELIMIT: it was too large). */
  void (*skipped)(FILE *out, int code, const char *message);
  /* After the input ended and the parser was finished (rule P27). */
  void (*end)(FILE *out, sse_str last_event_id, const parse_totals *totals);
} output_format;

extern const output_format output_format_json;
extern const output_format output_format_text;
extern const output_format output_format_count;

/* Return the format called `name`, or NULL when there is none. */
const output_format *output_format_find(const char *name);

/* The accepted names for messages, e.g. "json, text or count". */
#define OUTPUT_FORMAT_NAMES "json, text or count"

#endif
