/* What a subscriber receives, byte for byte: retry hint, initial message, replay,
 * live events; topics and their index; ids; history bounds; gap notices. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <sse/sse.h>

#include "pub_fixture.h"

static const char *const T[] = {"t", NULL};

static void test_order_retry_initial_replay_live(void **state) {
  (void)state;
  sse_publisher_options po = quiet_options();
  sse_publisher *p = open_publisher(&po);
  publish_data(p, "t", "a", NULL);
  publish_data(p, "t", "b", NULL);
  publish_data(p, "t", "c", NULL);

  sse_str topic = str_of("t");
  sse_message initial = SSE_MESSAGE_INIT;
  initial.comment = str_of("hello");
  sse_subscriber_options so = SSE_SUBSCRIBER_OPTIONS_INIT;
  so.topics = &topic;
  so.n_topics = 1;
  so.last_event_id = str_of("E-1");
  so.initial = &initial;
  so.retry_ms = 3000;
  so.keep_alive_ms = 0;
  sse_subscriber *s = NULL;
  assert_int_equal(sse_subscriber_new(&s, p, &so), 0);
  publish_data(p, "t", "d", NULL);
  assert_drained(s, "retry: 3000\n: hello\n"
                    "id: E-2\ndata: b\n\n"
                    "id: E-3\ndata: c\n\n"
                    "id: E-4\ndata: d\n\n");
  sse_subscriber_free(s);
  sse_publisher_free(p);
}

/* A message without an id (initial or final) gets no `id:` line: an empty one would
 * reset the client's last event ID. */
static void test_initial_event_without_id_has_no_id_line(void **state) {
  (void)state;
  sse_publisher_options po = quiet_options();
  sse_publisher *p = open_publisher(&po);
  sse_str topic = str_of("t");
  sse_message initial = SSE_MESSAGE_INIT;
  initial.data = str_of("welcome");
  sse_subscriber_options so = SSE_SUBSCRIBER_OPTIONS_INIT;
  so.topics = &topic;
  so.n_topics = 1;
  so.initial = &initial;
  so.keep_alive_ms = 0;
  sse_subscriber *s = NULL;
  assert_int_equal(sse_subscriber_new(&s, p, &so), 0);
  assert_drained(s, "data: welcome\n\n");
  sse_subscriber_free(s);
  sse_publisher_free(p);
}

static void test_event_fields_and_multiline_data(void **state) {
  (void)state;
  sse_publisher_options po = quiet_options();
  sse_publisher *p = open_publisher(&po);
  sse_subscriber *s = subscribe(p, T, NULL);
  sse_str t = str_of("t");
  sse_message m = SSE_MESSAGE_INIT;
  m.type = str_of("tick");
  m.data = str_of("one\ntwo\r\nthree");
  m.id = str_of("mine");
  m.retry_ms = 500;
  m.comment = str_of("note");
  char id[8];
  size_t id_len = 0;
  assert_int_equal(sse_publisher_publish(p, &t, 1, &m, id, sizeof id, &id_len), 0);
  assert_string_equal(id, "mine");
  assert_int_equal(id_len, 4);
  assert_drained(s, ": note\nretry: 500\nevent: tick\nid: mine\ndata: one\ndata: two\ndata: three\n\n");
  sse_subscriber_free(s);
  sse_publisher_free(p);
}

static void test_generated_ids_count_up_and_truncate_like_snprintf(void **state) {
  (void)state;
  sse_publisher_options po = quiet_options();
  po.epoch = str_of("epoch7");
  sse_publisher *p = open_publisher(&po);
  sse_str t = str_of("t");
  sse_message m = SSE_MESSAGE_INIT;
  m.data = str_of("x");
  char id[32];
  size_t len = 0;
  assert_int_equal(sse_publisher_publish(p, &t, 1, &m, id, sizeof id, &len), 0);
  assert_string_equal(id, "epoch7-1");
  char small[4];
  assert_int_equal(sse_publisher_publish(p, &t, 1, &m, small, sizeof small, &len), 0);
  assert_string_equal(small, "epo");
  assert_int_equal(len, strlen("epoch7-2"));
  sse_publisher_free(p);
}

static void test_random_epochs_differ_between_publishers(void **state) {
  (void)state;
  sse_publisher *a = open_publisher(NULL), *b = open_publisher(NULL);
  sse_str t = str_of("t");
  sse_message m = SSE_MESSAGE_INIT;
  m.data = str_of("x");
  char ida[64], idb[64];
  assert_int_equal(sse_publisher_publish(a, &t, 1, &m, ida, sizeof ida, NULL), 0);
  assert_int_equal(sse_publisher_publish(b, &t, 1, &m, idb, sizeof idb, NULL), 0);
  assert_string_not_equal(ida, idb);
  assert_non_null(strstr(ida, "-1"));
  sse_publisher_free(a);
  sse_publisher_free(b);
}

static void test_caller_ids_are_checked(void **state) {
  (void)state;
  sse_publisher_options po = quiet_options();
  po.history_events = 2;
  sse_publisher *p = open_publisher(&po);
  sse_str t = str_of("t");
  sse_message m = SSE_MESSAGE_INIT;
  m.data = str_of("x");
  m.id = str_of("a");
  assert_int_equal(sse_publisher_publish(p, &t, 1, &m, NULL, 0, NULL), 0);
  assert_int_equal(sse_publisher_publish(p, &t, 1, &m, NULL, 0, NULL), SSE_EINVAL);
  assert_non_null(strstr(sse_error_last()->message, "already"));
  m.id = str_of("");
  assert_int_equal(sse_publisher_publish(p, &t, 1, &m, NULL, 0, NULL), SSE_EINVAL);
  m.id = str_of("E-9");
  assert_int_equal(sse_publisher_publish(p, &t, 1, &m, NULL, 0, NULL), SSE_EINVAL);
  assert_non_null(strstr(sse_error_last()->message, "reserved"));
  m.id = str_of("a\nb");
  assert_int_equal(sse_publisher_publish(p, &t, 1, &m, NULL, 0, NULL), SSE_EFIELD);
  /* Once "a" left the history (2 newer events), it may be used again. */
  publish_data(p, "t", "y", NULL);
  publish_data(p, "t", "z", NULL);
  m.id = str_of("a");
  assert_int_equal(sse_publisher_publish(p, &t, 1, &m, NULL, 0, NULL), 0);
  sse_publisher_free(p);
}

static void test_invalid_topics_are_refused_with_a_message(void **state) {
  (void)state;
  sse_publisher_options po = quiet_options();
  sse_publisher *p = open_publisher(&po);
  sse_message m = SSE_MESSAGE_INIT;
  m.data = str_of("x");
  const sse_str bad[] = {{"", 0}, {"a\rb", 3}, {"a\nb", 3}, {"a\0b", 3}, {"\xff", 1}};
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    assert_int_equal(sse_publisher_publish(p, &bad[i], 1, &m, NULL, 0, NULL), SSE_EINVAL);
    assert_non_null(strstr(sse_error_last()->message, "topic"));
    sse_subscriber_options so = SSE_SUBSCRIBER_OPTIONS_INIT;
    so.topics = &bad[i];
    so.n_topics = 1;
    sse_subscriber *s = (sse_subscriber *)&m;
    assert_int_equal(sse_subscriber_new(&s, p, &so), SSE_EINVAL);
    assert_null(s);
    size_t count = 7;
    assert_int_equal(sse_publisher_topic_subscribers(p, bad[i], &count), SSE_EINVAL);
  }
  assert_int_equal(sse_publisher_publish(p, NULL, 0, &m, NULL, 0, NULL), SSE_EINVAL);
  sse_publisher_stats st = SSE_PUBLISHER_STATS_INIT;
  assert_int_equal(sse_publisher_get_stats(p, &st), 0);
  assert_int_equal(st.published, 0);
  sse_publisher_free(p);
}

static void test_several_topics_reach_a_subscriber_once(void **state) {
  (void)state;
  sse_publisher_options po = quiet_options();
  sse_publisher *p = open_publisher(&po);
  static const char *const ab[] = {"a", "b", NULL}, *const b[] = {"b", NULL},
                           *const c[] = {"c", NULL};
  sse_subscriber *sab = subscribe(p, ab, NULL), *sb = subscribe(p, b, NULL),
                 *sc = subscribe(p, c, NULL);
  sse_str topics[] = {str_of("a"), str_of("b")};
  sse_message m = SSE_MESSAGE_INIT;
  m.data = str_of("x");
  assert_int_equal(sse_publisher_publish(p, topics, 2, &m, NULL, 0, NULL), 0);
  assert_drained(sab, "id: E-1\ndata: x\n\n");
  assert_drained(sb, "id: E-1\ndata: x\n\n");
  assert_drained(sc, "");
  size_t n = 0;
  assert_int_equal(sse_publisher_topic_subscribers(p, str_of("b"), &n), 0);
  assert_int_equal(n, 2);
  sse_publisher_stats st = SSE_PUBLISHER_STATS_INIT;
  assert_int_equal(sse_publisher_get_stats(p, &st), 0);
  assert_int_equal(st.delivered, 2);
  assert_int_equal(st.subscribers, 3);
  sse_subscriber_free(sb);
  assert_int_equal(sse_publisher_topic_subscribers(p, str_of("b"), &n), 0);
  assert_int_equal(n, 1);
  sse_subscriber_free(sab);
  sse_subscriber_free(sc);
  assert_int_equal(sse_publisher_get_stats(p, &st), 0);
  assert_int_equal(st.subscribers, 0);
  sse_publisher_free(p);
}

static void test_replay_keeps_to_the_subscribers_topics(void **state) {
  (void)state;
  sse_publisher_options po = quiet_options();
  sse_publisher *p = open_publisher(&po);
  publish_data(p, "a", "1", NULL);
  publish_data(p, "b", "2", NULL);
  publish_data(p, "a", "3", NULL);
  publish_data(p, "c", "4", NULL);
  static const char *const ac[] = {"a", "c", NULL};
  sse_subscriber *s = subscribe(p, ac, "E-1");
  assert_drained(s, "id: E-3\ndata: 3\n\nid: E-4\ndata: 4\n\n");
  sse_subscriber_free(s);
  sse_publisher_free(p);
}

static void test_history_is_bounded_by_count_and_bytes(void **state) {
  (void)state;
  sse_publisher_options po = quiet_options();
  po.history_events = 3;
  sse_publisher *p = open_publisher(&po);
  for (int i = 0; i < 10; i++) publish_data(p, "t", "x", NULL);
  sse_publisher_stats st = SSE_PUBLISHER_STATS_INIT;
  assert_int_equal(sse_publisher_get_stats(p, &st), 0);
  assert_int_equal(st.history_events, 3);
  assert_int_equal(st.history_bytes, 3 * strlen("id: E-10\ndata: x\n\n") - 2);
  sse_subscriber *s = subscribe(p, T, "E-8");
  assert_drained(s, "id: E-9\ndata: x\n\nid: E-10\ndata: x\n\n");
  sse_subscriber_free(s);
  sse_publisher_free(p);

  po = quiet_options();
  po.history_bytes = 40; /* two frames of 18-19 bytes */
  p = open_publisher(&po);
  for (int i = 0; i < 5; i++) publish_data(p, "t", "x", NULL);
  assert_int_equal(sse_publisher_get_stats(p, &st), 0);
  assert_int_equal(st.history_events, 2);
  assert_true(st.history_bytes <= 40);
  sse_publisher_free(p);
}

static void test_gap_notices_say_why(void **state) {
  (void)state;
  sse_publisher_options po = quiet_options();
  po.history_events = 2;
  sse_publisher *p = open_publisher(&po);
  for (int i = 0; i < 4; i++) publish_data(p, "t", "x", NULL);
  const char *replay = "id: E-3\ndata: x\n\nid: E-4\ndata: x\n\n";
  char want[256];

  sse_subscriber *s = subscribe(p, T, "E-1");
  snprintf(want, sizeof want, "event: sse-gap\ndata: {\"last_id\":\"E-1\",\"reason\":\"expired\"}\n\n%s", replay);
  assert_drained(s, want);
  sse_subscriber_free(s);

  s = subscribe(p, T, "E-99");
  snprintf(want, sizeof want, "event: sse-gap\ndata: {\"last_id\":\"E-99\",\"reason\":\"unknown\"}\n\n%s", replay);
  assert_drained(s, want);
  sse_subscriber_free(s);

  s = subscribe(p, T, "F-2");
  snprintf(want, sizeof want, "event: sse-gap\ndata: {\"last_id\":\"F-2\",\"reason\":\"epoch\"}\n\n%s", replay);
  assert_drained(s, want);
  sse_subscriber_free(s);

  s = subscribe(p, T, "q\"\\");
  snprintf(want, sizeof want, "event: sse-gap\ndata: {\"last_id\":\"q\\\"\\\\\",\"reason\":\"unknown\"}\n\n%s", replay);
  assert_drained(s, want);
  sse_subscriber_free(s);

  s = subscribe(p, T, "E-3");
  assert_drained(s, "id: E-4\ndata: x\n\n");
  sse_subscriber_free(s);
  sse_publisher_free(p);

  po.gap_notice = SSE_GAP_COMMENT;
  p = open_publisher(&po);
  publish_data(p, "t", "x", NULL);
  s = subscribe(p, T, "old");
  assert_drained(s, ": sse-gap unknown old\nid: E-1\ndata: x\n\n");
  sse_subscriber_free(s);
  sse_publisher_free(p);

  po.gap_notice = SSE_GAP_OFF;
  p = open_publisher(&po);
  publish_data(p, "t", "x", NULL);
  s = subscribe(p, T, "old");
  assert_drained(s, "id: E-1\ndata: x\n\n");
  sse_subscriber_free(s);
  sse_publisher_free(p);
}

static void test_messages_without_data_are_live_only(void **state) {
  (void)state;
  sse_publisher_options po = quiet_options();
  sse_publisher *p = open_publisher(&po);
  sse_subscriber *s = subscribe(p, T, NULL);
  sse_str t = str_of("t");
  sse_message m = SSE_MESSAGE_INIT;
  m.comment = str_of("hi");
  size_t len = 9;
  assert_int_equal(sse_publisher_publish(p, &t, 1, &m, NULL, 0, &len), 0);
  assert_int_equal(len, 0);
  assert_drained(s, ": hi\n");
  sse_publisher_stats st = SSE_PUBLISHER_STATS_INIT;
  assert_int_equal(sse_publisher_get_stats(p, &st), 0);
  assert_int_equal(st.history_events, 0);
  sse_message empty = SSE_MESSAGE_INIT;
  assert_int_equal(sse_publisher_publish(p, &t, 1, &empty, NULL, 0, NULL), SSE_EINVAL);
  empty.type = str_of("t");
  assert_int_equal(sse_publisher_publish(p, &t, 1, &empty, NULL, 0, NULL), SSE_EINVAL);
  sse_subscriber_free(s);
  sse_publisher_free(p);
}

static void test_limits_on_events_and_subscribers(void **state) {
  (void)state;
  sse_publisher_options po = quiet_options();
  po.max_event_bytes = 32;
  po.max_subscribers = 2;
  sse_publisher *p = open_publisher(&po);
  sse_str t = str_of("t");
  sse_message m = SSE_MESSAGE_INIT;
  m.data = str_of("0123456789012345678901234567890123456789");
  assert_int_equal(sse_publisher_publish(p, &t, 1, &m, NULL, 0, NULL), SSE_ELIMIT);
  sse_subscriber *a = subscribe(p, T, NULL), *b = subscribe(p, T, NULL), *c = NULL;
  sse_subscriber_options so = SSE_SUBSCRIBER_OPTIONS_INIT;
  so.topics = &t;
  so.n_topics = 1;
  assert_int_equal(sse_subscriber_new(&c, p, &so), SSE_ELIMIT);
  sse_subscriber_free(a);
  assert_int_equal(sse_subscriber_new(&c, p, &so), 0);
  sse_subscriber_free(b);
  sse_subscriber_free(c);
  sse_publisher_free(p);
}

static void test_bad_options_are_refused(void **state) {
  (void)state;
  sse_publisher *p = NULL;
  sse_publisher_options po = quiet_options();
  po.epoch = str_of("a-b");
  assert_int_equal(sse_publisher_new(&p, &po), SSE_EINVAL);
  po = quiet_options();
  po.queue_bytes = 0;
  assert_int_equal(sse_publisher_new(&p, &po), SSE_EINVAL);
  po = quiet_options();
  po.slow_policy = SSE_SLOW_INHERIT;
  assert_int_equal(sse_publisher_new(&p, &po), SSE_EINVAL);
  po = quiet_options();
  po.version = 99;
  assert_int_equal(sse_publisher_new(&p, &po), SSE_EVERSION);
  assert_null(p);
  p = open_publisher(NULL);
  sse_subscriber *s = NULL;
  sse_subscriber_options so = SSE_SUBSCRIBER_OPTIONS_INIT;
  assert_int_equal(sse_subscriber_new(&s, p, &so), SSE_EINVAL); /* no topics */
  assert_int_equal(sse_subscriber_new(&s, p, NULL), SSE_EINVAL);
  sse_publisher_free(p);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_order_retry_initial_replay_live),
      cmocka_unit_test(test_initial_event_without_id_has_no_id_line),
      cmocka_unit_test(test_event_fields_and_multiline_data),
      cmocka_unit_test(test_generated_ids_count_up_and_truncate_like_snprintf),
      cmocka_unit_test(test_random_epochs_differ_between_publishers),
      cmocka_unit_test(test_caller_ids_are_checked),
      cmocka_unit_test(test_invalid_topics_are_refused_with_a_message),
      cmocka_unit_test(test_several_topics_reach_a_subscriber_once),
      cmocka_unit_test(test_replay_keeps_to_the_subscribers_topics),
      cmocka_unit_test(test_history_is_bounded_by_count_and_bytes),
      cmocka_unit_test(test_gap_notices_say_why),
      cmocka_unit_test(test_messages_without_data_are_live_only),
      cmocka_unit_test(test_limits_on_events_and_subscribers),
      cmocka_unit_test(test_bad_options_are_refused),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
