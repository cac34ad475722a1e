/* Threads: sse_client_close() and sse_client_wakeup() from another thread interrupt
 * a blocked sse_client_run() within 100 ms (M9), sse_client_start()/join() run the
 * client on a library thread, and re-entrant calls from callbacks are refused. */
#define _POSIX_C_SOURCE 200809L
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "client_fixture.h"

static void sleep_ms(unsigned ms) {
  struct timespec t = {ms / 1000, (long)(ms % 1000) * 1000000L};
  nanosleep(&t, NULL);
}

typedef struct interrupter {
  fixture *f;
  int use_close;      /* 1: sse_client_close, 0: sse_client_wakeup */
  int saw_comment;    /* the stream was open and quiet */
  uint64_t called_at; /* when close/wakeup was called */
  int rc;
} interrupter;

/* Waits for the stall's comment, lets run() sit in its I/O wait for a moment (the
 * situation under test, not a synchronisation), then interrupts it. */
static void *interrupt_later(void *arg) {
  interrupter *it = arg;
  it->saw_comment = cr_wait_for(&it->f->rec, CR_COMMENT, 1, 10000);
  sleep_ms(150);
  it->called_at = ts_now_ms();
  it->rc = it->use_close ? sse_client_close(it->f->c) : sse_client_wakeup(it->f->c);
  return NULL;
}

static uint64_t run_until_interrupted(fixture *f, int use_close, int *rc_out) {
  interrupter it = {f, use_close, 0, 0, -1};
  pthread_t th;
  assert_int_equal(pthread_create(&th, NULL, interrupt_later, &it), 0);
  *rc_out = sse_client_run(f->c, -1);
  uint64_t returned_at = ts_now_ms();
  pthread_join(th, NULL);
  assert_true(it.saw_comment);
  assert_int_equal(it.rc, 0);
  assert_true(returned_at >= it.called_at);
  return returned_at - it.called_at;
}

static void test_M9_close_from_another_thread_interrupts_run_within_100ms(void **state) {
  fixture *f = *state;
  sse_client_options o = fx_options(fx_scenario_url(f, "stall"));
  fx_client(f, &o);
  int rc;
  uint64_t latency = run_until_interrupted(f, 1, &rc);
  fprintf(stderr, "# close -> run returned in %llu ms\n", (unsigned long long)latency);
  assert_int_equal(rc, SSE_ECLOSED);
  assert_true(latency < 100 * fx_time_scale());
  assert_int_equal(sse_client_state(f->c), SSE_CLIENT_CLOSED);
  assert_string_equal(f->rec.seq.text, "R O C"); /* M9: close fires no callback */
  assert_int_equal(sse_client_run(f->c, 0), SSE_ECLOSED);
}

static void test_wakeup_from_another_thread_returns_0_within_100ms(void **state) {
  fixture *f = *state;
  sse_client_options o = fx_options(fx_scenario_url(f, "stall"));
  fx_client(f, &o);
  int rc;
  uint64_t latency = run_until_interrupted(f, 0, &rc);
  fprintf(stderr, "# wakeup -> run returned in %llu ms\n", (unsigned long long)latency);
  assert_int_equal(rc, 0);
  assert_true(latency < 100 * fx_time_scale());
  assert_int_equal(sse_client_state(f->c), SSE_CLIENT_OPEN); /* still streaming */
  /* The stream is still usable: a bounded run times out normally. */
  assert_int_equal(sse_client_run(f->c, 50), 0);
  assert_string_equal(f->rec.seq.text, "R O C");
}

static void test_wakeup_before_run_makes_the_next_run_return_at_once(void **state) {
  fixture *f = *state;
  sse_client_options o = fx_options(fx_scenario_url(f, "stall"));
  fx_client(f, &o);
  assert_int_equal(sse_client_wakeup(f->c), 0);
  uint64_t t0 = ts_now_ms();
  assert_int_equal(sse_client_run(f->c, 5000), 0);
  assert_true(ts_now_ms() - t0 < 100 * fx_time_scale());
}

typedef struct closer {
  fixture *f;
  uint64_t called_at;
} closer;

/* Waits for the disconnect (the client then sits in a 60 s reconnection delay),
 * lets run() settle into that wait, then closes. */
static void *close_during_delay(void *arg) {
  closer *cl = arg;
  if (cr_wait_for(&cl->f->rec, CR_DISCONNECT, 1, 10000)) sleep_ms(150);
  cl->called_at = ts_now_ms();
  sse_client_close(cl->f->c);
  return NULL;
}

static int reconnect_in_a_minute(client_recorder *r, sse_client *c, const cr_record *rec,
                                 sse_decision *d) {
  (void)r, (void)c, (void)rec;
  d->delay_ms = 60000;
  return 0;
}

/* M9: close() cancels a pending reconnection; run(-1) returns at once. */
static void test_M9_close_during_the_reconnection_delay(void **state) {
  fixture *f = *state;
  fx_script(f, "[{'body':[{'write':'data: x\\n\\n'}]}]");
  f->rec.hook[CR_DISCONNECT] = reconnect_in_a_minute;
  sse_client_options o = fx_options(fx_url(f, ""));
  fx_client(f, &o);
  closer cl = {f, 0};
  pthread_t th;
  assert_int_equal(pthread_create(&th, NULL, close_during_delay, &cl), 0);
  int rc = sse_client_run(f->c, -1);
  uint64_t returned_at = ts_now_ms();
  pthread_join(th, NULL);
  assert_int_equal(rc, SSE_ECLOSED);
  assert_string_equal(f->rec.seq.text, "R O E D");
  assert_true(returned_at - cl.called_at < 100 * fx_time_scale());
  json_value *log = fx_log(f);
  assert_int_equal(ts_log_count(log), 1); /* the reconnection never happened */
  json_free(log);
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
  sse_client_options o = fx_options(fx_scenario_url(f, "stall"));
  fx_client(f, &o);
  uint64_t t0 = ts_now_ms();
  assert_int_equal(sse_client_run(f->c, 5000), 0);
  assert_true(ts_now_ms() - t0 < 2000 * fx_time_scale()); /* not the run's own timeout */
  assert_string_equal(f->rec.seq.text, "R O C");
  assert_int_equal(sse_client_state(f->c), SSE_CLIENT_OPEN);
}

/* ------------------------------------------------- sse_client_start/join -- */

static void test_start_then_close_then_join(void **state) {
  fixture *f = *state;
  sse_client_options o = fx_options(fx_scenario_url(f, "stall"));
  fx_client(f, &o);
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
  sse_client_options o = fx_options(fx_scenario_url(f, "basic"));
  fx_client(f, &o);
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
  sse_client_options o = fx_options(fx_scenario_url(f, "stall"));
  fx_client(f, &o);
  assert_int_equal(sse_client_start(f->c), 0);
  assert_true(cr_wait_for(&f->rec, CR_COMMENT, 1, 10000));
  uint64_t t0 = ts_now_ms();
  sse_client_free(f->c);
  f->c = NULL;
  assert_true(ts_now_ms() - t0 < 1000 * fx_time_scale());
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

static void test_run_and_free_from_a_callback_are_refused(void **state) {
  fixture *f = *state;
  reentry re = {0, 0, -1};
  f->rec.user = &re;
  f->rec.hook[CR_EVENT] = reenter;
  sse_client_options o = fx_options(fx_scenario_url(f, "basic"));
  fx_client(f, &o);
  fx_run_to_close(f, 10000);
  assert_int_equal(re.run_rc, SSE_EBUSY);
  assert_int_equal(re.state_after_free, SSE_CLIENT_OPEN);
  assert_int_equal(re.join_rc, SSE_EINVAL); /* not started */
  assert_string_equal(f->rec.seq.text, "R O E E D R F"); /* undisturbed */
}

static void test_join_from_the_client_thread_is_refused(void **state) {
  fixture *f = *state;
  reentry re = {0, 0, -1};
  f->rec.user = &re;
  f->rec.hook[CR_EVENT] = reenter;
  sse_client_options o = fx_options(fx_scenario_url(f, "basic"));
  fx_client(f, &o);
  assert_int_equal(sse_client_start(f->c), 0);
  assert_int_equal(sse_client_join(f->c), SSE_ECLOSED);
  assert_int_equal(re.run_rc, SSE_EBUSY);
  assert_int_equal(re.join_rc, SSE_EBUSY);
}

/* close() inside a callback: nothing after the current callback (M9). */
static void test_M9_close_inside_a_callback_stops_delivery(void **state) {
  fixture *f = *state;
  f->rec.close_after_events = 1;
  sse_client_options o = fx_options(fx_scenario_url(f, "basic"));
  fx_client(f, &o);
  fx_run_to_close(f, 10000);
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
      cmocka_unit_test_setup_teardown(test_run_and_free_from_a_callback_are_refused, fx_setup,
                                      fx_teardown),
      cmocka_unit_test_setup_teardown(test_join_from_the_client_thread_is_refused, fx_setup,
                                      fx_teardown),
      cmocka_unit_test_setup_teardown(test_M9_close_inside_a_callback_stops_delivery,
                                      fx_setup, fx_teardown),
  };
  return cmocka_run_group_tests(tests, fx_group_setup, fx_group_teardown);
}
