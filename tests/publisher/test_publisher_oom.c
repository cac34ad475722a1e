/* Every allocation of a publisher scenario fails in turn (the Nth, for every N): each
 * call reports SSE_ENOMEM or succeeds, nothing leaks and nothing crashes. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <sse/sse.h>

#include "../support/test_allocator.h"
#include "pub_fixture.h"

/* 0, SSE_ENOMEM or (reading a subscriber the policy closed for lack of memory)
 * SSE_ECLOSED are the only acceptable outcomes. */
static void assert_ok_or_oom(int rc, const char *what) {
  if (rc != 0 && rc != SSE_ENOMEM && rc != SSE_ECLOSED)
    fail_msg("%s returned %d (%s)", what, rc, sse_error_last()->message);
}

static int subscribe_in(sse_subscriber **out, sse_publisher *p, const char *last_id) {
  sse_str topics[] = {str_of("a"), str_of("b")};
  sse_message initial = SSE_MESSAGE_INIT;
  initial.comment = str_of("welcome");
  sse_subscriber_options o = SSE_SUBSCRIBER_OPTIONS_INIT;
  o.topics = topics;
  o.n_topics = 2;
  o.initial = &initial;
  o.retry_ms = 1000;
  o.queue_bytes = 64;
  o.keep_alive_ms = 0;
  o.last_event_id = str_of(last_id);
  return sse_subscriber_new(out, p, &o);
}

/* Returns how many allocations the scenario made. */
static size_t scenario(test_allocator *a) {
  sse_publisher_options po = quiet_options();
  po.allocator = &a->hooks;
  po.history_events = 4;
  po.slow_policy = SSE_SLOW_DROP_OLDEST;
  sse_publisher *p = NULL;
  int rc = sse_publisher_new(&p, &po);
  assert_ok_or_oom(rc, "sse_publisher_new");
  if (rc != 0) {
    assert_null(p);
    return a->allocations;
  }
  sse_subscriber *s1 = NULL, *s2 = NULL;
  assert_ok_or_oom(subscribe_in(&s1, p, "E-0"), "sse_subscriber_new (gap)");
  for (int i = 0; i < 8; i++) {
    sse_str topics[] = {str_of("a"), str_of("b"), str_of("c")};
    sse_message m = SSE_MESSAGE_INIT;
    m.data = str_of("payload");
    if (i % 2) m.id = str_of(i == 3 ? "three" : "odd");
    char id[32];
    rc = sse_publisher_publish(p, topics, 1 + (size_t)(i % 3), &m, id, sizeof id, NULL);
    if (rc != SSE_EINVAL) assert_ok_or_oom(rc, "sse_publisher_publish"); /* "odd" repeats */
  }
  assert_ok_or_oom(subscribe_in(&s2, p, "three"), "sse_subscriber_new (replay)");
  if (s2 != NULL) {
    sse_frame_ref refs[8];
    size_t n = 0;
    assert_ok_or_oom(sse_subscriber_take(s2, refs, 8, &n), "sse_subscriber_take");
    for (size_t i = 0; i < n; i++) sse_frame_release(refs[i].frame);
  }
  if (s1 != NULL) {
    char buf[256];
    size_t n = 0;
    assert_ok_or_oom(sse_subscriber_read(s1, buf, sizeof buf, &n), "sse_subscriber_read");
    int fd;
    rc = sse_subscriber_fd(s1, &fd);
    assert_true(rc == 0 || rc == SSE_EIO);
  }
  sse_message bye = SSE_MESSAGE_INIT;
  bye.data = str_of("bye");
  assert_ok_or_oom(sse_publisher_close(p, &bye), "sse_publisher_close");
  sse_publisher_stats st = SSE_PUBLISHER_STATS_INIT;
  assert_int_equal(sse_publisher_get_stats(p, &st), 0);
  sse_subscriber_free(s1);
  sse_publisher_free(p);
  sse_subscriber_free(s2);
  return a->allocations;
}

static void test_every_failing_allocation_is_survived(void **state) {
  (void)state;
  test_allocator a;
  test_allocator_init(&a, 0);
  size_t total = scenario(&a);
  assert_int_equal(a.live_blocks, 0);
  assert_true(total > 10);
  for (size_t n = 1; n <= total; n++) {
    test_allocator_init(&a, 0);
    a.fail_at = n;
    scenario(&a);
    if (a.live_blocks != 0 || a.bad_frees != 0)
      fail_msg("failing allocation %zu: %zu blocks leaked, %zu bad frees", n, a.live_blocks,
               a.bad_frees);
  }
  print_message("# %zu allocations, each failed once\n", total);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_every_failing_allocation_is_survived),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
