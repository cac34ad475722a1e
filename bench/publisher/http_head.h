/* The head of an HTTP/1.1 response, read incrementally from a stream: just what the
 * publisher benchmark's programs need (status, chunked or Content-Length framing). */
#ifndef HTTP_HEAD_H
#define HTTP_HEAD_H

#include <stddef.h>

#define HTTP_HEAD_MAX 4096

typedef struct http_head {
    char bytes[HTTP_HEAD_MAX];
    size_t len;
    int status;           /* once complete */
    int chunked;          /* Transfer-Encoding: chunked */
    long content_length;  /* -1 when absent */
} http_head;

void http_head_reset(http_head *h);

/* Appends bytes until the blank line ending the head. Returns the number of bytes of
 * `data` that belong to the head (the rest is body) when the head is complete, 0 when
 * more is needed (all of `data` was taken), or -1 for a malformed or oversized head. */
long http_head_feed(http_head *h, const char *data, size_t n);

#endif
