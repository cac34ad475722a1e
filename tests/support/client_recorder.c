#define _POSIX_C_SOURCE 200809L
#include "client_recorder.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "test_server.h"

static const char kind_letters[CR_KINDS] = {'R', 'O', 'E', 'C', 'T', 'X', 'F', 'D'};

void cr_init(client_recorder *r) {
  memset(r, 0, sizeof *r);
  pthread_mutex_init(&r->lock, NULL);
  pthread_cond_init(&r->changed, NULL);
  byte_log_init(&r->seq);
  byte_log_init(&r->scratch);
}

static void free_records(client_recorder *r) {
  for (size_t i = 0; i < r->count; i++)
    for (int k = 0; k < CR_STRINGS; k++) free(r->recs[i].s[k]);
  free(r->recs);
  r->recs = NULL;
  r->count = r->cap = 0;
  memset(r->kind_count, 0, sizeof r->kind_count);
}

void cr_free(client_recorder *r) {
  free_records(r);
  byte_log_free(&r->seq);
  byte_log_free(&r->scratch);
  pthread_cond_destroy(&r->changed);
  pthread_mutex_destroy(&r->lock);
}

void cr_clear(client_recorder *r) {
  pthread_mutex_lock(&r->lock);
  free_records(r);
  byte_log_clear(&r->seq);
  pthread_mutex_unlock(&r->lock);
}

static char *copy_bytes(const char *p, size_t n) {
  char *out = malloc(n + 1);
  if (!out) abort();
  if (n) memcpy(out, p, n);
  out[n] = '\0';
  return out;
}

static void set_str(cr_record *rec, int slot, const char *p, size_t n) {
  free(rec->s[slot]);
  rec->s[slot] = copy_bytes(p ? p : "", p ? n : 0);
  rec->len[slot] = p ? n : 0;
}

/* A NUL-terminated string, or NULL for an empty one. */
static void set_cstr(cr_record *rec, int slot, const char *s) {
  set_str(rec, slot, s, s ? strlen(s) : 0);
}

static void set_headers(cr_record *rec, int slot, const sse_response *resp) {
  byte_log all;
  byte_log_init(&all);
  for (size_t i = 0; resp && i < resp->header_count; i++)
    byte_log_printf(&all, "%.*s: %.*s\n", (int)resp->headers[i].name.len,
                    resp->headers[i].name.ptr, (int)resp->headers[i].value.len,
                    resp->headers[i].value.ptr);
  set_str(rec, slot, all.text, all.len);
  byte_log_free(&all);
}

/* What open and failure records keep of a response: status, version, the headers in
 * slot 2 and the URL in `url_slot`. */
static void set_response(cr_record *rec, const sse_response *resp, int url_slot) {
  rec->status = resp->status;
  rec->http_version = resp->http_version;
  set_headers(rec, 2, resp);
  set_str(rec, url_slot, resp->url.ptr, resp->url.len);
}

/* What failure and disconnect records share: what happened (detail, code), a count
 * (attempt or events), the library's proposed decision and the message. */
static void set_outcome(cr_record *rec, int detail, int code, uint64_t n,
                        const sse_decision *proposed, const char *message) {
  rec->detail = detail;
  rec->code = code;
  rec->n = n;
  rec->proposed = *proposed;
  set_cstr(rec, 0, message);
}

/* Append a new record under the lock; the hook runs outside of it. */
static cr_record *begin(client_recorder *r, sse_client *c, cr_kind kind) {
  pthread_mutex_lock(&r->lock);
  if (r->count == r->cap) {
    size_t cap = r->cap ? r->cap * 2 : 64;
    cr_record *recs = realloc(r->recs, cap * sizeof *recs);
    if (!recs) abort();
    r->recs = recs;
    r->cap = cap;
  }
  cr_record *rec = &r->recs[r->count++];
  memset(rec, 0, sizeof *rec);
  rec->kind = kind;
  rec->t_ms = ts_now_ms();
  rec->state = sse_client_state(c);
  for (int k = 0; k < CR_STRINGS; k++) set_str(rec, k, "", 0);
  r->kind_count[kind]++;
  byte_log_printf(&r->seq, "%s%c", r->seq.len ? " " : "", kind_letters[kind]);
  return rec;
}

/* Records may move when the array grows, so hooks get a stable copy index. */
static int finish(client_recorder *r, sse_client *c, size_t index, sse_decision *d) {
  cr_hook hook = r->hook[r->recs[index].kind];
  cr_record snapshot = r->recs[index];
  pthread_cond_broadcast(&r->changed);
  pthread_mutex_unlock(&r->lock);
  int rc = hook ? hook(r, c, &snapshot, d) : 0;
  pthread_mutex_lock(&r->lock);
  r->recs[index].returned = rc;
  if (d) r->recs[index].applied = *d;
  pthread_mutex_unlock(&r->lock);
  return rc;
}

static int on_before_request(sse_client *c, uint64_t attempt, void *ud) {
  client_recorder *r = ud;
  cr_record *rec = begin(r, c, CR_REQUEST);
  rec->n = attempt;
  set_cstr(rec, 0, sse_client_url(c));
  return finish(r, c, r->count - 1, NULL);
}

static int on_open(sse_client *c, const sse_response *resp, void *ud) {
  client_recorder *r = ud;
  cr_record *rec = begin(r, c, CR_OPEN);
  set_response(rec, resp, 0);
  set_str(rec, 1, resp->content_type.ptr, resp->content_type.len);
  return finish(r, c, r->count - 1, NULL);
}

static int on_event(sse_client *c, const sse_event *ev, void *ud) {
  client_recorder *r = ud;
  cr_record *rec = begin(r, c, CR_EVENT);
  rec->n = r->kind_count[CR_EVENT];
  set_str(rec, 0, ev->type.ptr, ev->type.len);
  set_str(rec, 1, ev->data.ptr, ev->data.len);
  set_str(rec, 2, ev->id.ptr, ev->id.len);
  size_t index = r->count - 1;
  if (r->close_after_events && rec->n == r->close_after_events) sse_client_close(c);
  return finish(r, c, index, NULL);
}

static int on_comment(sse_client *c, sse_str text, void *ud) {
  client_recorder *r = ud;
  cr_record *rec = begin(r, c, CR_COMMENT);
  set_str(rec, 0, text.ptr, text.len);
  return finish(r, c, r->count - 1, NULL);
}

static int on_retry(sse_client *c, uint64_t ms, void *ud) {
  client_recorder *r = ud;
  cr_record *rec = begin(r, c, CR_RETRY);
  rec->n = ms;
  return finish(r, c, r->count - 1, NULL);
}

static int on_error(sse_client *c, int code, const char *message, void *ud) {
  client_recorder *r = ud;
  cr_record *rec = begin(r, c, CR_ERROR);
  rec->detail = code;
  set_cstr(rec, 0, message);
  return finish(r, c, r->count - 1, NULL);
}

static int on_failure(sse_client *c, const sse_failure *f, sse_decision *d, void *ud) {
  client_recorder *r = ud;
  cr_record *rec = begin(r, c, CR_FAILURE);
  set_outcome(rec, f->kind, f->code, f->attempt, d, f->message);
  rec->retry_after_ms = f->retry_after_ms;
  if (f->response) {
    rec->has_response = 1;
    set_response(rec, f->response, 3);
    set_str(rec, 1, f->response->body.ptr, f->response->body.len);
  }
  return finish(r, c, r->count - 1, d);
}

static int on_disconnect(sse_client *c, const sse_disconnect *dis, sse_decision *d,
                         void *ud) {
  client_recorder *r = ud;
  cr_record *rec = begin(r, c, CR_DISCONNECT);
  set_outcome(rec, dis->reason, dis->code, dis->events, d, dis->message);
  rec->connected_ms = dis->connected_ms;
  return finish(r, c, r->count - 1, d);
}

sse_client_callbacks cr_callbacks(void) {
  sse_client_callbacks cbs = SSE_CLIENT_CALLBACKS_INIT;
  cbs.on_before_request = on_before_request;
  cbs.on_open = on_open;
  cbs.on_event = on_event;
  cbs.on_comment = on_comment;
  cbs.on_retry = on_retry;
  cbs.on_error = on_error;
  cbs.on_failure = on_failure;
  cbs.on_disconnect = on_disconnect;
  return cbs;
}

const cr_record *cr_nth(client_recorder *r, cr_kind kind, unsigned n) {
  const cr_record *found = NULL;
  unsigned seen = 0;
  pthread_mutex_lock(&r->lock);
  for (size_t i = 0; i < r->count && !found; i++)
    if (r->recs[i].kind == kind && ++seen == n) found = &r->recs[i];
  pthread_mutex_unlock(&r->lock);
  return found;
}

unsigned cr_count(client_recorder *r, cr_kind kind) {
  pthread_mutex_lock(&r->lock);
  unsigned n = r->kind_count[kind];
  pthread_mutex_unlock(&r->lock);
  return n;
}

int cr_wait_for(client_recorder *r, cr_kind kind, unsigned n, unsigned timeout_ms) {
  struct timespec deadline;
  clock_gettime(CLOCK_REALTIME, &deadline);
  deadline.tv_sec += timeout_ms / 1000;
  deadline.tv_nsec += (long)(timeout_ms % 1000) * 1000000L;
  if (deadline.tv_nsec >= 1000000000L) {
    deadline.tv_sec++;
    deadline.tv_nsec -= 1000000000L;
  }
  pthread_mutex_lock(&r->lock);
  while (r->kind_count[kind] < n)
    if (pthread_cond_timedwait(&r->changed, &r->lock, &deadline) == ETIMEDOUT) break;
  int ok = r->kind_count[kind] >= n;
  pthread_mutex_unlock(&r->lock);
  return ok;
}

const char *cr_event_datas(client_recorder *r) {
  pthread_mutex_lock(&r->lock);
  byte_log_clear(&r->scratch);
  int first = 1;
  for (size_t i = 0; i < r->count; i++) {
    if (r->recs[i].kind != CR_EVENT) continue;
    byte_log_printf(&r->scratch, "%s%.*s", first ? "" : "|", (int)r->recs[i].len[1],
                    r->recs[i].s[1]);
    first = 0;
  }
  pthread_mutex_unlock(&r->lock);
  return r->scratch.text;
}

int cr_header(const char *headers, const char *name, char *out, size_t cap) {
  size_t nlen = strlen(name);
  for (const char *line = headers; line && *line;) {
    const char *end = strchr(line, '\n');
    if (!end) end = line + strlen(line);
    if ((size_t)(end - line) > nlen + 1 && strncasecmp(line, name, nlen) == 0 &&
        line[nlen] == ':') {
      const char *v = line + nlen + 1;
      while (v < end && *v == ' ') v++;
      size_t n = (size_t)(end - v) < cap - 1 ? (size_t)(end - v) : cap - 1;
      memcpy(out, v, n);
      out[n] = '\0';
      return 1;
    }
    line = *end ? end + 1 : end;
  }
  return 0;
}

const char *cr_failure_kind_name(int kind) {
  switch (kind) {
    case SSE_FAILURE_NETWORK: return "NETWORK";
    case SSE_FAILURE_TLS: return "TLS";
    case SSE_FAILURE_REDIRECTS: return "REDIRECTS";
    case SSE_FAILURE_NO_CONTENT: return "NO_CONTENT";
    case SSE_FAILURE_STATUS: return "STATUS";
    case SSE_FAILURE_CONTENT_TYPE: return "CONTENT_TYPE";
    default: return "?";
  }
}

const char *cr_disconnect_reason_name(int reason) {
  switch (reason) {
    case SSE_DISCONNECT_END: return "END";
    case SSE_DISCONNECT_NETWORK: return "NETWORK";
    case SSE_DISCONNECT_IDLE: return "IDLE";
    default: return "?";
  }
}
