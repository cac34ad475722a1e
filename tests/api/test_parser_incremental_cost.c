/* Feeding a long line in small pieces must cost O(n), not O(n^2): the parser may
 * not re-copy or re-scan its whole partial line for every new chunk. Timing is the
 * benchmarks' job; here the counting allocator measures the work that makes a
 * parser quadratic: the number of allocations and the bytes (re)allocated. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <sse/sse.h>

#include "../support/test_allocator.h"

#define LINE_BYTES ((size_t)4 * 1024 * 1024)
/* Geometric growth of a few buffers (partial line, decoded line, data) stays
 * within a small multiple of the line; growing by each 64-byte chunk would copy
 * about 65536/2 times the line and need one allocation per chunk. */
#define BUDGET (8 * LINE_BYTES)

typedef struct cost {
  size_t allocations;
  size_t total_bytes;
  size_t events;
  size_t data_len;
} cost;

static int on_event(sse_parser *p, const sse_event *ev, void *ud) {
  (void)p;
  cost *c = ud;
  c->events++;
  c->data_len = ev->data.len;
  return 0;
}

/* Parse "data:" + 4 MiB + "\n\n" fed in `chunk`-byte pieces. */
static cost measure(size_t chunk, int realloc_hook) {
  static char *stream;
  static size_t stream_len;
  if (!stream) {
    stream_len = 5 + LINE_BYTES + 2;
    stream = malloc(stream_len);
    assert_non_null(stream);
    memcpy(stream, "data:", 5);
    memset(stream + 5, 'z', LINE_BYTES);
    memcpy(stream + 5 + LINE_BYTES, "\n\n", 2);
  }
  test_allocator alloc;
  test_allocator_init(&alloc, realloc_hook);
  cost c = {0, 0, 0, 0};
  sse_parser_options opts = SSE_PARSER_OPTIONS_INIT;
  opts.allocator = &alloc.hooks;
  sse_parser_callbacks cbs = SSE_PARSER_CALLBACKS_INIT;
  cbs.on_event = on_event;
  sse_parser *p = NULL;
  assert_int_equal(sse_parser_new(&p, &opts, &cbs, &c), 0);
  test_allocator_reset_totals(&alloc); /* count the feeding only */
  alloc.budget_bytes = BUDGET;           /* a quadratic parser fails fast here */
  for (size_t off = 0; off < stream_len; off += chunk) {
    size_t n = stream_len - off < chunk ? stream_len - off : chunk;
    int rc = sse_parser_feed(p, stream + off, n, NULL);
    if (rc != 0)
      fail_msg("chunk %zu: feed at offset %zu returned %d; %zu allocations, %zu bytes so far%s",
               chunk, off, rc, alloc.allocations, alloc.total_bytes,
               alloc.over_budget ? " (over the 8 x line budget)" : "");
  }
  c.allocations = alloc.allocations;
  c.total_bytes = alloc.total_bytes;
  sse_parser_free(p);
  assert_int_equal(alloc.live_blocks, 0);
  return c;
}

static void check_linear(size_t chunk, int realloc_hook) {
  cost c = measure(chunk, realloc_hook);
  printf("# chunk %zu, realloc %s: %zu allocations, %zu bytes allocated (%.2f x line)\n",
         chunk, realloc_hook ? "on" : "off", c.allocations, c.total_bytes,
         (double)c.total_bytes / (double)LINE_BYTES);
  assert_int_equal(c.events, 1);
  assert_int_equal(c.data_len, LINE_BYTES);
  assert_true(c.total_bytes < BUDGET);
  assert_true(c.allocations < 200);
}

static void test_parser_long_line_in_64_byte_chunks_costs_linear_memory_work(void **state) {
  (void)state;
  check_linear(64, 1);
  check_linear(64, 0);
}

static void test_parser_long_line_in_64_kib_chunks_costs_linear_memory_work(void **state) {
  (void)state;
  check_linear(64 * 1024, 1);
  check_linear(64 * 1024, 0);
}

static void test_parser_small_chunks_cost_about_the_same_as_big_chunks(void **state) {
  (void)state;
  cost small = measure(64, 1);
  cost big = measure(64 * 1024, 1);
  /* Both grow the same buffers to the same size; allow growth-policy noise only. */
  assert_true(small.total_bytes <= 2 * big.total_bytes + 4096);
  assert_true(small.allocations <= 2 * big.allocations + 16);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_parser_long_line_in_64_byte_chunks_costs_linear_memory_work),
      cmocka_unit_test(test_parser_long_line_in_64_kib_chunks_costs_linear_memory_work),
      cmocka_unit_test(test_parser_small_chunks_cost_about_the_same_as_big_chunks),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
