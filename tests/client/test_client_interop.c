/* Interop with two servers whose HTTP layer we did not write: Node's `http` module
 * (chunked) and Python's http.server (close-delimited body). Both stream ids 1..3,
 * continue after Last-Event-ID (H1) and answer 204 once 3 was sent (M4c). */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <string.h>

#include "client_fixture.h"

static fixture interop_fixture;
static ts_server node_srv, py_srv;

static int interop_group_setup(void **state) {
  memset(&interop_fixture, 0, sizeof interop_fixture);
  const char *node_argv[] = {SSE_TEST_NODE, ts_script_path("node_sse_server.mjs"), NULL};
  const char *py_argv[] = {SSE_TEST_PYTHON, ts_script_path("python_stdlib_sse_server.py"),
                           NULL};
  if (ts_start_program(&node_srv, node_argv) != 0) {
    fprintf(stderr, "# node_sse_server.mjs did not start (is node installed?)\n");
    return -1;
  }
  if (ts_start_program(&py_srv, py_argv) != 0) {
    ts_stop(&node_srv);
    return -1;
  }
  *state = &interop_fixture;
  return 0;
}

static int interop_group_teardown(void **state) {
  (void)state;
  ts_stop(&py_srv);
  ts_stop(&node_srv);
  return 0;
}

static void assert_ids_1_to_3_then_204(fixture *f, ts_server *srv, const char *who) {
  fx_run_url(f, ts_url(srv, "/events"));

  char want[128];
  snprintf(want, sizeof want, "%s 1|%s 2|%s 3", who, who, who);
  assert_string_equal(cr_event_datas(&f->rec), want);
  for (unsigned i = 1; i <= 3; i++) {
    char id[8];
    snprintf(id, sizeof id, "%u", i);
    assert_string_equal(cr_nth(&f->rec, CR_EVENT, i)->s[2], id);
  }
  /* The reconnection carried Last-Event-ID 3, so the server said 204 (M4c). */
  assert_string_equal(f->rec.seq.text, "R O E E E D R F");
  assert_int_equal(cr_nth(&f->rec, CR_DISCONNECT, 1)->detail, SSE_DISCONNECT_END);
  assert_int_equal(cr_nth(&f->rec, CR_FAILURE, 1)->detail, SSE_FAILURE_NO_CONTENT);
  /* M4d: "text/event-stream; charset=utf-8" was accepted. */
  assert_non_null(strstr(cr_nth(&f->rec, CR_OPEN, 1)->s[1], "text/event-stream"));
}

/* Resuming with an initial last event id: the server continues after it (H1). */
static void assert_resumes_after_1(fixture *f, ts_server *srv, const char *who) {
  sse_client_options o = fx_options(ts_url(srv, "/events"));
  o.last_event_id = "1";
  fx_run_client(f, &o);
  char want[128];
  snprintf(want, sizeof want, "%s 2|%s 3", who, who);
  assert_string_equal(cr_event_datas(&f->rec), want);
}

static void test_node_server_ids_1_to_3_then_204(void **state) {
  assert_ids_1_to_3_then_204(*state, &node_srv, "node");
}

static void test_node_server_resumes_after_last_event_id(void **state) {
  assert_resumes_after_1(*state, &node_srv, "node");
}

static void test_python_stdlib_server_ids_1_to_3_then_204(void **state) {
  assert_ids_1_to_3_then_204(*state, &py_srv, "python");
}

static void test_python_stdlib_server_resumes_after_last_event_id(void **state) {
  assert_resumes_after_1(*state, &py_srv, "python");
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test_setup_teardown(test_node_server_ids_1_to_3_then_204, fx_setup,
                                      fx_teardown),
      cmocka_unit_test_setup_teardown(test_node_server_resumes_after_last_event_id, fx_setup,
                                      fx_teardown),
      cmocka_unit_test_setup_teardown(test_python_stdlib_server_ids_1_to_3_then_204,
                                      fx_setup, fx_teardown),
      cmocka_unit_test_setup_teardown(test_python_stdlib_server_resumes_after_last_event_id,
                                      fx_setup, fx_teardown),
  };
  return cmocka_run_group_tests(tests, interop_group_setup, interop_group_teardown);
}
