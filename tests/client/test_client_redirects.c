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
  sse_client_options o = fx_options(start);
  fx_client(f, &o);
  fx_run_to_close(f, 10000);

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
  char path[128];
  snprintf(path, sizeof path, "/scenario/redirect-chain/%s", f->sid);
  assert_string_equal(ts_log_field(log, 0, "path"), path);
  snprintf(path, sizeof path, "/s/%s/hop2", f->sid);
  assert_string_equal(ts_log_field(log, 1, "path"), path);
  snprintf(path, sizeof path, "/s/%s/hop3", f->sid);
  assert_string_equal(ts_log_field(log, 2, "path"), path);
  snprintf(path, sizeof path, "/s/%s/final", f->sid);
  assert_string_equal(ts_log_field(log, 3, "path"), path);
  assert_string_equal(ts_log_field(log, 4, "path"), path); /* M12: no second hop chain */
  json_free(log);
}

/* A loop fails with REDIRECTS after max_redirects hops; the default reconnects (M4b),
 * so max_attempts 1 turns it into a give-up. */
static void test_M12_redirect_loop_fails_with_redirects(void **state) {
  fixture *f = *state;
  sse_client_options o = fx_options(fx_scenario_url(f, "redirect-loop"));
  o.max_redirects = 5;
  o.max_attempts = 1;
  fx_client(f, &o);
  fx_run_to_close(f, 10000);

  assert_string_equal(f->rec.seq.text, "R F");
  const cr_record *fail = cr_nth(&f->rec, CR_FAILURE, 1);
  assert_int_equal(fail->detail, SSE_FAILURE_REDIRECTS);
  assert_int_equal(fail->proposed.action, SSE_CLIENT_STOP);
  assert_int_equal(fail->proposed.gave_up, 1);
  json_value *log = fx_log(f);
  assert_int_equal(ts_log_count(log), 6); /* the request and 5 followed hops */
  json_free(log);
}

static void test_M4b_redirect_loop_reconnects_by_default(void **state) {
  fixture *f = *state;
  sse_client_options o = fx_options(fx_scenario_url(f, "redirect-loop"));
  o.max_redirects = 2;
  o.max_attempts = 2;
  fx_client(f, &o);
  fx_run_to_close(f, 10000);
  assert_string_equal(f->rec.seq.text, "R F R F");
  assert_int_equal(cr_nth(&f->rec, CR_FAILURE, 1)->proposed.action, SSE_CLIENT_RECONNECT);
}

/* M12: 303 makes the next hop a GET without the body. */
static void test_M12_303_turns_post_into_get(void **state) {
  fixture *f = *state;
  char script[512];
  snprintf(script, sizeof script,
           "[{'status':303,'headers':[['Location','/s/%s/after']],'framing':'length',"
           "'body':[]},{'body':[{'write':'data: x\\n\\n'}]},{'status':204}]",
           f->sid);
  fx_script(f, script);
  sse_client_options o = fx_options(fx_url(f, ""));
  o.method = "POST";
  o.body = "payload";
  o.body_len = 7;
  fx_client(f, &o);
  fx_run_to_close(f, 10000);

  json_value *log = fx_log(f);
  assert_int_equal(ts_log_count(log), 3);
  assert_string_equal(ts_log_field(log, 0, "method"), "POST");
  assert_string_equal(ts_log_field(log, 0, "body"), "payload");
  assert_string_equal(ts_log_field(log, 1, "method"), "GET");
  assert_string_equal(ts_log_field(log, 1, "body"), "");
  json_free(log);
}

/* 307 keeps the method and the body. */
static void test_M12_307_keeps_method_and_body(void **state) {
  fixture *f = *state;
  char script[512];
  snprintf(script, sizeof script,
           "[{'status':307,'headers':[['Location','%s']],'framing':'length','body':[]},"
           "{'body':[{'write':'data: x\\n\\n'}]},{'status':204}]",
           fx_url(f, "/absolute"));
  fx_script(f, script);
  sse_client_options o = fx_options(fx_url(f, ""));
  o.method = "POST";
  o.body = "payload";
  o.body_len = 7;
  fx_client(f, &o);
  fx_run_to_close(f, 10000);

  json_value *log = fx_log(f);
  assert_int_equal(ts_log_count(log), 3);
  assert_string_equal(ts_log_field(log, 1, "method"), "POST");
  assert_string_equal(ts_log_field(log, 1, "body"), "payload");
  char path[128];
  snprintf(path, sizeof path, "/s/%s/absolute", f->sid);
  assert_string_equal(ts_log_field(log, 1, "path"), path);
  json_free(log);
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
  };
  return cmocka_run_group_tests(tests, fx_group_setup, fx_group_teardown);
}
