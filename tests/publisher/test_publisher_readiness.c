/* Readiness three ways (callback, wait, descriptor) and keep-alive in each, driven by
 * an injected clock where the test needs exact times. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <poll.h>
#include <pthread.h>
#include <time.h>

#include <cmocka.h>
#include <sse/sse.h>

#include "pub_fixture.h"

typedef struct fake_clock {
  pthread_mutex_t mu;
  uint64_t ms;
} fake_clock;

static uint64_t fake_now(void *ud) {
  fake_clock *c = ud;
  pthread_mutex_lock(&c->mu);
  uint64_t ms = c->ms;
  pthread_mutex_unlock(&c->mu);
  return ms;
}

static void advance(fake_clock *c, uint64_t ms) {
  pthread_mutex_lock(&c->mu);
  c->ms += ms;
  pthread_mutex_unlock(&c->mu);
}

/* A quiet publisher with keep-alive every `keep_alive_ms` of the fake clock `c`. */
static sse_publisher *open_on_fake_clock(fake_clock *c, uint32_t keep_alive_ms) {
  sse_publisher_options po = quiet_options();
  po.keep_alive_ms = keep_alive_ms;
  po.clock.now_ms = fake_now;
  po.clock.user_data = c;
  return open_publisher(&po);
}

static uint64_t now_ms(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}

static void sleep_ms(long ms) {
  struct timespec d = {ms / 1000, (ms % 1000) * 1000000L};
  nanosleep(&d, NULL);
}

typedef struct ready_count {
  pthread_mutex_t mu;
  int calls;
} ready_count;

static void count_ready(sse_subscriber *s, void *ud) {
  (void)s;
  ready_count *r = ud;
  pthread_mutex_lock(&r->mu);
  r->calls++;
  pthread_mutex_unlock(&r->mu);
}

static int calls_of(ready_count *r) {
  pthread_mutex_lock(&r->mu);
  int n = r->calls;
  pthread_mutex_unlock(&r->mu);
  return n;
}

static sse_subscriber *subscribe_opts(sse_publisher *p, int64_t keep_alive_ms, ready_count *ready) {
  static sse_str topic = {"t", 1};
  sse_subscriber_options o = SSE_SUBSCRIBER_OPTIONS_INIT;
  o.topics = &topic;
  o.n_topics = 1;
  o.keep_alive_ms = keep_alive_ms;
  if (ready != NULL) {
    o.on_ready = count_ready;
    o.user_data = ready;
  }
  sse_subscriber *s = NULL;
  assert_int_equal(sse_subscriber_new(&s, p, &o), 0);
  return s;
}

static int readable(int fd, int timeout_ms) {
  struct pollfd pfd = {fd, POLLIN, 0};
  return poll(&pfd, 1, timeout_ms) == 1 && (pfd.revents & POLLIN);
}

static void test_on_ready_fires_on_the_edge_and_on_close(void **state) {
  (void)state;
  sse_publisher_options po = quiet_options();
  sse_publisher *p = open_publisher(&po);
  ready_count r = {PTHREAD_MUTEX_INITIALIZER, 0};
  sse_subscriber *s = subscribe_opts(p, 0, &r);
  assert_ptr_equal(sse_subscriber_user_data(s), &r);
  for (int i = 0; i < 3; i++) publish_data(p, "t", "x", NULL);
  assert_int_equal(calls_of(&r), 1);
  free(drain(s, NULL));
  publish_data(p, "t", "x", NULL);
  assert_int_equal(calls_of(&r), 2);
  assert_int_equal(sse_publisher_close(p, NULL), 0);
  assert_int_equal(calls_of(&r), 3);
  sse_subscriber_free(s);
  sse_publisher_free(p);
}

typedef struct delayed {
  sse_subscriber *s;
  sse_publisher *p;
  int what; /* 0 wakeup, 1 publish, 2 close */
} delayed;

static void *act_later(void *arg) {
  delayed *d = arg;
  sleep_ms(50);
  if (d->what == 0) sse_subscriber_wakeup(d->s);
  if (d->what == 1) publish_data(d->p, "t", "x", NULL);
  if (d->what == 2) sse_subscriber_close(d->s);
  return NULL;
}

static void test_wait_returns_on_data_wakeup_close_and_timeout(void **state) {
  (void)state;
  sse_publisher_options po = quiet_options();
  sse_publisher *p = open_publisher(&po);
  sse_subscriber *s = subscribe_opts(p, 0, NULL);
  uint64_t start = now_ms();
  assert_int_equal(sse_subscriber_wait(s, 60), SSE_ETIMEDOUT);
  assert_true(now_ms() - start >= 55);
  for (int what = 0; what < 3; what++) {
    delayed d = {s, p, what};
    pthread_t t;
    assert_int_equal(pthread_create(&t, NULL, act_later, &d), 0);
    int rc = sse_subscriber_wait(s, 10000);
    pthread_join(t, NULL);
    assert_int_equal(rc, what == 2 ? SSE_ECLOSED : 0);
    if (what == 1) assert_drained(s, "id: E-1\ndata: x\n\n");
  }
  assert_int_equal(sse_subscriber_close_reason(s), SSE_CLOSE_BY_CALLER);
  sse_subscriber_free(s);
  /* A wakeup before the wait makes the next wait return at once. */
  s = subscribe_opts(p, 0, NULL);
  assert_int_equal(sse_subscriber_wakeup(s), 0);
  assert_int_equal(sse_subscriber_wait(s, 10000), 0);
  assert_int_equal(sse_subscriber_wait(s, 0), SSE_ETIMEDOUT);
  sse_subscriber_free(s);
  sse_publisher_free(p);
}

static void test_fd_is_readable_while_output_is_ready(void **state) {
  (void)state;
  sse_publisher_options po = quiet_options();
  sse_publisher *p = open_publisher(&po);
  sse_subscriber *s = subscribe_opts(p, 0, NULL);
  int fd = -1, again = -2;
  assert_int_equal(sse_subscriber_fd(s, &fd), 0);
  assert_int_equal(sse_subscriber_fd(s, &again), 0);
  assert_int_equal(fd, again);
  assert_false(readable(fd, 0));
  publish_data(p, "t", "x", NULL);
  assert_true(readable(fd, 0));
  assert_true(readable(fd, 0)); /* level-triggered */
  sse_str chunk;
  size_t n = 0;
  assert_int_equal(sse_subscriber_peek(s, &chunk, 1, &n), 0);
  assert_int_equal(n, 1);
  assert_int_equal(sse_subscriber_consume(s, chunk.len), 0);
  assert_false(readable(fd, 0));
  assert_int_equal(sse_subscriber_wakeup(s), 0);
  assert_true(readable(fd, 0));
  assert_int_equal(sse_subscriber_peek(s, &chunk, 1, &n), 0);
  assert_int_equal(n, 0);
  assert_false(readable(fd, 0));
  assert_int_equal(sse_publisher_close(p, NULL), 0);
  assert_true(readable(fd, 0));
  sse_subscriber_free(s);
  sse_publisher_free(p);
}

static void test_keep_alive_is_offered_when_due_by_peek_take_and_read(void **state) {
  (void)state;
  fake_clock c = {PTHREAD_MUTEX_INITIALIZER, 1000};
  sse_publisher *p = open_on_fake_clock(&c, 100);
  sse_subscriber *s = subscribe_opts(p, -1, NULL);
  sse_subscriber *off = subscribe_opts(p, 0, NULL);
  advance(&c, 99);
  assert_drained(s, "");
  advance(&c, 1);
  assert_drained(s, ":\n");
  assert_drained(s, ""); /* the keep-alive counts as output */
  advance(&c, 100);
  sse_frame_ref ref;
  size_t n = 0;
  assert_int_equal(sse_subscriber_take(s, &ref, 1, &n), 0);
  assert_int_equal(n, 1);
  assert_memory_equal(ref.bytes.ptr, ":\n", 2);
  sse_frame_release(ref.frame);
  /* Output resets the interval. */
  advance(&c, 60);
  publish_data(p, "t", "x", NULL);
  free(drain(s, NULL));
  advance(&c, 60);
  assert_drained(s, "");
  advance(&c, 40);
  sse_str chunk;
  assert_int_equal(sse_subscriber_peek(s, &chunk, 1, &n), 0);
  assert_int_equal(n, 1);
  assert_int_equal(chunk.len, 2);
  /* Per subscriber 0 = off. */
  assert_drained(off, "id: E-1\ndata: x\n\n");
  advance(&c, 1000);
  assert_drained(off, "");
  sse_subscriber_free(s);
  sse_subscriber_free(off);
  sse_publisher_free(p);
}

static void test_wait_wakes_for_a_keep_alive(void **state) {
  (void)state;
  fake_clock c = {PTHREAD_MUTEX_INITIALIZER, 0};
  sse_publisher *p = open_on_fake_clock(&c, 1000);
  sse_subscriber *s = subscribe_opts(p, -1, NULL);
  assert_int_equal(sse_subscriber_wait(s, 30), SSE_ETIMEDOUT);
  advance(&c, 1000);
  assert_int_equal(sse_subscriber_wait(s, 5000), 0);
  assert_drained(s, ":\n");
  sse_subscriber_free(s);
  sse_publisher_free(p);

  /* With the real clock: a 50 ms keep-alive ends a 10 s wait. */
  sse_publisher_options po = quiet_options();
  po.keep_alive_ms = 50;
  p = open_publisher(&po);
  s = subscribe_opts(p, -1, NULL);
  uint64_t start = now_ms();
  assert_int_equal(sse_subscriber_wait(s, 10000), 0);
  assert_true(now_ms() - start >= 45);
  assert_true(now_ms() - start < 5000);
  assert_drained(s, ":\n");
  sse_subscriber_free(s);
  sse_publisher_free(p);
}

static void test_fd_becomes_readable_for_a_keep_alive(void **state) {
  (void)state;
  sse_publisher_options po = quiet_options();
  po.keep_alive_ms = 50;
  sse_publisher *p = open_publisher(&po);
  sse_subscriber *s = subscribe_opts(p, -1, NULL);
  int fd = -1;
  assert_int_equal(sse_subscriber_fd(s, &fd), 0);
  assert_false(readable(fd, 0));
  for (int round = 0; round < 2; round++) {
    uint64_t start = now_ms();
    assert_true(readable(fd, 5000));
    assert_true(now_ms() - start >= 30);
    assert_drained(s, ":\n");
    assert_false(readable(fd, 0));
  }
  sse_subscriber_free(s);
  sse_publisher_free(p);
}

static void test_timer_thread_fires_on_ready_for_a_keep_alive(void **state) {
  (void)state;
  fake_clock c = {PTHREAD_MUTEX_INITIALIZER, 0};
  sse_publisher *p = open_on_fake_clock(&c, 1000);
  ready_count r = {PTHREAD_MUTEX_INITIALIZER, 0};
  sse_subscriber *s = subscribe_opts(p, -1, &r);
  sleep_ms(100);
  assert_int_equal(calls_of(&r), 0);
  advance(&c, 1000);
  for (int i = 0; i < 500 && calls_of(&r) == 0; i++) sleep_ms(10);
  assert_int_equal(calls_of(&r), 1);
  sleep_ms(100);
  assert_int_equal(calls_of(&r), 1); /* once per due keep-alive */
  assert_drained(s, ":\n");
  advance(&c, 1000);
  for (int i = 0; i < 500 && calls_of(&r) == 1; i++) sleep_ms(10);
  assert_int_equal(calls_of(&r), 2);
  sse_subscriber_free(s);
  sse_publisher_free(p); /* joins the timer thread */
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_on_ready_fires_on_the_edge_and_on_close),
      cmocka_unit_test(test_wait_returns_on_data_wakeup_close_and_timeout),
      cmocka_unit_test(test_fd_is_readable_while_output_is_ready),
      cmocka_unit_test(test_keep_alive_is_offered_when_due_by_peek_take_and_read),
      cmocka_unit_test(test_wait_wakes_for_a_keep_alive),
      cmocka_unit_test(test_fd_becomes_readable_for_a_keep_alive),
      cmocka_unit_test(test_timer_thread_fires_on_ready_for_a_keep_alive),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
