/* Content-Encoding: by default the client asks for compressed bodies and decodes a
 * gzip stream before parsing; accept_encoding = 0 asks for identity only. */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <string.h>

#include "client_fixture.h"

/* gzip of "id: z1\ndata: zipped\n\n" (python3 gzip, mtime 0). */
#define GZIP_EVENT "1f8b08000000000002ffcb4cb152a832e44a492c490432320b0a5253b8b800eb06ee0715000000"

static void test_accept_encoding_is_sent_by_default(void **state) {
  fixture *f = *state;
  fx_run_script(f, "[{'status':204}]");
  json_value *log = fx_log(f);
  const char *ae = ts_log_header(log, 0, "Accept-Encoding");
  assert_non_null(ae);
  assert_non_null(strstr(ae, "gzip"));
  json_free(log);
}

static void test_accept_encoding_0_asks_for_identity(void **state) {
  fixture *f = *state;
  fx_script(f, "[{'status':204}]");
  sse_client_options o = fx_options(fx_url(f, ""));
  o.accept_encoding = 0;
  fx_run_client(f, &o);
  json_value *log = fx_log(f);
  const char *ae = ts_log_header(log, 0, "Accept-Encoding");
  if (ae) assert_null(strstr(ae, "gzip"));
  json_free(log);
}

static void test_gzip_body_is_decoded_before_parsing(void **state) {
  fixture *f = *state;
  fx_run_script(f, "[{'headers':[['Content-Type','text/event-stream'],['Content-Encoding','gzip']],"
               "'body':[{'write_hex':'" GZIP_EVENT "'}]},{'status':204}]");
  assert_string_equal(f->rec.seq.text, "R O E D R F");
  assert_string_equal(cr_event_datas(&f->rec), "zipped");
  assert_string_equal(cr_nth(&f->rec, CR_EVENT, 1)->s[2], "z1");
  assert_int_equal(fx_stats(f).bytes, strlen("id: z1\ndata: zipped\n\n")); /* decoded */
  fx_assert_request_header(f, 1, "Last-Event-ID", "z1");
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test_setup_teardown(test_accept_encoding_is_sent_by_default, fx_setup,
                                      fx_teardown),
      cmocka_unit_test_setup_teardown(test_accept_encoding_0_asks_for_identity, fx_setup,
                                      fx_teardown),
      cmocka_unit_test_setup_teardown(test_gzip_body_is_decoded_before_parsing, fx_setup,
                                      fx_teardown),
  };
  return cmocka_run_group_tests(tests, fx_group_setup, fx_group_teardown);
}
