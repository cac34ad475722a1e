/* A parser whose callbacks write into a recorder: the arrange and clean-up steps
 * that most parser tests share (recorder_init, options, sse_parser_new asserted,
 * then sse_parser_free and recorder_free). Needs cmocka: it asserts. */
#ifndef SSE_TEST_RECORDED_PARSER_H
#define SSE_TEST_RECORDED_PARSER_H

#include <stddef.h>

#include <sse/sse.h>

#include "recorder.h"
#include "test_allocator.h"

typedef struct recorded_parser {
  recorder rec; /* the parser's user data: do not move the struct while open */
  sse_parser *p;
} recorded_parser;

/* SSE_PARSER_OPTIONS_INIT with max_event_bytes (0 keeps the default) and the
 * allocator's hooks (NULL keeps the library's malloc). */
sse_parser_options parser_options(size_t max_event_bytes, test_allocator *alloc);

/* Init the recorder and create the parser with `opts` (NULL: the library defaults)
 * and `cbs` (NULL: recorder_callbacks()); creation must succeed. Set hooks on
 * rp->rec after this call: it starts with none. */
void recorded_parser_open(recorded_parser *rp, const sse_parser_options *opts,
                          const sse_parser_callbacks *cbs);

/* The same with recorder_callbacks() and parser_options(max_event_bytes, alloc). */
void recorded_parser_open_with(recorded_parser *rp, size_t max_event_bytes,
                               test_allocator *alloc);

/* Free the parser, then the recorder. */
void recorded_parser_close(recorded_parser *rp);

/* Feed a whole C string; the feed must return 0. */
void feed_text(sse_parser *p, const char *text);

#endif
