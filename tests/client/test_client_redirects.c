/* M12: redirects are followed, later reconnections go straight to the final URL (and
 * sse_client_url() shows it), 303 turns into GET, and a loop ends as a REDIRECTS
 * failure once max_redirects is reached. */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <string.h>

#include "client_fixture.h"

static void test_M12_chain_is_followed_and_reconnect_uses_final_url(void **state) {
  fixture *f = *state;
  char start[256];
  snprintf(start, sizeof start, "%s", fx_scenario_url(f, "redirect-chain"));
  fx_run_url(f, start);

  assert_string_equal(f->rec.seq.text, "R O E D R F");
  assert_string_equal(cr_event_datas(&f->rec), "final");
  const char *final_url = fx_url(f, "/final");
  assert_string_equal(cr_nth(&f->rec, CR_OPEN, 1)->s[0], final_url);
  /* The reconnection's before_request already sees the final URL. */
  assert_string_equal(cr_nth(&f->rec, CR_REQUEST, 1)->s[0], start);
  assert_string_equal(cr_nth(&f->rec, CR_REQUEST, 2)->s[0], final_url);
  assert_string_equal(sse_client_url(f->c), final_url);

  json_value *log = fx_log(f);
  assert_int_equal(ts_log_count(log), 5); /* 3 hops, the stream, the reconnection */
  fx_assert_log_path(log, 0, "/scenario/redirect-chain/%s", f->sid);
  fx_assert_log_path(log, 1, "/s/%s/hop2", f->sid);
  fx_assert_log_path(log, 2, "/s/%s/hop3", f->sid);
  fx_assert_log_path(log, 3, "/s/%s/final", f->sid);
  fx_assert_log_path(log, 4, "/s/%s/final", f->sid); /* M12: no second hop chain */
  json_free(log);
}

/* A loop fails with REDIRECTS after max_redirects hops; the default reconnects (M4b),
 * so max_attempts 1 turns it into a give-up. */
static void run_redirect_loop(fixture *f, unsigned max_redirects, uint64_t max_attempts) {
  sse_client_options o = fx_options(fx_scenario_url(f, "redirect-loop"));
  o.max_redirects = max_redirects;
  o.max_attempts = max_attempts;
  fx_run_client(f, &o);
}

static void test_M12_redirect_loop_fails_with_redirects(void **state) {
  fixture *f = *state;
  run_redirect_loop(f, 5, 1);
  assert_string_equal(f->rec.seq.text, "R F");
  const cr_record *fail = cr_nth(&f->rec, CR_FAILURE, 1);
  assert_int_equal(fail->detail, SSE_FAILURE_REDIRECTS);
  assert_int_equal(fail->proposed.action, SSE_CLIENT_STOP);
  assert_int_equal(fail->proposed.gave_up, 1);
  fx_assert_request_count(f, 6); /* the request and 5 followed hops */
}

static void test_M4b_redirect_loop_reconnects_by_default(void **state) {
  fixture *f = *state;
  run_redirect_loop(f, 2, 2);
  assert_string_equal(f->rec.seq.text, "R F R F");
  assert_int_equal(cr_nth(&f->rec, CR_FAILURE, 1)->proposed.action, SSE_CLIENT_RECONNECT);
}

/* POST "payload" to /s/<sid>, whose script answers with `redirect` (a response
 * with a Location), then one event, then 204; returns the server's log of the three
 * requests (json_free it). */
static json_value *post_through_redirect(fixture *f, const char *redirect) {
  char script[512];
  snprintf(script, sizeof script, "[%s,{'body':[{'write':'data: x\\n\\n'}]},{'status':204}]",
           redirect);
  fx_script(f, script);
  sse_client_options o = fx_options(fx_url(f, ""));
  o.method = "POST";
  o.body = "payload";
  o.body_len = 7;
  fx_run_client(f, &o);
  json_value *log = fx_log(f);
  assert_int_equal(ts_log_count(log), 3);
  return log;
}

/* M12: 303 makes the next hop a GET without the body. */
static void test_M12_303_turns_post_into_get(void **state) {
  fixture *f = *state;
  char redirect[256];
  snprintf(redirect, sizeof redirect,
           "{'status':303,'headers':[['Location','/s/%s/after']],'framing':'length',"
           "'body':[]}",
           f->sid);
  json_value *log = post_through_redirect(f, redirect);
  assert_string_equal(ts_log_field(log, 0, "method"), "POST");
  assert_string_equal(ts_log_field(log, 0, "body"), "payload");
  assert_string_equal(ts_log_field(log, 1, "method"), "GET");
  assert_string_equal(ts_log_field(log, 1, "body"), "");
  json_free(log);
}

/* 307 keeps the method and the body. */
static void test_M12_307_keeps_method_and_body(void **state) {
  fixture *f = *state;
  char redirect[256];
  snprintf(redirect, sizeof redirect,
           "{'status':307,'headers':[['Location','%s']],'framing':'length','body':[]}",
           fx_url(f, "/absolute"));
  json_value *log = post_through_redirect(f, redirect);
  assert_string_equal(ts_log_field(log, 1, "method"), "POST");
  assert_string_equal(ts_log_field(log, 1, "body"), "payload");
  fx_assert_log_path(log, 1, "/s/%s/absolute", f->sid);
  json_free(log);
}

/* A 3xx whose Location is `location`, with a body; the client runs to close. */
static void run_redirect_without_target(fixture *f, int status, const char *location) {
  char script[256];
  snprintf(script, sizeof script,
           "[{'status':%d,'headers':[['Location','%s'],['Content-Type','text/plain']],"
           "'framing':'length','body':[{'write':'moved'}]}]",
           status, location);
  fx_script(f, script);
  fx_run_url(f, fx_url(f, ""));
}

/* The 3xx libcurl did not follow is the final response: a STATUS failure with its
 * status, headers and body that stops by default, like a 3xx without Location. */
static void assert_status_failure_that_stops(fixture *f, int status) {
  assert_string_equal(f->rec.seq.text, "R F");
  const cr_record *fail = cr_nth(&f->rec, CR_FAILURE, 1);
  assert_int_equal(fail->detail, SSE_FAILURE_STATUS);
  assert_int_equal(fail->has_response, 1);
  assert_int_equal(fail->status, status);
  assert_string_equal(fail->s[1], "moved");
  fx_assert_listed_header(fail->s[2], "Content-Type", "text/plain");
  assert_int_equal(fail->proposed.action, SSE_CLIENT_STOP);
  assert_null(strstr(fail->s[0], "No error"));
  fx_assert_request_count(f, 1);
}

static void test_empty_location_is_a_status_failure_that_stops(void **state) {
  fixture *f = *state;
  run_redirect_without_target(f, 301, "");
  assert_status_failure_that_stops(f, 301);
}

static void test_blank_location_on_307_is_a_status_failure_that_stops(void **state) {
  fixture *f = *state;
  run_redirect_without_target(f, 307, " \\t ");
  assert_status_failure_that_stops(f, 307);
}

/* Any 3xx with a target is followed (libcurl's rule), not only the usual five. */
static void test_300_with_a_location_is_followed(void **state) {
  fixture *f = *state;
  char script[256];
  snprintf(script, sizeof script,
           "[{'status':300,'headers':[['Location','/s/%s/next']],'framing':'length',"
           "'body':[]},{'body':[{'write':'data: after 300\\n\\n'}]},{'status':204}]",
           f->sid);
  fx_script(f, script);
  fx_run_url(f, fx_url(f, ""));
  assert_string_equal(f->rec.seq.text, "R O E D R F");
  assert_string_equal(cr_event_datas(&f->rec), "after 300");
}

/* M4 b: after a redirect, a refused connection at the final URL is still a network
 * failure (a policy that stops on bad redirects must not stop on it). */
static void test_refused_connection_after_a_redirect_is_a_network_failure(void **state) {
  fixture *f = *state;
  char script[256];
  snprintf(script, sizeof script,
           "[{'status':307,'headers':[['Location','%s']],'framing':'length','body':[]}]",
           fx_refused_url("/gone"));
  fx_script(f, script);
  sse_client_options o = fx_options(fx_url(f, ""));
  o.max_attempts = 1;
  fx_run_client(f, &o);
  assert_string_equal(f->rec.seq.text, "R F");
  const cr_record *fail = cr_nth(&f->rec, CR_FAILURE, 1);
  assert_int_equal(fail->detail, SSE_FAILURE_NETWORK);
  assert_int_equal(fail->code, SSE_EIO);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test_setup_teardown(test_M12_chain_is_followed_and_reconnect_uses_final_url,
                                      fx_setup, fx_teardown),
      cmocka_unit_test_setup_teardown(test_M12_redirect_loop_fails_with_redirects, fx_setup,
                                      fx_teardown),
      cmocka_unit_test_setup_teardown(test_M4b_redirect_loop_reconnects_by_default, fx_setup,
                                      fx_teardown),
      cmocka_unit_test_setup_teardown(test_M12_303_turns_post_into_get, fx_setup,
                                      fx_teardown),
      cmocka_unit_test_setup_teardown(test_M12_307_keeps_method_and_body, fx_setup,
                                      fx_teardown),
      cmocka_unit_test_setup_teardown(test_empty_location_is_a_status_failure_that_stops,
                                      fx_setup, fx_teardown),
      cmocka_unit_test_setup_teardown(test_blank_location_on_307_is_a_status_failure_that_stops,
                                      fx_setup, fx_teardown),
      cmocka_unit_test_setup_teardown(test_300_with_a_location_is_followed, fx_setup,
                                      fx_teardown),
      cmocka_unit_test_setup_teardown(
          test_refused_connection_after_a_redirect_is_a_network_failure, fx_setup,
          fx_teardown),
  };
  return cmocka_run_group_tests(tests, fx_group_setup, fx_group_teardown);
}
