#include "recorded_parser.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

sse_parser_options parser_options(size_t max_event_bytes, test_allocator *alloc) {
  sse_parser_options opts = SSE_PARSER_OPTIONS_INIT;
  if (max_event_bytes) opts.max_event_bytes = max_event_bytes;
  if (alloc) opts.allocator = &alloc->hooks;
  return opts;
}

void recorded_parser_open(recorded_parser *rp, const sse_parser_options *opts,
                          const sse_parser_callbacks *cbs) {
  recorder_init(&rp->rec);
  sse_parser_callbacks recorded = recorder_callbacks();
  rp->p = NULL;
  assert_int_equal(sse_parser_new(&rp->p, opts, cbs ? cbs : &recorded, &rp->rec), 0);
}

void recorded_parser_open_with(recorded_parser *rp, size_t max_event_bytes,
                               test_allocator *alloc) {
  sse_parser_options opts = parser_options(max_event_bytes, alloc);
  recorded_parser_open(rp, &opts, NULL);
}

void recorded_parser_close(recorded_parser *rp) {
  sse_parser_free(rp->p);
  rp->p = NULL;
  recorder_free(&rp->rec);
}

void feed_text(sse_parser *p, const char *text) {
  assert_int_equal(sse_parser_feed(p, text, strlen(text), NULL), 0);
}
