/* Client callbacks that record every callback, with copies of everything they were
 * given, so a test runs the client first and asserts afterwards.
 *
 * r.seq is the order of callbacks as letters, space-separated:
 *   R before_request   O open    E event   C comment   T retry   X error
 *   F failure          D disconnect
 * e.g. "R O E E D R F". Per-kind records (cr_nth) hold the details.
 *
 * Hooks decide what a callback returns and may change the decision; they run after
 * the record was stored (so it is visible to them). */
#ifndef SSE_TEST_CLIENT_RECORDER_H
#define SSE_TEST_CLIENT_RECORDER_H

#include <pthread.h>
#include <sse/sse.h>

#include "byte_log.h"

typedef enum cr_kind {
  CR_REQUEST,
  CR_OPEN,
  CR_EVENT,
  CR_COMMENT,
  CR_RETRY,
  CR_ERROR,
  CR_FAILURE,
  CR_DISCONNECT,
  CR_KINDS
} cr_kind;

/* String slots of a record, by kind:
 *   open:       url, content_type, headers ("Name: value\n" each)
 *   event:      type, data, id
 *   comment:    text
 *   error:      message
 *   failure:    message, body, headers, url   (body/headers/url empty without response)
 *   disconnect: message
 *   request:    url at that moment (sse_client_url) */
enum { CR_STRINGS = 4 };

typedef struct cr_record {
  cr_kind kind;
  uint64_t t_ms;          /* ts_now_ms() when the callback started */
  int state;              /* sse_client_state() inside the callback */
  uint64_t n;             /* request/failure: attempt; retry: ms; disconnect: events;
                             event: running count of events */
  int status;             /* open/failure: HTTP status (0 without a response) */
  int http_version;       /* open/failure */
  int detail;             /* failure: kind; disconnect: reason; error: code */
  int code;               /* failure/disconnect: code */
  int has_response;       /* failure: response != NULL */
  int64_t retry_after_ms; /* failure */
  uint64_t connected_ms;  /* disconnect */
  sse_decision proposed;  /* failure/disconnect: the library's default */
  sse_decision applied;   /* failure/disconnect: after the hook */
  int returned;           /* what the callback returned */
  char *s[CR_STRINGS];    /* NUL-terminated copies (see above); never NULL */
  size_t len[CR_STRINGS];
} cr_record;

typedef struct client_recorder client_recorder;

/* Returns what the callback returns; `decision` is NULL except for failure/disconnect. */
typedef int (*cr_hook)(client_recorder *r, sse_client *c, const cr_record *rec,
                       sse_decision *decision);

struct client_recorder {
  pthread_mutex_t lock; /* records may be read from another thread */
  cr_record *recs;
  size_t count, cap;
  unsigned kind_count[CR_KINDS];
  byte_log seq;
  byte_log scratch; /* cr_event_datas() output */
  cr_hook hook[CR_KINDS];
  /* > 0: call sse_client_close() once this many events arrived. */
  unsigned close_after_events;
  /* Signalled after every record (for threads that await a callback). */
  pthread_cond_t changed;
  void *user;
};

void cr_init(client_recorder *r);
void cr_free(client_recorder *r);
/* Forget every record (keeps hooks and settings). */
void cr_clear(client_recorder *r);

/* Callbacks (every kind) whose user_data must be the recorder. */
sse_client_callbacks cr_callbacks(void);

/* The n-th record (from 1) of a kind, or NULL. */
const cr_record *cr_nth(client_recorder *r, cr_kind kind, unsigned n);
unsigned cr_count(client_recorder *r, cr_kind kind);
/* Wait until at least `n` records of `kind` exist or `timeout_ms` passes; returns 1
 * when they do. For threads other than the one running the client. */
int cr_wait_for(client_recorder *r, cr_kind kind, unsigned n, unsigned timeout_ms);

/* Event datas joined with '|' (raw bytes up to a NUL), in the recorder's scratch
 * log: valid until the next call. */
const char *cr_event_datas(client_recorder *r);

/* First value of header `name` in a "Name: value\n" list, copied into `out`; returns
 * 1 when found. */
int cr_header(const char *headers, const char *name, char *out, size_t cap);

/* Library names for logs and messages. */
const char *cr_failure_kind_name(int kind);
const char *cr_disconnect_reason_name(int reason);

#endif
