/* idle_timeout_ms: a stream that goes quiet is dropped and reconnected (reason IDLE),
 * while comments, the usual keep-alive, keep it open. */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <string.h>

#include "client_fixture.h"

static void test_idle_timeout_fires_on_a_stalled_stream(void **state) {
  fixture *f = *state;
  sse_client_options o = fx_options(fx_scenario_url(f, "stall"));
  o.idle_timeout_ms = 300;
  fx_client(f, &o);
  fx_run_to_close(f, 10000);

  /* ": hi" arrives, then nothing: idle disconnect, reconnect (M6), 204. */
  assert_string_equal(f->rec.seq.text, "R O C D R F");
  const cr_record *d = cr_nth(&f->rec, CR_DISCONNECT, 1);
  assert_int_equal(d->detail, SSE_DISCONNECT_IDLE);
  assert_int_equal(d->code, SSE_ETIMEDOUT);
  assert_int_equal(d->proposed.action, SSE_CLIENT_RECONNECT);
  uint64_t quiet = d->t_ms - cr_nth(&f->rec, CR_COMMENT, 1)->t_ms;
  assert_true(quiet >= 300 - 5); /* measured from our side of the comment callback */
  assert_true(quiet < 300 + 1000);
  assert_true(d->connected_ms >= 290);
}

/* Twenty comments 50 ms apart (1 s in total) with a 300 ms idle limit: never idle. */
static void test_idle_timeout_is_reset_by_comments(void **state) {
  fixture *f = *state;
  char script[4096] = "[{'body':[";
  for (int i = 0; i < 20; i++)
    strcat(script, "{'write':': keep-alive\\n'},{'sleep_ms':50},");
  strcat(script, "{'write':'data: done\\n\\n'}]},{'status':204}]");
  fx_script(f, script);
  sse_client_options o = fx_options(fx_url(f, ""));
  o.idle_timeout_ms = 300;
  fx_client(f, &o);
  fx_run_to_close(f, 10000);

  assert_int_equal(cr_count(&f->rec, CR_COMMENT), 20);
  assert_int_equal(cr_count(&f->rec, CR_DISCONNECT), 1);
  assert_int_equal(cr_nth(&f->rec, CR_DISCONNECT, 1)->detail, SSE_DISCONNECT_END);
  assert_string_equal(cr_event_datas(&f->rec), "done");
  assert_int_equal(fx_stats(f).attempts, 2); /* the stream and the 204 */
}

/* Events reset it as well. */
static void test_idle_timeout_is_reset_by_events(void **state) {
  fixture *f = *state;
  char script[4096] = "[{'body':[";
  for (int i = 0; i < 10; i++) strcat(script, "{'write':'data: e\\n\\n'},{'sleep_ms':100},");
  strcat(script, "{'close':true}]},{'status':204}]");
  fx_script(f, script);
  sse_client_options o = fx_options(fx_url(f, ""));
  o.idle_timeout_ms = 300;
  fx_client(f, &o);
  fx_run_to_close(f, 10000);

  assert_int_equal(cr_count(&f->rec, CR_EVENT), 10);
  assert_int_equal(cr_nth(&f->rec, CR_DISCONNECT, 1)->detail, SSE_DISCONNECT_END);
  assert_int_equal(cr_count(&f->rec, CR_DISCONNECT), 1);
}

/* Off by default: a stall with no idle limit keeps the client waiting. */
static void test_no_idle_timeout_by_default(void **state) {
  fixture *f = *state;
  sse_client_options o = fx_options(fx_scenario_url(f, "stall"));
  fx_client(f, &o);
  assert_int_equal(sse_client_run(f->c, 700), 0); /* the run's own timeout */
  assert_string_equal(f->rec.seq.text, "R O C");
  assert_int_equal(sse_client_state(f->c), SSE_CLIENT_OPEN);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test_setup_teardown(test_idle_timeout_fires_on_a_stalled_stream, fx_setup,
                                      fx_teardown),
      cmocka_unit_test_setup_teardown(test_idle_timeout_is_reset_by_comments, fx_setup,
                                      fx_teardown),
      cmocka_unit_test_setup_teardown(test_idle_timeout_is_reset_by_events, fx_setup,
                                      fx_teardown),
      cmocka_unit_test_setup_teardown(test_no_idle_timeout_by_default, fx_setup, fx_teardown),
  };
  return cmocka_run_group_tests(tests, fx_group_setup, fx_group_teardown);
}
