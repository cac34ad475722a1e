/* Versioned structs (house style B4): the INIT macro and the init function agree
 * member by member; version 0 is EINVAL, a newer version EVERSION, every version
 * from 1 to the current one is accepted; _new checks the version too. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>
#include <sse/sse.h>

/* If a member is appended, these sizes change and the test points here: compare the
 * new member below too. */
static void test_struct_layouts_are_the_ones_this_test_knows(void **state) {
  (void)state;
  assert_int_equal(offsetof(sse_parser_options, allocator) + sizeof(void *),
                   sizeof(sse_parser_options));
  assert_int_equal(offsetof(sse_parser_callbacks, on_error) + sizeof(void (*)(void)),
                   sizeof(sse_parser_callbacks));
  assert_int_equal(offsetof(sse_serializer_options, allocator) + sizeof(void *),
                   sizeof(sse_serializer_options));
  /* The version is always the first member. */
  assert_int_equal(offsetof(sse_parser_options, version), 0);
  assert_int_equal(offsetof(sse_parser_callbacks, version), 0);
  assert_int_equal(offsetof(sse_serializer_options, version), 0);
}

#define SAME_MEMBER(a, b, m) assert_memory_equal(&(a).m, &(b).m, sizeof (a).m)

static void test_parser_options_macro_equals_init_function(void **state) {
  (void)state;
  sse_parser_options macro = SSE_PARSER_OPTIONS_INIT;
  sse_parser_options func;
  memset(&func, 0xA5, sizeof func); /* init must set every member */
  assert_int_equal(sse_parser_options_init(&func, SSE_PARSER_OPTIONS_VERSION), 0);
  SAME_MEMBER(macro, func, version);
  SAME_MEMBER(macro, func, max_event_bytes);
  SAME_MEMBER(macro, func, allocator);
  assert_int_equal(func.version, SSE_PARSER_OPTIONS_VERSION);
  assert_int_equal(func.max_event_bytes, SSE_PARSER_DEFAULT_MAX_EVENT_BYTES);
  assert_null(func.allocator);
}

static void test_parser_callbacks_macro_equals_init_function(void **state) {
  (void)state;
  sse_parser_callbacks macro = SSE_PARSER_CALLBACKS_INIT;
  sse_parser_callbacks func;
  memset(&func, 0xA5, sizeof func);
  assert_int_equal(sse_parser_callbacks_init(&func, SSE_PARSER_CALLBACKS_VERSION), 0);
  SAME_MEMBER(macro, func, version);
  SAME_MEMBER(macro, func, on_event);
  SAME_MEMBER(macro, func, on_comment);
  SAME_MEMBER(macro, func, on_retry);
  SAME_MEMBER(macro, func, on_error);
  assert_int_equal(func.version, SSE_PARSER_CALLBACKS_VERSION);
  assert_true(func.on_event == NULL);
  assert_true(func.on_error == NULL);
}

static void test_serializer_options_macro_equals_init_function(void **state) {
  (void)state;
  sse_serializer_options macro = SSE_SERIALIZER_OPTIONS_INIT;
  sse_serializer_options func;
  memset(&func, 0xA5, sizeof func);
  assert_int_equal(sse_serializer_options_init(&func, SSE_SERIALIZER_OPTIONS_VERSION), 0);
  SAME_MEMBER(macro, func, version);
  SAME_MEMBER(macro, func, max_pending_bytes);
  SAME_MEMBER(macro, func, allocator);
  assert_int_equal(func.max_pending_bytes, SSE_SERIALIZER_DEFAULT_MAX_PENDING_BYTES);
  assert_int_equal(SSE_SERIALIZER_DEFAULT_MAX_PENDING_BYTES, (size_t)64 * 1024 * 1024);
}

/* The client is an optional part of libsse (<sse/features.h>). */
#if SSE_HAS_CLIENT
static void test_client_structs_macro_equals_init_function(void **state) {
  (void)state;
  sse_client_options macro = SSE_CLIENT_OPTIONS_INIT;
  sse_client_options func;
  memset(&func, 0xA5, sizeof func);
  assert_int_equal(sse_client_options_init(&func, SSE_CLIENT_OPTIONS_VERSION), 0);
  SAME_MEMBER(macro, func, version);
  SAME_MEMBER(macro, func, url);
  SAME_MEMBER(macro, func, accept_encoding);
  SAME_MEMBER(macro, func, connect_timeout_ms);
  SAME_MEMBER(macro, func, retry_ms);
  SAME_MEMBER(macro, func, max_backoff_ms);
  SAME_MEMBER(macro, func, backoff_reset_ms);
  SAME_MEMBER(macro, func, jitter_percent);
  SAME_MEMBER(macro, func, max_redirects);
  SAME_MEMBER(macro, func, max_event_bytes);
  SAME_MEMBER(macro, func, max_failure_body_bytes);
  SAME_MEMBER(macro, func, allocator);
  /* The documented defaults (issue 3: 1 s, x2 up to 30 s, 50 % jitter, reset after
   * 60 s, 20 redirects per M12). */
  assert_int_equal(func.retry_ms, 1000);
  assert_int_equal(func.max_backoff_ms, 30000);
  assert_int_equal(func.backoff_reset_ms, 60000);
  assert_int_equal(func.jitter_percent, 50);
  assert_int_equal(func.max_redirects, 20);
  assert_int_equal(func.insecure, 0);
  assert_int_equal(func.accept_encoding, 1);
  assert_int_equal(func.max_attempts, 0);
  assert_int_equal(func.retry_status_count, 0);
  assert_int_equal(func.max_event_bytes, SSE_PARSER_DEFAULT_MAX_EVENT_BYTES);

  sse_client_callbacks cmacro = SSE_CLIENT_CALLBACKS_INIT;
  sse_client_callbacks cfunc;
  memset(&cfunc, 0xA5, sizeof cfunc);
  assert_int_equal(sse_client_callbacks_init(&cfunc, SSE_CLIENT_CALLBACKS_VERSION), 0);
  SAME_MEMBER(cmacro, cfunc, version);
  assert_true(cfunc.on_before_request == NULL && cfunc.on_disconnect == NULL);

  assert_int_equal(sse_client_options_init(&func, 0), SSE_EINVAL);
  assert_int_equal(sse_client_options_init(&func, SSE_CLIENT_OPTIONS_VERSION + 1), SSE_EVERSION);
  assert_int_equal(sse_client_callbacks_init(&cfunc, SSE_CLIENT_CALLBACKS_VERSION + 1),
                   SSE_EVERSION);

  /* Newer structs than the library knows are refused by the constructor too. */
  sse_client *c = NULL;
  macro.url = "http://127.0.0.1:9/";
  macro.version = SSE_CLIENT_OPTIONS_VERSION + 1;
  assert_int_equal(sse_client_new(&c, &macro, NULL, NULL), SSE_EVERSION);
  assert_null(c);
  macro.version = SSE_CLIENT_OPTIONS_VERSION;
  cmacro.version = 0;
  assert_int_equal(sse_client_new(&c, &macro, &cmacro, NULL), SSE_EINVAL);
  assert_null(c);

  sse_client_stats stats = SSE_CLIENT_STATS_INIT;
  assert_int_equal(stats.version, SSE_CLIENT_STATS_VERSION);
}
#endif

static void test_publisher_structs_macro_equals_init_function(void **state) {
  (void)state;
  assert_int_equal(offsetof(sse_publisher_options, allocator) + sizeof(void *),
                   sizeof(sse_publisher_options));
  assert_int_equal(offsetof(sse_message, comment) + sizeof(sse_str), sizeof(sse_message));
  assert_int_equal(offsetof(sse_subscriber_options, user_data) + sizeof(void *),
                   sizeof(sse_subscriber_options));
  assert_int_equal(offsetof(sse_publisher_stats, history_bytes) + sizeof(uint64_t),
                   sizeof(sse_publisher_stats));

  sse_publisher_options macro = SSE_PUBLISHER_OPTIONS_INIT;
  sse_publisher_options func;
  memset(&func, 0xA5, sizeof func);
  assert_int_equal(sse_publisher_options_init(&func, SSE_PUBLISHER_OPTIONS_VERSION), 0);
  SAME_MEMBER(macro, func, version);
  SAME_MEMBER(macro, func, history_events);
  SAME_MEMBER(macro, func, history_bytes);
  SAME_MEMBER(macro, func, queue_bytes);
  SAME_MEMBER(macro, func, slow_policy);
  SAME_MEMBER(macro, func, block_timeout_ms);
  SAME_MEMBER(macro, func, keep_alive_ms);
  SAME_MEMBER(macro, func, gap_notice);
  SAME_MEMBER(macro, func, max_event_bytes);
  SAME_MEMBER(macro, func, max_subscribers);
  SAME_MEMBER(macro, func, epoch);
  SAME_MEMBER(macro, func, clock);
  SAME_MEMBER(macro, func, allocator);
  /* The documented defaults. */
  assert_int_equal(func.history_events, 1024);
  assert_int_equal(func.history_bytes, 4 * 1024 * 1024);
  assert_int_equal(func.queue_bytes, 1024 * 1024);
  assert_int_equal(func.slow_policy, SSE_SLOW_DISCONNECT);
  assert_int_equal(func.keep_alive_ms, 15000);
  assert_int_equal(func.gap_notice, SSE_GAP_EVENT);

  sse_message mmacro = SSE_MESSAGE_INIT;
  sse_message mfunc;
  memset(&mfunc, 0xA5, sizeof mfunc);
  assert_int_equal(sse_message_init(&mfunc, SSE_MESSAGE_VERSION), 0);
  SAME_MEMBER(mmacro, mfunc, version);
  SAME_MEMBER(mmacro, mfunc, type);
  SAME_MEMBER(mmacro, mfunc, data);
  SAME_MEMBER(mmacro, mfunc, id);
  SAME_MEMBER(mmacro, mfunc, retry_ms);
  SAME_MEMBER(mmacro, mfunc, comment);
  assert_int_equal(mfunc.retry_ms, -1);

  sse_subscriber_options smacro = SSE_SUBSCRIBER_OPTIONS_INIT;
  sse_subscriber_options sfunc;
  memset(&sfunc, 0xA5, sizeof sfunc);
  assert_int_equal(sse_subscriber_options_init(&sfunc, SSE_SUBSCRIBER_OPTIONS_VERSION), 0);
  SAME_MEMBER(smacro, sfunc, version);
  SAME_MEMBER(smacro, sfunc, topics);
  SAME_MEMBER(smacro, sfunc, n_topics);
  SAME_MEMBER(smacro, sfunc, last_event_id);
  SAME_MEMBER(smacro, sfunc, initial);
  SAME_MEMBER(smacro, sfunc, retry_ms);
  SAME_MEMBER(smacro, sfunc, queue_bytes);
  SAME_MEMBER(smacro, sfunc, slow_policy);
  SAME_MEMBER(smacro, sfunc, keep_alive_ms);
  SAME_MEMBER(smacro, sfunc, on_ready);
  SAME_MEMBER(smacro, sfunc, user_data);
  assert_int_equal(sfunc.keep_alive_ms, -1);
  assert_int_equal(sfunc.slow_policy, SSE_SLOW_INHERIT);

  assert_int_equal(sse_publisher_options_init(&func, 0), SSE_EINVAL);
  assert_int_equal(sse_publisher_options_init(&func, SSE_PUBLISHER_OPTIONS_VERSION + 1), SSE_EVERSION);
  assert_int_equal(sse_message_init(&mfunc, 0), SSE_EINVAL);
  assert_int_equal(sse_message_init(&mfunc, SSE_MESSAGE_VERSION + 1), SSE_EVERSION);
  assert_int_equal(sse_subscriber_options_init(&sfunc, 0), SSE_EINVAL);
  assert_int_equal(sse_subscriber_options_init(&sfunc, SSE_SUBSCRIBER_OPTIONS_VERSION + 1),
                   SSE_EVERSION);

  /* The constructors and publish check versions too. */
  sse_publisher *p = NULL;
  macro.version = SSE_PUBLISHER_OPTIONS_VERSION + 1;
  assert_int_equal(sse_publisher_new(&p, &macro), SSE_EVERSION);
  assert_null(p);
  assert_int_equal(sse_publisher_new(&p, NULL), 0);
  sse_str topic = {"t", 1};
  mmacro.data = topic;
  mmacro.version = 0;
  assert_int_equal(sse_publisher_publish(p, &topic, 1, &mmacro, NULL, 0, NULL), SSE_EINVAL);
  sse_subscriber *s = NULL;
  smacro.topics = &topic;
  smacro.n_topics = 1;
  smacro.version = SSE_SUBSCRIBER_OPTIONS_VERSION + 1;
  assert_int_equal(sse_subscriber_new(&s, p, &smacro), SSE_EVERSION);
  assert_null(s);
  sse_publisher_stats st = SSE_PUBLISHER_STATS_INIT;
  st.version = SSE_PUBLISHER_STATS_VERSION + 1;
  assert_int_equal(sse_publisher_get_stats(p, &st), SSE_EVERSION);
  sse_publisher_free(p);
}

static void test_init_functions_reject_version_zero_and_newer_versions(void **state) {
  (void)state;
  sse_parser_options po;
  sse_parser_callbacks pc;
  sse_serializer_options so;
  assert_int_equal(sse_parser_options_init(&po, 0), SSE_EINVAL);
  assert_int_equal(sse_parser_callbacks_init(&pc, 0), SSE_EINVAL);
  assert_int_equal(sse_serializer_options_init(&so, 0), SSE_EINVAL);
  assert_int_equal(sse_parser_options_init(&po, SSE_PARSER_OPTIONS_VERSION + 1), SSE_EVERSION);
  assert_int_equal(sse_parser_callbacks_init(&pc, SSE_PARSER_CALLBACKS_VERSION + 1),
                   SSE_EVERSION);
  assert_int_equal(sse_serializer_options_init(&so, SSE_SERIALIZER_OPTIONS_VERSION + 1),
                   SSE_EVERSION);
}

static void test_init_functions_accept_every_older_version(void **state) {
  (void)state;
  for (unsigned v = 1; v <= SSE_PARSER_OPTIONS_VERSION; v++) {
    sse_parser_options po;
    assert_int_equal(sse_parser_options_init(&po, v), 0);
    assert_int_equal(po.version, v);
  }
  for (unsigned v = 1; v <= SSE_PARSER_CALLBACKS_VERSION; v++) {
    sse_parser_callbacks pc;
    assert_int_equal(sse_parser_callbacks_init(&pc, v), 0);
    assert_int_equal(pc.version, v);
  }
  for (unsigned v = 1; v <= SSE_SERIALIZER_OPTIONS_VERSION; v++) {
    sse_serializer_options so;
    assert_int_equal(sse_serializer_options_init(&so, v), 0);
    assert_int_equal(so.version, v);
  }
}

static void test_new_checks_struct_versions(void **state) {
  (void)state;
  sse_parser *p = NULL;
  sse_serializer *s = NULL;
  sse_parser_options po = SSE_PARSER_OPTIONS_INIT;
  sse_parser_callbacks pc = SSE_PARSER_CALLBACKS_INIT;
  sse_serializer_options so = SSE_SERIALIZER_OPTIONS_INIT;

  po.version = SSE_PARSER_OPTIONS_VERSION + 1;
  assert_int_equal(sse_parser_new(&p, &po, NULL, NULL), SSE_EVERSION);
  assert_null(p);
  po.version = 0;
  assert_int_equal(sse_parser_new(&p, &po, NULL, NULL), SSE_EINVAL);
  po.version = SSE_PARSER_OPTIONS_VERSION;

  pc.version = SSE_PARSER_CALLBACKS_VERSION + 1;
  assert_int_equal(sse_parser_new(&p, &po, &pc, NULL), SSE_EVERSION);
  pc.version = 0;
  assert_int_equal(sse_parser_new(&p, &po, &pc, NULL), SSE_EINVAL);
  assert_null(p);

  so.version = SSE_SERIALIZER_OPTIONS_VERSION + 1;
  assert_int_equal(sse_serializer_new(&s, &so), SSE_EVERSION);
  so.version = 0;
  assert_int_equal(sse_serializer_new(&s, &so), SSE_EINVAL);
  assert_null(s);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_struct_layouts_are_the_ones_this_test_knows),
      cmocka_unit_test(test_parser_options_macro_equals_init_function),
      cmocka_unit_test(test_parser_callbacks_macro_equals_init_function),
      cmocka_unit_test(test_serializer_options_macro_equals_init_function),
#if SSE_HAS_CLIENT
      cmocka_unit_test(test_client_structs_macro_equals_init_function),
#endif
      cmocka_unit_test(test_publisher_structs_macro_equals_init_function),
      cmocka_unit_test(test_init_functions_reject_version_zero_and_newer_versions),
      cmocka_unit_test(test_init_functions_accept_every_older_version),
      cmocka_unit_test(test_new_checks_struct_versions),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
