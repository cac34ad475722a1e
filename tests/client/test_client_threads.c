/* Threads: sse_client_close() and sse_client_wakeup() from another thread interrupt
 * a blocked sse_client_run() within 100 ms (M9), sse_client_start()/join() run the
 * client on a library thread, and re-entrant calls from callbacks are refused. */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "client_fixture.h"
#include "client_hooks.h"

/* run(-1) on this thread while another interrupts it (close or wakeup) 150 ms after
 * the first `after` callback; returns how long run() took to return after that. */
static uint64_t run_until_interrupted(fixture *f, cr_kind after, int use_close, int *rc_out) {
  fx_caller k;
  fx_caller_start(&k, f, after, 150, use_close ? sse_client_close : sse_client_wakeup);
  *rc_out = sse_client_run(f->c, -1);
  uint64_t returned_at = ts_now_ms();
  fx_caller_join(&k);
  assert_true(returned_at >= k.called_at);
  return returned_at - k.called_at;
}

/* The `stall` scenario, interrupted (close or wakeup) once its comment came; asserts
 * that run() returned want_rc within 100 ms of the interruption. */
static void interrupt_the_stalled_stream(fixture *f, int use_close, int want_rc) {
  fx_client_at(f, fx_scenario_url(f, "stall"));
  int rc;
  uint64_t latency = run_until_interrupted(f, CR_COMMENT, use_close, &rc);
  fprintf(stderr, "# %s -> run returned in %llu ms\n", use_close ? "close" : "wakeup",
          (unsigned long long)latency);
  assert_int_equal(rc, want_rc);
  assert_true(latency < 100 * fx_time_scale());
}

static void test_M9_close_from_another_thread_interrupts_run_within_100ms(void **state) {
  fixture *f = *state;
  interrupt_the_stalled_stream(f, 1, SSE_ECLOSED);
  assert_int_equal(sse_client_state(f->c), SSE_CLIENT_CLOSED);
  assert_string_equal(f->rec.seq.text, "R O C"); /* M9: close fires no callback */
  assert_int_equal(sse_client_run(f->c, 0), SSE_ECLOSED);
}

static void test_wakeup_from_another_thread_returns_0_within_100ms(void **state) {
  fixture *f = *state;
  interrupt_the_stalled_stream(f, 0, 0);
  assert_int_equal(sse_client_state(f->c), SSE_CLIENT_OPEN); /* still streaming */
  /* The stream is still usable: a bounded run times out normally. */
  assert_int_equal(sse_client_run(f->c, 50), 0);
  assert_string_equal(f->rec.seq.text, "R O C");
}

static void test_wakeup_before_run_makes_the_next_run_return_at_once(void **state) {
  fixture *f = *state;
  fx_client_at(f, fx_scenario_url(f, "stall"));
  assert_int_equal(sse_client_wakeup(f->c), 0);
  uint64_t t0 = ts_now_ms();
  assert_int_equal(sse_client_run(f->c, 5000), 0);
  assert_true(ts_now_ms() - t0 < 100 * fx_time_scale());
}

/* M9: close() cancels a pending reconnection; run(-1) returns at once. The close
 * comes after the disconnect, while the client sits in a 60 s reconnection delay. */
static void test_M9_close_during_the_reconnection_delay(void **state) {
  fixture *f = *state;
  fx_script(f, "[{'body':[{'write':'data: x\\n\\n'}]}]");
  f->rec.hook[CR_DISCONNECT] = fx_hook_reconnect_in_a_minute;
  fx_client_at(f, fx_url(f, ""));
  int rc;
  uint64_t latency = run_until_interrupted(f, CR_DISCONNECT, 1, &rc);
  assert_int_equal(rc, SSE_ECLOSED);
  assert_string_equal(f->rec.seq.text, "R O E D");
  assert_true(latency < 100 * fx_time_scale());
  fx_assert_request_count(f, 1); /* the reconnection never happened */
}

/* wakeup() inside a callback: run returns 0 after the current batch, still open. */
static int wake_up(client_recorder *r, sse_client *c, const cr_record *rec, sse_decision *d) {
  (void)r, (void)rec, (void)d;
  assert_int_equal(sse_client_wakeup(c), 0);
  return 0;
}

static void test_wakeup_inside_a_callback_returns_0(void **state) {
  fixture *f = *state;
  f->rec.hook[CR_COMMENT] = wake_up;
  fx_client_at(f, fx_scenario_url(f, "stall"));
  uint64_t t0 = ts_now_ms();
  assert_int_equal(sse_client_run(f->c, 5000), 0);
  assert_true(ts_now_ms() - t0 < 2000 * fx_time_scale()); /* not the run's own timeout */
  assert_string_equal(f->rec.seq.text, "R O C");
  assert_int_equal(sse_client_state(f->c), SSE_CLIENT_OPEN);
}

/* ------------------------------------------------- sse_client_start/join -- */

static void test_start_then_close_then_join(void **state) {
  fixture *f = *state;
  fx_client_at(f, fx_scenario_url(f, "stall"));
  assert_int_equal(sse_client_start(f->c), 0);
  assert_int_equal(sse_client_start(f->c), SSE_EBUSY);
  assert_int_equal(sse_client_run(f->c, 0), SSE_EBUSY); /* the library thread drives it */
  assert_true(cr_wait_for(&f->rec, CR_COMMENT, 1, 10000));
  assert_int_equal(sse_client_state(f->c), SSE_CLIENT_OPEN);
  uint64_t t0 = ts_now_ms();
  assert_int_equal(sse_client_close(f->c), 0);
  assert_int_equal(sse_client_join(f->c), SSE_ECLOSED);
  assert_true(ts_now_ms() - t0 < 1000 * fx_time_scale());
  assert_int_equal(sse_client_join(f->c), SSE_EINVAL); /* no thread any more */
  assert_string_equal(f->rec.seq.text, "R O C");
}

/* The thread ends by itself when the server says stop (204). */
static void test_start_runs_until_the_server_stops_it(void **state) {
  fixture *f = *state;
  fx_client_at(f, fx_scenario_url(f, "basic"));
  assert_int_equal(sse_client_start(f->c), 0);
  assert_int_equal(sse_client_join(f->c), SSE_ECLOSED);
  assert_string_equal(f->rec.seq.text, "R O E E D R F");
}

/* The library thread must be able to drive the client from its very first
 * instruction: start/join many times over, each thread ending at once on a 204. */
static void test_start_join_repeatedly(void **state) {
  fixture *f = *state;
  sse_client_callbacks cbs = SSE_CLIENT_CALLBACKS_INIT;
  char url[256];
  snprintf(url, sizeof url, "%s", fx_scenario_url(f, "no-content"));
  for (int i = 0; i < 100; i++) {
    sse_client_options o = fx_options(url);
    sse_client *c = NULL;
    assert_int_equal(sse_client_new(&c, &o, &cbs, NULL), 0);
    assert_int_equal(sse_client_start(c), 0);
    int rc = sse_client_join(c);
    if (rc != SSE_ECLOSED)
      fprintf(stderr, "# round %d: join returned %d (%s)\n", i, rc, sse_strerror(rc));
    sse_client_free(c);
    assert_int_equal(rc, SSE_ECLOSED);
  }
}

/* Freeing a started client closes and joins its thread. */
static void test_free_joins_a_started_client(void **state) {
  fixture *f = *state;
  fx_client_at(f, fx_scenario_url(f, "stall"));
  assert_int_equal(sse_client_start(f->c), 0);
  assert_true(cr_wait_for(&f->rec, CR_COMMENT, 1, 10000));
  fx_free_client_within(f, 1000);
}

/* A paused decision on the library's thread waits (without spinning) for
 * sse_client_decide() from another thread, or for sse_client_close(). */
static double cpu_seconds(void) {
  struct timespec t;
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
  return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* Started on a refused port with on_failure pausing; returns once the first failure
 * came and the thread sat in the pause for 300 ms, asserting it did not move on
 * (one attempt, no second failure) and used (almost) no CPU meanwhile. */
static void start_and_pause_in_on_failure(fixture *f) {
  f->rec.hook[CR_FAILURE] = fx_hook_pause;
  sse_client_options o = fx_options(fx_refused_url("/"));
  fx_client(f, &o);
  assert_int_equal(sse_client_start(f->c), 0);
  assert_true(cr_wait_for(&f->rec, CR_FAILURE, 1, 10000));
  double cpu0 = cpu_seconds();
  fx_sleep_ms(300);
  assert_true(cpu_seconds() - cpu0 < 0.1 * fx_time_scale()); /* no busy loop */
  assert_string_equal(f->rec.seq.text, "R F");
  assert_int_equal(fx_stats(f).attempts, 1);
  assert_int_equal(sse_client_state(f->c), SSE_CLIENT_CONNECTING);
}

/* The decision is pending once on_failure has returned, a moment after its record:
 * asks until it is (bounded). */
static int decide_when_pending(sse_client *c, int action) {
  sse_decision d = {action, 0, 0};
  int rc = SSE_EBUSY;
  for (int i = 0; i < 1000 && rc == SSE_EBUSY; i++) {
    rc = sse_client_decide(c, &d);
    if (rc == SSE_EBUSY) fx_sleep_ms(5);
  }
  return rc;
}

static void test_start_waits_for_a_decision_from_another_thread(void **state) {
  fixture *f = *state;
  start_and_pause_in_on_failure(f);
  assert_int_equal(decide_when_pending(f->c, SSE_CLIENT_RECONNECT), 0);
  assert_true(cr_wait_for(&f->rec, CR_FAILURE, 2, 10000)); /* it went on at once */
  assert_int_equal(decide_when_pending(f->c, SSE_CLIENT_STOP), 0);
  assert_int_equal(sse_client_join(f->c), SSE_ECLOSED);
  assert_string_equal(f->rec.seq.text, "R F R F");
}

static void test_close_ends_a_started_client_waiting_for_a_decision(void **state) {
  fixture *f = *state;
  start_and_pause_in_on_failure(f);
  uint64_t t0 = ts_now_ms();
  assert_int_equal(sse_client_close(f->c), 0);
  assert_int_equal(sse_client_join(f->c), SSE_ECLOSED);
  assert_true(ts_now_ms() - t0 < 1000 * fx_time_scale());
  assert_string_equal(f->rec.seq.text, "R F");
  sse_decision stop = {SSE_CLIENT_STOP, 0, 0};
  assert_int_equal(sse_client_decide(f->c, &stop), SSE_EBUSY); /* nothing pending now */
}

/* --------------------------------------------------------- re-entrancy -- */

typedef struct reentry {
  int run_rc;
  int join_rc;
  int state_after_free;
} reentry;

static int reenter(client_recorder *r, sse_client *c, const cr_record *rec, sse_decision *d) {
  reentry *re = r->user;
  (void)rec, (void)d;
  re->run_rc = sse_client_run(c, 0);
  sse_client_free(c); /* ignored inside a callback */
  re->state_after_free = sse_client_state(c);
  re->join_rc = sse_client_join(c);
  return 0;
}

/* Every event callback re-enters the client and records the answers in `re`. */
static void reenter_on_events(fixture *f, reentry *re) {
  *re = (reentry){0, 0, -1};
  f->rec.user = re;
  f->rec.hook[CR_EVENT] = reenter;
}

static void test_run_and_free_from_a_callback_are_refused(void **state) {
  fixture *f = *state;
  reentry re;
  reenter_on_events(f, &re);
  fx_run_url(f, fx_scenario_url(f, "basic"));
  assert_int_equal(re.run_rc, SSE_EBUSY);
  assert_int_equal(re.state_after_free, SSE_CLIENT_OPEN);
  assert_int_equal(re.join_rc, SSE_EINVAL); /* not started */
  assert_string_equal(f->rec.seq.text, "R O E E D R F"); /* undisturbed */
}

static void test_join_from_the_client_thread_is_refused(void **state) {
  fixture *f = *state;
  reentry re;
  reenter_on_events(f, &re);
  fx_client_at(f, fx_scenario_url(f, "basic"));
  assert_int_equal(sse_client_start(f->c), 0);
  assert_int_equal(sse_client_join(f->c), SSE_ECLOSED);
  assert_int_equal(re.run_rc, SSE_EBUSY);
  assert_int_equal(re.join_rc, SSE_EBUSY);
}

/* close() inside a callback: nothing after the current callback (M9). */
static void test_M9_close_inside_a_callback_stops_delivery(void **state) {
  fixture *f = *state;
  f->rec.close_after_events = 1;
  fx_run_url(f, fx_scenario_url(f, "basic"));
  assert_string_equal(f->rec.seq.text, "R O E");
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test_setup_teardown(
          test_M9_close_from_another_thread_interrupts_run_within_100ms, fx_setup,
          fx_teardown),
      cmocka_unit_test_setup_teardown(test_wakeup_from_another_thread_returns_0_within_100ms,
                                      fx_setup, fx_teardown),
      cmocka_unit_test_setup_teardown(
          test_wakeup_before_run_makes_the_next_run_return_at_once, fx_setup, fx_teardown),
      cmocka_unit_test_setup_teardown(test_M9_close_during_the_reconnection_delay, fx_setup,
                                      fx_teardown),
      cmocka_unit_test_setup_teardown(test_wakeup_inside_a_callback_returns_0, fx_setup,
                                      fx_teardown),
      cmocka_unit_test_setup_teardown(test_start_then_close_then_join, fx_setup, fx_teardown),
      cmocka_unit_test_setup_teardown(test_start_runs_until_the_server_stops_it, fx_setup,
                                      fx_teardown),
      cmocka_unit_test_setup_teardown(test_start_join_repeatedly, fx_setup, fx_teardown),
      cmocka_unit_test_setup_teardown(test_free_joins_a_started_client, fx_setup,
                                      fx_teardown),
      cmocka_unit_test_setup_teardown(test_start_waits_for_a_decision_from_another_thread,
                                      fx_setup, fx_teardown),
      cmocka_unit_test_setup_teardown(
          test_close_ends_a_started_client_waiting_for_a_decision, fx_setup, fx_teardown),
      cmocka_unit_test_setup_teardown(test_run_and_free_from_a_callback_are_refused, fx_setup,
                                      fx_teardown),
      cmocka_unit_test_setup_teardown(test_join_from_the_client_thread_is_refused, fx_setup,
                                      fx_teardown),
      cmocka_unit_test_setup_teardown(test_M9_close_inside_a_callback_stops_delivery,
                                      fx_setup, fx_teardown),
  };
  return cmocka_run_group_tests(tests, fx_group_setup, fx_group_teardown);
}
