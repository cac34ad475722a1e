/* Closing and freeing in any order, pulling bytes three ways, frames that outlive
 * their publisher, and serialize-once counted through the allocator hook. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <pthread.h>
#include <time.h>

#include <cmocka.h>
#include <sse/sse.h>

#include "../support/test_allocator.h"
#include "pub_fixture.h"

static const char *const T[] = {"t", NULL};

static void test_close_sends_the_final_message_then_ends(void **state) {
  (void)state;
  sse_publisher_options po = quiet_options();
  sse_publisher *p = open_publisher(&po);
  sse_subscriber *s = subscribe(p, T, NULL);
  publish_data(p, "t", "x", NULL);
  sse_message bye = SSE_MESSAGE_INIT;
  bye.type = str_of("bye");
  bye.data = str_of("later");
  assert_int_equal(sse_publisher_close(p, &bye), 0);
  assert_int_equal(sse_publisher_close(p, NULL), 0); /* again: nothing */
  assert_int_equal(sse_subscriber_close_reason(s), SSE_CLOSE_PUBLISHER);
  int rc = 0;
  char *text = drain(s, &rc);
  assert_string_equal(text, "id: E-1\ndata: x\n\nevent: bye\ndata: later\n\n");
  assert_int_equal(rc, SSE_ECLOSED);
  free(text);
  assert_int_equal(sse_subscriber_wait(s, 1000), SSE_ECLOSED);
  sse_str t = str_of("t");
  sse_message m = SSE_MESSAGE_INIT;
  m.data = str_of("x");
  assert_int_equal(sse_publisher_publish(p, &t, 1, &m, NULL, 0, NULL), SSE_ECLOSED);
  sse_subscriber *late = NULL;
  sse_subscriber_options so = SSE_SUBSCRIBER_OPTIONS_INIT;
  so.topics = &t;
  so.n_topics = 1;
  assert_int_equal(sse_subscriber_new(&late, p, &so), SSE_ECLOSED);
  sse_message bad = SSE_MESSAGE_INIT;
  bad.type = str_of("a\nb");
  bad.data = str_of("x");
  sse_publisher *q = open_publisher(&po);
  assert_int_equal(sse_publisher_close(q, &bad), SSE_EFIELD);
  sse_publisher_free(q);
  sse_subscriber_free(s);
  sse_publisher_free(p);
}

static void test_free_in_any_order_and_frames_outlive_both(void **state) {
  (void)state;
  for (int order = 0; order < 2; order++) {
    test_allocator a;
    test_allocator_init(&a, 0);
    sse_publisher_options po = quiet_options();
    po.allocator = &a.hooks;
    sse_publisher *p = open_publisher(&po);
    sse_subscriber *s = subscribe(p, T, NULL);
    publish_data(p, "t", "hello", NULL);
    publish_data(p, "t", "world", NULL);
    sse_frame_ref refs[4];
    size_t n = 0;
    assert_int_equal(sse_subscriber_take(s, refs, 4, &n), 0);
    assert_int_equal(n, 2);
    if (order == 0) {
      sse_publisher_free(p);
      assert_int_equal(sse_subscriber_close_reason(s), SSE_CLOSE_PUBLISHER);
      sse_subscriber_free(s);
    } else {
      sse_subscriber_free(s);
      sse_publisher_free(p);
    }
    assert_true(a.live_blocks > 0); /* the frames */
    assert_memory_equal(refs[0].bytes.ptr, "id: E-1\ndata: hello\n\n", refs[0].bytes.len);
    assert_memory_equal(refs[1].bytes.ptr, "id: E-2\ndata: world\n\n", refs[1].bytes.len);
    sse_frame_release(refs[0].frame);
    sse_frame_release(refs[1].frame);
    sse_frame_release(NULL);
    assert_int_equal(a.live_blocks, 0);
    assert_int_equal(a.bad_frees, 0);
  }
}

static void test_peek_consume_and_take_continue_where_the_last_stopped(void **state) {
  (void)state;
  sse_publisher_options po = quiet_options();
  sse_publisher *p = open_publisher(&po);
  sse_subscriber *s = subscribe(p, T, NULL);
  publish_data(p, "t", "a", NULL);
  publish_data(p, "t", "b", NULL);
  publish_data(p, "t", "c", NULL);
  assert_int_equal(sse_subscriber_queued_bytes(s), 51);
  sse_str chunks[2];
  size_t n = 0;
  assert_int_equal(sse_subscriber_peek(s, chunks, 2, &n), 0);
  assert_int_equal(n, 2);
  assert_int_equal(sse_subscriber_consume(s, 52), SSE_EINVAL);
  assert_int_equal(sse_subscriber_consume(s, 20), 0); /* all of a, 3 bytes of b */
  assert_int_equal(sse_subscriber_peek(s, chunks, 2, &n), 0);
  assert_int_equal(n, 2);
  assert_int_equal(chunks[0].len, 14);
  assert_memory_equal(chunks[0].ptr, " E-2\ndata: b\n\n", 14);
  sse_frame_ref ref;
  assert_int_equal(sse_subscriber_take(s, &ref, 1, &n), 0);
  assert_int_equal(n, 1);
  assert_int_equal(ref.bytes.len, 14);
  sse_frame_release(ref.frame);
  assert_drained(s, "id: E-3\ndata: c\n\n");
  assert_int_equal(sse_subscriber_queued_bytes(s), 0);
  sse_publisher_stats st = SSE_PUBLISHER_STATS_INIT;
  assert_int_equal(sse_publisher_get_stats(p, &st), 0);
  assert_int_equal(st.bytes_queued, 0);
  assert_int_equal(st.published, 3);
  assert_int_equal(st.delivered, 3);
  sse_subscriber_free(s);
  sse_publisher_free(p);
}

static void *close_soon(void *arg) {
  struct timespec d = {0, 50000000L};
  nanosleep(&d, NULL);
  sse_subscriber_close(arg);
  return NULL;
}

static void test_close_from_another_thread_ends_a_wait(void **state) {
  (void)state;
  sse_publisher *p = open_publisher(NULL);
  sse_subscriber *s = subscribe(p, T, NULL);
  pthread_t t;
  assert_int_equal(pthread_create(&t, NULL, close_soon, s), 0);
  assert_int_equal(sse_subscriber_wait(s, 10000), SSE_ECLOSED);
  pthread_join(t, NULL);
  assert_int_equal(sse_subscriber_close_reason(s), SSE_CLOSE_BY_CALLER);
  size_t n = 1;
  assert_int_equal(sse_publisher_topic_subscribers(p, str_of("t"), &n), 0);
  assert_int_equal(n, 0);
  sse_subscriber_free(s);
  sse_publisher_free(p);
}

/* One publish to 1,000 subscribers allocates a constant number of blocks (the frame,
 * the serializer's buffer, history bookkeeping), not one per subscriber. */
static void test_a_publish_is_serialized_once(void **state) {
  (void)state;
  enum { SUBSCRIBERS = 1000 };
  test_allocator a;
  test_allocator_init(&a, 0);
  sse_publisher_options po = quiet_options();
  po.allocator = &a.hooks;
  sse_publisher *p = open_publisher(&po);
  sse_subscriber **subs = calloc(SUBSCRIBERS, sizeof *subs);
  for (int i = 0; i < SUBSCRIBERS; i++) subs[i] = subscribe(p, T, NULL);
  /* Warm up: the queues' rings and the history's first blocks. */
  for (int i = 0; i < 4; i++) publish_data(p, "t", "warm", NULL);
  test_allocator_reset_totals(&a);
  const char *payload = "a payload of some size, sixty-four bytes long, give or take a few";
  publish_data(p, "t", payload, NULL);
  print_message("# one publish to %d subscribers: %zu allocations, %zu bytes\n", SUBSCRIBERS,
                a.allocations, a.total_bytes);
  assert_true(a.allocations <= 6);
  assert_true(a.total_bytes < 2048);
  sse_frame_ref ref;
  size_t n;
  for (int i = 0; i < SUBSCRIBERS; i++) {
    free(drain(subs[i], NULL));
  }
  /* Every subscriber saw the same bytes: the one frame. */
  publish_data(p, "t", payload, NULL);
  const char *first = NULL;
  for (int i = 0; i < SUBSCRIBERS; i++) {
    assert_int_equal(sse_subscriber_take(subs[i], &ref, 1, &n), 0);
    assert_int_equal(n, 1);
    if (first == NULL) first = ref.bytes.ptr;
    assert_ptr_equal(ref.bytes.ptr, first);
    sse_frame_release(ref.frame);
    sse_subscriber_free(subs[i]);
  }
  free(subs);
  sse_publisher_free(p);
  assert_int_equal(a.live_blocks, 0);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_close_sends_the_final_message_then_ends),
      cmocka_unit_test(test_free_in_any_order_and_frames_outlive_both),
      cmocka_unit_test(test_peek_consume_and_take_continue_where_the_last_stopped),
      cmocka_unit_test(test_close_from_another_thread_ends_a_wait),
      cmocka_unit_test(test_a_publish_is_serialized_once),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
