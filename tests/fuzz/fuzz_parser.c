/* libFuzzer target for the parser (and the serializer through round trips).
 *
 * Input layout: byte 0 selects the plan length (low 3 bits) and the limit (high
 * bit: a small max_event_bytes so the ELIMIT path is reached); the next plan-length
 * bytes are chunk sizes; the rest is the stream.
 *
 * Invariants, each abort()s on violation:
 *  1. The stream fed whole and fed in the planned chunks gives the same records,
 *     the same last event ID and the same skipped count (spec P10).
 *  2. Every record re-serialized and re-parsed comes back identical: an event
 *     (type, data, id), a comment, a retry value (spec S8). The serializer must
 *     accept it: parser output is always valid UTF-8 without CR/LF in type or id
 *     and without NUL in id. */
#include <sse/sse.h>

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../support/byte_log.h"
#include "../support/recorder.h"

static void die(const char *what, const byte_log *a, const byte_log *b) {
  fprintf(stderr, "fuzz_parser: %s\n", what);
  if (a) fprintf(stderr, "--- first\n%s", a->text);
  if (b) fprintf(stderr, "--- second\n%s", b->text);
  abort();
}

/* ------------------------------------------------------------ round trip -- */

/* Parse `wire` with a fresh parser and compare with `want`. */
static void reparse_and_compare(sse_serializer *s, const byte_log *want) {
  sse_str wire = sse_serializer_pending(s);
  recorder rec;
  recorder_init(&rec);
  sse_parser_callbacks cbs = recorder_callbacks();
  sse_parser *p = NULL;
  if (sse_parser_new(&p, NULL, &cbs, &rec) != 0) die("round trip: parser_new failed", 0, 0);
  if (sse_parser_feed(p, wire.ptr, wire.len, NULL) != 0) die("round trip: feed failed", 0, 0);
  if (strcmp(rec.log.text, want->text) != 0) die("round trip differs", want, &rec.log);
  sse_parser_free(p);
  recorder_free(&rec);
}

static sse_serializer *new_serializer(void) {
  sse_serializer *s = NULL;
  if (sse_serializer_new(&s, NULL) != 0) die("serializer_new failed", 0, 0);
  return s;
}

static int roundtrip_event(sse_parser *p, const sse_event *ev, void *ud) {
  (void)p;
  (void)ud;
  sse_serializer *s = new_serializer();
  if (sse_serializer_write_event(s, ev) != 0) die(sse_error_last()->message, 0, 0);
  byte_log want;
  byte_log_init(&want);
  record_event(&want, ev->type, ev->data, ev->id);
  reparse_and_compare(s, &want);
  byte_log_free(&want);
  sse_serializer_free(s);
  return 0;
}

static int roundtrip_comment(sse_parser *p, sse_str text, void *ud) {
  (void)p;
  (void)ud;
  sse_serializer *s = new_serializer();
  if (sse_serializer_write_comment(s, text) != 0) die(sse_error_last()->message, 0, 0);
  byte_log want;
  byte_log_init(&want);
  record_comment(&want, text);
  reparse_and_compare(s, &want);
  byte_log_free(&want);
  sse_serializer_free(s);
  return 0;
}

static int roundtrip_retry(sse_parser *p, uint64_t ms, void *ud) {
  (void)p;
  (void)ud;
  sse_serializer *s = new_serializer();
  if (sse_serializer_write_retry(s, ms) != 0) die(sse_error_last()->message, 0, 0);
  byte_log want;
  byte_log_init(&want);
  record_retry(&want, ms);
  reparse_and_compare(s, &want);
  byte_log_free(&want);
  sse_serializer_free(s);
  return 0;
}

/* ------------------------------------------------------------- chunking -- */

typedef struct run {
  recorder rec; /* records, then last_id and skipped lines */
} run;

static void parse(const uint8_t *stream, size_t len, const uint8_t *plan, size_t plan_len,
                  size_t max_event_bytes, int whole, run *out) {
  recorder_init(&out->rec);
  sse_parser_options opts = SSE_PARSER_OPTIONS_INIT;
  opts.max_event_bytes = max_event_bytes;
  sse_parser_callbacks cbs = recorder_callbacks();
  sse_parser *p = NULL;
  if (sse_parser_new(&p, &opts, &cbs, &out->rec) != 0) die("parser_new failed", 0, 0);
  size_t off = 0, k = 0;
  while (off < len) {
    size_t n = whole ? len : plan_len ? 1 + plan[k++ % plan_len] % 97 : 1;
    if (n > len - off) n = len - off;
    size_t consumed = 0;
    if (sse_parser_feed(p, (const char *)stream + off, n, &consumed) != 0 || consumed != n)
      die("feed did not consume everything", 0, 0);
    off += n;
  }
  if (sse_parser_finish(p) != 0) die("finish failed", 0, 0);
  record_last_id(&out->rec.log, sse_parser_last_event_id(p));
  byte_log_printf(&out->rec.log, "skipped %llu\n",
                  (unsigned long long)sse_parser_skipped_events(p));
  sse_parser_free(p);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size == 0) return 0;
  size_t plan_len = data[0] & 7u;
  if (plan_len > size - 1) plan_len = size - 1;
  const uint8_t *plan = data + 1;
  const uint8_t *stream = plan + plan_len;
  size_t len = size - 1 - plan_len;
  size_t max_event_bytes =
      (data[0] & 0x80u) ? 16u + (data[0] & 0x70u) : SSE_PARSER_DEFAULT_MAX_EVENT_BYTES;

  run whole, chunked;
  parse(stream, len, plan, plan_len, max_event_bytes, 1, &whole);
  parse(stream, len, plan, plan_len, max_event_bytes, 0, &chunked);
  if (strcmp(whole.rec.log.text, chunked.rec.log.text) != 0)
    die("whole and chunked feeds differ", &whole.rec.log, &chunked.rec.log);
  recorder_free(&whole.rec);
  recorder_free(&chunked.rec);

  /* Round trip every record of the stream. */
  sse_parser_options opts = SSE_PARSER_OPTIONS_INIT;
  opts.max_event_bytes = max_event_bytes;
  sse_parser_callbacks cbs = SSE_PARSER_CALLBACKS_INIT;
  cbs.on_event = roundtrip_event;
  cbs.on_comment = roundtrip_comment;
  cbs.on_retry = roundtrip_retry;
  sse_parser *p = NULL;
  if (sse_parser_new(&p, &opts, &cbs, NULL) != 0) die("parser_new failed", 0, 0);
  if (sse_parser_feed(p, (const char *)stream, len, NULL) != 0) die("feed failed", 0, 0);
  sse_parser_free(p);
  return 0;
}
