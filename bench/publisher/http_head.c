#define _GNU_SOURCE
#include "http_head.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

void http_head_reset(http_head *h)
{
    h->len = 0;
    h->status = 0;
    h->chunked = 0;
    h->content_length = -1;
}

/* The value of header `name` (case-insensitive) in the complete head, or NULL. */
static const char *header_value(const char *head, const char *name)
{
    size_t name_len = strlen(name);
    for (const char *line = strstr(head, "\r\n"); line != NULL; line = strstr(line, "\r\n")) {
        line += 2;
        if (strncasecmp(line, name, name_len) == 0 && line[name_len] == ':') {
            const char *v = line + name_len + 1;
            while (*v == ' ' || *v == '\t')
                v++;
            return v;
        }
    }
    return NULL;
}

static int parse_head(http_head *h)
{
    if (strncmp(h->bytes, "HTTP/1.", 7) != 0 || h->len < 12)
        return -1;
    h->status = atoi(h->bytes + 9);
    const char *te = header_value(h->bytes, "Transfer-Encoding");
    h->chunked = te != NULL && strncasecmp(te, "chunked", 7) == 0;
    const char *cl = header_value(h->bytes, "Content-Length");
    h->content_length = cl != NULL ? strtol(cl, NULL, 10) : -1;
    return 0;
}

long http_head_feed(http_head *h, const char *data, size_t n)
{
    /* Look for the end across the boundary of what came before. */
    size_t old = h->len;
    size_t take = n < HTTP_HEAD_MAX - 1 - old ? n : HTTP_HEAD_MAX - 1 - old;
    memcpy(h->bytes + old, data, take);
    h->len = old + take;
    h->bytes[h->len] = '\0';
    size_t from = old >= 3 ? old - 3 : 0;
    char *end = memmem(h->bytes + from, h->len - from, "\r\n\r\n", 4);
    if (end == NULL)
        return h->len >= HTTP_HEAD_MAX - 1 ? -1 : 0;
    size_t head_len = (size_t)(end - h->bytes) + 4;
    h->bytes[head_len - 2] = '\0';  /* keep the last header's CRLF for header_value */
    h->len = head_len;
    if (parse_head(h) != 0)
        return -1;
    return (long)(head_len - old);
}
