/* The `proxy` option: requests go to the proxy in absolute form. The test server acts
 * as a forward proxy for its own /s/<sid> paths and logs the absolute URI, so the
 * client can target a host that does not exist. */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <string.h>

#include "client_fixture.h"

static void test_requests_go_through_the_proxy(void **state) {
  fixture *f = *state;
  fx_script(f, "[{'body':[{'write':'id: p1\\ndata: via proxy\\n\\n'}]},{'status':204}]");
  char url[128];
  snprintf(url, sizeof url, "http://example.invalid/s/%s", f->sid);
  sse_client_options o = fx_options(url);
  o.proxy = f->srv.base;
  /* Proxy-Authorization is the proxy's: it goes there (never to a server). */
  const sse_header proxy_auth = {{"Proxy-Authorization", 19}, {"Basic cDpx", 10}};
  o.headers = &proxy_auth;
  o.header_count = 1;
  fx_run_client(f, &o);

  assert_string_equal(f->rec.seq.text, "R O E D R F");
  assert_string_equal(cr_event_datas(&f->rec), "via proxy");
  json_value *log = fx_log(f);
  assert_int_equal(ts_log_count(log), 2);
  assert_string_equal(ts_log_field(log, 0, "path"), url);
  assert_string_equal(ts_log_field(log, 1, "path"), url);
  fx_assert_header(log, 1, "Last-Event-ID", "p1"); /* H1 through the proxy too */
  fx_assert_header(log, 0, "Proxy-Authorization", "Basic cDpx");
  fx_assert_header(log, 1, "Proxy-Authorization", "Basic cDpx");
  json_free(log);
}

/* Without the option the same URL cannot be reached (.invalid never resolves), so
 * the success above really came from the proxy. */
static void test_without_proxy_the_host_does_not_resolve(void **state) {
  fixture *f = *state;
  char url[128];
  snprintf(url, sizeof url, "http://example.invalid/s/%s", f->sid);
  sse_client_options o = fx_options(url);
  o.max_attempts = 1;
  fx_client(f, &o);
  fx_run_to_close(f, 20000);
  assert_string_equal(f->rec.seq.text, "R F");
  assert_int_equal(cr_nth(&f->rec, CR_FAILURE, 1)->detail, SSE_FAILURE_NETWORK);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test_setup_teardown(test_requests_go_through_the_proxy, fx_setup,
                                      fx_teardown),
      cmocka_unit_test_setup_teardown(test_without_proxy_the_host_does_not_resolve, fx_setup,
                                      fx_teardown),
  };
  return cmocka_run_group_tests(tests, fx_group_setup, fx_group_teardown);
}
