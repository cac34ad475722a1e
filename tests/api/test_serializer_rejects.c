/* Values that would break the framing are rejected, never altered (serializer.h,
 * spec S8): CR or LF in `event` or `id`, NUL in `id` (P18 would ignore it), invalid
 * UTF-8 anywhere. The write fails with SSE_EFIELD, says why in sse_error_last(), and
 * appends nothing: output written before stays byte for byte. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>
#include <sse/sse.h>

#define ABSENT ((sse_str){NULL, 0})
static sse_str bytes(const char *s, size_t n) { return (sse_str){s, n}; }
#define LIT(s) bytes((s), sizeof(s) - 1)

static const char earlier[] = "data: before\n\n";

/* A serializer that already holds some output, to prove a failure appends nothing. */
static int setup(void **state) {
  sse_serializer *s = NULL;
  if (sse_serializer_new(&s, NULL) != 0) return -1;
  sse_event ev = {ABSENT, LIT("before"), ABSENT};
  if (sse_serializer_write_event(s, &ev) != 0) return -1;
  *state = s;
  return 0;
}

static int teardown(void **state) {
  sse_serializer_free(*state);
  return 0;
}

static void assert_only_earlier_output(sse_serializer *s) {
  sse_str out = sse_serializer_pending(s);
  assert_int_equal(out.len, sizeof earlier - 1);
  assert_memory_equal(out.ptr, earlier, out.len);
}

static void assert_event_rejected(sse_serializer *s, sse_str type, sse_str data, sse_str id) {
  sse_event ev;
  ev.type = type;
  ev.data = data;
  ev.id = id;
  sse_error_clear();
  assert_int_equal(sse_serializer_write_event(s, &ev), SSE_EFIELD);
  assert_int_equal(sse_error_last()->code, SSE_EFIELD);
  assert_true(strlen(sse_error_last()->message) > 0);
  assert_only_earlier_output(s);
}

static void test_serializer_rejects_line_breaks_in_type(void **state) {
  assert_event_rejected(*state, LIT("a\nb"), LIT("x"), ABSENT);
  assert_event_rejected(*state, LIT("a\rb"), LIT("x"), ABSENT);
  assert_event_rejected(*state, LIT("a\r\n"), LIT("x"), ABSENT);
  assert_event_rejected(*state, LIT("\n"), ABSENT, ABSENT);
}

static void test_serializer_rejects_line_breaks_in_id(void **state) {
  assert_event_rejected(*state, ABSENT, LIT("x"), LIT("1\n2"));
  assert_event_rejected(*state, ABSENT, LIT("x"), LIT("1\r"));
  assert_event_rejected(*state, ABSENT, LIT("x"), LIT("\r\n"));
}

static void test_serializer_rejects_nul_in_id(void **state) {
  assert_event_rejected(*state, ABSENT, LIT("x"), LIT("a\0b"));
  assert_event_rejected(*state, ABSENT, LIT("x"), LIT("\0"));
}

static void test_serializer_rejects_invalid_utf8_in_every_field(void **state) {
  /* The P2 examples: overlong, surrogate, above U+10FFFF, truncated; plus lone bytes. */
  static const char *const bad[] = {"\xC0\x80", "\xED\xA0\x80", "\xF4\x90\x80\x80", "\xE2\x82",
                                    "\x80", "\xFF", "ok\xFE"};
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    sse_str v = bytes(bad[i], strlen(bad[i]));
    assert_event_rejected(*state, v, LIT("x"), ABSENT);
    assert_event_rejected(*state, ABSENT, v, ABSENT);
    assert_event_rejected(*state, ABSENT, LIT("x"), v);
    sse_error_clear();
    assert_int_equal(sse_serializer_write_comment(*state, v), SSE_EFIELD);
    assert_int_equal(sse_error_last()->code, SSE_EFIELD);
    assert_true(strlen(sse_error_last()->message) > 0);
    assert_only_earlier_output(*state);
  }
}

static void test_serializer_rejects_invalid_utf8_on_a_later_data_line(void **state) {
  /* The first lines are fine; nothing of them may be written either. */
  assert_event_rejected(*state, LIT("t"), LIT("good\nstill good\n\xC3"), LIT("1"));
}

static void test_serializer_accepts_what_it_must_not_reject(void **state) {
  /* Boundary values that are valid: U+10FFFF, U+FFFD, U+FEFF, NUL in type and data. */
  sse_event ev = {LIT("t\0"), LIT("\xF4\x8F\xBF\xBF\xEF\xBF\xBD\xEF\xBB\xBF\0"),
                  LIT("\xF4\x8F\xBF\xBF")};
  assert_int_equal(sse_serializer_write_event(*state, &ev), 0);
  assert_true(sse_serializer_pending(*state).len > sizeof earlier - 1);
}

#define FRESH(t) cmocka_unit_test_setup_teardown(t, setup, teardown)

int main(void) {
  const struct CMUnitTest tests[] = {
      FRESH(test_serializer_rejects_line_breaks_in_type),
      FRESH(test_serializer_rejects_line_breaks_in_id),
      FRESH(test_serializer_rejects_nul_in_id),
      FRESH(test_serializer_rejects_invalid_utf8_in_every_field),
      FRESH(test_serializer_rejects_invalid_utf8_on_a_later_data_line),
      FRESH(test_serializer_accepts_what_it_must_not_reject),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
