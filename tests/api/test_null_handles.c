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

static void test_publisher_functions_reject_a_null_handle(void **state) {
  (void)state;
  sse_str topic = {"t", 1};
  sse_message m = SSE_MESSAGE_INIT;
  m.data = topic;
  sse_publisher_stats st = SSE_PUBLISHER_STATS_INIT;
  size_t count = 77;
  ASSERT_EINVAL(sse_publisher_new(NULL, NULL));
  ASSERT_EINVAL(sse_publisher_publish(NULL, &topic, 1, &m, NULL, 0, NULL));
  ASSERT_EINVAL(sse_publisher_close(NULL, NULL));
  ASSERT_EINVAL(sse_publisher_get_stats(NULL, &st));
  ASSERT_EINVAL(sse_publisher_topic_subscribers(NULL, topic, &count));

  sse_publisher *p = NULL;
  assert_int_equal(sse_publisher_new(&p, NULL), 0);
  ASSERT_EINVAL(sse_publisher_publish(p, NULL, 1, &m, NULL, 0, NULL));
  ASSERT_EINVAL(sse_publisher_publish(p, &topic, 1, NULL, NULL, 0, NULL));
  ASSERT_EINVAL(sse_publisher_get_stats(p, NULL));
  ASSERT_EINVAL(sse_subscriber_new(NULL, p, NULL));
  sse_subscriber *s = (sse_subscriber *)&count; /* must be overwritten with NULL */
  ASSERT_EINVAL(sse_subscriber_new(&s, p, NULL));
  assert_null(s);
  ASSERT_EINVAL(sse_subscriber_new(&s, NULL, NULL));
  assert_null(s);
  sse_publisher_free(p);
}

static void test_subscriber_functions_reject_a_null_handle(void **state) {
  (void)state;
  sse_str chunks[2];
  sse_frame_ref frames[2];
  char buf[8];
  size_t n = 77;
  int fd = -7;
  ASSERT_EINVAL(sse_subscriber_peek(NULL, chunks, 2, &n));
  ASSERT_EINVAL(sse_subscriber_consume(NULL, 0));
  ASSERT_EINVAL(sse_subscriber_take(NULL, frames, 2, &n));
  ASSERT_EINVAL(sse_subscriber_read(NULL, buf, sizeof buf, &n));
  ASSERT_EINVAL(sse_subscriber_wait(NULL, 0));
  ASSERT_EINVAL(sse_subscriber_wakeup(NULL));
  ASSERT_EINVAL(sse_subscriber_fd(NULL, &fd));
  ASSERT_EINVAL(sse_subscriber_close(NULL));
  assert_int_equal(sse_subscriber_close_reason(NULL), SSE_CLOSE_NONE);
  assert_int_equal(sse_subscriber_queued_bytes(NULL), 0);
  assert_null(sse_subscriber_user_data(NULL));
}

/* The embedded server is an optional part of libsse (<sse/features.h>). */
#if SSE_HAS_SERVER
static void test_server_functions_reject_a_null_handle(void **state) {
  (void)state;
  sse_server_stats st = SSE_SERVER_STATS_INIT;
  ASSERT_EINVAL(sse_server_new(NULL, NULL, NULL));
  sse_server *srv = (sse_server *)&st; /* must be overwritten with NULL */
  ASSERT_EINVAL(sse_server_new(&srv, NULL, NULL));
  assert_null(srv);
  ASSERT_EINVAL(sse_server_start(NULL));
  ASSERT_EINVAL(sse_server_stop(NULL, 0));
  ASSERT_EINVAL(sse_server_get_stats(NULL, &st));
  assert_true(sse_server_port(NULL) < 0);
  ASSERT_EINVAL(sse_server_options_init(NULL, SSE_SERVER_OPTIONS_VERSION));
  sse_error_clear();
  sse_server_free(NULL);
  assert_int_equal(sse_error_last()->code, 0); /* not even an error */
}
#endif

static void test_options_init_functions_reject_null(void **state) {
  (void)state;
  ASSERT_EINVAL(sse_parser_options_init(NULL, SSE_PARSER_OPTIONS_VERSION));
  ASSERT_EINVAL(sse_parser_callbacks_init(NULL, SSE_PARSER_CALLBACKS_VERSION));
  ASSERT_EINVAL(sse_serializer_options_init(NULL, SSE_SERIALIZER_OPTIONS_VERSION));
  ASSERT_EINVAL(sse_publisher_options_init(NULL, SSE_PUBLISHER_OPTIONS_VERSION));
  ASSERT_EINVAL(sse_subscriber_options_init(NULL, SSE_SUBSCRIBER_OPTIONS_VERSION));
  ASSERT_EINVAL(sse_message_init(NULL, SSE_MESSAGE_VERSION));
}

static void test_free_null_does_nothing(void **state) {
  (void)state;
  sse_error_clear();
  sse_parser_free(NULL);
  sse_serializer_free(NULL);
  sse_publisher_free(NULL);
  sse_subscriber_free(NULL);
  sse_frame_release(NULL);
  assert_int_equal(sse_error_last()->code, 0); /* not even an error */
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_parser_functions_reject_a_null_handle),
      cmocka_unit_test(test_parser_getters_on_null_return_neutral_values),
      cmocka_unit_test(test_serializer_functions_reject_a_null_handle),
      cmocka_unit_test(test_serializer_write_event_rejects_a_null_event),
      cmocka_unit_test(test_publisher_functions_reject_a_null_handle),
      cmocka_unit_test(test_subscriber_functions_reject_a_null_handle),
#if SSE_HAS_SERVER
      cmocka_unit_test(test_server_functions_reject_a_null_handle),
#endif
      cmocka_unit_test(test_options_init_functions_reject_null),
      cmocka_unit_test(test_free_null_does_nothing),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
