/* TLS: an untrusted certificate is a TLS failure (M4b: reconnect by default, so
 * max_attempts 1 makes it final); ca_file or insecure let the stream through; a
 * server that requires a client certificate accepts client_cert/client_key and
 * refuses a client without them. */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <string.h>

#include "client_fixture.h"

static fixture tls_fixture;
static ts_server mtls; /* --require-client-cert */

static int tls_group_setup(void **state) {
  memset(&tls_fixture, 0, sizeof tls_fixture);
  /* Both servers share one certificate directory: the first creates it. */
  if (ts_start_tls(&tls_fixture.srv, "certs-tls", 0) != 0) return -1;
  if (ts_start_tls(&mtls, "certs-tls", 1) != 0) {
    ts_stop(&tls_fixture.srv);
    return -1;
  }
  if (!tls_fixture.srv.ca || !tls_fixture.srv.other_ca || !mtls.client_cert ||
      !mtls.client_key) {
    fprintf(stderr, "# the TLS server did not report its certificate files\n");
    ts_stop(&mtls);
    ts_stop(&tls_fixture.srv);
    return -1;
  }
  *state = &tls_fixture;
  return 0;
}

static int tls_group_teardown(void **state) {
  fixture *f = *state;
  if (!f) return 0; /* the group setup failed and said so */
  ts_stop(&mtls);
  ts_stop(&f->srv);
  return 0;
}

/* Options for the `basic` scenario on the TLS server, trusting `ca_file` (NULL: the
 * system store). */
static sse_client_options basic_options(fixture *f, const char *ca_file) {
  sse_client_options o = fx_options(fx_scenario_url(f, "basic"));
  o.ca_file = ca_file;
  return o;
}

/* Run `o` with one attempt allowed; asserts it failed at once and returns the
 * failure (a kind other than TLS is printed). */
static const cr_record *run_one_failing_attempt(fixture *f, sse_client_options *o) {
  o->max_attempts = 1;
  fx_run_client(f, o);
  assert_string_equal(f->rec.seq.text, "R F");
  const cr_record *fail = cr_nth(&f->rec, CR_FAILURE, 1);
  if (fail->detail != SSE_FAILURE_TLS)
    fprintf(stderr, "# failure %s: %s\n", cr_failure_kind_name(fail->detail), fail->s[0]);
  return fail;
}

/* With one attempt allowed, the client trusting `ca_file` gives up on a TLS failure. */
static void assert_tls_failure_gives_up(fixture *f, const char *ca_file) {
  sse_client_options o = basic_options(f, ca_file);
  const cr_record *fail = run_one_failing_attempt(f, &o);
  assert_int_equal(fail->detail, SSE_FAILURE_TLS);
  assert_false(fail->has_response);
  assert_int_equal(fail->proposed.action, SSE_CLIENT_STOP);
  assert_int_equal(fail->proposed.gave_up, 1);
}

static void test_M4b_untrusted_certificate_is_a_tls_failure(void **state) {
  fixture *f = *state;
  assert_string_equal(f->srv.scheme, "https");
  assert_tls_failure_gives_up(f, NULL);
}

static void test_M4b_certificate_from_another_ca_is_a_tls_failure(void **state) {
  fixture *f = *state;
  assert_tls_failure_gives_up(f, f->srv.other_ca);
}

/* Without a give-up rule a TLS failure reconnects (M4b). */
static void test_M4b_tls_failure_reconnects_by_default(void **state) {
  fixture *f = *state;
  sse_client_options o = basic_options(f, NULL);
  o.max_attempts = 2;
  fx_run_client(f, &o);
  assert_string_equal(f->rec.seq.text, "R F R F");
  assert_int_equal(cr_nth(&f->rec, CR_FAILURE, 1)->proposed.action, SSE_CLIENT_RECONNECT);
}

/* The client with `o` runs the whole `basic` scenario. */
static void assert_basic_stream(fixture *f, const sse_client_options *o) {
  fx_run_client(f, o);
  assert_string_equal(f->rec.seq.text, "R O E E D R F");
  assert_string_equal(cr_event_datas(&f->rec), "hello|a\nb");
}

static void test_ca_file_trusts_the_server(void **state) {
  fixture *f = *state;
  sse_client_options o = basic_options(f, f->srv.ca);
  assert_basic_stream(f, &o);
}

static void test_insecure_skips_verification(void **state) {
  fixture *f = *state;
  sse_client_options o = basic_options(f, NULL);
  o.insecure = 1;
  assert_basic_stream(f, &o);
}

static const char *mtls_url(fixture *f) {
  char path[128];
  snprintf(path, sizeof path, "/scenario/basic/%s", f->sid);
  return ts_url(&mtls, path);
}

static void test_client_certificate_is_presented(void **state) {
  fixture *f = *state;
  sse_client_options o = fx_options(mtls_url(f));
  o.ca_file = mtls.ca;
  o.client_cert = mtls.client_cert;
  o.client_key = mtls.client_key;
  assert_basic_stream(f, &o);
}

static void test_missing_client_certificate_fails(void **state) {
  fixture *f = *state;
  sse_client_options o = fx_options(mtls_url(f));
  o.ca_file = mtls.ca;
  const cr_record *fail = run_one_failing_attempt(f, &o);
  /* With TLS 1.3 the server's refusal may only show when the client reads, so curl
   * reports a TLS or a receive error. */
  assert_true(fail->detail == SSE_FAILURE_TLS || fail->detail == SSE_FAILURE_NETWORK);
  assert_int_equal(cr_count(&f->rec, CR_OPEN), 0);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test_setup_teardown(test_M4b_untrusted_certificate_is_a_tls_failure,
                                      fx_setup, fx_teardown),
      cmocka_unit_test_setup_teardown(test_M4b_certificate_from_another_ca_is_a_tls_failure,
                                      fx_setup, fx_teardown),
      cmocka_unit_test_setup_teardown(test_M4b_tls_failure_reconnects_by_default, fx_setup,
                                      fx_teardown),
      cmocka_unit_test_setup_teardown(test_ca_file_trusts_the_server, fx_setup, fx_teardown),
      cmocka_unit_test_setup_teardown(test_insecure_skips_verification, fx_setup,
                                      fx_teardown),
      cmocka_unit_test_setup_teardown(test_client_certificate_is_presented, fx_setup,
                                      fx_teardown),
      cmocka_unit_test_setup_teardown(test_missing_client_certificate_fails, fx_setup,
                                      fx_teardown),
  };
  return cmocka_run_group_tests(tests, tls_group_setup, tls_group_teardown);
}
