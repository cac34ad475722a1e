/* Credentials stay with their origin (issue 7): once a redirect moved the stream from
 * server A to server B (another port: another origin), the caller's Authorization,
 * Cookie and Proxy-Authorization headers never reach B, neither on the redirect hop
 * nor on the reconnections that go straight to B (M12). `unrestricted_auth` sends
 * them anyway, and sse_client_set_url() re-establishes the configured origin. */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <string.h>

#include "client_fixture.h"

static ts_server server_b;

static int group_setup(void **state) {
  if (fx_group_setup(state) != 0) return -1;
  return ts_start(&server_b, NULL);
}

static int group_teardown(void **state) {
  ts_stop(&server_b);
  return fx_group_teardown(state);
}

static const sse_header credentials[] = {
    {{"Authorization", 13}, {"Bearer secret", 13}},
    {{"Cookie", 6}, {"session=secret", 14}},
    {{"Proxy-Authorization", 19}, {"Basic cHJveHk6cGFzcw==", 22}},
};

/* A answers `status` with a Location on B; B streams one event, then 204. The client
 * (with the credentials, `unrestricted`) runs to close. Returns B's log. */
static json_value *run_redirected_to_b(fixture *f, int status, int unrestricted) {
  char script[512];
  snprintf(script, sizeof script,
           "[{'status':%d,'headers':[['Location','%s']],'framing':'length','body':[]}]",
           status, ts_url(&server_b, "/s/{sid}/b"));
  fx_script(f, script);
  fx_script_on(f, &server_b, "[{'body':[{'write':'id: 1\\ndata: at b\\n\\n'}]},{'status':204}]");

  sse_client_options o = fx_options(fx_url(f, ""));
  o.headers = credentials;
  o.header_count = 3;
  o.unrestricted_auth = unrestricted;
  fx_run_client(f, &o);
  assert_string_equal(f->rec.seq.text, "R O E D R F");
  assert_non_null(strstr(sse_client_url(f->c), server_b.base)); /* M12: B is the URL now */

  json_value *log = ts_fetch_log(&server_b, f->sid);
  assert_non_null(log);
  assert_int_equal(ts_log_count(log), 2); /* the redirect hop, the reconnection */
  return log;
}

static void assert_credentials(const json_value *log, size_t n, int present) {
  fx_assert_header(log, n, "Authorization", present ? "Bearer secret" : NULL);
  fx_assert_header(log, n, "Cookie", present ? "session=secret" : NULL);
  fx_assert_header(log, n, "Proxy-Authorization", present ? "Basic cHJveHk6cGFzcw==" : NULL);
}

static void credentials_never_reach_b(void **state, int status) {
  fixture *f = *state;
  json_value *log = run_redirected_to_b(f, status, 0);
  assert_credentials(log, 0, 0);
  assert_credentials(log, 1, 0);
  fx_assert_header(log, 1, "Last-Event-ID", "1"); /* the reconnection itself is normal */
  json_free(log);
  /* A, the configured origin, got the server credentials; Proxy-Authorization is a
   * proxy's and goes to no server. */
  json_value *log_a = fx_log(f);
  fx_assert_header(log_a, 0, "Authorization", "Bearer secret");
  fx_assert_header(log_a, 0, "Cookie", "session=secret");
  fx_assert_header(log_a, 0, "Proxy-Authorization", NULL);
  json_free(log_a);
}

static void test_credentials_never_reach_another_origin_after_307(void **state) {
  credentials_never_reach_b(state, 307);
}

static void test_credentials_never_reach_another_origin_after_301(void **state) {
  credentials_never_reach_b(state, 301);
}

static void test_unrestricted_auth_sends_them_to_the_other_origin(void **state) {
  fixture *f = *state;
  json_value *log = run_redirected_to_b(f, 307, 1);
  assert_credentials(log, 0, 1);
  assert_credentials(log, 1, 1);
  json_free(log);
}

/* Setting the URL in on_before_request makes it the configured one: the caller
 * chose to send its credentials there. */
static int set_current_url_on_reconnect(client_recorder *r, sse_client *c, const cr_record *rec,
                                        sse_decision *d) {
  (void)r, (void)d;
  if (rec->n == 2) assert_int_equal(sse_client_set_url(c, sse_client_url(c)), 0);
  return 0;
}

static void test_set_url_reestablishes_the_configured_origin(void **state) {
  fixture *f = *state;
  f->rec.hook[CR_REQUEST] = set_current_url_on_reconnect;
  json_value *log = run_redirected_to_b(f, 307, 0);
  assert_credentials(log, 0, 0);                   /* the hop: still curl's rule */
  fx_assert_header(log, 1, "Authorization", "Bearer secret");
  fx_assert_header(log, 1, "Cookie", "session=secret");
  json_free(log);
}

/* The same origin written differently (host case, default port) is the same origin. */
static void test_same_origin_spelled_differently_keeps_credentials(void **state) {
  fixture *f = *state;
  fx_script(f, "[{'body':[{'write':'data: x\\n\\n'}]},{'status':204}]");
  char url[256];
  snprintf(url, sizeof url, "HTTP://127.0.0.1:%d/s/%s", f->srv.port, f->sid);
  sse_client_options o = fx_options(url);
  o.headers = credentials;
  o.header_count = 2;
  fx_run_client(f, &o);
  json_value *log = fx_log(f);
  assert_int_equal(ts_log_count(log), 2);
  fx_assert_header(log, 1, "Authorization", "Bearer secret");
  fx_assert_header(log, 1, "Cookie", "session=secret");
  json_free(log);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test_setup_teardown(test_credentials_never_reach_another_origin_after_307,
                                      fx_setup, fx_teardown),
      cmocka_unit_test_setup_teardown(test_credentials_never_reach_another_origin_after_301,
                                      fx_setup, fx_teardown),
      cmocka_unit_test_setup_teardown(test_unrestricted_auth_sends_them_to_the_other_origin,
                                      fx_setup, fx_teardown),
      cmocka_unit_test_setup_teardown(test_set_url_reestablishes_the_configured_origin,
                                      fx_setup, fx_teardown),
      cmocka_unit_test_setup_teardown(test_same_origin_spelled_differently_keeps_credentials,
                                      fx_setup, fx_teardown),
  };
  return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
