/* The client's memory goes through its sse_allocator (house style B9, issue 7): for
 * every N, a scenario of sse_client_new, sse_client_set_url, sse_client_set_header and
 * a run that opens a stream against the loopback server is repeated with the Nth
 * allocation failing. The failing call returns SSE_ENOMEM (a run then ends the
 * client), nothing leaks, nothing crashes. libcurl's own memory is not counted: it
 * goes through curl's process-wide hooks. */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../support/test_allocator.h"
#include "client_fixture.h"

/* Long enough that no string fits a small-string buffer. */
#define LONG_HEADER_NAME "X-A-Header-Name-Long-Enough-For-The-Heap"
#define LONG_VALUE "a value that is long enough to need the heap, 0123456789"

typedef struct oom_outcome {
  int hit_enomem;      /* some call returned SSE_ENOMEM */
  int opened;          /* the stream opened (on_open came) */
} oom_outcome;

static void note(int rc, oom_outcome *o) {
  if (rc == SSE_ENOMEM) o->hit_enomem = 1;
}

static void client_scenario(fixture *f, test_allocator *alloc, oom_outcome *o) {
  static const int retry[] = {503, 429};
  const sse_header headers[] = {
      {{LONG_HEADER_NAME "-1", sizeof LONG_HEADER_NAME + 1}, {LONG_VALUE, sizeof LONG_VALUE - 1}},
      {{"Authorization", 13}, {"Bearer " LONG_VALUE, sizeof LONG_VALUE + 6}},
  };
  char url[256];
  snprintf(url, sizeof url, "%s", fx_url(f, "?first-url-long-enough-for-the-heap"));
  sse_client_options opts = fx_options(url);
  opts.allocator = &alloc->hooks;
  opts.headers = headers;
  opts.header_count = 2;
  opts.last_event_id = "an-initial-id-long-enough-for-the-heap";
  opts.retry_statuses = retry;
  opts.retry_status_count = 2;
  opts.method = "POST";
  opts.body = LONG_VALUE;
  opts.body_len = sizeof LONG_VALUE - 1;
  cr_clear(&f->rec);
  sse_client_callbacks cbs = cr_callbacks();
  sse_client *c = (sse_client *)&opts;
  int rc = sse_client_new(&c, &opts, &cbs, &f->rec);
  note(rc, o);
  if (rc != 0) {
    assert_int_equal(rc, SSE_ENOMEM);
    assert_null(c);
    return;
  }
  rc = sse_client_set_url(c, fx_url(f, "?second-url-long-enough-for-the-heap"));
  note(rc, o);
  assert_true(rc == 0 || rc == SSE_ENOMEM);
  rc = sse_client_set_header(c, LONG_HEADER_NAME "-2", LONG_VALUE);
  note(rc, o);
  assert_true(rc == 0 || rc == SSE_ENOMEM);

  rc = sse_client_run(c, FX_RUN_MS);
  note(rc, o);
  if (rc != SSE_ECLOSED && rc != SSE_ENOMEM)
    fprintf(stderr, "# run returned %d (%s): %s\n", rc, sse_strerror(rc),
            sse_error_last()->message);
  assert_true(rc == SSE_ECLOSED || rc == SSE_ENOMEM);
  assert_int_equal(sse_client_state(c), SSE_CLIENT_CLOSED); /* ENOMEM ends it too */
  o->opened = cr_count(&f->rec, CR_OPEN) > 0;
  sse_client_free(c);
}

/* An event with an id and a type, a comment, a retry, then the end; then 404 (a
 * failure with headers and a body). */
static void script_stream(fixture *f) {
  fx_script(f, "[{'body':[{'write':': a comment long enough for the heap, 0123456789\\n"
               "retry: 20\\nid: an-id-long-enough-for-the-heap-0123456789\\n"
               "event: a-type-long-enough-for-the-heap\\ndata: " LONG_VALUE "\\n\\n'}]},"
               "{'status':404,'headers':[['Content-Type','text/plain'],"
               "['X-Long','" LONG_VALUE "']],'body':[{'write':'" LONG_VALUE "'}]}]");
}

static void test_client_every_failed_allocation_gives_enomem_and_no_leak(void **state) {
  fixture *f = *state;
  script_stream(f);
  test_allocator alloc;
  test_allocator_init(&alloc, 1);
  oom_outcome ref = {0, 0};
  client_scenario(f, &alloc, &ref);
  assert_false(ref.hit_enomem);
  assert_true(ref.opened);
  assert_string_equal(f->rec.seq.text, "R O C T E D R F");
  assert_int_equal(alloc.live_blocks, 0);
  const size_t total = alloc.allocations;
  printf("# client: %zu allocations through the hooks (%zu bytes) in the reference run\n",
         total, alloc.total_bytes);
  assert_true(total > 20);

  size_t enomem_runs = 0;
  for (size_t n = 1; n <= total; n++) {
    script_stream(f); /* the script restarts for every run */
    test_allocator_init(&alloc, 1);
    alloc.fail_at = n;
    oom_outcome o = {0, 0};
    client_scenario(f, &alloc, &o);
    if (alloc.failures) {
      if (!o.hit_enomem) fail_msg("allocation %zu failed but no call returned SSE_ENOMEM", n);
      enomem_runs++;
    }
    if (alloc.live_blocks != 0)
      fail_msg("allocation %zu failed: %zu blocks (%zu bytes) leaked", n, alloc.live_blocks,
               alloc.live_bytes);
    assert_int_equal(alloc.bad_frees, 0);
  }
  printf("# client: %zu allocations, each failed once, all gave SSE_ENOMEM\n", enomem_runs);
  assert_int_equal(enomem_runs, total);
}

/* A 100 KB URL: its bytes pass through the hooks (1.0 let all but 1,560 B of the
 * client's memory bypass them). */
static void test_a_100_kb_url_passes_through_the_hooks(void **state) {
  fixture *f = *state;
  const size_t len = 100 * 1024;
  char *url = malloc(len + 1);
  assert_non_null(url);
  int head = snprintf(url, len + 1, "%s?q=", fx_url(f, ""));
  memset(url + head, 'x', len - (size_t)head);
  url[len] = '\0';

  test_allocator alloc;
  test_allocator_init(&alloc, 1);
  sse_client_options opts = fx_options(url);
  opts.allocator = &alloc.hooks;
  sse_client *c = NULL;
  assert_int_equal(sse_client_new(&c, &opts, NULL, NULL), 0);
  printf("# sse_client_new with a 100 KB URL: %zu bytes through the hooks\n",
         alloc.total_bytes);
  assert_true(alloc.total_bytes >= len);
  assert_true(alloc.live_bytes >= len); /* the copy the client keeps */
  sse_client_free(c);
  assert_int_equal(alloc.live_blocks, 0);

  test_allocator_init(&alloc, 1);
  opts.url = fx_url(f, "");
  assert_int_equal(sse_client_new(&c, &opts, NULL, NULL), 0);
  size_t before = alloc.total_bytes;
  assert_int_equal(sse_client_set_url(c, url), 0);
  printf("# sse_client_set_url with a 100 KB URL: %zu bytes through the hooks\n",
         alloc.total_bytes - before);
  assert_true(alloc.total_bytes - before >= len);
  sse_client_free(c);
  assert_int_equal(alloc.live_blocks, 0);
  free(url);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test_setup_teardown(
          test_client_every_failed_allocation_gives_enomem_and_no_leak, fx_setup,
          fx_teardown),
      cmocka_unit_test_setup_teardown(test_a_100_kb_url_passes_through_the_hooks, fx_setup,
                                      fx_teardown),
  };
  return cmocka_run_group_tests(tests, fx_group_setup, fx_group_teardown);
}
