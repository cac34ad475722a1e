/* Parser callbacks that append one compact line per callback to a byte_log:
 *
 *   event type=<T> data=<D> id=<I>
 *   comment <TEXT>
 *   retry <N>
 *   error <CODE NAME>
 *
 * (bytes escaped as in byte_log.h). Tests compare whole logs instead of asserting
 * inside callbacks, and read exact per-kind counters. */
#ifndef SSE_TEST_RECORDER_H
#define SSE_TEST_RECORDER_H

#include <sse/sse.h>

#include "byte_log.h"

typedef enum record_kind {
  RECORD_EVENT,
  RECORD_COMMENT,
  RECORD_RETRY,
  RECORD_ERROR,
  RECORD_KINDS
} record_kind;

typedef struct recorder recorder;

/* Decides what a callback returns (0, SSE_PAUSE or a negative value). Runs after the
 * record was appended; `nth` counts callbacks of that kind from 1. */
typedef int (*recorder_hook)(recorder *r, sse_parser *p, record_kind kind, unsigned nth);

struct recorder {
  byte_log log;
  unsigned count[RECORD_KINDS];
  recorder_hook hook; /* NULL: every callback returns 0 */
  void *hook_data;    /* free for the hook's use */
};

void recorder_init(recorder *r);
void recorder_free(recorder *r);
/* Forget the log and the counters; keeps the hook. */
void recorder_clear(recorder *r);

/* Callbacks (version SSE_PARSER_CALLBACKS_VERSION) with all four kinds recorded. */
sse_parser_callbacks recorder_callbacks(void);

/* Append one record to a log exactly as the callbacks do, to build expected logs. */
void record_event(byte_log *log, sse_str type, sse_str data, sse_str id);
void record_comment(byte_log *log, sse_str text);
void record_retry(byte_log *log, uint64_t ms);
void record_error(byte_log *log, int code);
/* Closing line the vector runner writes after finish. */
void record_last_id(byte_log *log, sse_str id);

/* "ELIMIT" for SSE_ELIMIT and so on; NULL for a code that is not in the table. */
const char *error_code_name(int code);
/* Inverse of error_code_name(); 0 when the name is unknown. */
int error_code_from_name(const char *name);

/* A string view of a C string literal or buffer. */
sse_str str_of(const char *cstr);
sse_str str_n(const char *ptr, size_t len);

#endif
