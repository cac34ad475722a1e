/* Shared set-up of the client suites: one test server per test group (started in the
 * group setup), and per test a fresh session id, a recorder and at most one client.
 *
 * Scripts are written with single quotes for readability: fx_script() turns every
 * ' into " before posting (write \u0027 for a real apostrophe). */
#ifndef SSE_TEST_CLIENT_FIXTURE_H
#define SSE_TEST_CLIENT_FIXTURE_H

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

/* Group setup/teardown: start/stop sse_test_server.py (plain HTTP). */
int fx_group_setup(void **state);
int fx_group_teardown(void **state);
/* Per test: new sid "t-<pid>-<n>", fresh recorder; teardown frees the client. */
int fx_setup(void **state);
int fx_teardown(void **state);

/* Post a script for f->sid (single quotes become double quotes); asserts success. */
void fx_script(fixture *f, const char *single_quoted_json);
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
/* Stats of f->c. */
sse_client_stats fx_stats(fixture *f);

/* Multiplier for upper time bounds (latencies, "not absurdly more"): 1 normally,
 * 20 under valgrind, where everything runs many times slower. Lower bounds (a delay
 * was honoured) are never scaled. */
unsigned fx_time_scale(void);

/* Assert that a parsed request header equals `want` (NULL = absent). */
void fx_assert_header(const json_value *log, size_t n, const char *name, const char *want);

#endif
