/* Long lines assembled from small reads keep every byte in order. The parser's line
 * buffer grows past 64 KiB by resizing its block (the allocator's realloc hook, the
 * C library's realloc, or malloc + copy when the hook is absent), and a big event's
 * buffer is handed back for the next long line: a resize that lost or shifted bytes,
 * or a hand-back that mixed two events, changes the data these tests compare. */
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

#define LINE_BYTES ((size_t)3 * 1024 * 1024 + 12345) /* several growth steps, odd size */
#define EVENTS 3

typedef struct seen {
  size_t events;
  int matched[EVENTS];
} seen;

/* Event k's data: bytes that depend on the position and on k. */
static char pattern(size_t i, size_t k) { return (char)('A' + (i * 7 + i / 4093 + k * 5) % 58); }

static int on_event(sse_parser *p, const sse_event *ev, void *ud) {
  (void)p;
  seen *s = ud;
  size_t k = s->events++;
  if (k >= EVENTS || ev->data.len != LINE_BYTES) return 0;
  int same = 1;
  for (size_t i = 0; i < LINE_BYTES && same; i++) same = ev->data.ptr[i] == pattern(i, k);
  s->matched[k] = same;
  return 0;
}

/* EVENTS events of one "data:" line of LINE_BYTES each, fed in `chunk`-byte pieces
 * through `hooks` (NULL: the default allocator). */
static void check_content(size_t chunk, const sse_allocator *hooks) {
  size_t one = 5 + LINE_BYTES + 2;
  size_t len = EVENTS * one;
  char *stream = malloc(len);
  assert_non_null(stream);
  for (size_t k = 0; k < EVENTS; k++) {
    char *at = stream + k * one;
    memcpy(at, "data:", 5);
    for (size_t i = 0; i < LINE_BYTES; i++) at[5 + i] = pattern(i, k);
    memcpy(at + 5 + LINE_BYTES, "\n\n", 2);
  }
  seen s;
  memset(&s, 0, sizeof s);
  sse_parser_options opts = SSE_PARSER_OPTIONS_INIT;
  opts.allocator = hooks;
  sse_parser_callbacks cbs = SSE_PARSER_CALLBACKS_INIT;
  cbs.on_event = on_event;
  sse_parser *p = NULL;
  assert_int_equal(sse_parser_new(&p, &opts, &cbs, &s), 0);
  for (size_t off = 0; off < len; off += chunk) {
    size_t n = len - off < chunk ? len - off : chunk;
    assert_int_equal(sse_parser_feed(p, stream + off, n, NULL), 0);
  }
  sse_parser_free(p);
  free(stream);
  assert_int_equal(s.events, EVENTS);
  for (size_t k = 0; k < EVENTS; k++) assert_true(s.matched[k]);
}

static void test_long_lines_in_64_byte_reads_keep_their_bytes_with_the_default_allocator(void **state) {
  (void)state;
  check_content(64, NULL);
}

/* Reads in `chunk`-byte pieces through a counting allocator with or without its
 * optional realloc hook; every block must be freed, and only blocks it handed out. */
static void check_content_with_allocator(size_t chunk, int with_realloc) {
  test_allocator alloc;
  test_allocator_init(&alloc, with_realloc);
  check_content(chunk, &alloc.hooks);
  assert_int_equal(alloc.live_blocks, 0);
  assert_int_equal(alloc.bad_frees, 0);
}

static void test_long_lines_keep_their_bytes_with_a_realloc_hook(void **state) {
  (void)state;
  check_content_with_allocator(64, 1);
}

static void test_long_lines_keep_their_bytes_without_a_realloc_hook(void **state) {
  (void)state;
  check_content_with_allocator(1000, 0);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_long_lines_in_64_byte_reads_keep_their_bytes_with_the_default_allocator),
      cmocka_unit_test(test_long_lines_keep_their_bytes_with_a_realloc_hook),
      cmocka_unit_test(test_long_lines_keep_their_bytes_without_a_realloc_hook),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
