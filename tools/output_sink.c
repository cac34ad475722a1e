#include "output_sink.h"

#include "cli.h"

#include <errno.h>
#include <string.h>

void output_sink_init(output_sink *sink, const output_format *format, FILE *out,
                      bool flush_each) {
  *sink = (output_sink){.format = format, .out = out, .flush_each = flush_each};
}

static int broken(output_sink *sink) {
  if (sink->write_errno == 0) sink->write_errno = errno ? errno : EIO;
  return SSE_EIO;
}

/* After every write: ferror() catches failures the format's writers ignored. */
static int check_output(output_sink *sink) {
  if (sink->write_errno != 0 || ferror(sink->out)) return broken(sink);
  if (sink->flush_each && fflush(sink->out) != 0) return broken(sink);
  return 0;
}

int output_sink_event(output_sink *sink, const sse_event *ev) {
  sink->totals.events++;
  sink->format->event(sink->out, ev);
  return check_output(sink);
}

int output_sink_comment(output_sink *sink, sse_str text) {
  sink->totals.comments++;
  sink->format->comment(sink->out, text);
  return check_output(sink);
}

int output_sink_retry(output_sink *sink, uint64_t retry_ms) {
  sink->totals.retries++;
  sink->format->retry(sink->out, retry_ms);
  return check_output(sink);
}

int output_sink_skipped(output_sink *sink, int code, const char *message) {
  sink->totals.skipped++;
  sink->format->skipped(sink->out, code, message);
  return check_output(sink);
}

int output_sink_end(output_sink *sink, sse_str last_event_id) {
  sink->format->end(sink->out, last_event_id, &sink->totals);
  if (check_output(sink) != 0) return SSE_EIO;
  return output_sink_flush(sink);
}

int output_sink_flush(output_sink *sink) {
  if (fflush(sink->out) != 0 || ferror(sink->out)) return broken(sink);
  return 0;
}

int output_sink_report_failure(const output_sink *sink) {
  return cli_failure("cannot write output: %s",
                     strerror(sink->write_errno ? sink->write_errno : EIO));
}
