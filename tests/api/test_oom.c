/* Every public scenario under a failing allocator (house style B9): for every N, the
 * Nth allocation fails. The failing call returns SSE_ENOMEM; a parser then stays
 * failed (sticky) until sse_parser_reset(); a serializer appends nothing and the
 * same write succeeds when retried; nothing ever leaks. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>
#include <sse/sse.h>

#include "../support/log_diff.h"
#include "../support/recorded_parser.h"
#include "../support/recorder.h"
#include "../support/test_allocator.h"

/* Long enough to make every buffer grow, in pieces that leave partial lines. */
static const char stream[] =
    "\xEF\xBB\xBF:comment that is a little longer than a small-string buffer\n"
    "retry:1500\n"
    "id:first-id-long-enough-to-need-the-heap-0123456789\n"
    "event:some-event-type-long-enough-to-need-the-heap\n"
    "data:line one of the data, long enough to need the heap\r\n"
    "data:line two \xE2\x82\xAC with invalid \xC3 bytes\n\n"
    "data:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\n\n"
    "data:short\r\r"
    "data:unfinished";

#define CHUNK 7
#define LIMIT 128

/* Outcome of one parser run with the Nth allocation failing. */
typedef struct run_result {
  int hit_enomem;
  byte_log log;
} run_result;

static int checked(int rc, run_result *r) {
  if (rc == SSE_ENOMEM) r->hit_enomem = 1;
  return rc;
}

/* new, seed the id, feed in chunks, finish; after an ENOMEM check stickiness, reset
 * and feed again to prove the parser recovered. */
static void parser_scenario(test_allocator *alloc, run_result *r) {
  recorder rec;
  recorder_init(&rec);
  sse_parser_options opts = parser_options(LIMIT, alloc);
  sse_parser_callbacks cbs = recorder_callbacks();
  sse_parser *p = (sse_parser *)&opts;

  int rc = checked(sse_parser_new(&p, &opts, &cbs, &rec), r);
  if (rc != 0) {
    assert_int_equal(rc, SSE_ENOMEM);
    assert_null(p);
    byte_log_init(&r->log);
    recorder_free(&rec);
    return;
  }

  rc = checked(sse_parser_set_last_event_id(p, "seed-id-long-enough-to-need-the-heap", 36), r);
  assert_true(rc == 0 || rc == SSE_ENOMEM);

  int failed = 0;
  for (size_t off = 0; off < sizeof stream - 1; off += CHUNK) {
    size_t n = sizeof stream - 1 - off < CHUNK ? sizeof stream - 1 - off : CHUNK;
    rc = checked(sse_parser_feed(p, stream + off, n, NULL), r);
    if (failed) {
      assert_int_equal(rc, SSE_ENOMEM); /* sticky */
    } else if (rc != 0) {
      assert_int_equal(rc, SSE_ENOMEM);
      assert_int_equal(sse_error_last()->code, SSE_ENOMEM);
      failed = 1;
    }
  }
  rc = checked(sse_parser_finish(p), r);
  assert_int_equal(rc, failed ? SSE_ENOMEM : 0);

  if (failed) {
    assert_int_equal(sse_parser_reset(p), 0);
    recorder_clear(&rec);
    assert_int_equal(sse_parser_feed(p, "id:x\ndata:again\n\n", 17, NULL), 0);
    assert_string_equal(rec.log.text, "event type=message data=again id=x\n");
  }
  sse_parser_free(p);
  r->log = rec.log; /* hand the log over; the recorder is done */
}

static void test_parser_every_failed_allocation_gives_enomem_and_no_leak(void **state) {
  (void)state;
  /* Reference run: no failure. */
  test_allocator alloc;
  test_allocator_init(&alloc, 1);
  run_result ref = {0, {NULL, 0, 0}};
  parser_scenario(&alloc, &ref);
  assert_false(ref.hit_enomem);
  assert_int_equal(alloc.live_blocks, 0);
  const size_t total = alloc.allocations;
  assert_true(total > 3); /* the handle plus growing buffers */

  size_t enomem_runs = 0;
  for (size_t n = 1; n <= total; n++) {
    test_allocator_init(&alloc, 1);
    alloc.fail_at = n;
    run_result r = {0, {NULL, 0, 0}};
    parser_scenario(&alloc, &r);
    if (alloc.failures) {
      /* The failure must surface: a swallowed ENOMEM would mean lost data. */
      if (!r.hit_enomem) fail_msg("allocation %zu failed but no call returned SSE_ENOMEM", n);
      enomem_runs++;
    } else {
      logs_match("parser run without a failure", ref.log.text, r.log.text, 1);
    }
    if (alloc.live_blocks != 0)
      fail_msg("allocation %zu failed: %zu blocks (%zu bytes) leaked", n, alloc.live_blocks,
               alloc.live_bytes);
    assert_int_equal(alloc.bad_frees, 0);
    byte_log_free(&r.log);
  }
  printf("# parser: %zu allocations, each failed once, all gave SSE_ENOMEM\n", enomem_runs);
  assert_int_equal(enomem_runs, total);
  byte_log_free(&ref.log);
}

/* ------------------------------------------------------------ serializer -- */

#define SSTR(lit) ((sse_str){(lit), sizeof(lit) - 1})

/* Perform write number `step`; returns the write's rc. */
static int serializer_write(sse_serializer *s, int step) {
  sse_event ev = {SSTR("a-type-long-enough-to-need-the-heap"),
                  SSTR("line 1 of some data that is long enough\r\nline 2\n\nline 4 \xE2\x82\xAC"),
                  SSTR("an-id-long-enough-to-need-the-heap-too")};
  switch (step) {
  case 0: return sse_serializer_write_event(s, &ev);
  case 1: return sse_serializer_write_comment(s, SSTR("a comment\nof two lines, long enough"));
  case 2: return sse_serializer_write_retry(s, 123456789);
  case 3: return sse_serializer_write_keepalive(s);
  default: ev.id.ptr = NULL, ev.id.len = 0; return sse_serializer_write_event(s, &ev);
  }
}
#define SERIALIZER_STEPS 24

/* Write every step (retrying a write that failed), collecting the output through
 * consume; returns the number of ENOMEM results. *created tells whether
 * sse_serializer_new succeeded. */
static size_t serializer_scenario(test_allocator *alloc, byte_log *out, int *created) {
  sse_serializer_options opts = SSE_SERIALIZER_OPTIONS_INIT;
  opts.allocator = &alloc->hooks;
  sse_serializer *s = (sse_serializer *)&opts;
  size_t enomem = 0;
  int rc = sse_serializer_new(&s, &opts);
  *created = rc == 0;
  if (rc != 0) {
    assert_int_equal(rc, SSE_ENOMEM);
    assert_null(s);
    return 1;
  }
  for (int step = 0; step < SERIALIZER_STEPS; step++) {
    sse_str before = sse_serializer_pending(s);
    size_t before_len = before.len;
    rc = serializer_write(s, step % 5);
    if (rc == SSE_ENOMEM) {
      enomem++;
      assert_int_equal(sse_serializer_pending(s).len, before_len); /* nothing appended */
      assert_int_equal(serializer_write(s, step % 5), 0);          /* and it recovers */
    } else {
      assert_int_equal(rc, 0);
    }
    if (step % 3 == 2) { /* drain now and then, so the buffer shrinks and regrows */
      sse_str pending = sse_serializer_pending(s);
      byte_log_escaped(out, pending.ptr, pending.len);
      assert_int_equal(sse_serializer_consume(s, pending.len), 0);
    }
  }
  sse_str pending = sse_serializer_pending(s);
  byte_log_escaped(out, pending.ptr, pending.len);
  sse_serializer_free(s);
  return enomem;
}

static void test_serializer_every_failed_allocation_gives_enomem_and_no_leak(void **state) {
  (void)state;
  test_allocator alloc;
  test_allocator_init(&alloc, 1);
  byte_log ref;
  byte_log_init(&ref);
  int created = 0;
  assert_int_equal(serializer_scenario(&alloc, &ref, &created), 0);
  assert_int_equal(alloc.live_blocks, 0);
  const size_t total = alloc.allocations;
  assert_true(total >= 1);

  for (size_t n = 1; n <= total; n++) {
    test_allocator_init(&alloc, 1);
    alloc.fail_at = n;
    byte_log out;
    byte_log_init(&out);
    size_t enomem = serializer_scenario(&alloc, &out, &created);
    assert_int_equal(alloc.failures, 1);
    if (enomem != 1) fail_msg("allocation %zu failed but %zu calls gave SSE_ENOMEM", n, enomem);
    if (created) logs_match("serializer output after a retried write", ref.text, out.text, 1);
    if (alloc.live_blocks != 0)
      fail_msg("allocation %zu failed: %zu blocks leaked", n, alloc.live_blocks);
    assert_int_equal(alloc.bad_frees, 0);
    byte_log_free(&out);
  }
  printf("# serializer: %zu allocations, each failed once, all gave SSE_ENOMEM\n", total);
  byte_log_free(&ref);
}

/* The library must work with hooks that have no realloc (common.h allows NULL). */
static void test_parser_and_serializer_work_without_a_realloc_hook(void **state) {
  (void)state;
  test_allocator alloc;
  test_allocator_init(&alloc, 0);
  run_result r = {0, {NULL, 0, 0}};
  parser_scenario(&alloc, &r);
  assert_false(r.hit_enomem);
  assert_true(strstr(r.log.text, "event type=message data=short") != NULL);
  byte_log_free(&r.log);
  byte_log out;
  byte_log_init(&out);
  int created = 0;
  assert_int_equal(serializer_scenario(&alloc, &out, &created), 0);
  assert_true(created);
  byte_log_free(&out);
  assert_int_equal(alloc.live_blocks, 0);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_parser_every_failed_allocation_gives_enomem_and_no_leak),
      cmocka_unit_test(test_serializer_every_failed_allocation_gives_enomem_and_no_leak),
      cmocka_unit_test(test_parser_and_serializer_work_without_a_realloc_hook),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
