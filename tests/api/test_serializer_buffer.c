/* The serializer's pending buffer: pending/consume (zero copy), drain (copy out),
 * reset, and max_pending_bytes (SSE_ELIMIT, nothing appended). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>
#include <sse/sse.h>

static sse_serializer *new_serializer(size_t max_pending) {
  sse_serializer_options opts = SSE_SERIALIZER_OPTIONS_INIT;
  if (max_pending) opts.max_pending_bytes = max_pending;
  sse_serializer *s = NULL;
  assert_int_equal(sse_serializer_new(&s, &opts), 0);
  return s;
}

static void write_data(sse_serializer *s, const char *data, int want_rc) {
  sse_event ev = {{NULL, 0}, {data, strlen(data)}, {NULL, 0}};
  assert_int_equal(sse_serializer_write_event(s, &ev), want_rc);
}

static void assert_pending(sse_serializer *s, const char *want) {
  sse_str p = sse_serializer_pending(s);
  assert_int_equal(p.len, strlen(want));
  if (p.len) assert_memory_equal(p.ptr, want, p.len);
}

static void test_serializer_pending_is_empty_initially(void **state) {
  (void)state;
  sse_serializer *s = new_serializer(0);
  assert_int_equal(sse_serializer_pending(s).len, 0);
  sse_serializer_free(s);
}

static void test_serializer_consume_drops_bytes_from_the_front(void **state) {
  (void)state;
  sse_serializer *s = new_serializer(0);
  write_data(s, "abc", 0);
  assert_int_equal(sse_serializer_consume(s, 6), 0); /* "data: " */
  assert_pending(s, "abc\n\n");
  assert_int_equal(sse_serializer_consume(s, 0), 0);
  assert_pending(s, "abc\n\n");
  write_data(s, "z", 0);
  assert_pending(s, "abc\n\ndata: z\n\n");
  assert_int_equal(sse_serializer_consume(s, 14), 0);
  assert_pending(s, "");
  sse_serializer_free(s);
}

static void test_serializer_consume_more_than_pending_fails_and_keeps_output(void **state) {
  (void)state;
  sse_serializer *s = new_serializer(0);
  write_data(s, "abc", 0);
  sse_error_clear();
  assert_int_equal(sse_serializer_consume(s, 12), SSE_EINVAL);
  assert_int_equal(sse_error_last()->code, SSE_EINVAL);
  assert_pending(s, "data: abc\n\n");
  sse_serializer_free(s);
}

static void test_serializer_drain_copies_in_pieces(void **state) {
  (void)state;
  sse_serializer *s = new_serializer(0);
  write_data(s, "hello", 0);
  char buf[5];
  size_t written = 0;
  assert_int_equal(sse_serializer_drain(s, buf, sizeof buf, &written), 0);
  assert_int_equal(written, 5);
  assert_memory_equal(buf, "data:", 5);
  assert_int_equal(sse_serializer_drain(s, buf, sizeof buf, &written), 0);
  assert_int_equal(written, 5);
  assert_memory_equal(buf, " hell", 5);
  assert_int_equal(sse_serializer_drain(s, buf, sizeof buf, &written), 0);
  assert_int_equal(written, 3);
  assert_memory_equal(buf, "o\n\n", 3);
  assert_int_equal(sse_serializer_drain(s, buf, sizeof buf, &written), 0);
  assert_int_equal(written, 0);
  assert_int_equal(sse_serializer_drain(s, NULL, 0, NULL), 0);
  assert_int_equal(sse_serializer_drain(s, NULL, 1, &written), SSE_EINVAL);
  sse_serializer_free(s);
}

static void test_serializer_reset_discards_pending_output(void **state) {
  (void)state;
  sse_serializer *s = new_serializer(0);
  write_data(s, "abc", 0);
  assert_int_equal(sse_serializer_reset(s), 0);
  assert_pending(s, "");
  write_data(s, "x", 0);
  assert_pending(s, "data: x\n\n");
  sse_serializer_free(s);
}

static void test_serializer_max_pending_rejects_a_write_that_would_exceed_it(void **state) {
  (void)state;
  sse_serializer *s = new_serializer(20);
  write_data(s, "12345", 0); /* 13 bytes */
  sse_error_clear();
  write_data(s, "12345", SSE_ELIMIT); /* would make 26 */
  assert_int_equal(sse_error_last()->code, SSE_ELIMIT);
  assert_true(strlen(sse_error_last()->message) > 0);
  assert_pending(s, "data: 12345\n\n");
  assert_int_equal(sse_serializer_write_comment(s, (sse_str){"0123456789", 10}), SSE_ELIMIT);
  assert_int_equal(sse_serializer_write_retry(s, 1234567890), SSE_ELIMIT);
  assert_pending(s, "data: 12345\n\n");
  /* A keepalive still fits (13 + 2 = 15 bytes); "retry: 1\n" (9 more) does not. */
  assert_int_equal(sse_serializer_write_keepalive(s), 0);
  assert_int_equal(sse_serializer_write_retry(s, 1), SSE_ELIMIT);
  assert_pending(s, "data: 12345\n\n:\n");
  sse_serializer_free(s);
}

static void test_serializer_max_pending_counts_only_undrained_output(void **state) {
  (void)state;
  sse_serializer *s = new_serializer(20);
  write_data(s, "12345", 0);
  write_data(s, "12345", SSE_ELIMIT);
  assert_int_equal(sse_serializer_consume(s, 13), 0);
  write_data(s, "12345", 0); /* room again after draining */
  assert_pending(s, "data: 12345\n\n");
  sse_serializer_free(s);
}

static void test_serializer_max_pending_allows_exactly_the_limit(void **state) {
  (void)state;
  sse_serializer *s = new_serializer(13);
  write_data(s, "12345", 0); /* exactly 13 bytes */
  assert_int_equal(sse_serializer_write_keepalive(s), SSE_ELIMIT);
  sse_serializer_free(s);
}

static void test_serializer_options_reject_zero_max_pending(void **state) {
  (void)state;
  sse_serializer_options opts = SSE_SERIALIZER_OPTIONS_INIT;
  opts.max_pending_bytes = 0;
  sse_serializer *s = (sse_serializer *)&opts;
  assert_int_equal(sse_serializer_new(&s, &opts), SSE_EINVAL);
  assert_null(s);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_serializer_pending_is_empty_initially),
      cmocka_unit_test(test_serializer_consume_drops_bytes_from_the_front),
      cmocka_unit_test(test_serializer_consume_more_than_pending_fails_and_keeps_output),
      cmocka_unit_test(test_serializer_drain_copies_in_pieces),
      cmocka_unit_test(test_serializer_reset_discards_pending_output),
      cmocka_unit_test(test_serializer_max_pending_rejects_a_write_that_would_exceed_it),
      cmocka_unit_test(test_serializer_max_pending_counts_only_undrained_output),
      cmocka_unit_test(test_serializer_max_pending_allows_exactly_the_limit),
      cmocka_unit_test(test_serializer_options_reject_zero_max_pending),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
