/* Malformed URLs are refused where they are set (issue 7): sse_client_new() and
 * sse_client_set_url() answer SSE_EINVAL with a message (libcurl's URL parser decides,
 * http and https only), and a redirect to a malformed target is a REDIRECTS failure
 * that stops instead of a network failure that retries forever. */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <string.h>

#include "client_fixture.h"

static const char *const malformed[] = {
    "http://[",
    "http://127.0.0.1:99999/",
    "http://host:port:1/",
    "http://",
    "https://exa mple.com/",
    "ftp://127.0.0.1/x",
};
#define MALFORMED_COUNT (sizeof malformed / sizeof malformed[0])

static void assert_refused_with_message(int rc, const char *url) {
  if (rc != SSE_EINVAL) fprintf(stderr, "# %s: got %d\n", url, rc);
  assert_int_equal(rc, SSE_EINVAL);
  assert_int_equal(sse_error_last()->code, SSE_EINVAL);
  assert_non_null(strstr(sse_error_last()->message, "url"));
}

static void test_new_refuses_malformed_urls(void **state) {
  fixture *f = *state;
  sse_client_callbacks cbs = cr_callbacks();
  for (size_t i = 0; i < MALFORMED_COUNT; i++) {
    sse_client_options o = fx_options(malformed[i]);
    sse_client *c = (sse_client *)&o; /* must be overwritten with NULL */
    assert_refused_with_message(sse_client_new(&c, &o, &cbs, &f->rec), malformed[i]);
    assert_null(c);
  }
}

static void test_set_url_refuses_malformed_urls_and_keeps_the_old_one(void **state) {
  fixture *f = *state;
  const char *good = fx_url(f, "");
  fx_client_at(f, good);
  for (size_t i = 0; i < MALFORMED_COUNT; i++) {
    assert_refused_with_message(sse_client_set_url(f->c, malformed[i]), malformed[i]);
    assert_string_equal(sse_client_url(f->c), good);
  }
  assert_int_equal(sse_client_set_url(f->c, "HTTPS://[::1]:8443/a?b#c"), 0);
}

/* A redirect target that cannot be a URL: one failure, the 3xx attached, stop. */
static void test_redirect_to_a_malformed_url_stops_with_a_redirects_failure(void **state) {
  fixture *f = *state;
  fx_script(f, "[{'status':302,'headers':[['Location','http://127.0.0.1:99999/x']],"
               "'framing':'length','body':[]}]");
  fx_run_url(f, fx_url(f, ""));

  assert_string_equal(f->rec.seq.text, "R F");
  const cr_record *fail = cr_nth(&f->rec, CR_FAILURE, 1);
  assert_int_equal(fail->detail, SSE_FAILURE_REDIRECTS);
  assert_int_equal(fail->code, SSE_EINVAL);
  assert_int_equal(fail->status, 302);
  assert_int_equal(fail->proposed.action, SSE_CLIENT_STOP);
  assert_non_null(strstr(fail->s[0], "127.0.0.1:99999"));
  fx_assert_request_count(f, 1);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test_setup_teardown(test_new_refuses_malformed_urls, fx_setup, fx_teardown),
      cmocka_unit_test_setup_teardown(test_set_url_refuses_malformed_urls_and_keeps_the_old_one,
                                      fx_setup, fx_teardown),
      cmocka_unit_test_setup_teardown(
          test_redirect_to_a_malformed_url_stops_with_a_redirects_failure, fx_setup,
          fx_teardown),
  };
  return cmocka_run_group_tests(tests, fx_group_setup, fx_group_teardown);
}
