/*
 * The connection status lines of `sse listen`, on stderr so that stdout stays
 * pure event data:
 *   sse: connected (HTTP 200, URL)
 *   sse: reconnecting in N ms: WHY
 *   sse: giving up: WHY (after N attempts)
 *   sse: stopped: WHY
 */
#ifndef SSE_TOOLS_LISTEN_STATUS_H
#define SSE_TOOLS_LISTEN_STATUS_H

#include <sse/sse.h>

#include <stdint.h>

/* "sse: connected (HTTP <status>, <final URL>)". */
void listen_status_connected(const sse_response *response);

/*
 * "sse: <lead>: <why><suffix>" for a failed attempt, e.g. lead "reconnecting in
 * 50 ms" and why "connection failed: <curl's text>" or "HTTP 404: <body line>".
 */
void listen_status_failure(const char *lead, const sse_failure *failure,
                           const char *suffix);

/* The same for an open stream that ended; `idle_timeout_ms` names the limit that
 * an idle disconnect ran into. */
void listen_status_disconnect(const char *lead, const sse_disconnect *disconnect,
                              uint64_t idle_timeout_ms, const char *suffix);

/* "sse: stopped: interrupted (SIGINT)". */
void listen_status_interrupted(const char *signal_name);

#endif
