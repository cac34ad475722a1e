/* The error model (common.h, house style B7): sse_strerror texts, the thread-local
 * sse_error_last() detail, sse_error_clear() and sse_is_fatal(). */
#define _POSIX_C_SOURCE 200809L

#include <limits.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>
#include <sse/sse.h>

static const int all_codes[] = {
#define CODE_ENTRY(name, value, text) SSE_##name,
    SSE_ERROR_MAP(CODE_ENTRY)
#undef CODE_ENTRY
};
#define N_CODES (sizeof all_codes / sizeof all_codes[0])

static void test_every_error_code_has_its_own_nonempty_text(void **state) {
  (void)state;
  assert_int_equal(N_CODES, 12);
  for (size_t i = 0; i < N_CODES; i++) {
    const char *text = sse_strerror(all_codes[i]);
    assert_non_null(text);
    assert_true(strlen(text) > 0);
    assert_string_not_equal(text, "Unknown error");
    for (size_t j = 0; j < i; j++) assert_string_not_equal(text, sse_strerror(all_codes[j]));
  }
}

static void test_strerror_text_comes_from_the_header_table(void **state) {
  (void)state;
#define SAME_TEXT(name, value, text) assert_string_equal(sse_strerror(value), text);
  SSE_ERROR_MAP(SAME_TEXT)
#undef SAME_TEXT
}

static void test_codes_are_negative_distinct_and_fixed(void **state) {
  (void)state;
  /* Append-only ABI values: they may never change. */
  assert_int_equal(SSE_EINVAL, -1);
  assert_int_equal(SSE_ENOMEM, -2);
  assert_int_equal(SSE_EBUSY, -3);
  assert_int_equal(SSE_ELIMIT, -4);
  assert_int_equal(SSE_EVERSION, -5);
  assert_int_equal(SSE_EUSER, -6);
  assert_int_equal(SSE_EPROTO, -7);
  assert_int_equal(SSE_EIO, -8);
  assert_int_equal(SSE_ETIMEDOUT, -9);
  assert_int_equal(SSE_ECLOSED, -10);
  assert_int_equal(SSE_EINTERNAL, -11);
  assert_int_equal(SSE_EFIELD, -12);
  assert_int_equal(SSE_OK, 0);
  assert_int_equal(SSE_PAUSED, 1);
  assert_int_equal(SSE_PAUSE, 1);
}

static void test_strerror_of_success_paused_and_unknown_codes(void **state) {
  (void)state;
  assert_string_equal(sse_strerror(0), "Success");
  assert_string_equal(sse_strerror(SSE_PAUSED), "Paused");
  const int unknown[] = {-13, -100, 2, 1000, INT_MIN, INT_MAX};
  for (size_t i = 0; i < sizeof unknown / sizeof unknown[0]; i++)
    assert_string_equal(sse_strerror(unknown[i]), "Unknown error");
}

static void test_error_last_starts_empty_and_clear_empties_it(void **state) {
  (void)state;
  sse_error_clear();
  const sse_error *e = sse_error_last();
  assert_non_null(e);
  assert_int_equal(e->code, 0);
  assert_non_null(e->message);
  assert_string_equal(e->message, "");
  assert_int_equal(sse_parser_new(NULL, NULL, NULL, NULL), SSE_EINVAL);
  assert_int_equal(sse_error_last()->code, SSE_EINVAL);
  sse_error_clear();
  assert_int_equal(sse_error_last()->code, 0);
  assert_string_equal(sse_error_last()->message, "");
}

static void test_error_last_is_set_by_each_failure_and_kept_by_success(void **state) {
  (void)state;
  sse_error_clear();
  sse_parser_options opts;
  assert_int_equal(sse_parser_options_init(&opts, 99), SSE_EVERSION);
  assert_int_equal(sse_error_last()->code, SSE_EVERSION);
  assert_true(strlen(sse_error_last()->message) > 0);

  sse_serializer *s = NULL;
  assert_int_equal(sse_serializer_new(&s, NULL), 0);
  assert_int_equal(sse_error_last()->code, SSE_EVERSION); /* success does not clear */
  sse_event ev = {{"a\nb", 3}, {"x", 1}, {NULL, 0}};
  assert_int_equal(sse_serializer_write_event(s, &ev), SSE_EFIELD);
  assert_int_equal(sse_error_last()->code, SSE_EFIELD);
  assert_true(strlen(sse_error_last()->message) > 0);
  assert_int_equal(sse_serializer_consume(s, 1), SSE_EINVAL);
  assert_int_equal(sse_error_last()->code, SSE_EINVAL);
  sse_serializer_free(s);
}

static void test_is_fatal_for_enomem_and_einternal_not_for_argument_errors(void **state) {
  (void)state;
  /* common.h names these two; the client codes (EPROTO, EIO, ...) are left open. */
  assert_int_equal(sse_is_fatal(SSE_ENOMEM), 1);
  assert_int_equal(sse_is_fatal(SSE_EINTERNAL), 1);
  /* A rejected argument or call never damages the handle. */
  const int recoverable[] = {SSE_EINVAL, SSE_EBUSY, SSE_ELIMIT, SSE_EVERSION, SSE_EUSER,
                             SSE_EFIELD, 0, SSE_PAUSED};
  for (size_t i = 0; i < sizeof recoverable / sizeof recoverable[0]; i++)
    assert_int_equal(sse_is_fatal(recoverable[i]), 0);
}

/* ---------------------------------------------------------- thread-local -- */

typedef struct thread_report {
  int code_at_start;
  int code_after_failure;
  char message[128];
} thread_report;

static void *fail_on_another_thread(void *arg) {
  thread_report *r = arg;
  r->code_at_start = sse_error_last()->code;
  sse_serializer *s = NULL;
  (void)sse_serializer_new(&s, NULL);
  (void)sse_serializer_consume(s, 100); /* SSE_EINVAL on this thread */
  r->code_after_failure = sse_error_last()->code;
  strncpy(r->message, sse_error_last()->message, sizeof r->message - 1);
  sse_serializer_free(s);
  return NULL;
}

static void test_error_last_is_per_thread(void **state) {
  (void)state;
  sse_parser_options opts;
  assert_int_equal(sse_parser_options_init(&opts, 0), SSE_EINVAL);
  assert_int_equal(sse_parser_options_init(&opts, 99), SSE_EVERSION);
  char mine[128] = {0};
  strncpy(mine, sse_error_last()->message, sizeof mine - 1);

  thread_report r;
  memset(&r, 0, sizeof r);
  pthread_t t;
  assert_int_equal(pthread_create(&t, NULL, fail_on_another_thread, &r), 0);
  assert_int_equal(pthread_join(t, NULL), 0);

  assert_int_equal(r.code_at_start, 0); /* a new thread sees nothing of ours */
  assert_int_equal(r.code_after_failure, SSE_EINVAL);
  assert_true(strlen(r.message) > 0);
  /* Our own error is untouched by the other thread's failure. */
  assert_int_equal(sse_error_last()->code, SSE_EVERSION);
  assert_string_equal(sse_error_last()->message, mine);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_every_error_code_has_its_own_nonempty_text),
      cmocka_unit_test(test_strerror_text_comes_from_the_header_table),
      cmocka_unit_test(test_codes_are_negative_distinct_and_fixed),
      cmocka_unit_test(test_strerror_of_success_paused_and_unknown_codes),
      cmocka_unit_test(test_error_last_starts_empty_and_clear_empties_it),
      cmocka_unit_test(test_error_last_is_set_by_each_failure_and_kept_by_success),
      cmocka_unit_test(test_is_fatal_for_enomem_and_einternal_not_for_argument_errors),
      cmocka_unit_test(test_error_last_is_per_thread),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
