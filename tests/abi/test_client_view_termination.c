/* The NUL-termination promises of sse/client.h: in sse_response every view (url,
 * content_type, header names and values, body), an event's `type` and `id`, and
 * sse_client_last_event_id() satisfy ptr[len] == '\0', whether the body arrives whole
 * or one byte per chunk. Runs against the scriptable test server. */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <string.h>

#include "../client/client_fixture.h"

typedef struct tally {
  unsigned checked;      /* promised views looked at */
  unsigned unterminated; /* ... with ptr[len] != 0 */
  unsigned events, opens, failures;
} tally;

static void check(tally *t, sse_str s) {
  t->checked++;
  if (s.ptr == NULL || s.ptr[s.len] != '\0') t->unterminated++;
}

static void check_response(tally *t, const sse_response *r) {
  check(t, r->url);
  if (r->content_type.ptr != NULL) check(t, r->content_type);
  for (size_t i = 0; i < r->header_count; i++) {
    check(t, r->headers[i].name);
    check(t, r->headers[i].value);
  }
  check(t, r->body);
}

static int on_open(sse_client *c, const sse_response *r, void *user_data) {
  (void)c;
  tally *t = user_data;
  t->opens++;
  check_response(t, r);
  return 0;
}

static int on_event(sse_client *c, const sse_event *ev, void *user_data) {
  tally *t = user_data;
  t->events++;
  check(t, ev->type);
  check(t, ev->id);
  check(t, sse_client_last_event_id(c));
  return 0;
}

static int on_failure(sse_client *c, const sse_failure *failure, sse_decision *d,
                      void *user_data) {
  (void)c;
  tally *t = user_data;
  t->failures++;
  if (failure->response != NULL) check_response(t, failure->response);
  d->action = SSE_CLIENT_STOP;
  return 0;
}

static const char stream[] = "event: alpha\nid: 17\ndata: a\n\ndata: b\n\n"
                             "event: beta\nid: x\xFFy\ndata: c\n\n";

/* The script: `stream` in `chunk`-byte writes, then a 404 with headers and a body. */
static void post_script(fixture *f, size_t chunk) {
  char json[4096];
  size_t n = (size_t)snprintf(json, sizeof json, "[{'body':[");
  for (size_t at = 0; at < sizeof stream - 1; at += chunk) {
    n += (size_t)snprintf(json + n, sizeof json - n, "%s{'write_hex':'", at ? "," : "");
    for (size_t i = at; i < at + chunk && i < sizeof stream - 1; i++)
      n += (size_t)snprintf(json + n, sizeof json - n, "%02x", (unsigned char)stream[i]);
    n += (size_t)snprintf(json + n, sizeof json - n, "'}");
  }
  snprintf(json + n, sizeof json - n,
           "]},{'status':404,'headers':[['Content-Type','text/plain'],['X-A','b']],"
           "'body':[{'write':'not here'}]}]");
  assert_true(strlen(json) < sizeof json - 1);
  fx_script(f, json);
}

static void run_with_chunks(fixture *f, size_t chunk) {
  post_script(f, chunk);
  tally t;
  memset(&t, 0, sizeof t);
  sse_client_callbacks cbs = SSE_CLIENT_CALLBACKS_INIT;
  cbs.on_open = on_open;
  cbs.on_event = on_event;
  cbs.on_failure = on_failure;
  sse_client_options o = fx_options(fx_url(f, ""));
  assert_int_equal(sse_client_new(&f->c, &o, &cbs, &t), 0);
  int rc;
  do rc = sse_client_run(f->c, FX_RUN_MS * (int)fx_time_scale());
  while (rc == 0 && sse_client_state(f->c) != SSE_CLIENT_CLOSED);
  assert_int_equal(rc, SSE_ECLOSED);

  assert_int_equal(t.opens, 1);
  assert_int_equal(t.events, 3);
  assert_int_equal(t.failures, 1);
  assert_true(t.checked > 20);
  if (t.unterminated != 0)
    fail_msg("%zu-byte chunks: %u of %u views not NUL-terminated", chunk, t.unterminated,
             t.checked);
  sse_str last = sse_client_last_event_id(f->c);
  assert_int_equal(last.ptr[last.len], '\0');
}

static void test_views_are_nul_terminated_with_the_body_in_one_chunk(void **state) {
  run_with_chunks(*state, sizeof stream);
}

static void test_views_are_nul_terminated_with_one_byte_chunks(void **state) {
  run_with_chunks(*state, 1);
}

static void test_views_are_nul_terminated_with_three_byte_chunks(void **state) {
  run_with_chunks(*state, 3);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test_setup_teardown(test_views_are_nul_terminated_with_the_body_in_one_chunk,
                                      fx_setup, fx_teardown),
      cmocka_unit_test_setup_teardown(test_views_are_nul_terminated_with_one_byte_chunks,
                                      fx_setup, fx_teardown),
      cmocka_unit_test_setup_teardown(test_views_are_nul_terminated_with_three_byte_chunks,
                                      fx_setup, fx_teardown),
  };
  return cmocka_run_group_tests(tests, fx_group_setup, fx_group_teardown);
}
