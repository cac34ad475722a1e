/* max_event_bytes (parser.h): an event in progress (data buffer + event type + the
 * current line) may not grow past the limit. An oversized event is reported once
 * through on_error with SSE_ELIMIT, counted, skipped up to the next blank line, and
 * the feed goes on; memory stays bounded by the limit whatever the peer sends. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <sse/sse.h>

#include "../support/recorded_parser.h"
#include "../support/recorder.h"
#include "../support/test_allocator.h"

#define MIB ((size_t)1024 * 1024)
#define CHUNK_BYTES ((size_t)64 * 1024)

/* Feed `total` bytes as copies of `chunk` (CHUNK_BYTES long); the last may be cut short. */
static void feed_repeated(sse_parser *p, const char *chunk, size_t total) {
  for (size_t left = total; left > 0;) {
    size_t k = left < CHUNK_BYTES ? left : CHUNK_BYTES;
    assert_int_equal(sse_parser_feed(p, chunk, k, NULL), 0);
    left -= k;
  }
}

/* Feed "data:" + n x 'a', without ending the line. */
static void feed_data_line_unterminated(sse_parser *p, size_t n) {
  static char chunk[CHUNK_BYTES];
  memset(chunk, 'a', sizeof chunk);
  feed_text(p, "data:");
  feed_repeated(p, chunk, n);
}

/* Feed "data:" + n x 'a' + "\n\n" in 64 KiB chunks. */
static void feed_data_event(sse_parser *p, size_t n) {
  feed_data_line_unterminated(p, n);
  feed_text(p, "\n\n");
}

static void test_limit_default_is_16_mib(void **state) {
  (void)state;
  sse_parser_options opts;
  assert_int_equal(sse_parser_options_init(&opts, SSE_PARSER_OPTIONS_VERSION), 0);
  assert_int_equal(opts.max_event_bytes, 16 * MIB);
  assert_int_equal(SSE_PARSER_DEFAULT_MAX_EVENT_BYTES, 16 * MIB);
}

static void test_limit_default_accepts_15_mib_and_skips_17_mib(void **state) {
  (void)state;
  recorded_parser rp;
  recorded_parser_open(&rp, NULL, NULL); /* NULL options */

  feed_data_event(rp.p, 15 * MIB);
  assert_int_equal(rp.rec.count[RECORD_EVENT], 1);
  assert_int_equal(rp.rec.count[RECORD_ERROR], 0);

  feed_data_event(rp.p, 17 * MIB);
  assert_int_equal(rp.rec.count[RECORD_EVENT], 1);
  assert_int_equal(rp.rec.count[RECORD_ERROR], 1);
  assert_int_equal(sse_parser_skipped_events(rp.p), 1);
  recorded_parser_close(&rp);
}

static void test_limit_custom_accepts_events_well_below_it(void **state) {
  (void)state;
  recorded_parser rp;
  recorded_parser_open_with(&rp, 1024, NULL);
  feed_data_event(rp.p, 300);
  assert_int_equal(rp.rec.count[RECORD_EVENT], 1);
  assert_int_equal(rp.rec.count[RECORD_ERROR], 0);
  assert_int_equal(sse_parser_skipped_events(rp.p), 0);
  recorded_parser_close(&rp);
}

static void test_limit_counts_event_type_and_data_together(void **state) {
  (void)state;
  recorded_parser rp;
  recorded_parser_open_with(&rp, 64, NULL);
  /* Every line is under 64 bytes, but type (40) + data (41) is over. */
  feed_text(rp.p, "event:tttttttttttttttttttttttttttttttttttttttt\n"
                  "data:dddddddddddddddddddddddddddddddddddddddd\n\n"
                  "data:ok\n\n");
  assert_string_equal(rp.rec.log.text, "error ELIMIT\nevent type=message data=ok id=\n");
  recorded_parser_close(&rp);
}

static void test_limit_oversized_event_is_counted_and_the_next_event_delivered(void **state) {
  (void)state;
  recorded_parser rp;
  recorded_parser_open_with(&rp, 1024, NULL);
  feed_data_event(rp.p, 5000);
  feed_text(rp.p, "data:next\n\n");
  feed_data_event(rp.p, 5000);
  feed_text(rp.p, "data:last\n\n");
  assert_string_equal(rp.rec.log.text,
                      "error ELIMIT\n"
                      "event type=message data=next id=\n"
                      "error ELIMIT\n"
                      "event type=message data=last id=\n");
  assert_int_equal(sse_parser_skipped_events(rp.p), 2);
  recorded_parser_close(&rp);
}

static void test_limit_skipped_counter_is_cleared_by_reset(void **state) {
  (void)state;
  recorded_parser rp;
  recorded_parser_open_with(&rp, 64, NULL);
  feed_data_event(rp.p, 500);
  assert_int_equal(sse_parser_skipped_events(rp.p), 1);
  assert_int_equal(sse_parser_reset(rp.p), 0);
  assert_int_equal(sse_parser_skipped_events(rp.p), 0);
  recorded_parser_close(&rp);
}

static void test_limit_without_error_callback_still_skips_and_feed_succeeds(void **state) {
  (void)state;
  sse_parser_callbacks cbs = recorder_callbacks();
  cbs.on_error = NULL;
  sse_parser_options opts = parser_options(64, NULL);
  recorded_parser rp;
  recorded_parser_open(&rp, &opts, &cbs);
  feed_data_event(rp.p, 500);
  feed_text(rp.p, "data:ok\n\n");
  assert_string_equal(rp.rec.log.text, "event type=message data=ok id=\n");
  assert_int_equal(sse_parser_skipped_events(rp.p), 1);
  recorded_parser_close(&rp);
}

static void test_limit_zero_is_rejected(void **state) {
  (void)state;
  sse_parser_options opts = SSE_PARSER_OPTIONS_INIT;
  opts.max_event_bytes = 0;
  sse_parser *p = NULL;
  assert_int_equal(sse_parser_new(&p, &opts, NULL, NULL), SSE_EINVAL);
  assert_null(p);
}

static void test_limit_size_max_is_accepted(void **state) {
  (void)state;
  recorded_parser rp;
  recorded_parser_open_with(&rp, SIZE_MAX, NULL);
  feed_data_event(rp.p, 1000);
  assert_int_equal(rp.rec.count[RECORD_EVENT], 1);
  recorded_parser_close(&rp);
}

/* A hostile peer: 64 MiB without a single line break, limit 1 MiB. Memory held by
 * the parser must stay near the limit, not grow with the input. */
static void test_limit_endless_line_keeps_memory_bounded(void **state) {
  (void)state;
  test_allocator alloc;
  test_allocator_init(&alloc, 1);
  recorded_parser rp;
  recorded_parser_open_with(&rp, 1 * MIB, &alloc);
  feed_data_line_unterminated(rp.p, 64 * MIB);
  assert_string_equal(rp.rec.log.text, "error ELIMIT\n"); /* once, not per chunk */
  assert_true(alloc.peak_bytes < 4 * MIB);

  feed_text(rp.p, "\n\ndata:ok\n\n");
  assert_string_equal(rp.rec.log.text, "error ELIMIT\nevent type=message data=ok id=\n");
  assert_int_equal(sse_parser_skipped_events(rp.p), 1);
  recorded_parser_close(&rp);
  assert_int_equal(alloc.live_blocks, 0);
}

/* Same, with an endless block of short data lines and no blank line. */
static void test_limit_endless_block_of_short_lines_keeps_memory_bounded(void **state) {
  (void)state;
  test_allocator alloc;
  test_allocator_init(&alloc, 1);
  recorded_parser rp;
  recorded_parser_open_with(&rp, 1 * MIB, &alloc);
  static char chunk[CHUNK_BYTES];
  for (size_t i = 0; i < sizeof chunk; i += 8) memcpy(chunk + i, "data:xy\n", 8);
  feed_repeated(rp.p, chunk, 64 * MIB);
  assert_string_equal(rp.rec.log.text, "error ELIMIT\n");
  assert_true(alloc.peak_bytes < 4 * MIB);
  feed_text(rp.p, "\ndata:ok\n\n");
  assert_string_equal(rp.rec.log.text, "error ELIMIT\nevent type=message data=ok id=\n");
  recorded_parser_close(&rp);
}

/* P19 (b): a retry too large for uint64_t is clamped, never wrapped. */
static void test_retry_with_a_thousand_digits_is_clamped(void **state) {
  (void)state;
  recorded_parser rp;
  recorded_parser_open_with(&rp, 0, NULL);
  char line[1100] = "retry:";
  memset(line + 6, '9', 1000);
  strcpy(line + 1006, "\nretry:18446744073709551616\nretry:36893488147419103231\n");
  feed_text(rp.p, line);
  assert_string_equal(rp.rec.log.text,
                      "retry 18446744073709551615\n"
                      "retry 18446744073709551615\n"
                      "retry 18446744073709551615\n");
  recorded_parser_close(&rp);
}
int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_limit_default_is_16_mib),
      cmocka_unit_test(test_limit_default_accepts_15_mib_and_skips_17_mib),
      cmocka_unit_test(test_limit_custom_accepts_events_well_below_it),
      cmocka_unit_test(test_limit_counts_event_type_and_data_together),
      cmocka_unit_test(test_limit_oversized_event_is_counted_and_the_next_event_delivered),
      cmocka_unit_test(test_limit_skipped_counter_is_cleared_by_reset),
      cmocka_unit_test(test_limit_without_error_callback_still_skips_and_feed_succeeds),
      cmocka_unit_test(test_limit_zero_is_rejected),
      cmocka_unit_test(test_limit_size_max_is_accepted),
      cmocka_unit_test(test_limit_endless_line_keeps_memory_bounded),
      cmocka_unit_test(test_limit_endless_block_of_short_lines_keeps_memory_bounded),
      cmocka_unit_test(test_retry_with_a_thousand_digits_is_clamped),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
