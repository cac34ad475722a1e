/* What both examples share: the little HTTP they need (a listening socket on
 * 127.0.0.1, a request head), starting a stream for a request, and the "tick N"
 * events they publish. Minimal on purpose: the examples are about streaming a
 * subscriber. */
#ifndef SSE_EXAMPLE_SUPPORT_H
#define SSE_EXAMPLE_SUPPORT_H

#include <stddef.h>

#include <sse/sse.h>

/* Listens on 127.0.0.1:port (0: any free port) and prints "listening on
 * http://127.0.0.1:<port>/events". Returns the socket or -1. */
int listen_local(int port, int nonblocking);

/* 1 when `head` (not NUL-terminated, `len` bytes) holds a complete request head. */
int head_complete(const char *head, size_t len);

/* Answers the request `head` on `fd`: sends the response head of an event stream
 * and subscribes to topic "ticks", resuming after the request's Last-Event-ID.
 * 0 with *out set, or -1. */
int start_stream(int fd, const char *head, size_t len, sse_publisher *hub, sse_subscriber **out);

/* Publishes "tick <n>" to topic "ticks". */
void publish_tick(sse_publisher *hub, unsigned long n);

#endif
