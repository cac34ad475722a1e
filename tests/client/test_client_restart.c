/* sse_client_restart(): drops the current connection, if any, and reconnects at once
 * with the current Last-Event-ID. No failure is counted, the backoff and the last
 * event ID stay, on_disconnect does not fire; a pending reconnection delay is
 * skipped; a closed client answers SSE_ECLOSED. */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <string.h>

#include "client_fixture.h"
#include "client_hooks.h"

/* From another thread while the stream is open: a second request at once, with the
 * id of the last event, and no disconnect in between. */
static void test_restart_from_another_thread_reconnects_with_the_last_event_id(void **state) {
  fixture *f = *state;
  fx_script(f, "[{'body':[{'write':'id: 7\\ndata: a\\n\\n'},{'stall':true}]},"
               "{'body':[{'write':'data: b\\n\\n'}]},{'status':204}]");
  fx_client_at(f, fx_url(f, ""));
  fx_caller k;
  fx_caller_start(&k, f, CR_EVENT, 100, sse_client_restart);
  fx_run_to_close(f, FX_RUN_MS);
  fx_caller_join(&k);

  assert_string_equal(f->rec.seq.text, "R O E R O E D R F"); /* no D before the 2nd R */
  assert_string_equal(cr_event_datas(&f->rec), "a|b");
  uint64_t latency = cr_nth(&f->rec, CR_REQUEST, 2)->t_ms - k.called_at;
  assert_true(latency < 500 * fx_time_scale());
  fx_assert_request_header(f, 1, "Last-Event-ID", "7");
  sse_client_stats st = fx_stats(f);
  assert_int_equal(st.failures, 1); /* only the final 204 */
  assert_int_equal(st.attempts, 3);
  assert_int_equal(cr_nth(&f->rec, CR_REQUEST, 2)->n, 2);
}

/* During a reconnection delay (a minute): skipped. */
static void test_restart_skips_the_reconnection_delay(void **state) {
  fixture *f = *state;
  fx_script(f, "[{'body':[{'write':'id: 3\\ndata: a\\n\\n'}]},{'status':204}]");
  f->rec.hook[CR_DISCONNECT] = fx_hook_reconnect_in_a_minute;
  fx_client_at(f, fx_url(f, ""));
  fx_caller k;
  fx_caller_start(&k, f, CR_DISCONNECT, 100, sse_client_restart);
  fx_run_to_close(f, FX_RUN_MS);
  fx_caller_join(&k);

  assert_string_equal(f->rec.seq.text, "R O E D R F");
  uint64_t latency = cr_nth(&f->rec, CR_REQUEST, 2)->t_ms - k.called_at;
  assert_true(latency < 500 * fx_time_scale());
  fx_assert_request_header(f, 1, "Last-Event-ID", "3");
}

/* From inside a callback (on_event): the events already received are delivered,
 * then the connection is dropped; the failure streak is not touched. */
static int restart_on_first_event(client_recorder *r, sse_client *c, const cr_record *rec,
                                  sse_decision *d) {
  (void)r, (void)d;
  if (rec->n == 1) assert_int_equal(sse_client_restart(c), 0);
  return 0;
}

static void test_restart_inside_a_callback(void **state) {
  fixture *f = *state;
  fx_script(f, "[{'body':[{'write':'id: 1\\ndata: a\\n\\n'},{'stall':true}]},"
               "{'status':204}]");
  f->rec.hook[CR_EVENT] = restart_on_first_event;
  fx_run_url(f, fx_url(f, ""));
  assert_string_equal(f->rec.seq.text, "R O E R F");
  fx_assert_request_header(f, 1, "Last-Event-ID", "1");
  assert_int_equal(cr_nth(&f->rec, CR_FAILURE, 1)->n, 1); /* the 204 is failure 1 */
}

static void test_restart_on_a_closed_client_is_refused(void **state) {
  fixture *f = *state;
  assert_int_equal(sse_client_restart(NULL), SSE_EINVAL);
  fx_client_at(f, fx_url(f, ""));
  assert_int_equal(sse_client_close(f->c), 0);
  assert_int_equal(sse_client_restart(f->c), SSE_ECLOSED);
  assert_int_equal(sse_client_run(f->c, 0), SSE_ECLOSED);
  assert_string_equal(f->rec.seq.text, "");
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test_setup_teardown(
          test_restart_from_another_thread_reconnects_with_the_last_event_id, fx_setup,
          fx_teardown),
      cmocka_unit_test_setup_teardown(test_restart_skips_the_reconnection_delay, fx_setup,
                                      fx_teardown),
      cmocka_unit_test_setup_teardown(test_restart_inside_a_callback, fx_setup, fx_teardown),
      cmocka_unit_test_setup_teardown(test_restart_on_a_closed_client_is_refused, fx_setup,
                                      fx_teardown),
  };
  return cmocka_run_group_tests(tests, fx_group_setup, fx_group_teardown);
}
