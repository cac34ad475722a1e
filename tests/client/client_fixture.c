#define _POSIX_C_SOURCE 200809L
#include "client_fixture.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifdef SSE_TEST_HAVE_VALGRIND_H
#include <valgrind/valgrind.h>
#endif

sse_client_options fx_options(const char *url) {
  sse_client_options o = SSE_CLIENT_OPTIONS_INIT;
  o.url = url;
  o.jitter_percent = 0;
  o.retry_ms = 20;
  o.max_backoff_ms = 200;
  o.connect_timeout_ms = 5000;
  return o;
}

static fixture the_fixture;

int fx_group_setup(void **state) {
  memset(&the_fixture, 0, sizeof the_fixture);
  if (ts_start(&the_fixture.srv, NULL) != 0) return -1;
  *state = &the_fixture;
  return 0;
}

int fx_group_teardown(void **state) {
  fixture *f = *state;
  if (!f) return 0; /* the group setup failed and said so */
  ts_stop(&f->srv);
  return 0;
}

int fx_setup(void **state) {
  fixture *f = *state;
  cr_init(&f->rec);
  f->c = NULL;
  ts_new_sid(f->sid, "t");
  return 0;
}

int fx_teardown(void **state) {
  fixture *f = *state;
  sse_client_free(f->c);
  f->c = NULL;
  cr_free(&f->rec);
  return 0;
}

void fx_script(fixture *f, const char *single_quoted_json) {
  char *json = strdup(single_quoted_json);
  assert_non_null(json);
  for (char *p = json; *p; p++)
    if (*p == '\'') *p = '"';
  int rc = ts_post_script(&f->srv, f->sid, json);
  free(json);
  assert_int_equal(rc, 0);
}

const char *fx_url(fixture *f, const char *suffix) {
  char path[256];
  snprintf(path, sizeof path, "/s/%s%s", f->sid, suffix);
  return ts_url(&f->srv, path);
}

const char *fx_scenario_url(fixture *f, const char *name) {
  char path[256];
  snprintf(path, sizeof path, "/scenario/%s/%s", name, f->sid);
  return ts_url(&f->srv, path);
}

sse_client *fx_client(fixture *f, const sse_client_options *opts) {
  sse_client_callbacks cbs = cr_callbacks();
  assert_null(f->c);
  int rc = sse_client_new(&f->c, opts, &cbs, &f->rec);
  if (rc != 0) fprintf(stderr, "# sse_client_new: %s\n", sse_error_last()->message);
  assert_int_equal(rc, 0);
  assert_non_null(f->c);
  return f->c;
}

json_value *fx_log(fixture *f) {
  json_value *log = ts_fetch_log(&f->srv, f->sid);
  assert_non_null(log);
  assert_int_equal(log->type, JSON_ARRAY);
  return log;
}

void fx_run_to_close(fixture *f, int timeout_ms) {
  int rc = sse_client_run(f->c, timeout_ms);
  if (rc != SSE_ECLOSED)
    fprintf(stderr, "# run returned %d (%s); callbacks: %s\n", rc, sse_strerror(rc),
            f->rec.seq.text);
  assert_int_equal(rc, SSE_ECLOSED);
  assert_int_equal(sse_client_state(f->c), SSE_CLIENT_CLOSED);
}

sse_client_stats fx_stats(fixture *f) {
  sse_client_stats st = SSE_CLIENT_STATS_INIT;
  assert_int_equal(sse_client_get_stats(f->c, &st), 0);
  return st;
}

void fx_assert_header(const json_value *log, size_t n, const char *name, const char *want) {
  const char *got = ts_log_header(log, n, name);
  if (want == NULL) {
    if (got) fprintf(stderr, "# request %zu: unexpected %s: %s\n", n, name, got);
    assert_null(got);
    return;
  }
  if (!got) fprintf(stderr, "# request %zu: no %s header\n", n, name);
  assert_non_null(got);
  assert_string_equal(got, want);
}

unsigned fx_time_scale(void) {
#ifdef SSE_TEST_HAVE_VALGRIND_H
  if (RUNNING_ON_VALGRIND) return 20;
#endif
  return 1;
}
