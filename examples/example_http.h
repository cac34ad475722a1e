/* The little HTTP both examples need: a listening socket on 127.0.0.1, reading a
 * request head, finding Last-Event-ID in it, and the response head of an event
 * stream. Minimal on purpose: the examples are about streaming a subscriber. */
#ifndef SSE_EXAMPLE_HTTP_H
#define SSE_EXAMPLE_HTTP_H

#include <stddef.h>

/* Listens on 127.0.0.1:port (0: any free port) and prints "listening on
 * http://127.0.0.1:<port>/events". Returns the socket or -1. */
int listen_local(int port, int nonblocking);

/* 1 when `head` (not NUL-terminated, `len` bytes) holds a complete request head. */
int head_complete(const char *head, size_t len);

/* Copies the Last-Event-ID header's value into `out` (NUL-terminated); 0 if absent. */
int last_event_id(const char *head, size_t len, char *out, size_t cap);

/* Sends the response head that starts an event stream; 0 on success. */
int send_stream_head(int fd);

#endif
