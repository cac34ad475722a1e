/* M4: how a response is classified. 204 and other statuses and wrong content types
 * fail the connection (stop by default, with the response in sse_failure); a
 * text/event-stream essence is accepted whatever its case and parameters; network
 * errors reconnect with backoff until the give-up rule; retry_statuses reconnect and
 * honour Retry-After. */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <string.h>

#include "client_fixture.h"

static const cr_record *only_failure(fixture *f) {
  assert_int_equal(cr_count(&f->rec, CR_FAILURE), 1);
  return cr_nth(&f->rec, CR_FAILURE, 1);
}

static void assert_stopped_by_failure(fixture *f, int kind, int status) {
  fx_run_to_close(f, FX_RUN_MS);
  assert_string_equal(f->rec.seq.text, "R F"); /* no open, no reconnection (M8) */
  const cr_record *fail = only_failure(f);
  if (fail->detail != kind)
    fprintf(stderr, "# failure kind %s, want %s (%s)\n", cr_failure_kind_name(fail->detail),
            cr_failure_kind_name(kind), fail->s[0]);
  assert_int_equal(fail->detail, kind);
  assert_true(fail->has_response);
  assert_int_equal(fail->status, status);
  assert_int_equal(fail->code, SSE_EPROTO);
  assert_int_equal(fail->n, 1);
  assert_int_equal(fail->proposed.action, SSE_CLIENT_STOP);
  assert_int_equal(fail->proposed.gave_up, 0);
  assert_int_equal(fx_stats(f).attempts, 1);
}

static void test_M4c_204_stops_with_no_content(void **state) {
  fixture *f = *state;
  fx_client_at(f, fx_scenario_url(f, "no-content"));
  assert_stopped_by_failure(f, SSE_FAILURE_NO_CONTENT, 204);
  /* Every later run reports the closed client at once. */
  assert_int_equal(sse_client_run(f->c, 1000), SSE_ECLOSED);
}

static void test_M4c_404_stops_with_status_headers_and_body(void **state) {
  fixture *f = *state;
  fx_client_at(f, fx_scenario_url(f, "not-found"));
  assert_stopped_by_failure(f, SSE_FAILURE_STATUS, 404);
  const cr_record *fail = only_failure(f);
  fx_assert_listed_header(fail->s[2], "Content-Type", "text/plain");
  assert_string_equal(fail->s[1], "missing");
  assert_int_equal(fail->retry_after_ms, -1);
}

static void test_M4c_500_stops_with_its_headers_and_body(void **state) {
  fixture *f = *state;
  fx_script(f, "[{'status':500,'headers':[['Content-Type','application/json'],"
               "['X-Reason','db down']],'framing':'length',"
               "'body':[{'write':'{\\u0027error\\u0027:1}'}]}]");
  fx_client_at(f, fx_url(f, ""));
  assert_stopped_by_failure(f, SSE_FAILURE_STATUS, 500);
  const cr_record *fail = only_failure(f);
  fx_assert_listed_header(fail->s[2], "X-Reason", "db down");
  assert_string_equal(fail->s[1], "{'error':1}");
}

static void test_M4c_failure_body_is_cut_at_max_failure_body_bytes(void **state) {
  fixture *f = *state;
  fx_script(f, "[{'status':404,'headers':[['Content-Type','text/plain']],'framing':'length',"
               "'body':[{'repeat':'0123456789','times':500}]}]");
  sse_client_options o = fx_options(fx_url(f, ""));
  o.max_failure_body_bytes = 25;
  fx_client(f, &o);
  assert_stopped_by_failure(f, SSE_FAILURE_STATUS, 404);
  assert_string_equal(only_failure(f)->s[1], "0123456789012345678901234");
}

static void test_M4d_wrong_content_type_stops(void **state) {
  fixture *f = *state;
  fx_client_at(f, fx_scenario_url(f, "wrong-type"));
  assert_stopped_by_failure(f, SSE_FAILURE_CONTENT_TYPE, 200);
  assert_string_equal(only_failure(f)->s[1], "<html>");
}

static void test_M4d_missing_content_type_stops(void **state) {
  fixture *f = *state;
  fx_script(f, "[{'headers':[],'body':[{'write':'data: never\\n\\n'}]}]");
  fx_client_at(f, fx_url(f, ""));
  assert_stopped_by_failure(f, SSE_FAILURE_CONTENT_TYPE, 200);
  assert_int_equal(cr_count(&f->rec, CR_EVENT), 0);
}

/* M4d: the MIME essence decides; case and parameters do not (and P1: still UTF-8). */
static void accepts_content_type(fixture *f, const char *content_type) {
  char script[512];
  snprintf(script, sizeof script,
           "[{'headers':[['Content-Type','%s']],'body':[{'write':'data: caf\\u00e9\\n\\n'}]},"
           "{'status':204}]",
           content_type);
  fx_run_script(f, script);
  assert_string_equal(f->rec.seq.text, "R O E D R F");
  assert_string_equal(cr_nth(&f->rec, CR_OPEN, 1)->s[1], content_type);
  assert_string_equal(cr_nth(&f->rec, CR_EVENT, 1)->s[1], "caf\xc3\xa9");
}

static void test_M4d_charset_parameter_is_ignored(void **state) {
  accepts_content_type(*state, "text/event-stream; charset=windows-1252");
}

static void test_M4d_type_is_case_insensitive(void **state) {
  accepts_content_type(*state, "TEXT/Event-Stream");
}

static void test_M4d_empty_parameter_list_is_accepted(void **state) {
  accepts_content_type(*state, "text/event-stream;");
}

/* M4b: a refused connection reconnects with a growing delay; max_attempts gives up. */
static void test_M4b_refused_connection_backs_off_then_gives_up(void **state) {
  fixture *f = *state;
  sse_client_options o = fx_options_delays(fx_refused_url("/s/none"), 10, 1000);
  o.max_attempts = 3;
  fx_run_client(f, &o);

  assert_string_equal(f->rec.seq.text, "R F R F R F");
  for (unsigned i = 1; i <= 3; i++) {
    const cr_record *fail = cr_nth(&f->rec, CR_FAILURE, i);
    assert_int_equal(fail->detail, SSE_FAILURE_NETWORK);
    assert_false(fail->has_response);
    assert_int_equal(fail->n, i); /* consecutive failed attempts */
    assert_true(fail->code == SSE_EIO || fail->code == SSE_ETIMEDOUT);
  }
  const cr_record *f1 = cr_nth(&f->rec, CR_FAILURE, 1);
  const cr_record *f2 = cr_nth(&f->rec, CR_FAILURE, 2);
  const cr_record *f3 = cr_nth(&f->rec, CR_FAILURE, 3);
  assert_int_equal(f1->proposed.action, SSE_CLIENT_RECONNECT);
  assert_int_equal(f2->proposed.action, SSE_CLIENT_RECONNECT);
  assert_true(f1->proposed.delay_ms >= 10);
  assert_int_equal(f2->proposed.delay_ms, 2 * f1->proposed.delay_ms); /* backoff doubles */
  assert_int_equal(f3->proposed.action, SSE_CLIENT_STOP);
  assert_int_equal(f3->proposed.gave_up, 1);
  assert_int_equal(f1->proposed.gave_up, 0);
  /* The delays were actually waited (M7 step 2). */
  assert_true(cr_nth(&f->rec, CR_REQUEST, 2)->t_ms - f1->t_ms >= f1->proposed.delay_ms);
  assert_true(cr_nth(&f->rec, CR_REQUEST, 3)->t_ms - f2->t_ms >= f2->proposed.delay_ms);
  sse_client_stats st = fx_stats(f);
  assert_int_equal(st.attempts, 3);
  assert_int_equal(st.failures, 3);
}

/* The client on `url` with retry_statuses, run to close within timeout_ms. */
static void run_with_retry_statuses(fixture *f, const char *url, const int *statuses,
                                    size_t count, int timeout_ms) {
  sse_client_options o = fx_options(url);
  o.retry_statuses = statuses;
  o.retry_status_count = count;
  fx_client(f, &o);
  fx_run_to_close(f, timeout_ms);
}

/* retry_statuses: 503 reconnects after Retry-After (1 s), then the stream works. */
static void test_retry_status_503_honours_retry_after(void **state) {
  fixture *f = *state;
  static const int statuses[] = {503};
  run_with_retry_statuses(f, fx_scenario_url(f, "unavailable-retry-after"), statuses, 1,
                          15000);

  assert_string_equal(f->rec.seq.text, "R F R O E D R F");
  const cr_record *fail = cr_nth(&f->rec, CR_FAILURE, 1);
  assert_int_equal(fail->detail, SSE_FAILURE_STATUS);
  assert_int_equal(fail->status, 503);
  assert_int_equal(fail->retry_after_ms, 1000);
  assert_int_equal(fail->proposed.action, SSE_CLIENT_RECONNECT);
  assert_true(fail->proposed.delay_ms >= 1000);
  fx_assert_waited(f, fail, 2, 1000, 2000);
  assert_string_equal(cr_event_datas(&f->rec), "recovered");
}

/* 429 without Retry-After: reconnect after the ordinary delay. */
static void test_retry_status_429_without_retry_after(void **state) {
  fixture *f = *state;
  fx_script(f, "[{'status':429,'headers':[['Content-Type','text/plain']],'framing':'length',"
               "'body':[{'write':'slow down'}]},{'body':[{'write':'data: ok\\n\\n'}]},"
               "{'status':204}]");
  static const int statuses[] = {503, 429};
  run_with_retry_statuses(f, fx_url(f, ""), statuses, 2, FX_RUN_MS);

  assert_string_equal(f->rec.seq.text, "R F R O E D R F");
  const cr_record *fail = cr_nth(&f->rec, CR_FAILURE, 1);
  assert_int_equal(fail->status, 429);
  assert_int_equal(fail->retry_after_ms, -1);
  assert_string_equal(fail->s[1], "slow down");
  assert_int_equal(fail->proposed.action, SSE_CLIENT_RECONNECT);
  assert_true(fail->proposed.delay_ms >= 20);
  assert_true(fail->proposed.delay_ms <= 200); /* the backoff cap */
  assert_string_equal(cr_event_datas(&f->rec), "ok");
}

/* Without retry_statuses a 503 is an ordinary status failure: stop (M4c). */
static void test_M4c_503_stops_without_retry_statuses(void **state) {
  fixture *f = *state;
  fx_client_at(f, fx_scenario_url(f, "unavailable-retry-after"));
  assert_stopped_by_failure(f, SSE_FAILURE_STATUS, 503);
  assert_int_equal(only_failure(f)->retry_after_ms, 1000);
}

/* An unparsable Retry-After is reported as -1 and the ordinary delay applies. */
static void test_retry_status_with_invalid_retry_after(void **state) {
  fixture *f = *state;
  fx_script(f, "[{'status':503,'headers':[['Content-Type','text/plain'],['Retry-After','soon']],"
               "'framing':'length','body':[{'write':'x'}]},{'status':204}]");
  static const int statuses[] = {503};
  run_with_retry_statuses(f, fx_url(f, ""), statuses, 1, FX_RUN_MS);
  assert_string_equal(f->rec.seq.text, "R F R F");
  const cr_record *fail = cr_nth(&f->rec, CR_FAILURE, 1);
  assert_int_equal(fail->retry_after_ms, -1);
  assert_int_equal(fail->proposed.action, SSE_CLIENT_RECONNECT);
  assert_true(fail->proposed.delay_ms < 1000);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test_setup_teardown(test_M4c_204_stops_with_no_content, fx_setup,
                                      fx_teardown),
      cmocka_unit_test_setup_teardown(test_M4c_404_stops_with_status_headers_and_body,
                                      fx_setup, fx_teardown),
      cmocka_unit_test_setup_teardown(test_M4c_500_stops_with_its_headers_and_body, fx_setup,
                                      fx_teardown),
      cmocka_unit_test_setup_teardown(test_M4c_failure_body_is_cut_at_max_failure_body_bytes,
                                      fx_setup, fx_teardown),
      cmocka_unit_test_setup_teardown(test_M4d_wrong_content_type_stops, fx_setup,
                                      fx_teardown),
      cmocka_unit_test_setup_teardown(test_M4d_missing_content_type_stops, fx_setup,
                                      fx_teardown),
      cmocka_unit_test_setup_teardown(test_M4d_charset_parameter_is_ignored, fx_setup,
                                      fx_teardown),
      cmocka_unit_test_setup_teardown(test_M4d_type_is_case_insensitive, fx_setup,
                                      fx_teardown),
      cmocka_unit_test_setup_teardown(test_M4d_empty_parameter_list_is_accepted, fx_setup,
                                      fx_teardown),
      cmocka_unit_test_setup_teardown(test_M4b_refused_connection_backs_off_then_gives_up,
                                      fx_setup, fx_teardown),
      cmocka_unit_test_setup_teardown(test_retry_status_503_honours_retry_after, fx_setup,
                                      fx_teardown),
      cmocka_unit_test_setup_teardown(test_retry_status_429_without_retry_after, fx_setup,
                                      fx_teardown),
      cmocka_unit_test_setup_teardown(test_retry_status_with_invalid_retry_after, fx_setup,
                                      fx_teardown),
      cmocka_unit_test_setup_teardown(test_M4c_503_stops_without_retry_statuses, fx_setup,
                                      fx_teardown),
  };
  return cmocka_run_group_tests(tests, fx_group_setup, fx_group_teardown);
}
