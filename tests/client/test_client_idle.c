/* idle_timeout_ms: a stream that goes quiet is dropped and reconnected (reason IDLE),
 * while comments, the usual keep-alive, keep it open. read_timeout_ms: a connection on
 * which no byte at all arrives is dropped (reason READ_TIMEOUT), while a trickle of
 * bytes keeps it, even when no event completes for a long time. */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <string.h>

#include "client_fixture.h"

#define IDLE_LIMIT_MS 300

/* The client on `url` with an idle limit of IDLE_LIMIT_MS, run to close. */
static void run_with_idle_limit(fixture *f, const char *url) {
  sse_client_options o = fx_options(url);
  o.idle_timeout_ms = IDLE_LIMIT_MS;
  fx_run_client(f, &o);
}

/* One response of `times` x (`write`, then a pause of pause_ms), then `last`
 * (a body action), then a 204; run with the idle limit. */
static void run_paced_stream(fixture *f, const char *write, int times, int pause_ms,
                             const char *last) {
  char script[4096] = "[{'body':[";
  for (int i = 0; i < times; i++)
    snprintf(script + strlen(script), sizeof script - strlen(script),
             "{'write':'%s'},{'sleep_ms':%d},", write, pause_ms);
  snprintf(script + strlen(script), sizeof script - strlen(script), "%s]},{'status':204}]",
           last);
  fx_script(f, script);
  run_with_idle_limit(f, fx_url(f, ""));
}

static void test_idle_timeout_fires_on_a_stalled_stream(void **state) {
  fixture *f = *state;
  run_with_idle_limit(f, fx_scenario_url(f, "stall"));

  /* ": hi" arrives, then nothing: idle disconnect, reconnect (M6), 204. */
  assert_string_equal(f->rec.seq.text, "R O C D R F");
  const cr_record *d =
      fx_assert_reconnecting_disconnect(f, 1, SSE_DISCONNECT_IDLE, SSE_ETIMEDOUT);
  uint64_t quiet = d->t_ms - cr_nth(&f->rec, CR_COMMENT, 1)->t_ms;
  assert_true(quiet >= IDLE_LIMIT_MS - 5); /* measured from our side of the comment callback */
  assert_true(quiet < IDLE_LIMIT_MS + 1000);
  assert_true(d->connected_ms >= IDLE_LIMIT_MS - 10);
}

/* Twenty comments 50 ms apart (1 s in total) with a 300 ms idle limit: never idle. */
static void test_idle_timeout_is_reset_by_comments(void **state) {
  fixture *f = *state;
  run_paced_stream(f, ": keep-alive\\n", 20, 50, "{'write':'data: done\\n\\n'}");

  assert_int_equal(cr_count(&f->rec, CR_COMMENT), 20);
  assert_int_equal(cr_count(&f->rec, CR_DISCONNECT), 1);
  assert_int_equal(cr_nth(&f->rec, CR_DISCONNECT, 1)->detail, SSE_DISCONNECT_END);
  assert_string_equal(cr_event_datas(&f->rec), "done");
  assert_int_equal(fx_stats(f).attempts, 2); /* the stream and the 204 */
}

/* Events reset it as well. */
static void test_idle_timeout_is_reset_by_events(void **state) {
  fixture *f = *state;
  run_paced_stream(f, "data: e\\n\\n", 10, 100, "{'close':true}");

  assert_int_equal(cr_count(&f->rec, CR_EVENT), 10);
  assert_int_equal(cr_nth(&f->rec, CR_DISCONNECT, 1)->detail, SSE_DISCONNECT_END);
  assert_int_equal(cr_count(&f->rec, CR_DISCONNECT), 1);
}

/* Off by default: a stall with no idle limit keeps the client waiting. */
static void test_no_idle_timeout_by_default(void **state) {
  fixture *f = *state;
  fx_client_at(f, fx_scenario_url(f, "stall"));
  assert_int_equal(sse_client_run(f->c, 700), 0); /* the run's own timeout */
  assert_string_equal(f->rec.seq.text, "R O C");
  assert_int_equal(sse_client_state(f->c), SSE_CLIENT_OPEN);
}

#define TRICKLE_LIMIT_MS 500

/* One event dripped a byte every 200 ms (12 bytes: about 2.4 s), then 204, with the
 * given limits. */
static void run_trickle(fixture *f, uint64_t read_timeout_ms, uint64_t idle_timeout_ms) {
  fx_script(f, "[{'body':[{'drip':'data: slow\\n\\n','every_ms':200}]},{'status':204}]");
  sse_client_options o = fx_options(fx_url(f, ""));
  o.read_timeout_ms = read_timeout_ms;
  o.idle_timeout_ms = idle_timeout_ms;
  fx_run_client(f, &o);
}

static void test_read_timeout_lets_a_trickle_through(void **state) {
  fixture *f = *state;
  run_trickle(f, TRICKLE_LIMIT_MS, 0);
  assert_string_equal(f->rec.seq.text, "R O E D R F");
  assert_string_equal(cr_event_datas(&f->rec), "slow");
  assert_int_equal(cr_nth(&f->rec, CR_DISCONNECT, 1)->detail, SSE_DISCONNECT_END);
}

static void test_idle_timeout_drops_a_trickle(void **state) {
  fixture *f = *state;
  run_trickle(f, 0, TRICKLE_LIMIT_MS);
  assert_string_equal(f->rec.seq.text, "R O D R F"); /* the event never completed */
  const cr_record *d =
      fx_assert_reconnecting_disconnect(f, 1, SSE_DISCONNECT_IDLE, SSE_ETIMEDOUT);
  assert_true(d->connected_ms >= TRICKLE_LIMIT_MS - 10);
  assert_string_equal(d->s[0], "no event or comment for 500 ms");
}

static void test_read_timeout_fires_on_a_stalled_stream(void **state) {
  fixture *f = *state;
  sse_client_options o = fx_options(fx_scenario_url(f, "stall"));
  o.read_timeout_ms = IDLE_LIMIT_MS;
  fx_run_client(f, &o);
  assert_string_equal(f->rec.seq.text, "R O C D R F");
  const cr_record *d =
      fx_assert_reconnecting_disconnect(f, 1, SSE_DISCONNECT_READ_TIMEOUT, SSE_ETIMEDOUT);
  uint64_t quiet = d->t_ms - cr_nth(&f->rec, CR_COMMENT, 1)->t_ms;
  assert_true(quiet >= IDLE_LIMIT_MS - 5);
  assert_true(quiet < IDLE_LIMIT_MS + 1000 * fx_time_scale());
  assert_string_equal(d->s[0], "no byte received for 300 ms");
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test_setup_teardown(test_idle_timeout_fires_on_a_stalled_stream, fx_setup,
                                      fx_teardown),
      cmocka_unit_test_setup_teardown(test_idle_timeout_is_reset_by_comments, fx_setup,
                                      fx_teardown),
      cmocka_unit_test_setup_teardown(test_idle_timeout_is_reset_by_events, fx_setup,
                                      fx_teardown),
      cmocka_unit_test_setup_teardown(test_no_idle_timeout_by_default, fx_setup, fx_teardown),
      cmocka_unit_test_setup_teardown(test_read_timeout_lets_a_trickle_through, fx_setup,
                                      fx_teardown),
      cmocka_unit_test_setup_teardown(test_idle_timeout_drops_a_trickle, fx_setup, fx_teardown),
      cmocka_unit_test_setup_teardown(test_read_timeout_fires_on_a_stalled_stream, fx_setup,
                                      fx_teardown),
  };
  return cmocka_run_group_tests(tests, fx_group_setup, fx_group_teardown);
}
