/* Life-cycle and leaks (M9, M15): 1000 connect/disconnect cycles (new, run until open
 * and one event, close, free), a client freed without ever running, one freed while
 * its transfer is open, one freed while it waits to reconnect. This file runs under
 * valgrind (meson test --setup valgrind) and ASan, so it stays lean: one server, one
 * short script, no records kept. libsse's own allocations are also counted through
 * the allocator hooks, which catches a leak even without valgrind. */
#define _POSIX_C_SOURCE 200809L
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../support/test_allocator.h"
#include "client_fixture.h"
#include "client_hooks.h"

#define CYCLES 1000

typedef struct cycle_counts {
  unsigned opens, events, others;
} cycle_counts;

static int cycle_open(sse_client *c, const sse_response *r, void *ud) {
  (void)c, (void)r;
  ((cycle_counts *)ud)->opens++;
  return 0;
}

/* One event is the whole cycle: close from inside the callback (allowed there). */
static int cycle_event(sse_client *c, const sse_event *ev, void *ud) {
  (void)ev;
  ((cycle_counts *)ud)->events++;
  sse_client_close(c);
  return 0;
}

static int cycle_failure(sse_client *c, const sse_failure *f, sse_decision *d, void *ud) {
  (void)c, (void)d;
  fprintf(stderr, "# unexpected failure: %s\n", f->message);
  ((cycle_counts *)ud)->others++;
  return 0;
}

/* Post `single_quoted_script` for f->sid and copy its URL into `url` (fx_url's
 * buffers rotate; the loops below need it for their whole run). */
static void scripted_url(fixture *f, const char *single_quoted_script, char url[256]) {
  fx_script(f, single_quoted_script);
  snprintf(url, 256, "%s", fx_url(f, ""));
}

/* Open descriptors (sockets, curl's wakeup pair) or live threads of this process. */
static unsigned count_entries(const char *dir_path) {
  DIR *dir = opendir(dir_path);
  assert_non_null(dir);
  unsigned n = 0;
  for (struct dirent *e; (e = readdir(dir)) != NULL;)
    if (e->d_name[0] != '.') n++;
  closedir(dir);
  return n;
}

static void test_M9_1000_connect_close_free_cycles(void **state) {
  fixture *f = *state;
  char url_copy[256];
  scripted_url(f, "[{'body':[{'write':'data: x\\n\\n'}]}]", url_copy);
  test_allocator alloc;
  test_allocator_init(&alloc, 1);
  sse_client_callbacks cbs = SSE_CLIENT_CALLBACKS_INIT;
  cbs.on_open = cycle_open;
  cbs.on_event = cycle_event;
  cbs.on_failure = cycle_failure;
  cycle_counts counts = {0, 0, 0};
  uint64_t t0 = ts_now_ms();
  unsigned fds_before = 0, threads_before = 0;
  for (unsigned i = 0; i < CYCLES; i++) {
    sse_client_options o = fx_options(url_copy);
    o.allocator = &alloc.hooks;
    sse_client *c = NULL;
    assert_int_equal(sse_client_new(&c, &o, &cbs, &counts), 0);
    int rc = sse_client_run(c, 10000);
    if (rc != SSE_ECLOSED) fprintf(stderr, "# cycle %u: run returned %d\n", i, rc);
    assert_int_equal(rc, SSE_ECLOSED);
    sse_client_free(c);
    assert_int_equal(counts.opens, i + 1);
    assert_int_equal(counts.events, i + 1);
    if (i == 0) { /* after the first cycle: libcurl's one-time global setup is done */
      fds_before = count_entries("/proc/self/fd");
      threads_before = count_entries("/proc/self/task");
    }
  }
  /* No socket, pipe or thread outlives its client. */
  assert_int_equal(count_entries("/proc/self/fd"), fds_before);
  assert_int_equal(count_entries("/proc/self/task"), threads_before);
  fprintf(stderr, "# %u cycles in %llu ms\n", CYCLES, (unsigned long long)(ts_now_ms() - t0));
  assert_int_equal(counts.others, 0);
  assert_int_equal(alloc.live_blocks, 0); /* every libsse allocation was returned */
  assert_int_equal(alloc.bad_frees, 0);
  assert_true(alloc.allocations > 0); /* the hooks really were used */
}

/* The library-owned thread of sse_client_start() is joined by sse_client_free(): 100
 * start/close/free cycles leave no thread and no descriptor behind. */
static void test_M9_started_clients_leave_no_thread_behind(void **state) {
  fixture *f = *state;
  char url_copy[256];
  scripted_url(f, "[{'body':[{'write':'data: x\\n\\n'},{'stall':true}]}]", url_copy);
  unsigned fds_before = count_entries("/proc/self/fd");
  unsigned threads_before = count_entries("/proc/self/task");
  for (unsigned i = 0; i < 100; i++) {
    sse_client_options o = fx_options(url_copy);
    sse_client *c = NULL;
    assert_int_equal(sse_client_new(&c, &o, NULL, NULL), 0);
    assert_int_equal(sse_client_start(c), 0);
    if (i % 2 == 0) { /* half of them closed while connected, half right away */
      sse_client_stats st = SSE_CLIENT_STATS_INIT;
      uint64_t deadline = ts_now_ms() + 10000 * (uint64_t)fx_time_scale();
      /* Polls with a pause: a spinning thread can starve the client's thread for
       * minutes under valgrind, which runs one thread at a time. */
      const struct timespec pause = {0, 1000000};
      do {
        assert_int_equal(sse_client_get_stats(c, &st), 0);
        if (st.events == 0) nanosleep(&pause, NULL);
      } while (st.events == 0 && ts_now_ms() < deadline);
      assert_int_equal(st.events, 1);
    }
    sse_client_free(c); /* closes and joins */
  }
  assert_int_equal(count_entries("/proc/self/fd"), fds_before);
  assert_int_equal(count_entries("/proc/self/task"), threads_before);
}

static void test_free_without_running(void **state) {
  fixture *f = *state;
  test_allocator alloc;
  test_allocator_init(&alloc, 1);
  sse_client_options o = fx_options(fx_url(f, ""));
  sse_header headers[] = {{{"X-A", 3}, {"1", 1}}};
  o.headers = headers;
  o.header_count = 1;
  o.last_event_id = "7";
  o.allocator = &alloc.hooks;
  sse_client_callbacks cbs = cr_callbacks();
  sse_client *c = NULL;
  assert_int_equal(sse_client_new(&c, &o, &cbs, &f->rec), 0);
  assert_int_equal(sse_client_set_header(c, "X-B", "2"), 0);
  sse_client_free(c);
  sse_client_free(NULL); /* a no-op */
  assert_int_equal(alloc.live_blocks, 0);
  assert_string_equal(f->rec.seq.text, ""); /* nothing ran, nothing was called */
  fx_assert_request_count(f, 0);
}

/* M15: freeing a client with an open transfer aborts it; no hang, no callback. */
static void test_M15_free_while_the_transfer_is_open(void **state) {
  fixture *f = *state;
  test_allocator alloc;
  test_allocator_init(&alloc, 1);
  f->rec.hook[CR_COMMENT] = fx_hook_pause; /* return from run with the stream open */
  sse_client_options o = fx_options(fx_scenario_url(f, "stall"));
  o.allocator = &alloc.hooks;
  fx_client(f, &o);
  fx_run_to_pause(f, NULL);
  assert_int_equal(sse_client_state(f->c), SSE_CLIENT_OPEN);
  fx_free_client_within(f, 1000);
  assert_string_equal(f->rec.seq.text, "R O C");
  assert_int_equal(alloc.live_blocks, 0);
}

/* M9: a pending reconnection does nothing once the client is gone. */
static void test_M9_free_while_waiting_to_reconnect(void **state) {
  fixture *f = *state;
  fx_script(f, "[{'body':[{'write':'data: x\\n\\n'}]}]");
  f->rec.hook[CR_DISCONNECT] = fx_hook_reconnect_in_a_minute;
  fx_client_at(f, fx_url(f, ""));
  assert_true(cr_count(&f->rec, CR_DISCONNECT) == 0);
  assert_int_equal(sse_client_run(f->c, 500), 0); /* run's timeout, inside the delay */
  assert_string_equal(f->rec.seq.text, "R O E D");
  assert_int_equal(sse_client_state(f->c), SSE_CLIENT_CONNECTING);
  assert_int_equal(fx_stats(f).current_delay_ms, 60000);
  fx_free_client_within(f, 1000);
  fx_assert_request_count(f, 1);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test_setup_teardown(test_M9_1000_connect_close_free_cycles, fx_setup,
                                      fx_teardown),
      cmocka_unit_test_setup_teardown(test_M9_started_clients_leave_no_thread_behind, fx_setup,
                                      fx_teardown),
      cmocka_unit_test_setup_teardown(test_free_without_running, fx_setup, fx_teardown),
      cmocka_unit_test_setup_teardown(test_M15_free_while_the_transfer_is_open, fx_setup,
                                      fx_teardown),
      cmocka_unit_test_setup_teardown(test_M9_free_while_waiting_to_reconnect, fx_setup,
                                      fx_teardown),
  };
  return cmocka_run_group_tests(tests, fx_group_setup, fx_group_teardown);
}
