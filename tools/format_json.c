/* --format json: one JSON object per line, in stream order (JSON Lines). */
#include "cli.h"
#include "json_out.h"
#include "output_format.h"

#include <inttypes.h>
#include <string.h>

static void json_event(FILE *out, const sse_event *ev) {
  fputs("{\"type\":", out);
  json_write_string(out, ev->type.ptr, ev->type.len);
  fputs(",\"data\":", out);
  json_write_string(out, ev->data.ptr, ev->data.len);
  fputs(",\"id\":", out);
  json_write_string(out, ev->id.ptr, ev->id.len);
  fputs("}\n", out);
}

static void json_comment(FILE *out, sse_str text) {
  fputs("{\"comment\":", out);
  json_write_string(out, text.ptr, text.len);
  fputs("}\n", out);
}

static void json_retry(FILE *out, uint64_t retry_ms) {
  fprintf(out, "{\"retry\":%" PRIu64 "}\n", retry_ms);
}

/* Skipped events go into the stream itself, so a script sees where they were. */
static void json_skipped(FILE *out, int code, const char *message) {
  fputs("{\"error\":", out);
  const char *name = cli_error_name(code);
  json_write_string(out, name, strlen(name));
  fputs(",\"message\":", out);
  json_write_string(out, message, strlen(message));
  fputs("}\n", out);
}

static void json_end(FILE *out, sse_str last_event_id, const parse_totals *totals) {
  (void)totals;
  fputs("{\"last_event_id\":", out);
  json_write_string(out, last_event_id.ptr, last_event_id.len);
  fputs("}\n", out);
}

const output_format output_format_json = {
  .name = "json",
  .event = json_event,
  .comment = json_comment,
  .retry = json_retry,
  .skipped = json_skipped,
  .end = json_end,
};
