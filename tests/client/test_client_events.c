/* Delivering a stream: open before events (M5), callback order, ready states (M1),
 * the named `basic` scenario, SSE_PAUSE from on_event, and the counters. */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <string.h>
#include <sys/time.h>

#include "client_fixture.h"

static int64_t wall_ms(void) {
  struct timeval tv;
  gettimeofday(&tv, NULL);
  return (int64_t)tv.tv_sec * 1000 + tv.tv_usec / 1000;
}

static void assert_event(client_recorder *r, unsigned n, const char *type, const char *data,
                         const char *id) {
  const cr_record *e = cr_nth(r, CR_EVENT, n);
  assert_non_null(e);
  assert_string_equal(e->s[0], type);
  assert_string_equal(e->s[1], data);
  assert_string_equal(e->s[2], id);
}

/* The `basic` scenario of tests/data/client_scenarios.json, shared by every language. */
static void test_M5_basic_scenario_open_then_events_then_204(void **state) {
  fixture *f = *state;
  fx_client_at(f, fx_scenario_url(f, "basic"));
  assert_int_equal(sse_client_state(f->c), SSE_CLIENT_CONNECTING); /* M2 */
  fx_run_to_close(f, 10000);

  /* request, open, 2 events, end of body, reconnect, 204 */
  assert_string_equal(f->rec.seq.text, "R O E E D R F");
  assert_event(&f->rec, 1, "message", "hello", "1");
  assert_event(&f->rec, 2, "greet", "a\nb", "1"); /* the id buffer keeps "1" (P rules) */
  const cr_record *open = cr_nth(&f->rec, CR_OPEN, 1);
  assert_int_equal(open->status, 200);
  assert_int_equal(open->http_version, 11);
  const cr_record *fail = cr_nth(&f->rec, CR_FAILURE, 1);
  assert_int_equal(fail->detail, SSE_FAILURE_NO_CONTENT);
  assert_int_equal(fail->status, 204);
}

static void test_M1_ready_state_in_each_callback(void **state) {
  fixture *f = *state;
  fx_run_script(f, "[{'body':[{'write':': c\\n\\ndata: x\\n\\n'}]},{'status':204}]");

  assert_string_equal(f->rec.seq.text, "R O C E D R F");
  assert_int_equal(cr_nth(&f->rec, CR_REQUEST, 1)->state, SSE_CLIENT_CONNECTING);
  assert_int_equal(cr_nth(&f->rec, CR_OPEN, 1)->state, SSE_CLIENT_OPEN); /* M5 */
  assert_int_equal(cr_nth(&f->rec, CR_COMMENT, 1)->state, SSE_CLIENT_OPEN);
  assert_int_equal(cr_nth(&f->rec, CR_EVENT, 1)->state, SSE_CLIENT_OPEN);
  assert_int_equal(cr_nth(&f->rec, CR_REQUEST, 2)->state, SSE_CLIENT_CONNECTING); /* M7 */
  assert_int_equal(sse_client_state(f->c), SSE_CLIENT_CLOSED);                  /* M8 */
}

static void test_M5_open_reports_the_response(void **state) {
  fixture *f = *state;
  fx_script(f, "[{'headers':[['Content-Type','text/event-stream'],['X-Served-By','t']],"
               "'body':[{'write':'data: x\\n\\n'}]},{'status':204}]");
  const char *url = fx_url(f, "?q=1");
  char url_copy[256];
  snprintf(url_copy, sizeof url_copy, "%s", url);
  fx_run_url(f, url_copy);

  const cr_record *open = cr_nth(&f->rec, CR_OPEN, 1);
  assert_non_null(open);
  assert_int_equal(open->status, 200);
  assert_string_equal(open->s[0], url_copy);
  assert_string_equal(open->s[1], "text/event-stream");
  fx_assert_listed_header(open->s[2], "X-Served-By", "t");
}

static void test_callbacks_follow_the_stream_order(void **state) {
  fixture *f = *state;
  fx_run_script(f, "[{'body':[{'write':'retry: 30\\n: one\\nid: 7\\ndata: a\\n\\n'},"
               "{'write':': two\\nevent: e\\ndata: b\\n\\n'}]},{'status':204}]");

  assert_string_equal(f->rec.seq.text, "R O T C E C E D R F");
  assert_int_equal(cr_nth(&f->rec, CR_RETRY, 1)->n, 30);
  assert_string_equal(cr_nth(&f->rec, CR_COMMENT, 1)->s[0], "one");
  assert_string_equal(cr_nth(&f->rec, CR_COMMENT, 2)->s[0], "two");
  assert_event(&f->rec, 1, "message", "a", "7");
  assert_event(&f->rec, 2, "e", "b", "7");
  /* M13: one ordered task source, so the callback times never go backwards. */
  assert_true(cr_nth(&f->rec, CR_EVENT, 2)->t_ms >= cr_nth(&f->rec, CR_EVENT, 1)->t_ms);
}

/* SSE_PAUSE from on_event: run returns SSE_PAUSED right after that event; the rest of
 * the already received bytes waits for the next run call. */
static int pause_on_first_event(client_recorder *r, sse_client *c, const cr_record *rec,
                                sse_decision *d) {
  (void)r, (void)c, (void)d;
  return rec->n == 1 ? SSE_PAUSE : 0;
}

static void test_event_callback_pause_returns_paused_then_resumes(void **state) {
  fixture *f = *state;
  fx_script(f, "[{'body':[{'write':'data: 1\\n\\ndata: 2\\n\\n'}]},{'status':204}]");
  f->rec.hook[CR_EVENT] = pause_on_first_event;
  fx_client_at(f, fx_url(f, ""));
  fx_run_to_pause(f, NULL);
  assert_int_equal(cr_count(&f->rec, CR_EVENT), 1);
  assert_int_equal(sse_client_state(f->c), SSE_CLIENT_OPEN);
  fx_run_to_close(f, 10000);
  assert_string_equal(cr_event_datas(&f->rec), "1|2");
}

static void test_stats_count_attempts_events_bytes_and_time(void **state) {
  fixture *f = *state;
  /* 19 + 30 body bytes, then a 204. */
  fx_script(f, "[{'body':[{'write':'id: 1\\ndata: hello\\n\\n'},"
               "{'write':'event: greet\\ndata: a\\ndata: b\\n\\n'}]},{'status':204}]");
  fx_client_at(f, fx_url(f, ""));
  sse_client_stats before = fx_stats(f);
  assert_int_equal(before.state, SSE_CLIENT_CONNECTING);
  assert_int_equal(before.attempts, 0);
  assert_int_equal(before.events, 0);
  assert_int_equal(before.last_event_unix_ms, 0);
  assert_int_equal(before.retry_ms, 20); /* the configured reconnection time (M1) */

  int64_t t0 = wall_ms();
  fx_run_to_close(f, 10000);
  int64_t t1 = wall_ms();

  sse_client_stats st = fx_stats(f);
  assert_int_equal(st.state, SSE_CLIENT_CLOSED);
  assert_int_equal(st.attempts, 2);
  assert_int_equal(st.reconnects, 1);
  assert_int_equal(st.failures, 1); /* the 204 */
  assert_int_equal(st.events, 2);
  assert_int_equal(st.bytes, 49);
  assert_int_equal(st.skipped_events, 0);
  assert_in_range(st.last_event_unix_ms, t0 - 1000, t1 + 1000);
  assert_int_equal(st.retry_ms, 20);
}

/* M10: a `retry` field becomes the reconnection time the stats report. */
static void test_M10_stats_report_the_server_retry(void **state) {
  fixture *f = *state;
  fx_run_url(f, fx_scenario_url(f, "retry-then-204"));
  assert_string_equal(f->rec.seq.text, "R O T E D R F");
  assert_int_equal(cr_nth(&f->rec, CR_RETRY, 1)->n, 50);
  assert_int_equal(fx_stats(f).retry_ms, 50);
  assert_event(&f->rec, 1, "message", "x", "a");
  /* The reconnect after the clean end waited at least the server's 50 ms (M7). */
  const cr_record *d = cr_nth(&f->rec, CR_DISCONNECT, 1);
  assert_int_equal(d->proposed.action, SSE_CLIENT_RECONNECT);
  assert_int_equal(d->proposed.delay_ms, 50);
  assert_true(cr_nth(&f->rec, CR_REQUEST, 2)->t_ms - d->t_ms >= 50);
}

static void test_user_data_round_trip(void **state) {
  fixture *f = *state;
  fx_client_at(f, fx_url(f, ""));
  assert_ptr_equal(sse_client_user_data(f->c), &f->rec);
  int other;
  sse_client_set_user_data(f->c, &other);
  assert_ptr_equal(sse_client_user_data(f->c), &other);
  sse_client_set_user_data(f->c, &f->rec);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test_setup_teardown(test_M5_basic_scenario_open_then_events_then_204,
                                      fx_setup, fx_teardown),
      cmocka_unit_test_setup_teardown(test_M1_ready_state_in_each_callback, fx_setup,
                                      fx_teardown),
      cmocka_unit_test_setup_teardown(test_M5_open_reports_the_response, fx_setup,
                                      fx_teardown),
      cmocka_unit_test_setup_teardown(test_callbacks_follow_the_stream_order, fx_setup,
                                      fx_teardown),
      cmocka_unit_test_setup_teardown(test_event_callback_pause_returns_paused_then_resumes,
                                      fx_setup, fx_teardown),
      cmocka_unit_test_setup_teardown(test_stats_count_attempts_events_bytes_and_time,
                                      fx_setup, fx_teardown),
      cmocka_unit_test_setup_teardown(test_M10_stats_report_the_server_retry, fx_setup,
                                      fx_teardown),
      cmocka_unit_test_setup_teardown(test_user_data_round_trip, fx_setup, fx_teardown),
  };
  return cmocka_run_group_tests(tests, fx_group_setup, fx_group_teardown);
}
