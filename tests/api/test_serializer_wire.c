/* Golden wire output of every serializer write (serializer.h, spec S8). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>
#include <sse/sse.h>

#include "../support/byte_log.h"

static int setup(void **state) {
  sse_serializer *s = NULL;
  if (sse_serializer_new(&s, NULL) != 0) return -1;
  *state = s;
  return 0;
}

static int teardown(void **state) {
  sse_serializer_free(*state);
  return 0;
}

#define ABSENT ((sse_str){NULL, 0})
static sse_str text(const char *s) { return (sse_str){s, strlen(s)}; }
static sse_str bytes(const char *s, size_t n) { return (sse_str){s, n}; }

/* Compare the pending output with `want` (escaped on mismatch for readability). */
static void assert_wire(sse_serializer *s, const char *want, size_t want_len) {
  sse_str got = sse_serializer_pending(s);
  if (got.len == want_len && (want_len == 0 || memcmp(got.ptr, want, want_len) == 0)) return;
  byte_log a, b;
  byte_log_init(&a);
  byte_log_init(&b);
  byte_log_escaped(&a, want, want_len);
  byte_log_escaped(&b, got.ptr ? got.ptr : "", got.len);
  print_error("expected: %s\nactual:   %s\n", a.text, b.text);
  byte_log_free(&a);
  byte_log_free(&b);
  fail();
}
#define ASSERT_WIRE(s, literal) assert_wire((s), (literal), sizeof(literal) - 1)

static void write_event(sse_serializer *s, sse_str type, sse_str data, sse_str id) {
  sse_event ev;
  ev.type = type;
  ev.data = data;
  ev.id = id;
  assert_int_equal(sse_serializer_write_event(s, &ev), 0);
}

static void test_serializer_writes_data_only_event(void **state) {
  write_event(*state, ABSENT, text("hello"), ABSENT);
  ASSERT_WIRE(*state, "data: hello\n\n");
}

static void test_serializer_writes_type_id_then_data(void **state) {
  write_event(*state, text("add"), text("x"), text("42"));
  ASSERT_WIRE(*state, "event: add\nid: 42\ndata: x\n\n");
}

static void test_serializer_omits_empty_type(void **state) {
  write_event(*state, text(""), text("x"), ABSENT);
  ASSERT_WIRE(*state, "data: x\n\n");
}

static void test_serializer_writes_present_empty_id_as_reset(void **state) {
  write_event(*state, ABSENT, text("x"), text(""));
  ASSERT_WIRE(*state, "id:\ndata: x\n\n");
}

static void test_serializer_writes_empty_data_as_one_data_line(void **state) {
  write_event(*state, ABSENT, text(""), ABSENT);
  ASSERT_WIRE(*state, "data:\n\n");
}

static void test_serializer_omits_absent_data(void **state) {
  write_event(*state, ABSENT, ABSENT, text("7"));
  ASSERT_WIRE(*state, "id: 7\n\n");
}

static void test_serializer_writes_event_with_nothing_as_blank_line(void **state) {
  write_event(*state, ABSENT, ABSENT, ABSENT);
  ASSERT_WIRE(*state, "\n");
}

static void test_serializer_splits_data_at_lf_cr_and_crlf(void **state) {
  write_event(*state, ABSENT, text("a\nb\rc\r\nd"), ABSENT);
  ASSERT_WIRE(*state, "data: a\ndata: b\ndata: c\ndata: d\n\n");
}

static void test_serializer_writes_empty_lines_inside_data(void **state) {
  write_event(*state, ABSENT, text("a\n\nb"), ABSENT);
  ASSERT_WIRE(*state, "data: a\ndata:\ndata: b\n\n");
}

static void test_serializer_keeps_trailing_line_break_of_data(void **state) {
  write_event(*state, ABSENT, text("a\n"), ABSENT);
  ASSERT_WIRE(*state, "data: a\ndata:\n\n");
}

static void test_serializer_data_of_one_line_break_gives_two_empty_lines(void **state) {
  write_event(*state, ABSENT, text("\r\n"), ABSENT);
  ASSERT_WIRE(*state, "data:\ndata:\n\n");
}

static void test_serializer_keeps_leading_space_of_values(void **state) {
  /* S8: exactly one space after the colon, so a leading space survives parsing. */
  write_event(*state, text(" t"), text(" x"), text(" i"));
  ASSERT_WIRE(*state, "event:  t\nid:  i\ndata:  x\n\n");
}

static void test_serializer_keeps_nul_and_utf8_in_data(void **state) {
  write_event(*state, ABSENT, bytes("a\0b \xE2\x82\xAC", 7), ABSENT);
  ASSERT_WIRE(*state, "data: a\0b \xE2\x82\xAC\n\n");
}

static void test_serializer_keeps_nul_in_type(void **state) {
  write_event(*state, bytes("t\0u", 3), text("x"), ABSENT);
  ASSERT_WIRE(*state, "event: t\0u\ndata: x\n\n");
}

static void test_serializer_appends_consecutive_writes(void **state) {
  write_event(*state, ABSENT, text("1"), ABSENT);
  write_event(*state, ABSENT, text("2"), ABSENT);
  ASSERT_WIRE(*state, "data: 1\n\ndata: 2\n\n");
}

static void test_serializer_writes_comment(void **state) {
  assert_int_equal(sse_serializer_write_comment(*state, text("hi there")), 0);
  ASSERT_WIRE(*state, ": hi there\n");
}

static void test_serializer_writes_empty_and_absent_comment_as_colon(void **state) {
  assert_int_equal(sse_serializer_write_comment(*state, text("")), 0);
  assert_int_equal(sse_serializer_write_comment(*state, ABSENT), 0);
  ASSERT_WIRE(*state, ":\n:\n");
}

static void test_serializer_splits_comment_lines(void **state) {
  assert_int_equal(sse_serializer_write_comment(*state, text("a\nb\r\n\rc")), 0);
  ASSERT_WIRE(*state, ": a\n: b\n:\n: c\n");
}

static void test_serializer_writes_keepalive(void **state) {
  assert_int_equal(sse_serializer_write_keepalive(*state), 0);
  ASSERT_WIRE(*state, ":\n");
}

static void test_serializer_writes_retry(void **state) {
  assert_int_equal(sse_serializer_write_retry(*state, 0), 0);
  assert_int_equal(sse_serializer_write_retry(*state, 3000), 0);
  assert_int_equal(sse_serializer_write_retry(*state, UINT64_MAX), 0);
  ASSERT_WIRE(*state, "retry: 0\nretry: 3000\nretry: 18446744073709551615\n");
}

#define FRESH(t) cmocka_unit_test_setup_teardown(t, setup, teardown)

int main(void) {
  const struct CMUnitTest tests[] = {
      FRESH(test_serializer_writes_data_only_event),
      FRESH(test_serializer_writes_type_id_then_data),
      FRESH(test_serializer_omits_empty_type),
      FRESH(test_serializer_writes_present_empty_id_as_reset),
      FRESH(test_serializer_writes_empty_data_as_one_data_line),
      FRESH(test_serializer_omits_absent_data),
      FRESH(test_serializer_writes_event_with_nothing_as_blank_line),
      FRESH(test_serializer_splits_data_at_lf_cr_and_crlf),
      FRESH(test_serializer_writes_empty_lines_inside_data),
      FRESH(test_serializer_keeps_trailing_line_break_of_data),
      FRESH(test_serializer_data_of_one_line_break_gives_two_empty_lines),
      FRESH(test_serializer_keeps_leading_space_of_values),
      FRESH(test_serializer_keeps_nul_and_utf8_in_data),
      FRESH(test_serializer_keeps_nul_in_type),
      FRESH(test_serializer_appends_consecutive_writes),
      FRESH(test_serializer_writes_comment),
      FRESH(test_serializer_writes_empty_and_absent_comment_as_colon),
      FRESH(test_serializer_splits_comment_lines),
      FRESH(test_serializer_writes_keepalive),
      FRESH(test_serializer_writes_retry),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
