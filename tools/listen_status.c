#include "listen_status.h"

#include "visible_text.h"

#include <stdio.h>
#include <string.h>

/* Enough of a failure body to recognise an error page without flooding stderr. */
#define BODY_EXCERPT_MAX ((size_t)200)

static void write_str(sse_str text) {
  if (text.ptr != NULL) visible_write(stderr, text.ptr, text.len);
}

/*
 * "<what>: <detail>", without saying <what> twice when the library's detail
 * already starts with it (as in "connection lost: Recv failure: ...").
 */
static void write_with_detail(const char *what, const char *detail) {
  if (detail == NULL || detail[0] == '\0') {
    fputs(what, stderr);
    return;
  }
  if (strncmp(detail, what, strlen(what)) != 0) fprintf(stderr, "%s: ", what);
  visible_write(stderr, detail, strlen(detail));
}

void listen_status_connected(const sse_response *response) {
  fprintf(stderr, "sse: connected (HTTP %d, ", response->status);
  write_str(response->url);
  fputs(")\n", stderr);
}

/* The first line of an error body, e.g. "missing" for a 404 page. */
static void write_body_excerpt(sse_str body) {
  if (body.ptr == NULL || body.len == 0) return;
  size_t len = body.len < BODY_EXCERPT_MAX ? body.len : BODY_EXCERPT_MAX;
  const char *lf = memchr(body.ptr, '\n', len);
  if (lf != NULL) len = (size_t)(lf - body.ptr);
  if (len > 0 && body.ptr[len - 1] == '\r') len--;
  if (len == 0) return;
  fputs(": ", stderr);
  visible_write(stderr, body.ptr, len);
}

static void write_failure_reason(const sse_failure *failure) {
  const sse_response *response = failure->response;
  switch (failure->kind) {
  case SSE_FAILURE_TLS:
    write_with_detail("TLS failed", failure->message);
    return;
  case SSE_FAILURE_REDIRECTS:
    write_with_detail("redirect failed", failure->message);
    return;
  case SSE_FAILURE_NO_CONTENT:
    fputs("HTTP 204 (no content: the server says stop)", stderr);
    return;
  case SSE_FAILURE_STATUS:
    if (response == NULL) break;
    fprintf(stderr, "HTTP %d", response->status);
    write_body_excerpt(response->body);
    return;
  case SSE_FAILURE_CONTENT_TYPE:
    if (response == NULL) break;
    if (response->content_type.ptr == NULL) {
      fprintf(stderr, "HTTP %d without a Content-Type (expected text/event-stream)",
              response->status);
    } else {
      fprintf(stderr, "HTTP %d with Content-Type '", response->status);
      write_str(response->content_type);
      fputs("' (expected text/event-stream)", stderr);
    }
    return;
  default: /* SSE_FAILURE_NETWORK, and any kind added later */
    break;
  }
  write_with_detail("connection failed", failure->message);
}

void listen_status_failure(const char *lead, const sse_failure *failure,
                           const char *suffix) {
  fprintf(stderr, "sse: %s: ", lead);
  write_failure_reason(failure);
  fprintf(stderr, "%s\n", suffix);
}

void listen_status_disconnect(const char *lead, const sse_disconnect *disconnect,
                              const char *suffix) {
  fprintf(stderr, "sse: %s: ", lead);
  switch (disconnect->reason) {
  case SSE_DISCONNECT_END:
    fputs("the server ended the stream", stderr);
    break;
  /* The library's message says what was missing and for how long. */
  case SSE_DISCONNECT_IDLE:
    fprintf(stderr, "%s (idle timeout)", disconnect->message);
    break;
  case SSE_DISCONNECT_READ_TIMEOUT:
    fprintf(stderr, "%s (read timeout)", disconnect->message);
    break;
  default: /* SSE_DISCONNECT_NETWORK, and any reason added later */
    write_with_detail("connection lost", disconnect->message);
    break;
  }
  fprintf(stderr, "%s\n", suffix);
}

void listen_status_interrupted(const char *signal_name) {
  fprintf(stderr, "sse: stopped: interrupted (%s)\n", signal_name);
}
