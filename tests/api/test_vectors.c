/* Every case of tests/data/vectors.txt through the public C API, fed whole, one byte
 * at a time, split at every single offset, and (for inputs up to 300 bytes) split at
 * every pair of offsets into three chunks (http-parser's test_scan). The result must
 * never depend on the split (spec rule P10).
 *
 * Usage: test_vectors PATH/TO/vectors.txt   (meson passes the path) */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <sse/sse.h>

#include "../support/byte_log.h"
#include "../support/recorder.h"
#include "../support/vectors.h"

/* Above this input length only single split points are tried: pairs grow as n^2. */
#define MAX_LEN_FOR_PAIR_SPLITS 300

/* Feed `c` in the chunks delimited by `cuts` (ascending offsets strictly inside the
 * input), finish, and render the log the way vectors.c renders the expectation. */
static void run_with_cuts(const vector_case *c, const size_t *cuts, size_t ncuts,
                          recorder *rec) {
  sse_parser_options opts = SSE_PARSER_OPTIONS_INIT;
  if (c->max_event_bytes) opts.max_event_bytes = c->max_event_bytes;
  sse_parser_callbacks cbs = recorder_callbacks();
  sse_parser *p = NULL;
  recorder_clear(rec);
  assert_int_equal(sse_parser_new(&p, &opts, &cbs, rec), 0);
  if (c->has_seed) assert_int_equal(sse_parser_set_last_event_id(p, c->seed, c->seed_len), 0);

  size_t start = 0;
  for (size_t k = 0; k <= ncuts; k++) {
    size_t stop = k < ncuts ? cuts[k] : c->input_len;
    size_t consumed = (size_t)-1;
    int rc = sse_parser_feed(p, c->input + start, stop - start, &consumed);
    if (rc != 0 || consumed != stop - start)
      byte_log_printf(&rec->log, "feed [%zu,%zu) returned %d, consumed %zu\n", start, stop, rc,
                      consumed);
    start = stop;
  }
  int rc = sse_parser_finish(p);
  if (rc != 0) byte_log_printf(&rec->log, "finish returned %d\n", rc);
  record_last_id(&rec->log, sse_parser_last_event_id(p));
  sse_parser_free(p);
}

/* Compare, and on mismatch describe the split so the failure is reproducible. */
static void expect_same(const vector_case *c, const recorder *rec, const char *how,
                        const size_t *cuts, size_t ncuts) {
  if (strcmp(c->expected.text, rec->log.text) == 0) return;
  fprintf(stderr, "case %s (rules %s) fed %s", c->name, c->rules, how);
  for (size_t k = 0; k < ncuts; k++) fprintf(stderr, "%s%zu", k ? "," : " cut at ", cuts[k]);
  fprintf(stderr, "\n--- expected\n%s--- actual\n%s", c->expected.text, rec->log.text);
  fail_msg("case %s: log differs when fed %s", c->name, how);
}

static void test_vector_case_gives_expected_log_however_split(void **state) {
  const vector_case *c = *state;
  recorder rec;
  recorder_init(&rec);

  run_with_cuts(c, NULL, 0, &rec);
  expect_same(c, &rec, "whole", NULL, 0);

  if (c->input_len > 1) {
    size_t *cuts = malloc((c->input_len - 1) * sizeof *cuts);
    assert_non_null(cuts);
    for (size_t i = 0; i + 1 < c->input_len; i++) cuts[i] = i + 1;
    run_with_cuts(c, cuts, c->input_len - 1, &rec);
    expect_same(c, &rec, "one byte at a time", NULL, 0);
    free(cuts);
  }

  for (size_t i = 1; i < c->input_len; i++) {
    run_with_cuts(c, &i, 1, &rec);
    expect_same(c, &rec, "in two chunks", &i, 1);
  }

  if (c->input_len <= MAX_LEN_FOR_PAIR_SPLITS) {
    for (size_t i = 1; i < c->input_len; i++) {
      for (size_t j = i + 1; j < c->input_len; j++) {
        size_t cuts[2] = {i, j};
        run_with_cuts(c, cuts, 2, &rec);
        expect_same(c, &rec, "in three chunks", cuts, 2);
      }
    }
  }
  recorder_free(&rec);
}

int main(int argc, char **argv) {
  const char *path = argc > 1 ? argv[1] : getenv("SSE_VECTORS");
  if (!path) {
    fprintf(stderr, "usage: %s PATH/TO/vectors.txt (or set SSE_VECTORS)\n", argv[0]);
    return 2;
  }
  vector_set set;
  vectors_load(path, &set);

  /* One cmocka test per case, named after it, so TAP lists every case. */
  struct CMUnitTest *tests = calloc(set.count, sizeof *tests);
  if (!tests) return 2;
  for (size_t i = 0; i < set.count; i++) {
    tests[i].name = set.cases[i].name;
    tests[i].test_func = test_vector_case_gives_expected_log_however_split;
    tests[i].initial_state = &set.cases[i];
  }
  int failed = _cmocka_run_group_tests("vectors", tests, set.count, NULL, NULL);
  free(tests);
  vectors_free(&set);
  return failed;
}
