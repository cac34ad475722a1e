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

/* The same for an open stream that ended; a timeout names which one ran out:
 * "no event or comment for N ms (idle timeout)" or "no byte received for N ms
 * (read timeout)". */
void listen_status_disconnect(const char *lead, const sse_disconnect *disconnect,
                              const char *suffix);

/* "sse: stopped: interrupted (SIGINT)". */
void listen_status_interrupted(const char *signal_name);

#endif
