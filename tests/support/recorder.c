#include "recorder.h"

#include <inttypes.h>
#include <string.h>

const char *error_code_name(int code) {
  switch (code) {
#define NAME_CASE(name, value, text) \
  case value:                        \
    return #name;
    SSE_ERROR_MAP(NAME_CASE)
#undef NAME_CASE
  default:
    return NULL;
  }
}

int error_code_from_name(const char *name) {
#define FROM_NAME(n, value, text) \
  if (strcmp(name, #n) == 0) return value;
  SSE_ERROR_MAP(FROM_NAME)
#undef FROM_NAME
  return 0;
}

sse_str str_of(const char *cstr) {
  sse_str s;
  s.ptr = cstr;
  s.len = cstr ? strlen(cstr) : 0;
  return s;
}

sse_str str_n(const char *ptr, size_t len) {
  sse_str s;
  s.ptr = ptr;
  s.len = len;
  return s;
}

/* A NULL view from the parser breaks its contract; show it instead of crashing. */
static void escaped_view(byte_log *log, sse_str s) {
  if (s.ptr == NULL) {
    byte_log_printf(log, s.len ? "<NULL len=%zu>" : "<NULL>", s.len);
    return;
  }
  byte_log_escaped(log, s.ptr, s.len);
}

void record_event(byte_log *log, sse_str type, sse_str data, sse_str id) {
  byte_log_printf(log, "event type=");
  escaped_view(log, type);
  byte_log_printf(log, " data=");
  escaped_view(log, data);
  byte_log_printf(log, " id=");
  escaped_view(log, id);
  byte_log_printf(log, "\n");
}

void record_comment(byte_log *log, sse_str text) {
  byte_log_printf(log, "comment ");
  escaped_view(log, text);
  byte_log_printf(log, "\n");
}

void record_retry(byte_log *log, uint64_t ms) {
  byte_log_printf(log, "retry %" PRIu64 "\n", ms);
}

void record_error(byte_log *log, int code) {
  const char *name = error_code_name(code);
  if (name)
    byte_log_printf(log, "error %s\n", name);
  else
    byte_log_printf(log, "error <code %d>\n", code);
}

void record_last_id(byte_log *log, sse_str id) {
  byte_log_printf(log, "last_id ");
  escaped_view(log, id);
  byte_log_printf(log, "\n");
}

void recorder_init(recorder *r) {
  memset(r, 0, sizeof *r);
  byte_log_init(&r->log);
}

void recorder_free(recorder *r) { byte_log_free(&r->log); }

void recorder_clear(recorder *r) {
  byte_log_clear(&r->log);
  memset(r->count, 0, sizeof r->count);
}

static int finish_callback(recorder *r, sse_parser *p, record_kind kind) {
  unsigned nth = ++r->count[kind];
  return r->hook ? r->hook(r, p, kind, nth) : 0;
}

static int on_event(sse_parser *p, const sse_event *ev, void *ud) {
  recorder *r = ud;
  record_event(&r->log, ev->type, ev->data, ev->id);
  return finish_callback(r, p, RECORD_EVENT);
}

static int on_comment(sse_parser *p, sse_str text, void *ud) {
  recorder *r = ud;
  record_comment(&r->log, text);
  return finish_callback(r, p, RECORD_COMMENT);
}

static int on_retry(sse_parser *p, uint64_t ms, void *ud) {
  recorder *r = ud;
  record_retry(&r->log, ms);
  return finish_callback(r, p, RECORD_RETRY);
}

static int on_error(sse_parser *p, int code, const char *message, void *ud) {
  recorder *r = ud;
  record_error(&r->log, code);
  /* The header promises a message; make a missing one a log difference. */
  if (message == NULL || message[0] == '\0') byte_log_printf(&r->log, "  (no message)\n");
  return finish_callback(r, p, RECORD_ERROR);
}

sse_parser_callbacks recorder_callbacks(void) {
  sse_parser_callbacks cbs = SSE_PARSER_CALLBACKS_INIT;
  cbs.on_event = on_event;
  cbs.on_comment = on_comment;
  cbs.on_retry = on_retry;
  cbs.on_error = on_error;
  return cbs;
}
