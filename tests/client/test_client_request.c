/* What the client sends (M3, H2, and the request setters): method, default headers,
 * user agent, custom headers, POST bodies, and before_request rebuilding the request
 * for every attempt. Each test checks the server's log of the requests it received. */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "client_fixture.h"

/* One event, then a 204 that stops the client: two requests in the log. */
#define ONE_EVENT_THEN_204 "[{'body':[{'write':'data: x\\n\\n'}]},{'status':204}]"

static void test_M3_first_request_is_a_get_with_the_default_headers(void **state) {
  fixture *f = *state;
  fx_run_script(f, ONE_EVENT_THEN_204);

  json_value *log = fx_log(f);
  assert_int_equal(ts_log_count(log), 2);
  assert_string_equal(ts_log_field(log, 0, "method"), "GET");
  fx_assert_log_path(log, 0, "/s/%s", f->sid);
  fx_assert_header(log, 0, "Accept", "text/event-stream");
  fx_assert_header(log, 0, "Cache-Control", "no-cache");
  fx_assert_header(log, 0, "Last-Event-ID", NULL); /* M3: none on the first request */
  /* H2: the event had no id, so the reconnection has none either. */
  fx_assert_header(log, 1, "Last-Event-ID", NULL);
  assert_string_equal(ts_log_field(log, 1, "method"), "GET");
  assert_string_equal(ts_log_field(log, 0, "body"), "");
  json_free(log);
}

static void test_default_user_agent_is_libsse_slash_version(void **state) {
  fixture *f = *state;
  fx_run_script(f, "[{'status':204}]");

  char want[64];
  snprintf(want, sizeof want, "libsse/%s", sse_version_string());
  fx_assert_request_header(f, 0, "User-Agent", want);
}

static void test_custom_user_agent_replaces_the_default(void **state) {
  fixture *f = *state;
  fx_script(f, "[{'status':204}]");
  sse_client_options o = fx_options(fx_url(f, ""));
  o.user_agent = "ctests/1.0 (probe)";
  fx_run_client(f, &o);

  fx_assert_request_header(f, 0, "User-Agent", "ctests/1.0 (probe)");
}

static void test_custom_headers_are_sent_and_override_defaults(void **state) {
  fixture *f = *state;
  fx_script(f, ONE_EVENT_THEN_204);
  sse_header headers[] = {
      {{"X-Tenant", 8}, {"blue", 4}},
      {{"Accept", 6}, {"text/event-stream, */*;q=0.1", 28}},
  };
  sse_client_options o = fx_options(fx_url(f, ""));
  o.headers = headers;
  o.header_count = 2;
  fx_run_client(f, &o);

  json_value *log = fx_log(f);
  assert_int_equal(ts_log_count(log), 2);
  for (size_t n = 0; n < 2; n++) { /* kept for every attempt */
    fx_assert_header(log, n, "X-Tenant", "blue");
    fx_assert_header(log, n, "Accept", "text/event-stream, */*;q=0.1");
  }
  /* Replaced, not doubled. */
  const json_value *headers_seen = json_get(json_at(log, 0), "headers");
  unsigned accepts = 0;
  for (size_t i = 0; i < ts_log_count(headers_seen); i++) {
    const char *name = json_str(json_at(json_at(headers_seen, i), 0));
    if (name && strcasecmp(name, "Accept") == 0) accepts++;
  }
  assert_int_equal(accepts, 1);
  json_free(log);
}

static void test_post_with_body_arrives_on_every_attempt(void **state) {
  fixture *f = *state;
  fx_script(f, ONE_EVENT_THEN_204);
  static const char body[] = "{\"subscribe\":[\"a\",\"b\"]}";
  sse_header headers[] = {{{"Content-Type", 12}, {"application/json", 16}}};
  sse_client_options o = fx_options(fx_url(f, ""));
  o.method = "POST";
  o.body = body;
  o.body_len = strlen(body);
  o.headers = headers;
  o.header_count = 1;
  fx_run_client(f, &o);

  json_value *log = fx_log(f);
  assert_int_equal(ts_log_count(log), 2);
  for (size_t n = 0; n < 2; n++) {
    assert_string_equal(ts_log_field(log, n, "method"), "POST");
    assert_string_equal(ts_log_field(log, n, "body"), body);
    fx_assert_header(log, n, "Content-Type", "application/json");
  }
  json_free(log);
}

/* before_request: a fresh token per attempt, a new path for the second attempt, a
 * header removed on the third, and method/body switched on the third. */
static int rebuild_request(client_recorder *r, sse_client *c, const cr_record *rec,
                           sse_decision *d) {
  fixture *f = r->user;
  char token[64];
  (void)d;
  snprintf(token, sizeof token, "Bearer token-%llu", (unsigned long long)rec->n);
  assert_int_equal(sse_client_set_header(c, "Authorization", token), 0);
  if (rec->n == 2) assert_int_equal(sse_client_set_url(c, fx_url(f, "/second")), 0);
  if (rec->n == 3) {
    assert_int_equal(sse_client_set_header(c, "X-Remove-Me", NULL), 0);
    assert_int_equal(sse_client_set_method(c, "PUT"), 0);
    assert_int_equal(sse_client_set_body(c, "third", 5), 0);
  }
  return 0;
}

static void test_before_request_rebuilds_every_attempt(void **state) {
  fixture *f = *state;
  fx_script(f, "[{'body':[{'write':'data: 1\\n\\n'}]},{'body':[{'write':'data: 2\\n\\n'}]},"
               "{'status':204}]");
  sse_header headers[] = {{{"X-Remove-Me", 11}, {"yes", 3}}};
  sse_client_options o = fx_options(fx_url(f, ""));
  o.headers = headers;
  o.header_count = 1;
  f->rec.hook[CR_REQUEST] = rebuild_request;
  f->rec.user = f;
  fx_run_client(f, &o);

  assert_string_equal(f->rec.seq.text, "R O E D R O E D R F");
  json_value *log = fx_log(f);
  assert_int_equal(ts_log_count(log), 3);
  fx_assert_header(log, 0, "Authorization", "Bearer token-1");
  fx_assert_header(log, 1, "Authorization", "Bearer token-2");
  fx_assert_header(log, 2, "Authorization", "Bearer token-3");
  fx_assert_header(log, 1, "X-Remove-Me", "yes");
  fx_assert_header(log, 2, "X-Remove-Me", NULL);
  char second[128];
  snprintf(second, sizeof second, "/s/%s/second", f->sid);
  assert_string_not_equal(ts_log_field(log, 0, "path"), second);
  fx_assert_log_path(log, 1, "%s", second);
  fx_assert_log_path(log, 2, "%s", second); /* the URL stays changed */
  assert_string_equal(ts_log_field(log, 1, "method"), "GET");
  assert_string_equal(ts_log_field(log, 2, "method"), "PUT");
  assert_string_equal(ts_log_field(log, 2, "body"), "third");
  json_free(log);
}

/* The request setters refuse what would corrupt the request or bypass H1-H3. */
static void test_setters_reject_invalid_input(void **state) {
  fixture *f = *state;
  fx_client_at(f, fx_url(f, ""));
  assert_int_equal(sse_client_set_header(f->c, "Last-Event-ID", "1"), SSE_EINVAL);
  assert_int_equal(sse_client_set_header(f->c, "X-A", "a\r\nX-Injected: 1"), SSE_EINVAL);
  assert_int_equal(sse_client_set_header(f->c, "X:A", "a"), SSE_EINVAL);
  assert_int_equal(sse_client_set_method(f->c, "GET X"), SSE_EINVAL);
  assert_int_equal(sse_client_set_method(f->c, ""), SSE_EINVAL);
  assert_int_equal(sse_client_set_url(f->c, "ftp://127.0.0.1/"), SSE_EINVAL);
  assert_int_equal(sse_client_set_last_event_id(f->c, "a\nb", 3), SSE_EINVAL);
  /* Nothing was sent: the client never ran. */
  assert_int_equal(sse_client_state(f->c), SSE_CLIENT_CONNECTING);
  assert_int_equal(fx_stats(f).attempts, 0);
}

/* M2: a URL that is not http(s) fails construction and nothing is fetched. */
static void test_M2_new_rejects_a_non_http_url(void **state) {
  fixture *f = *state;
  sse_client_options o = fx_options("ftp://127.0.0.1/x");
  sse_client_callbacks cbs = cr_callbacks();
  sse_client *c = (sse_client *)&o; /* must be overwritten with NULL */
  assert_int_equal(sse_client_new(&c, &o, &cbs, &f->rec), SSE_EINVAL);
  assert_null(c);
  o.url = NULL;
  c = (sse_client *)&o;
  assert_int_equal(sse_client_new(&c, &o, &cbs, &f->rec), SSE_EINVAL);
  assert_null(c);
  sse_header bad[] = {{{"X-A", 3}, {"1\r\n", 3}}};
  o.url = "http://127.0.0.1:1/";
  o.headers = bad;
  o.header_count = 1;
  assert_int_equal(sse_client_new(&c, &o, &cbs, &f->rec), SSE_EINVAL);
  assert_null(c);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test_setup_teardown(test_M3_first_request_is_a_get_with_the_default_headers,
                                      fx_setup, fx_teardown),
      cmocka_unit_test_setup_teardown(test_default_user_agent_is_libsse_slash_version,
                                      fx_setup, fx_teardown),
      cmocka_unit_test_setup_teardown(test_custom_user_agent_replaces_the_default, fx_setup,
                                      fx_teardown),
      cmocka_unit_test_setup_teardown(test_custom_headers_are_sent_and_override_defaults,
                                      fx_setup, fx_teardown),
      cmocka_unit_test_setup_teardown(test_post_with_body_arrives_on_every_attempt, fx_setup,
                                      fx_teardown),
      cmocka_unit_test_setup_teardown(test_before_request_rebuilds_every_attempt, fx_setup,
                                      fx_teardown),
      cmocka_unit_test_setup_teardown(test_setters_reject_invalid_input, fx_setup,
                                      fx_teardown),
      cmocka_unit_test_setup_teardown(test_M2_new_rejects_a_non_http_url, fx_setup,
                                      fx_teardown),
  };
  return cmocka_run_group_tests(tests, fx_group_setup, fx_group_teardown);
}
