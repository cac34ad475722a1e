/* Shared set-up of the client suites: one test server per test group (started in the
 * group setup), and per test a fresh session id, a recorder and at most one client.
 *
 * Scripts are written with single quotes for readability: fx_script() turns every
 * ' into " before posting (write \u0027 for a real apostrophe). */
#ifndef SSE_TEST_CLIENT_FIXTURE_H
#define SSE_TEST_CLIENT_FIXTURE_H

#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <sse/sse.h>

#include "../support/client_recorder.h"
#include "../support/test_server.h"

typedef struct fixture {
  ts_server srv;
  client_recorder rec;
  sse_client *c;
  char sid[64];
} fixture;

/* Options for fast tests: jitter 0, retry_ms 20, backoff cap 200 ms, connect timeout
 * 5 s. The URL pointer is copied by sse_client_new(). */
sse_client_options fx_options(const char *url);
/* fx_options() with another reconnection time and backoff cap. */
sse_client_options fx_options_delays(const char *url, uint64_t retry_ms,
                                     uint64_t max_backoff_ms);

/* Group setup/teardown: start/stop sse_test_server.py (plain HTTP). */
int fx_group_setup(void **state);
int fx_group_teardown(void **state);
/* Per test: new sid "t-<pid>-<n>", fresh recorder; teardown frees the client. */
int fx_setup(void **state);
int fx_teardown(void **state);

/* Post a script for f->sid (single quotes become double quotes); asserts success. */
void fx_script(fixture *f, const char *single_quoted_json);
/* The same on another server (e.g. a second origin), still for f->sid. */
void fx_script_on(fixture *f, const ts_server *srv, const char *single_quoted_json);
/* ts_url(f->srv, "/s/<sid><suffix>") and "/scenario/<name>/<sid>". */
const char *fx_url(fixture *f, const char *suffix);
const char *fx_scenario_url(fixture *f, const char *name);
/* Create f->c with the recorder's callbacks; asserts success. */
sse_client *fx_client(fixture *f, const sse_client_options *opts);
/* The server's log for f->sid (json_free it); asserts it parsed. */
json_value *fx_log(fixture *f);
/* Run until the client closes; asserts sse_client_run() returned SSE_ECLOSED
 * within timeout_ms (an upper bound, not a delay). */
void fx_run_to_close(fixture *f, int timeout_ms);
/* The n-th disconnect record; asserts it exists, has this reason and code, and that
 * the library proposed to reconnect (M6). */
const cr_record *fx_assert_reconnecting_disconnect(fixture *f, unsigned n, int reason,
                                                   int code);
/* Stats of f->c. */
sse_client_stats fx_stats(fixture *f);

/* The arrange/act steps most tests share. Every run here is fx_run_to_close() with
 * the suites' usual upper bound of FX_RUN_MS (times fx_time_scale()). */
#define FX_RUN_MS 10000
/* f->c with fx_options(url), not run yet. */
sse_client *fx_client_at(fixture *f, const char *url);
/* fx_client(f, opts), then run it to close. */
void fx_run_client(fixture *f, const sse_client_options *opts);
/* fx_client_at(f, url), then run it to close. */
void fx_run_url(fixture *f, const char *url);
/* Post `single_quoted_json` for f->sid, then fx_run_url() on /s/<sid>. */
void fx_run_script(fixture *f, const char *single_quoted_json);
/* Run once; asserts sse_client_run() returned SSE_PAUSED (a hook paused) within
 * FX_RUN_MS and, unless want_seq is NULL, the callbacks so far. */
void fx_run_to_pause(fixture *f, const char *want_seq);

/* sse_client_free(f->c) (f->c becomes NULL); asserts it took less than
 * max_ms * fx_time_scale() (closing and joining must not hang). */
void fx_free_client_within(fixture *f, unsigned max_ms);

/* "http://127.0.0.1:<port><path>" for a port nobody listens on (bound, read, closed):
 * every connection is refused. In a static buffer, valid until the next call. */
const char *fx_refused_url(const char *path);

/* Assert that before_request number `next_request` came at least `delay` ms and less
 * than delay + slack ms after the record `decided_at` (a failure or disconnect). */
void fx_assert_waited(fixture *f, const cr_record *decided_at, unsigned next_request,
                      uint64_t delay, uint64_t slack);

/* Another thread acting on f->c: it waits for the first `after` callback, lets the
 * client sit for settle_ms in the state that follows (the situation under test, not
 * a synchronisation), then calls action(f->c) and notes when and what it returned. */
typedef int (*fx_action)(sse_client *c);
typedef struct fx_caller {
  fixture *f;
  cr_kind after;
  unsigned settle_ms;
  fx_action action;
  int saw_callback;
  uint64_t called_at;
  int rc;
  pthread_t thread;
} fx_caller;
void fx_caller_start(fx_caller *k, fixture *f, cr_kind after, unsigned settle_ms,
                     fx_action action);
/* Joins the thread; asserts that the callback came and the action returned 0. */
void fx_caller_join(fx_caller *k);
void fx_sleep_ms(unsigned ms);

/* Multiplier for upper time bounds (latencies, "not absurdly more"): 1 normally,
 * 20 under valgrind, where everything runs many times slower. Lower bounds (a delay
 * was honoured) are never scaled. */
unsigned fx_time_scale(void);

/* Assert that a parsed request header equals `want` (NULL = absent). */
void fx_assert_header(const json_value *log, size_t n, const char *name, const char *want);
/* Assert that a "Name: value\n" list (a recorder's headers slot) has `name` = `want`. */
void fx_assert_listed_header(const char *headers, const char *name, const char *want);
/* Assert that request n's path is the printf-formatted `path_format`. */
void fx_assert_log_path(const json_value *log, size_t n, const char *path_format, ...)
    __attribute__((format(printf, 3, 4)));
/* Fetch the server's log for f->sid and fx_assert_header() on request n. */
void fx_assert_request_header(fixture *f, size_t n, const char *name, const char *want);
/* Assert that the server logged exactly `want` requests for f->sid. */
void fx_assert_request_count(fixture *f, size_t want);

#endif
