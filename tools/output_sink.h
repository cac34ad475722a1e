/*
 * Where parsed items go, shared by `sse parse` and `sse listen`: each item is
 * counted, written in the chosen format, and a broken output is noticed at once.
 */
#ifndef SSE_TOOLS_OUTPUT_SINK_H
#define SSE_TOOLS_OUTPUT_SINK_H

#include "output_format.h"

#include <sse/sse.h>

#include <stdbool.h>
#include <stdio.h>

typedef struct output_sink {
  const output_format *format;
  FILE *out;
  bool flush_each;     /* a live stream: show every item as soon as it is written */
  parse_totals totals;
  int write_errno;     /* errno when a write to `out` first failed; 0 while fine */
} output_sink;

void output_sink_init(output_sink *sink, const output_format *format, FILE *out,
                      bool flush_each);

/*
 * Write one item. Return 0, or SSE_EIO once the output is broken (nothing more
 * could be shown, so the caller stops): a callback can return this as it is.
 */
int output_sink_event(output_sink *sink, const sse_event *ev);
int output_sink_comment(output_sink *sink, sse_str text);
int output_sink_retry(output_sink *sink, uint64_t retry_ms);
int output_sink_skipped(output_sink *sink, int code, const char *message);

/* Write the format's end record and flush. Return 0 or SSE_EIO. */
int output_sink_end(output_sink *sink, sse_str last_event_id);

/* Flush what was written. Return 0 or SSE_EIO. */
int output_sink_flush(output_sink *sink);

/* Print "sse: cannot write output: <reason>"; return CLI_EXIT_FAILURE. */
int output_sink_report_failure(const output_sink *sink);

#endif
