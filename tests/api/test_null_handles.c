/* Every function given a NULL handle returns SSE_EINVAL (recording it in
 * sse_error_last) or, for getters and void functions, its documented neutral value;
 * every _free(NULL) does nothing (sse.h "Errors", house style B13). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <sse/sse.h>

/* Assert a call failed with SSE_EINVAL and said why. */
#define ASSERT_EINVAL(call)                                   \
  do {                                                        \
    sse_error_clear();                                        \
    assert_int_equal((call), SSE_EINVAL);                     \
    assert_int_equal(sse_error_last()->code, SSE_EINVAL);     \
    assert_non_null(sse_error_last()->message);               \
    assert_true(sse_error_last()->message[0] != '\0');        \
  } while (0)

static void test_parser_functions_reject_a_null_handle(void **state) {
  (void)state;
  size_t consumed = 77;
  ASSERT_EINVAL(sse_parser_feed(NULL, "x", 1, &consumed));
  ASSERT_EINVAL(sse_parser_feed(NULL, NULL, 0, NULL));
  ASSERT_EINVAL(sse_parser_finish(NULL));
  ASSERT_EINVAL(sse_parser_reset(NULL));
  ASSERT_EINVAL(sse_parser_set_last_event_id(NULL, "x", 1));
  ASSERT_EINVAL(sse_parser_new(NULL, NULL, NULL, NULL));
}

static void test_parser_getters_on_null_return_neutral_values(void **state) {
  (void)state;
  sse_str id = sse_parser_last_event_id(NULL);
  assert_null(id.ptr);
  assert_int_equal(id.len, 0);
  assert_int_equal(sse_parser_skipped_events(NULL), 0);
  assert_null(sse_parser_user_data(NULL));
  sse_parser_set_user_data(NULL, &id); /* does nothing, must not crash */
}

static void test_serializer_functions_reject_a_null_handle(void **state) {
  (void)state;
  sse_event ev = {{NULL, 0}, {"x", 1}, {NULL, 0}};
  sse_str text = {"c", 1};
  char buf[4];
  size_t written = 77;
  ASSERT_EINVAL(sse_serializer_write_event(NULL, &ev));
  ASSERT_EINVAL(sse_serializer_write_comment(NULL, text));
  ASSERT_EINVAL(sse_serializer_write_keepalive(NULL));
  ASSERT_EINVAL(sse_serializer_write_retry(NULL, 5));
  ASSERT_EINVAL(sse_serializer_consume(NULL, 0));
  ASSERT_EINVAL(sse_serializer_drain(NULL, buf, sizeof buf, &written));
  ASSERT_EINVAL(sse_serializer_reset(NULL));
  ASSERT_EINVAL(sse_serializer_new(NULL, NULL));
  sse_str pending = sse_serializer_pending(NULL);
  assert_null(pending.ptr);
  assert_int_equal(pending.len, 0);
}

static void test_serializer_write_event_rejects_a_null_event(void **state) {
  (void)state;
  sse_serializer *s = NULL;
  assert_int_equal(sse_serializer_new(&s, NULL), 0);
  ASSERT_EINVAL(sse_serializer_write_event(s, NULL));
  assert_int_equal(sse_serializer_pending(s).len, 0);
  sse_serializer_free(s);
}

static void test_options_init_functions_reject_null(void **state) {
  (void)state;
  ASSERT_EINVAL(sse_parser_options_init(NULL, SSE_PARSER_OPTIONS_VERSION));
  ASSERT_EINVAL(sse_parser_callbacks_init(NULL, SSE_PARSER_CALLBACKS_VERSION));
  ASSERT_EINVAL(sse_serializer_options_init(NULL, SSE_SERIALIZER_OPTIONS_VERSION));
}

static void test_free_null_does_nothing(void **state) {
  (void)state;
  sse_error_clear();
  sse_parser_free(NULL);
  sse_serializer_free(NULL);
  assert_int_equal(sse_error_last()->code, 0); /* not even an error */
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_parser_functions_reject_a_null_handle),
      cmocka_unit_test(test_parser_getters_on_null_return_neutral_values),
      cmocka_unit_test(test_serializer_functions_reject_a_null_handle),
      cmocka_unit_test(test_serializer_write_event_rejects_a_null_event),
      cmocka_unit_test(test_options_init_functions_reject_null),
      cmocka_unit_test(test_free_null_does_nothing),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
