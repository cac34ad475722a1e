/* Slow consumers: every policy's behaviour, bounded memory, and fast subscribers
 * unaffected by one that never reads. */
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

#include "pub_fixture.h"

static const char *const T[] = {"t", NULL};

static uint64_t now_us(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (uint64_t)ts.tv_sec * 1000000u + (uint64_t)ts.tv_nsec / 1000u;
}

static sse_subscriber *subscribe_with(sse_publisher *p, size_t queue_bytes, sse_slow_policy policy) {
  sse_str t = str_of("t");
  sse_subscriber_options o = SSE_SUBSCRIBER_OPTIONS_INIT;
  o.topics = &t;
  o.n_topics = 1;
  o.keep_alive_ms = 0;
  o.queue_bytes = queue_bytes;
  o.slow_policy = policy;
  sse_subscriber *s = NULL;
  assert_int_equal(sse_subscriber_new(&s, p, &o), 0);
  return s;
}

static sse_publisher_stats stats_of(sse_publisher *p) {
  sse_publisher_stats st = SSE_PUBLISHER_STATS_INIT;
  assert_int_equal(sse_publisher_get_stats(p, &st), 0);
  return st;
}

static size_t count_of(const char *text, const char *what) {
  size_t n = 0;
  for (const char *at = strstr(text, what); at != NULL; at = strstr(at + 1, what)) n++;
  return n;
}

/* "id: E-1\ndata: x\n\n" is 17 bytes: a queue of 40 holds two. */
static void test_disconnect_closes_the_laggard_and_frees_its_queue(void **state) {
  (void)state;
  sse_publisher_options po = quiet_options();
  sse_publisher *p = open_publisher(&po);
  sse_subscriber *slow = subscribe_with(p, 40, SSE_SLOW_INHERIT);
  sse_subscriber *fine = subscribe_with(p, 0, SSE_SLOW_INHERIT);
  publish_data(p, "t", "x", NULL);
  publish_data(p, "t", "x", NULL);
  assert_int_equal(sse_subscriber_close_reason(slow), SSE_CLOSE_NONE);
  publish_data(p, "t", "x", NULL);
  assert_int_equal(sse_subscriber_close_reason(slow), SSE_CLOSE_SLOW);
  assert_int_equal(sse_subscriber_queued_bytes(slow), 0);
  int rc = 0;
  char *rest = drain(slow, &rc);
  assert_string_equal(rest, "");
  assert_int_equal(rc, SSE_ECLOSED);
  free(rest);
  sse_publisher_stats st = stats_of(p);
  assert_int_equal(st.disconnected_slow, 1);
  assert_int_equal(st.subscribers, 1);
  assert_int_equal(st.bytes_queued, 3 * 17);
  /* Its client resumes from the history. */
  sse_subscriber *again = subscribe(p, T, "E-2");
  assert_drained(again, "id: E-3\ndata: x\n\n");
  assert_drained(fine, "id: E-1\ndata: x\n\nid: E-2\ndata: x\n\nid: E-3\ndata: x\n\n");
  sse_subscriber_free(again);
  sse_subscriber_free(fine);
  sse_subscriber_free(slow);
  sse_publisher_free(p);
}

static void test_drop_oldest_keeps_the_newest_after_one_gap_notice(void **state) {
  (void)state;
  sse_publisher_options po = quiet_options();
  po.slow_policy = SSE_SLOW_DROP_OLDEST;
  sse_publisher *p = open_publisher(&po);
  sse_subscriber *s = subscribe_with(p, 200, SSE_SLOW_INHERIT);
  publish_data(p, "t", "x", NULL);
  assert_drained(s, "id: E-1\ndata: x\n\n");
  for (int i = 0; i < 100; i++) {
    publish_data(p, "t", "x", NULL);
    /* Memory stays bounded: the queue, one notice and one frame at most. */
    assert_true(sse_subscriber_queued_bytes(s) <= 200 + 80 + 18);
  }
  assert_int_equal(sse_subscriber_close_reason(s), SSE_CLOSE_NONE);
  char *text = drain(s, NULL);
  const char *notice = "event: sse-gap\ndata: {\"last_id\":\"E-1\",\"reason\":\"dropped\"}\n\n";
  assert_memory_equal(text, notice, strlen(notice));
  assert_int_equal(count_of(text, "sse-gap"), 1);
  /* What follows is the newest events, in order, ending with the last one. */
  char *ids = ids_in(text);
  const char *last = strrchr(ids, ',');
  assert_string_equal(last ? last + 1 : ids, "E-101");
  size_t received = count_of(text, "id: ");
  sse_publisher_stats st = stats_of(p);
  assert_int_equal(st.dropped, 100 - received);
  assert_true(st.dropped > 50);
  free(ids);
  free(text);

  /* After a read, a new drop gets a new notice naming the last event sent. */
  for (int i = 0; i < 100; i++) publish_data(p, "t", "x", NULL);
  text = drain(s, NULL);
  assert_non_null(strstr(text, "{\"last_id\":\"E-101\",\"reason\":\"dropped\"}"));
  assert_int_equal(count_of(text, "sse-gap"), 1);
  free(text);
  sse_subscriber_free(s);
  sse_publisher_free(p);
}

static void test_drop_oldest_never_drops_a_partly_sent_frame(void **state) {
  (void)state;
  sse_publisher_options po = quiet_options();
  po.slow_policy = SSE_SLOW_DROP_OLDEST;
  po.gap_notice = SSE_GAP_COMMENT;
  sse_publisher *p = open_publisher(&po);
  sse_subscriber *s = subscribe_with(p, 40, SSE_SLOW_INHERIT);
  publish_data(p, "t", "x", NULL);
  char head[5];
  size_t n = 0;
  assert_int_equal(sse_subscriber_read(s, head, sizeof head, &n), 0);
  assert_int_equal(n, 5);
  for (int i = 0; i < 5; i++) publish_data(p, "t", "x", NULL);
  char *text = drain(s, NULL);
  /* The rest of E-1, the notice (nothing fully sent yet), then the newest. */
  const char *want = "-1\ndata: x\n\n: sse-gap dropped E-1\n";
  assert_memory_equal(text, want, strlen(want));
  char *ids = ids_in(text);
  assert_string_equal(ids, "E-6"); /* 12 + 22 + 17 bytes fill the 40 */
  free(ids);
  free(text);
  sse_subscriber_free(s);
  sse_publisher_free(p);
}

typedef struct reader_args {
  sse_subscriber *s;
  int delay_ms;
  char *text; /* what the reader drained */
} reader_args;

static void *read_after_delay(void *arg) {
  reader_args *a = arg;
  struct timespec d = {0, (long)a->delay_ms * 1000000L};
  nanosleep(&d, NULL);
  a->text = drain(a->s, NULL);
  return NULL;
}

static void test_block_waits_for_room_then_closes_the_laggard(void **state) {
  (void)state;
  sse_publisher_options po = quiet_options();
  po.slow_policy = SSE_SLOW_BLOCK;
  po.block_timeout_ms = 5000;
  sse_publisher *p = open_publisher(&po);
  sse_subscriber *s = subscribe_with(p, 40, SSE_SLOW_INHERIT);
  publish_data(p, "t", "x", NULL);
  publish_data(p, "t", "x", NULL);
  reader_args a = {s, 100, NULL};
  pthread_t reader;
  assert_int_equal(pthread_create(&reader, NULL, read_after_delay, &a), 0);
  uint64_t start = now_us();
  publish_data(p, "t", "x", NULL); /* waits until the reader made room */
  uint64_t waited = now_us() - start;
  pthread_join(reader, NULL);
  assert_true(waited >= 50000);
  assert_int_equal(sse_subscriber_close_reason(s), SSE_CLOSE_NONE);
  /* The reader may already have drained E-3 too (it reads until the queue is empty,
   * and the publish completes as soon as it made room): all three, once, in order,
   * between what it read and what is left. */
  char *rest = drain(s, NULL);
  size_t read_len = strlen(a.text);
  char *all = malloc(read_len + strlen(rest) + 1);
  assert_non_null(all);
  memcpy(all, a.text, read_len);
  strcpy(all + read_len, rest);
  assert_true(read_len >= 34);
  assert_string_equal(all, "id: E-1\ndata: x\n\nid: E-2\ndata: x\n\nid: E-3\ndata: x\n\n");
  free(all);
  free(rest);
  free(a.text);
  sse_subscriber_free(s);
  sse_publisher_free(p);

  po.block_timeout_ms = 100;
  p = open_publisher(&po);
  s = subscribe_with(p, 40, SSE_SLOW_INHERIT);
  sse_subscriber *other = subscribe_with(p, 0, SSE_SLOW_DISCONNECT);
  for (int i = 0; i < 2; i++) publish_data(p, "t", "x", NULL);
  start = now_us();
  publish_data(p, "t", "x", NULL);
  waited = now_us() - start;
  assert_true(waited >= 90000);
  assert_int_equal(sse_subscriber_close_reason(s), SSE_CLOSE_SLOW);
  assert_int_equal(stats_of(p).disconnected_slow, 1);
  char *text = drain(other, NULL);
  char *ids = ids_in(text);
  assert_string_equal(ids, "E-1,E-2,E-3");
  free(ids);
  free(text);
  sse_subscriber_free(s);
  sse_subscriber_free(other);
  sse_publisher_free(p);
}

/* Fast subscribers read on their own threads with sse_subscriber_wait() and record
 * publish-to-receive latency; the payload carries the publish time. */
enum { FAST = 8, EVENTS = 400 };

typedef struct fast_reader {
  sse_subscriber *s;
  uint64_t worst_us;
  uint64_t total_us;
  size_t events;
} fast_reader;

static void *read_fast(void *arg) {
  fast_reader *r = arg;
  char buf[4096];
  for (;;) {
    int rc = sse_subscriber_wait(r->s, 5000);
    if (rc == SSE_ECLOSED) break;
    if (rc != 0) continue;
    size_t n = 0;
    if (sse_subscriber_read(r->s, buf, sizeof buf - 1, &n) != 0) break;
    buf[n] = '\0';
    uint64_t now = now_us();
    for (char *at = strstr(buf, "data: "); at != NULL; at = strstr(at + 1, "data: ")) {
      uint64_t sent = strtoull(at + 6, NULL, 10);
      uint64_t lat = now - sent;
      if (lat > r->worst_us) r->worst_us = lat;
      r->total_us += lat;
      r->events++;
    }
  }
  return NULL;
}

/* Median of the fast readers' mean latencies, in microseconds. */
static uint64_t run_fan_out(sse_slow_policy policy, int with_stalled, sse_subscriber **stalled_out) {
  sse_publisher_options po = quiet_options();
  po.slow_policy = policy;
  po.queue_bytes = 4096;
  sse_publisher *p = open_publisher(&po);
  sse_subscriber *stalled = with_stalled ? subscribe(p, T, NULL) : NULL;
  fast_reader readers[FAST];
  pthread_t threads[FAST];
  for (int i = 0; i < FAST; i++) {
    readers[i] = (fast_reader){subscribe_with(p, 1 << 20, SSE_SLOW_INHERIT), 0, 0, 0};
    assert_int_equal(pthread_create(&threads[i], NULL, read_fast, &readers[i]), 0);
  }
  for (int i = 0; i < EVENTS; i++) {
    char data[32];
    snprintf(data, sizeof data, "%llu", (unsigned long long)now_us());
    publish_data(p, "t", data, NULL);
    if (i % 20 == 0) {
      struct timespec d = {0, 1000000L};
      nanosleep(&d, NULL);
    }
  }
  assert_int_equal(sse_publisher_close(p, NULL), 0);
  uint64_t sum = 0;
  for (int i = 0; i < FAST; i++) {
    pthread_join(threads[i], NULL);
    assert_int_equal(readers[i].events, EVENTS);
    sum += readers[i].total_us / readers[i].events;
    sse_subscriber_free(readers[i].s);
  }
  if (stalled_out != NULL) *stalled_out = stalled;
  if (stalled != NULL) {
    if (policy == SSE_SLOW_DISCONNECT) {
      assert_int_equal(sse_subscriber_close_reason(stalled), SSE_CLOSE_SLOW);
    } else {
      assert_true(sse_subscriber_queued_bytes(stalled) <= 4096 + 200);
    }
    sse_subscriber_free(stalled);
  }
  sse_publisher_free(p);
  return sum / FAST;
}

static void test_a_stalled_subscriber_does_not_delay_the_others(void **state) {
  (void)state;
  const sse_slow_policy policies[] = {SSE_SLOW_DISCONNECT, SSE_SLOW_DROP_OLDEST};
  for (size_t i = 0; i < 2; i++) {
    uint64_t alone = run_fan_out(policies[i], 0, NULL);
    uint64_t with = run_fan_out(policies[i], 1, NULL);
    print_message("# policy %d: mean latency %llu us alone, %llu us next to a stalled subscriber\n",
                  (int)policies[i], (unsigned long long)alone, (unsigned long long)with);
    /* Generous: a loaded machine varies a lot; a stalled reader that held things up
     * would cost whole timeouts (seconds). */
    assert_true(with <= 10 * alone + 20000);
  }
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_disconnect_closes_the_laggard_and_frees_its_queue),
      cmocka_unit_test(test_drop_oldest_keeps_the_newest_after_one_gap_notice),
      cmocka_unit_test(test_drop_oldest_never_drops_a_partly_sent_frame),
      cmocka_unit_test(test_block_waits_for_room_then_closes_the_laggard),
      cmocka_unit_test(test_a_stalled_subscriber_does_not_delay_the_others),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
