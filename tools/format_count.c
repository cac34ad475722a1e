/* --format count: only `events=N` once the input ended. */
#include "cli.h"
#include "output_format.h"

#include <inttypes.h>

static void count_event(FILE *out, const sse_event *ev) {
  (void)out;
  (void)ev;
}

static void count_comment(FILE *out, sse_str text) {
  (void)out;
  (void)text;
}

static void count_retry(FILE *out, uint64_t retry_ms) {
  (void)out;
  (void)retry_ms;
}

static void count_end(FILE *out, sse_str last_event_id, const parse_totals *totals) {
  (void)last_event_id;
  fprintf(out, "events=%" PRIu64 "\n", totals->events);
}

const output_format output_format_count = {
  .name = "count",
  .event = count_event,
  .comment = count_comment,
  .retry = count_retry,
  .skipped = cli_warn_skipped,
  .end = count_end,
};
