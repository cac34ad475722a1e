#define _POSIX_C_SOURCE 200809L
#include "client_fixture.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

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

sse_client_options fx_options_delays(const char *url, uint64_t retry_ms,
                                     uint64_t max_backoff_ms) {
  sse_client_options o = fx_options(url);
  o.retry_ms = retry_ms;
  o.max_backoff_ms = max_backoff_ms;
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
  fx_script_on(f, &f->srv, single_quoted_json);
}

void fx_script_on(fixture *f, const ts_server *srv, const char *single_quoted_json) {
  char *json = strdup(single_quoted_json);
  assert_non_null(json);
  for (char *p = json; *p; p++)
    if (*p == '\'') *p = '"';
  int rc = ts_post_script(srv, f->sid, json);
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

const cr_record *fx_assert_reconnecting_disconnect(fixture *f, unsigned n, int reason,
                                                   int code) {
  const cr_record *d = cr_nth(&f->rec, CR_DISCONNECT, n);
  assert_non_null(d);
  if (d->detail != reason)
    fprintf(stderr, "# disconnect %u: %s, want %s (%s)\n", n,
            cr_disconnect_reason_name(d->detail), cr_disconnect_reason_name(reason), d->s[0]);
  assert_int_equal(d->detail, reason);
  assert_int_equal(d->code, code);
  assert_int_equal(d->proposed.action, SSE_CLIENT_RECONNECT);
  return d;
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

void fx_assert_listed_header(const char *headers, const char *name, const char *want) {
  char got[256];
  if (!cr_header(headers, name, got, sizeof got))
    fprintf(stderr, "# no %s header in:\n%s", name, headers);
  assert_true(cr_header(headers, name, got, sizeof got));
  assert_string_equal(got, want);
}

void fx_assert_log_path(const json_value *log, size_t n, const char *path_format, ...) {
  char want[256];
  va_list ap;
  va_start(ap, path_format);
  vsnprintf(want, sizeof want, path_format, ap);
  va_end(ap);
  const char *got = ts_log_field(log, n, "path");
  assert_non_null(got);
  assert_string_equal(got, want);
}

void fx_assert_request_header(fixture *f, size_t n, const char *name, const char *want) {
  json_value *log = fx_log(f);
  fx_assert_header(log, n, name, want);
  json_free(log);
}

void fx_assert_request_count(fixture *f, size_t want) {
  json_value *log = fx_log(f);
  size_t got = ts_log_count(log);
  json_free(log);
  assert_int_equal(got, want);
}

sse_client *fx_client_at(fixture *f, const char *url) {
  sse_client_options o = fx_options(url);
  return fx_client(f, &o);
}

/* FX_RUN_MS is an upper bound for a failing test, not a speed check: valgrind (a TLS
 * handshake under memcheck takes seconds) gets it scaled. */
static int fx_run_bound_ms(void) { return (int)(FX_RUN_MS * fx_time_scale()); }

void fx_run_client(fixture *f, const sse_client_options *opts) {
  fx_client(f, opts);
  fx_run_to_close(f, fx_run_bound_ms());
}

void fx_run_url(fixture *f, const char *url) {
  fx_client_at(f, url);
  fx_run_to_close(f, fx_run_bound_ms());
}

void fx_run_script(fixture *f, const char *single_quoted_json) {
  fx_script(f, single_quoted_json);
  fx_run_url(f, fx_url(f, ""));
}

void fx_run_to_pause(fixture *f, const char *want_seq) {
  assert_int_equal(sse_client_run(f->c, FX_RUN_MS), SSE_PAUSED);
  if (want_seq) assert_string_equal(f->rec.seq.text, want_seq);
}

void fx_free_client_within(fixture *f, unsigned max_ms) {
  uint64_t t0 = ts_now_ms();
  sse_client_free(f->c);
  f->c = NULL;
  assert_true(ts_now_ms() - t0 < (uint64_t)max_ms * fx_time_scale());
}

const char *fx_refused_url(const char *path) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  struct sockaddr_in a;
  memset(&a, 0, sizeof a);
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof a;
  assert_int_equal(bind(fd, (struct sockaddr *)&a, sizeof a), 0);
  assert_int_equal(getsockname(fd, (struct sockaddr *)&a, &len), 0);
  close(fd);
  static char url[128];
  snprintf(url, sizeof url, "http://127.0.0.1:%d%s", ntohs(a.sin_port), path);
  return url;
}

void fx_assert_waited(fixture *f, const cr_record *decided_at, unsigned next_request,
                      uint64_t delay, uint64_t slack) {
  uint64_t waited = cr_nth(&f->rec, CR_REQUEST, next_request)->t_ms - decided_at->t_ms;
  if (waited < delay || waited >= delay + slack)
    fprintf(stderr, "# waited %llu ms for a %llu ms delay\n", (unsigned long long)waited,
            (unsigned long long)delay);
  assert_true(waited >= delay);
  assert_true(waited < delay + slack); /* not absurdly more */
}

void fx_sleep_ms(unsigned ms) {
  struct timespec t = {ms / 1000, (long)(ms % 1000) * 1000000L};
  nanosleep(&t, NULL);
}

static void *call_later(void *arg) {
  fx_caller *k = arg;
  k->saw_callback = cr_wait_for(&k->f->rec, k->after, 1, 10000);
  if (k->saw_callback) fx_sleep_ms(k->settle_ms);
  k->called_at = ts_now_ms();
  k->rc = k->action(k->f->c);
  return NULL;
}

void fx_caller_start(fx_caller *k, fixture *f, cr_kind after, unsigned settle_ms,
                     fx_action action) {
  *k = (fx_caller){.f = f, .after = after, .settle_ms = settle_ms, .action = action, .rc = -1};
  assert_int_equal(pthread_create(&k->thread, NULL, call_later, k), 0);
}

void fx_caller_join(fx_caller *k) {
  pthread_join(k->thread, NULL);
  assert_true(k->saw_callback);
  assert_int_equal(k->rc, 0);
}

unsigned fx_time_scale(void) {
#ifdef SSE_TEST_HAVE_VALGRIND_H
  if (RUNNING_ON_VALGRIND) return 20;
#endif
  return 1;
}
