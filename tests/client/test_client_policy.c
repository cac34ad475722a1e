/* Policy: on_failure / on_disconnect may stop or change the delay (and the delay is
 * honoured), SSE_PAUSE defers the decision to sse_client_decide(), and a negative
 * callback return stops the client and comes back from sse_client_run(). */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <string.h>

#include "client_fixture.h"
#include "client_hooks.h"

#define USER_ERROR (-1234)

/* ------------------------------------------------------------ decisions -- */

/* Observe-only: on_failure / on_disconnect that return 0 and leave the decision as it
 * is (the recorder without hooks: it only copies what it is given) change nothing.
 * The default happens in one sse_client_run() call, never SSE_PAUSED: a network
 * failure and a clean end reconnect, the give-up rule and a 404 stop. */
static void test_observing_callbacks_leave_the_default_decision(void **state) {
  fixture *f = *state;
  fx_script(f, "[{'status':503,'headers':[['Content-Type','text/plain']]},"
               "{'body':[{'write':'data: x\\n\\n'}]},"
               "{'status':404,'headers':[['Content-Type','text/plain']]}]");
  sse_client_options o = fx_options(fx_url(f, ""));
  static const int retry[] = {503};
  o.retry_statuses = retry;
  o.retry_status_count = 1;
  fx_run_client(f, &o); /* asserts one run() up to SSE_ECLOSED */
  assert_string_equal(f->rec.seq.text, "R F R O E D R F");
  for (unsigned n = 1; n <= 2; n++) {
    const cr_record *fail = cr_nth(&f->rec, CR_FAILURE, n);
    assert_int_equal(fail->returned, 0);
    assert_int_equal(fail->applied.action, fail->proposed.action);
    assert_int_equal(fail->applied.delay_ms, fail->proposed.delay_ms);
  }
  assert_int_equal(cr_nth(&f->rec, CR_FAILURE, 1)->applied.action, SSE_CLIENT_RECONNECT);
  assert_int_equal(cr_nth(&f->rec, CR_DISCONNECT, 1)->applied.action, SSE_CLIENT_RECONNECT);
  assert_int_equal(cr_nth(&f->rec, CR_FAILURE, 2)->applied.action, SSE_CLIENT_STOP);
}

static void test_observing_callbacks_leave_the_give_up_rule(void **state) {
  fixture *f = *state;
  sse_client_options o = fx_options(fx_refused_url("/"));
  o.max_attempts = 3;
  fx_run_client(f, &o);
  assert_string_equal(f->rec.seq.text, "R F R F R F");
  assert_int_equal(cr_nth(&f->rec, CR_FAILURE, 3)->applied.gave_up, 1);
}

/* A network failure would reconnect (M4b); the application says stop. */
static void test_on_failure_stop_overrides_reconnect(void **state) {
  fixture *f = *state;
  f->rec.hook[CR_FAILURE] = fx_hook_stop;
  fx_run_url(f, fx_refused_url("/"));
  assert_string_equal(f->rec.seq.text, "R F");
  assert_int_equal(cr_nth(&f->rec, CR_FAILURE, 1)->proposed.action, SSE_CLIENT_RECONNECT);
  assert_int_equal(fx_stats(f).attempts, 1);
}

static int reconnect_after_250(client_recorder *r, sse_client *c, const cr_record *rec,
                               sse_decision *d) {
  (void)r, (void)c;
  if (rec->kind == CR_FAILURE && rec->status == 204) return 0; /* keep the stop */
  d->action = SSE_CLIENT_RECONNECT;
  d->delay_ms = 250;
  return 0;
}

/* The 250 ms were waited, and not absurdly more. */
static void assert_waited_250(fixture *f, const cr_record *decided_at, unsigned next_request) {
  fx_assert_waited(f, decided_at, next_request, 250, 500 * fx_time_scale());
}

/* A 404 would stop (M4c); the application reconnects after 250 ms instead. */
static void test_on_failure_custom_delay_is_honoured(void **state) {
  fixture *f = *state;
  f->rec.hook[CR_FAILURE] = reconnect_after_250;
  fx_run_script(f, "[{'status':404,'headers':[['Content-Type','text/plain']],'framing':'length',"
               "'body':[{'write':'later'}]},{'body':[{'write':'data: ok\\n\\n'}]},"
               "{'status':204}]");
  assert_string_equal(f->rec.seq.text, "R F R O E D R F");
  assert_waited_250(f, cr_nth(&f->rec, CR_FAILURE, 1), 2);
  assert_int_equal(fx_stats(f).current_delay_ms, 20); /* the last reconnection's delay */
}

static void test_on_disconnect_custom_delay_is_honoured(void **state) {
  fixture *f = *state;
  f->rec.hook[CR_DISCONNECT] = reconnect_after_250;
  fx_run_script(f, "[{'body':[{'write':'data: 1\\n\\n'}]},{'body':[{'write':'data: 2\\n\\n'}]},"
               "{'status':204}]");
  assert_string_equal(f->rec.seq.text, "R O E D R O E D R F");
  assert_waited_250(f, cr_nth(&f->rec, CR_DISCONNECT, 1), 2);
  assert_waited_250(f, cr_nth(&f->rec, CR_DISCONNECT, 2), 3);
}

static void test_on_disconnect_stop_closes_the_client(void **state) {
  fixture *f = *state;
  f->rec.hook[CR_DISCONNECT] = fx_hook_stop;
  fx_run_script(f, "[{'body':[{'write':'data: 1\\n\\n'}]},{'body':[{'write':'data: 2\\n\\n'}]}]");
  assert_string_equal(f->rec.seq.text, "R O E D");
  fx_assert_request_count(f, 1); /* M8: never reconnects */
}

/* -------------------------------------------------- SSE_PAUSE + decide -- */

/* A client on /s/<sid> with `single_quoted_script`, whose `kind` callback pauses. */
static void pausing_client(fixture *f, const char *single_quoted_script, cr_kind kind) {
  fx_script(f, single_quoted_script);
  f->rec.hook[kind] = fx_hook_pause;
  fx_client_at(f, fx_url(f, ""));
}

static void test_failure_pause_then_decide_reconnect(void **state) {
  fixture *f = *state;
  pausing_client(f, "[{'status':500,'headers':[['Content-Type','text/plain']],'framing':'length',"
               "'body':[{'write':'x'}]},{'body':[{'write':'data: ok\\n\\n'}]},"
               "{'status':204}]",
                 CR_FAILURE);

  sse_decision d = {SSE_CLIENT_RECONNECT, 0, 0};
  assert_int_equal(sse_client_decide(f->c, &d), SSE_EBUSY); /* nothing pending yet */
  fx_run_to_pause(f, "R F");
  sse_decision bad = {99, 0, 0};
  assert_int_equal(sse_client_decide(f->c, &bad), SSE_EINVAL);
  d.delay_ms = 100;
  int decided_rc = sse_client_decide(f->c, &d);
  if (decided_rc != 0) fprintf(stderr, "# decide: %s\n", sse_error_last()->message);
  assert_int_equal(decided_rc, 0);
  uint64_t decided = ts_now_ms();

  f->rec.hook[CR_FAILURE] = NULL; /* the final 204 stops by default */
  fx_run_to_close(f, 10000);
  assert_string_equal(f->rec.seq.text, "R F R O E D R F");
  assert_true(cr_nth(&f->rec, CR_REQUEST, 2)->t_ms - decided >= 100 - 5);
}

static void test_disconnect_pause_then_decide_stop(void **state) {
  fixture *f = *state;
  pausing_client(f, "[{'body':[{'write':'data: 1\\n\\n'}]}]", CR_DISCONNECT);
  fx_run_to_pause(f, "R O E D");
  sse_decision d = {SSE_CLIENT_STOP, 0, 0};
  assert_int_equal(sse_client_decide(f->c, &d), 0);
  fx_run_to_close(f, 10000);
  assert_string_equal(f->rec.seq.text, "R O E D");
}

/* on_open SSE_PAUSE: run returns with the stream open; the events follow on the next
 * run call. */
static void test_open_pause_then_events_on_the_next_run(void **state) {
  fixture *f = *state;
  pausing_client(f, "[{'body':[{'write':'data: 1\\n\\n'}]},{'status':204}]", CR_OPEN);
  fx_run_to_pause(f, "R O");
  assert_int_equal(sse_client_state(f->c), SSE_CLIENT_OPEN);
  fx_run_to_close(f, 10000);
  assert_string_equal(f->rec.seq.text, "R O E D R F");
}

/* before_request SSE_PAUSE: run returns before anything is sent. */
static void test_before_request_pause_sends_on_the_next_run(void **state) {
  fixture *f = *state;
  pausing_client(f, "[{'status':204}]", CR_REQUEST);
  fx_run_to_pause(f, NULL);
  fx_assert_request_count(f, 0);
  f->rec.hook[CR_REQUEST] = NULL;
  fx_run_to_close(f, 10000);
  assert_string_equal(f->rec.seq.text, "R F"); /* the paused attempt is not re-announced */
  fx_assert_request_count(f, 1);
}

/* ------------------------------------------------------ negative returns -- */

static int user_error(client_recorder *r, sse_client *c, const cr_record *rec,
                      sse_decision *d) {
  (void)r, (void)c, (void)rec, (void)d;
  return USER_ERROR;
}

static void assert_user_error_stops(fixture *f, cr_kind kind, const char *want_seq) {
  f->rec.hook[kind] = user_error;
  fx_script(f, "[{'body':[{'write':': c\\ndata: 1\\n\\ndata: 2\\n\\n'}]}]");
  fx_client_at(f, fx_url(f, ""));
  assert_int_equal(sse_client_run(f->c, 10000), USER_ERROR);
  assert_string_equal(f->rec.seq.text, want_seq);
  assert_int_equal(sse_client_state(f->c), SSE_CLIENT_CLOSED);
  assert_int_equal(sse_client_run(f->c, 100), SSE_ECLOSED); /* and it stays closed */
  assert_string_equal(f->rec.seq.text, want_seq);            /* no callback after it */
}

static void test_negative_from_on_event_stops_and_is_returned(void **state) {
  assert_user_error_stops(*state, CR_EVENT, "R O C E");
}

static void test_negative_from_on_comment_stops_and_is_returned(void **state) {
  assert_user_error_stops(*state, CR_COMMENT, "R O C");
}

static void test_negative_from_on_open_stops_and_is_returned(void **state) {
  assert_user_error_stops(*state, CR_OPEN, "R O");
}

static void test_negative_from_before_request_stops_before_sending(void **state) {
  fixture *f = *state;
  assert_user_error_stops(f, CR_REQUEST, "R");
  fx_assert_request_count(f, 0);
}

static void test_negative_from_on_disconnect_stops_and_is_returned(void **state) {
  assert_user_error_stops(*state, CR_DISCONNECT, "R O C E E D");
}

/* max_elapsed_ms: give up once failing has lasted that long. */
static void test_max_elapsed_gives_up(void **state) {
  fixture *f = *state;
  sse_client_options o = fx_options_delays(fx_refused_url("/"), 50, 50);
  o.max_elapsed_ms = 300;
  fx_client(f, &o);
  uint64_t t0 = ts_now_ms();
  fx_run_to_close(f, 10000);
  uint64_t took = ts_now_ms() - t0;
  unsigned failures = cr_count(&f->rec, CR_FAILURE);
  const cr_record *last = cr_nth(&f->rec, CR_FAILURE, failures);
  assert_int_equal(last->proposed.gave_up, 1);
  assert_int_equal(last->proposed.action, SSE_CLIENT_STOP);
  assert_true(failures >= 3);
  assert_true(took >= 250);
  assert_true(took < 300 + 2000);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test_setup_teardown(test_on_failure_stop_overrides_reconnect, fx_setup,
                                      fx_teardown),
      cmocka_unit_test_setup_teardown(test_on_failure_custom_delay_is_honoured, fx_setup,
                                      fx_teardown),
      cmocka_unit_test_setup_teardown(test_on_disconnect_custom_delay_is_honoured, fx_setup,
                                      fx_teardown),
      cmocka_unit_test_setup_teardown(test_on_disconnect_stop_closes_the_client, fx_setup,
                                      fx_teardown),
      cmocka_unit_test_setup_teardown(test_failure_pause_then_decide_reconnect, fx_setup,
                                      fx_teardown),
      cmocka_unit_test_setup_teardown(test_disconnect_pause_then_decide_stop, fx_setup,
                                      fx_teardown),
      cmocka_unit_test_setup_teardown(test_open_pause_then_events_on_the_next_run, fx_setup,
                                      fx_teardown),
      cmocka_unit_test_setup_teardown(test_before_request_pause_sends_on_the_next_run,
                                      fx_setup, fx_teardown),
      cmocka_unit_test_setup_teardown(test_negative_from_on_event_stops_and_is_returned,
                                      fx_setup, fx_teardown),
      cmocka_unit_test_setup_teardown(test_negative_from_on_comment_stops_and_is_returned,
                                      fx_setup, fx_teardown),
      cmocka_unit_test_setup_teardown(test_negative_from_on_open_stops_and_is_returned,
                                      fx_setup, fx_teardown),
      cmocka_unit_test_setup_teardown(test_negative_from_before_request_stops_before_sending,
                                      fx_setup, fx_teardown),
      cmocka_unit_test_setup_teardown(test_negative_from_on_disconnect_stops_and_is_returned,
                                      fx_setup, fx_teardown),
      cmocka_unit_test_setup_teardown(test_max_elapsed_gives_up, fx_setup, fx_teardown),
      cmocka_unit_test_setup_teardown(test_observing_callbacks_leave_the_default_decision,
                                      fx_setup, fx_teardown),
      cmocka_unit_test_setup_teardown(test_observing_callbacks_leave_the_give_up_rule,
                                      fx_setup, fx_teardown),
  };
  return cmocka_run_group_tests(tests, fx_group_setup, fx_group_teardown);
}
