/*
 * --format text: for people, not scripts. Each item is a block followed by a blank
 * line; event data is shown one line per data line, indented by two spaces.
 */
#include "cli.h"
#include "output_format.h"
#include "visible_text.h"

#include <inttypes.h>
#include <string.h>

static void text_line(FILE *out, const char *label, const char *s, size_t len) {
  fputs(label, out);
  visible_write(out, s, len); /* never holds LF: data is split at it above */
  fputc('\n', out);
}

static void text_event(FILE *out, const sse_event *ev) {
  text_line(out, "event: ", ev->type.ptr, ev->type.len);
  if (ev->id.len > 0) text_line(out, "id: ", ev->id.ptr, ev->id.len);
  /* Data "a\nb" shows as two lines; data "" as one empty line. */
  const char *line = ev->data.ptr ? ev->data.ptr : "";
  const char *end = line + ev->data.len;
  for (;;) {
    const char *lf = memchr(line, '\n', (size_t)(end - line));
    const char *line_end = lf ? lf : end;
    text_line(out, "  ", line, (size_t)(line_end - line));
    if (!lf) break;
    line = lf + 1;
  }
  fputc('\n', out);
}

static void text_comment(FILE *out, sse_str text) {
  text_line(out, "comment: ", text.ptr, text.len);
  fputc('\n', out);
}

static void text_retry(FILE *out, uint64_t retry_ms) {
  fprintf(out, "retry: %" PRIu64 " ms\n\n", retry_ms);
}

static void text_end(FILE *out, sse_str last_event_id, const parse_totals *totals) {
  fprintf(out, "end of stream: %" PRIu64 " event%s", totals->events,
          totals->events == 1 ? "" : "s");
  if (totals->skipped > 0) fprintf(out, ", %" PRIu64 " skipped", totals->skipped);
  if (last_event_id.len > 0) {
    text_line(out, ", last event id: ", last_event_id.ptr, last_event_id.len);
  } else {
    fputs(", no last event id\n", out);
  }
}

const output_format output_format_text = {
  .name = "text",
  .event = text_event,
  .comment = text_comment,
  .retry = text_retry,
  .skipped = cli_warn_skipped,
  .end = text_end,
};
