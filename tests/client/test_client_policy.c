/* Policy: on_failure / on_disconnect may stop or change the delay (and the delay is
 * honoured), SSE_PAUSE defers the decision to sse_client_decide(), and a negative
 * callback return stops the client and comes back from sse_client_run(). */
#define _POSIX_C_SOURCE 200809L
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "client_fixture.h"

#define USER_ERROR (-1234)

static int closed_port(void) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  struct sockaddr_in a;
  memset(&a, 0, sizeof a);
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof a;
  assert_int_equal(bind(fd, (struct sockaddr *)&a, sizeof a), 0);
  assert_int_equal(getsockname(fd, (struct sockaddr *)&a, &len), 0);
  close(fd);
  return ntohs(a.sin_port);
}

/* ------------------------------------------------------------ decisions -- */

static int stop_decision(client_recorder *r, sse_client *c, const cr_record *rec,
                         sse_decision *d) {
  (void)r, (void)c, (void)rec;
  d->action = SSE_CLIENT_STOP;
  return 0;
}

/* A network failure would reconnect (M4b); the application says stop. */
static void test_on_failure_stop_overrides_reconnect(void **state) {
  fixture *f = *state;
  char url[64];
  snprintf(url, sizeof url, "http://127.0.0.1:%d/", closed_port());
  f->rec.hook[CR_FAILURE] = stop_decision;
  sse_client_options o = fx_options(url);
  fx_client(f, &o);
  fx_run_to_close(f, 10000);
  assert_string_equal(f->rec.seq.text, "R F");
  assert_int_equal(cr_nth(&f->rec, CR_FAILURE, 1)->proposed.action, SSE_CLIENT_RECONNECT);
  assert_int_equal(fx_stats(f).attempts, 1);
}

static int reconnect_after_250(client_recorder *r, sse_client *c, const cr_record *rec,
                               sse_decision *d) {
  (void)r, (void)c;
  if (rec->kind == CR_FAILURE && rec->status == 204) return 0; /* keep the stop */
  d->action = SSE_CLIENT_RECONNECT;
  d->delay_ms = 250;
  return 0;
}

static void assert_waited(fixture *f, const cr_record *decided_at, unsigned next_request,
                          uint64_t delay) {
  uint64_t waited = cr_nth(&f->rec, CR_REQUEST, next_request)->t_ms - decided_at->t_ms;
  uint64_t slack = 500 * fx_time_scale();
  if (waited < delay || waited >= delay + slack)
    fprintf(stderr, "# waited %llu ms for a %llu ms delay\n", (unsigned long long)waited,
            (unsigned long long)delay);
  assert_true(waited >= delay);
  assert_true(waited < delay + slack); /* not absurdly more */
}

/* A 404 would stop (M4c); the application reconnects after 250 ms instead. */
static void test_on_failure_custom_delay_is_honoured(void **state) {
  fixture *f = *state;
  fx_script(f, "[{'status':404,'headers':[['Content-Type','text/plain']],'framing':'length',"
               "'body':[{'write':'later'}]},{'body':[{'write':'data: ok\\n\\n'}]},"
               "{'status':204}]");
  f->rec.hook[CR_FAILURE] = reconnect_after_250;
  sse_client_options o = fx_options(fx_url(f, ""));
  fx_client(f, &o);
  fx_run_to_close(f, 10000);
  assert_string_equal(f->rec.seq.text, "R F R O E D R F");
  assert_waited(f, cr_nth(&f->rec, CR_FAILURE, 1), 2, 250);
  assert_int_equal(fx_stats(f).current_delay_ms, 20); /* the last reconnection's delay */
}

static void test_on_disconnect_custom_delay_is_honoured(void **state) {
  fixture *f = *state;
  fx_script(f, "[{'body':[{'write':'data: 1\\n\\n'}]},{'body':[{'write':'data: 2\\n\\n'}]},"
               "{'status':204}]");
  f->rec.hook[CR_DISCONNECT] = reconnect_after_250;
  sse_client_options o = fx_options(fx_url(f, ""));
  fx_client(f, &o);
  fx_run_to_close(f, 10000);
  assert_string_equal(f->rec.seq.text, "R O E D R O E D R F");
  assert_waited(f, cr_nth(&f->rec, CR_DISCONNECT, 1), 2, 250);
  assert_waited(f, cr_nth(&f->rec, CR_DISCONNECT, 2), 3, 250);
}

static void test_on_disconnect_stop_closes_the_client(void **state) {
  fixture *f = *state;
  fx_script(f, "[{'body':[{'write':'data: 1\\n\\n'}]},{'body':[{'write':'data: 2\\n\\n'}]}]");
  f->rec.hook[CR_DISCONNECT] = stop_decision;
  sse_client_options o = fx_options(fx_url(f, ""));
  fx_client(f, &o);
  fx_run_to_close(f, 10000);
  assert_string_equal(f->rec.seq.text, "R O E D");
  json_value *log = fx_log(f);
  assert_int_equal(ts_log_count(log), 1); /* M8: never reconnects */
  json_free(log);
}

/* -------------------------------------------------- SSE_PAUSE + decide -- */

static int pause_hook(client_recorder *r, sse_client *c, const cr_record *rec,
                      sse_decision *d) {
  (void)r, (void)c, (void)rec, (void)d;
  return SSE_PAUSE;
}

static void test_failure_pause_then_decide_reconnect(void **state) {
  fixture *f = *state;
  fx_script(f, "[{'status':500,'headers':[['Content-Type','text/plain']],'framing':'length',"
               "'body':[{'write':'x'}]},{'body':[{'write':'data: ok\\n\\n'}]},"
               "{'status':204}]");
  f->rec.hook[CR_FAILURE] = pause_hook;
  sse_client_options o = fx_options(fx_url(f, ""));
  fx_client(f, &o);

  sse_decision d = {SSE_CLIENT_RECONNECT, 0, 0};
  assert_int_equal(sse_client_decide(f->c, &d), SSE_EBUSY); /* nothing pending yet */
  assert_int_equal(sse_client_run(f->c, 10000), SSE_PAUSED);
  assert_string_equal(f->rec.seq.text, "R F");
  sse_decision bad = {99, 0, 0};
  assert_int_equal(sse_client_decide(f->c, &bad), SSE_EINVAL);
  d.delay_ms = 100;
  int decided_rc = sse_client_decide(f->c, &d);
  if (decided_rc != 0) fprintf(stderr, "# decide: %s\n", sse_error_last()->message);
  assert_int_equal(decided_rc, 0);
  uint64_t decided = ts_now_ms();

  f->rec.hook[CR_FAILURE] = NULL; /* the final 204 stops by default */
  fx_run_to_close(f, 10000);
  assert_string_equal(f->rec.seq.text, "R F R O E D R F");
  assert_true(cr_nth(&f->rec, CR_REQUEST, 2)->t_ms - decided >= 100 - 5);
}

static void test_disconnect_pause_then_decide_stop(void **state) {
  fixture *f = *state;
  fx_script(f, "[{'body':[{'write':'data: 1\\n\\n'}]}]");
  f->rec.hook[CR_DISCONNECT] = pause_hook;
  sse_client_options o = fx_options(fx_url(f, ""));
  fx_client(f, &o);
  assert_int_equal(sse_client_run(f->c, 10000), SSE_PAUSED);
  assert_string_equal(f->rec.seq.text, "R O E D");
  sse_decision d = {SSE_CLIENT_STOP, 0, 0};
  assert_int_equal(sse_client_decide(f->c, &d), 0);
  fx_run_to_close(f, 10000);
  assert_string_equal(f->rec.seq.text, "R O E D");
}

/* on_open SSE_PAUSE: run returns with the stream open; the events follow on the next
 * run call. */
static void test_open_pause_then_events_on_the_next_run(void **state) {
  fixture *f = *state;
  fx_script(f, "[{'body':[{'write':'data: 1\\n\\n'}]},{'status':204}]");
  f->rec.hook[CR_OPEN] = pause_hook;
  sse_client_options o = fx_options(fx_url(f, ""));
  fx_client(f, &o);
  assert_int_equal(sse_client_run(f->c, 10000), SSE_PAUSED);
  assert_string_equal(f->rec.seq.text, "R O");
  assert_int_equal(sse_client_state(f->c), SSE_CLIENT_OPEN);
  fx_run_to_close(f, 10000);
  assert_string_equal(f->rec.seq.text, "R O E D R F");
}

/* before_request SSE_PAUSE: run returns before anything is sent. */
static void test_before_request_pause_sends_on_the_next_run(void **state) {
  fixture *f = *state;
  fx_script(f, "[{'status':204}]");
  f->rec.hook[CR_REQUEST] = pause_hook;
  sse_client_options o = fx_options(fx_url(f, ""));
  fx_client(f, &o);
  assert_int_equal(sse_client_run(f->c, 10000), SSE_PAUSED);
  json_value *log = fx_log(f);
  assert_int_equal(ts_log_count(log), 0);
  json_free(log);
  f->rec.hook[CR_REQUEST] = NULL;
  fx_run_to_close(f, 10000);
  assert_string_equal(f->rec.seq.text, "R F"); /* the paused attempt is not re-announced */
  log = fx_log(f);
  assert_int_equal(ts_log_count(log), 1);
  json_free(log);
}

/* ------------------------------------------------------ negative returns -- */

static int user_error(client_recorder *r, sse_client *c, const cr_record *rec,
                      sse_decision *d) {
  (void)r, (void)c, (void)rec, (void)d;
  return USER_ERROR;
}

static void assert_user_error_stops(fixture *f, cr_kind kind, const char *want_seq) {
  fx_script(f, "[{'body':[{'write':': c\\ndata: 1\\n\\ndata: 2\\n\\n'}]}]");
  f->rec.hook[kind] = user_error;
  sse_client_options o = fx_options(fx_url(f, ""));
  fx_client(f, &o);
  assert_int_equal(sse_client_run(f->c, 10000), USER_ERROR);
  assert_string_equal(f->rec.seq.text, want_seq);
  assert_int_equal(sse_client_state(f->c), SSE_CLIENT_CLOSED);
  assert_int_equal(sse_client_run(f->c, 100), SSE_ECLOSED); /* and it stays closed */
  assert_string_equal(f->rec.seq.text, want_seq);            /* no callback after it */
}

static void test_negative_from_on_event_stops_and_is_returned(void **state) {
  assert_user_error_stops(*state, CR_EVENT, "R O C E");
}

static void test_negative_from_on_comment_stops_and_is_returned(void **state) {
  assert_user_error_stops(*state, CR_COMMENT, "R O C");
}

static void test_negative_from_on_open_stops_and_is_returned(void **state) {
  assert_user_error_stops(*state, CR_OPEN, "R O");
}

static void test_negative_from_before_request_stops_before_sending(void **state) {
  fixture *f = *state;
  assert_user_error_stops(f, CR_REQUEST, "R");
  json_value *log = fx_log(f);
  assert_int_equal(ts_log_count(log), 0);
  json_free(log);
}

static void test_negative_from_on_disconnect_stops_and_is_returned(void **state) {
  assert_user_error_stops(*state, CR_DISCONNECT, "R O C E E D");
}

/* max_elapsed_ms: give up once failing has lasted that long. */
static void test_max_elapsed_gives_up(void **state) {
  fixture *f = *state;
  char url[64];
  snprintf(url, sizeof url, "http://127.0.0.1:%d/", closed_port());
  sse_client_options o = fx_options(url);
  o.retry_ms = 50;
  o.max_backoff_ms = 50;
  o.max_elapsed_ms = 300;
  fx_client(f, &o);
  uint64_t t0 = ts_now_ms();
  fx_run_to_close(f, 10000);
  uint64_t took = ts_now_ms() - t0;
  unsigned failures = cr_count(&f->rec, CR_FAILURE);
  const cr_record *last = cr_nth(&f->rec, CR_FAILURE, failures);
  assert_int_equal(last->proposed.gave_up, 1);
  assert_int_equal(last->proposed.action, SSE_CLIENT_STOP);
  assert_true(failures >= 3);
  assert_true(took >= 250);
  assert_true(took < 300 + 2000);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test_setup_teardown(test_on_failure_stop_overrides_reconnect, fx_setup,
                                      fx_teardown),
      cmocka_unit_test_setup_teardown(test_on_failure_custom_delay_is_honoured, fx_setup,
                                      fx_teardown),
      cmocka_unit_test_setup_teardown(test_on_disconnect_custom_delay_is_honoured, fx_setup,
                                      fx_teardown),
      cmocka_unit_test_setup_teardown(test_on_disconnect_stop_closes_the_client, fx_setup,
                                      fx_teardown),
      cmocka_unit_test_setup_teardown(test_failure_pause_then_decide_reconnect, fx_setup,
                                      fx_teardown),
      cmocka_unit_test_setup_teardown(test_disconnect_pause_then_decide_stop, fx_setup,
                                      fx_teardown),
      cmocka_unit_test_setup_teardown(test_open_pause_then_events_on_the_next_run, fx_setup,
                                      fx_teardown),
      cmocka_unit_test_setup_teardown(test_before_request_pause_sends_on_the_next_run,
                                      fx_setup, fx_teardown),
      cmocka_unit_test_setup_teardown(test_negative_from_on_event_stops_and_is_returned,
                                      fx_setup, fx_teardown),
      cmocka_unit_test_setup_teardown(test_negative_from_on_comment_stops_and_is_returned,
                                      fx_setup, fx_teardown),
      cmocka_unit_test_setup_teardown(test_negative_from_on_open_stops_and_is_returned,
                                      fx_setup, fx_teardown),
      cmocka_unit_test_setup_teardown(test_negative_from_before_request_stops_before_sending,
                                      fx_setup, fx_teardown),
      cmocka_unit_test_setup_teardown(test_negative_from_on_disconnect_stops_and_is_returned,
                                      fx_setup, fx_teardown),
      cmocka_unit_test_setup_teardown(test_max_elapsed_gives_up, fx_setup, fx_teardown),
  };
  return cmocka_run_group_tests(tests, fx_group_setup, fx_group_teardown);
}
