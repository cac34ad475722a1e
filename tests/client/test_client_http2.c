/* HTTP/2 over TLS against nghttpd (tests/server/nghttpd_server.py): the response
 * reports http_version 20 and the events arrive. nghttpd missing is a FAILURE, not a
 * skip: CI installs it (Debian package nghttp2-server). */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <string.h>

#include "client_fixture.h"

static fixture h2_fixture;

static int h2_group_setup(void **state) {
  memset(&h2_fixture, 0, sizeof h2_fixture);
  const char *argv[] = {SSE_TEST_PYTHON, ts_script_path("nghttpd_server.py"), "--tls",
                        ts_work_path("certs-h2"), NULL};
  if (ts_start_program(&h2_fixture.srv, argv) != 0) {
    fprintf(stderr, "# nghttpd_server.py did not start: is nghttpd (nghttp2-server) "
                    "installed?\n");
    return -1;
  }
  *state = &h2_fixture;
  return 0;
}

static int h2_group_teardown(void **state) {
  fixture *f = *state;
  if (!f) return 0; /* the group setup failed and said so */
  ts_stop(&f->srv);
  return 0;
}

static void test_http2_stream_reports_version_20(void **state) {
  fixture *f = *state;
  assert_non_null(f->srv.path);
  assert_non_null(f->srv.ca);
  sse_client_options o = fx_options(ts_url(&f->srv, f->srv.path));
  o.ca_file = f->srv.ca;
  /* nghttpd serves the same file again on every reconnect: stop after the two. */
  f->rec.close_after_events = 2;
  fx_run_client(f, &o);

  assert_string_equal(f->rec.seq.text, "R O E E");
  const cr_record *open = cr_nth(&f->rec, CR_OPEN, 1);
  assert_int_equal(open->status, 200);
  assert_int_equal(open->http_version, 20);
  assert_string_equal(open->s[1], "text/event-stream");
  assert_string_equal(cr_event_datas(&f->rec), "over h2|hello\nh2");
  assert_string_equal(cr_nth(&f->rec, CR_EVENT, 2)->s[0], "greet");
  assert_string_equal(cr_nth(&f->rec, CR_EVENT, 2)->s[2], "2");
}

/* The end of an h2 stream is a clean end (M6): reconnect, same events again. */
static void test_http2_end_of_stream_reconnects(void **state) {
  fixture *f = *state;
  sse_client_options o = fx_options(ts_url(&f->srv, f->srv.path));
  o.ca_file = f->srv.ca;
  f->rec.close_after_events = 4;
  fx_run_client(f, &o);
  assert_string_equal(f->rec.seq.text, "R O E E D R O E E");
  assert_int_equal(cr_nth(&f->rec, CR_DISCONNECT, 1)->detail, SSE_DISCONNECT_END);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test_setup_teardown(test_http2_stream_reports_version_20, fx_setup,
                                      fx_teardown),
      cmocka_unit_test_setup_teardown(test_http2_end_of_stream_reconnects, fx_setup,
                                      fx_teardown),
  };
  return cmocka_run_group_tests(tests, h2_group_setup, h2_group_teardown);
}
