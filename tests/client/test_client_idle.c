/* idle_timeout_ms: a stream that goes quiet is dropped and reconnected (reason IDLE),
 * while comments, the usual keep-alive, keep it open. */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <string.h>

#include "client_fixture.h"

#define IDLE_LIMIT_MS 300

/* The client on `url` with an idle limit of IDLE_LIMIT_MS, run to close. */
static void run_with_idle_limit(fixture *f, const char *url) {
  sse_client_options o = fx_options(url);
  o.idle_timeout_ms = IDLE_LIMIT_MS;
  fx_run_client(f, &o);
}

/* One response of `times` x (`write`, then a pause of pause_ms), then `last`
 * (a body action), then a 204; run with the idle limit. */
static void run_paced_stream(fixture *f, const char *write, int times, int pause_ms,
                             const char *last) {
  char script[4096] = "[{'body':[";
  for (int i = 0; i < times; i++)
    snprintf(script + strlen(script), sizeof script - strlen(script),
             "{'write':'%s'},{'sleep_ms':%d},", write, pause_ms);
  snprintf(script + strlen(script), sizeof script - strlen(script), "%s]},{'status':204}]",
           last);
  fx_script(f, script);
  run_with_idle_limit(f, fx_url(f, ""));
}

static void test_idle_timeout_fires_on_a_stalled_stream(void **state) {
  fixture *f = *state;
  run_with_idle_limit(f, fx_scenario_url(f, "stall"));

  /* ": hi" arrives, then nothing: idle disconnect, reconnect (M6), 204. */
  assert_string_equal(f->rec.seq.text, "R O C D R F");
  const cr_record *d =
      fx_assert_reconnecting_disconnect(f, 1, SSE_DISCONNECT_IDLE, SSE_ETIMEDOUT);
  uint64_t quiet = d->t_ms - cr_nth(&f->rec, CR_COMMENT, 1)->t_ms;
  assert_true(quiet >= IDLE_LIMIT_MS - 5); /* measured from our side of the comment callback */
  assert_true(quiet < IDLE_LIMIT_MS + 1000);
  assert_true(d->connected_ms >= IDLE_LIMIT_MS - 10);
}

/* Twenty comments 50 ms apart (1 s in total) with a 300 ms idle limit: never idle. */
static void test_idle_timeout_is_reset_by_comments(void **state) {
  fixture *f = *state;
  run_paced_stream(f, ": keep-alive\\n", 20, 50, "{'write':'data: done\\n\\n'}");

  assert_int_equal(cr_count(&f->rec, CR_COMMENT), 20);
  assert_int_equal(cr_count(&f->rec, CR_DISCONNECT), 1);
  assert_int_equal(cr_nth(&f->rec, CR_DISCONNECT, 1)->detail, SSE_DISCONNECT_END);
  assert_string_equal(cr_event_datas(&f->rec), "done");
  assert_int_equal(fx_stats(f).attempts, 2); /* the stream and the 204 */
}

/* Events reset it as well. */
static void test_idle_timeout_is_reset_by_events(void **state) {
  fixture *f = *state;
  run_paced_stream(f, "data: e\\n\\n", 10, 100, "{'close':true}");

  assert_int_equal(cr_count(&f->rec, CR_EVENT), 10);
  assert_int_equal(cr_nth(&f->rec, CR_DISCONNECT, 1)->detail, SSE_DISCONNECT_END);
  assert_int_equal(cr_count(&f->rec, CR_DISCONNECT), 1);
}

/* Off by default: a stall with no idle limit keeps the client waiting. */
static void test_no_idle_timeout_by_default(void **state) {
  fixture *f = *state;
  fx_client_at(f, fx_scenario_url(f, "stall"));
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
