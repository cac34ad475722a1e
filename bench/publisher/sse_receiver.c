#include "sse_receiver.h"

#include <stdlib.h>
#include <string.h>

enum { CHUNK_SIZE, CHUNK_EXT, CHUNK_SIZE_LF, CHUNK_DATA, CHUNK_DATA_CR, CHUNK_DATA_LF,
       CHUNK_END };

int sse_receiver_init(sse_receiver *r, unsigned topic, unsigned n_topics)
{
    memset(r, 0, sizeof *r);
    r->head = malloc(sizeof *r->head);
    if (r->head == NULL)
        return -1;
    http_head_reset(r->head);
    r->topic = topic;
    r->n_topics = n_topics;
    r->last_index = -1;
    return 0;
}

void sse_receiver_free(sse_receiver *r)
{
    free(r->head);
    r->head = NULL;
}

uint64_t sse_receiver_expected(const sse_receiver *r, uint64_t published)
{
    return published / r->n_topics + (r->topic < published % r->n_topics ? 1 : 0);
}

/* "INDEX SEND_NS" after "data:" and an optional space. */
static void parse_data(sse_receiver *r, const char *v, size_t n)
{
    if (n > 0 && v[0] == ' ')
        v++, n--;
    int64_t index = 0, sent = 0;
    size_t i = 0;
    while (i < n && v[i] >= '0' && v[i] <= '9')
        index = index * 10 + (v[i++] - '0');
    if (i == 0 || i >= n || v[i] != ' ')
        return;
    for (i++; i < n && v[i] >= '0' && v[i] <= '9'; i++)
        sent = sent * 10 + (v[i] - '0');
    r->has_event = 1;
    r->event_index = index;
    r->event_sent_ns = sent;
}

static void dispatch(sse_receiver *r, int64_t now_ns, receiver_totals *t)
{
    r->has_event = 0;
    int64_t lat_ns = now_ns - r->event_sent_ns;
    latency_hist_record(&t->latency, lat_ns > 0 ? (uint64_t)lat_ns / 1000 : 0);
    t->deliveries++;
    if (t->first_recv_ns == 0)
        t->first_recv_ns = now_ns;
    t->last_recv_ns = now_ns;
    r->received++;
    if ((uint64_t)r->event_index % r->n_topics != r->topic)
        t->wrong_topic++;
    if (r->event_index <= r->last_index)
        t->out_of_order++;
    else
        r->last_index = r->event_index;
}

static void handle_line(sse_receiver *r, const char *line, size_t n, int64_t now_ns,
                        receiver_totals *t)
{
    if (n > 0 && line[n - 1] == '\r')
        n--;
    if (n == 0) {
        if (r->has_event)
            dispatch(r, now_ns, t);
    } else if (n >= 5 && memcmp(line, "data:", 5) == 0) {
        parse_data(r, line + 5, n - 5);
    }
    /* id:, event:, retry: and comments (keep-alives) carry nothing measured. */
}

/* SSE bytes of the body. Lines longer than SSE_RECEIVER_LINE_MAX are cut (and so
 * cannot parse as the benchmark's data lines: they count as nothing). */
static void feed_sse(sse_receiver *r, const char *p, size_t n, int64_t now_ns,
                     receiver_totals *t)
{
    while (n > 0) {
        const char *nl = memchr(p, '\n', n);
        size_t part = nl != NULL ? (size_t)(nl - p) : n;
        if (r->line_len == 0 && nl != NULL) {
            handle_line(r, p, part, now_ns, t);  /* whole line in the read: no copy */
        } else {
            size_t room = SSE_RECEIVER_LINE_MAX - r->line_len;
            size_t copy = part < room ? part : room;
            memcpy(r->line + r->line_len, p, copy);
            r->line_len += (unsigned)copy;
            if (nl != NULL) {
                handle_line(r, r->line, r->line_len, now_ns, t);
                r->line_len = 0;
            }
        }
        if (nl == NULL)
            return;
        p = nl + 1;
        n -= part + 1;
    }
}

static int hex_digit(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* Chunked transfer coding: the chunk data goes to feed_sse, the framing is checked. */
static int feed_chunked(sse_receiver *r, const char *p, size_t n, int64_t now_ns,
                        receiver_totals *t)
{
    size_t i = 0;
    while (i < n) {
        char c = p[i];
        switch (r->chunk_state) {
        case CHUNK_SIZE:
            if (hex_digit(c) >= 0) {
                r->chunk_left = r->chunk_left * 16 + (uint64_t)hex_digit(c);
                i++;
            } else if (c == ';' || c == ' ') {
                r->chunk_state = CHUNK_EXT;
            } else if (c == '\r') {
                r->chunk_state = CHUNK_SIZE_LF;
                i++;
            } else {
                return -1;
            }
            break;
        case CHUNK_EXT:
            if (c == '\r')
                r->chunk_state = CHUNK_SIZE_LF;
            i++;
            break;
        case CHUNK_SIZE_LF:
            if (c != '\n')
                return -1;
            i++;
            r->chunk_state = r->chunk_left == 0 ? CHUNK_END : CHUNK_DATA;
            break;
        case CHUNK_DATA: {
            size_t take = n - i < r->chunk_left ? n - i : (size_t)r->chunk_left;
            feed_sse(r, p + i, take, now_ns, t);
            i += take;
            r->chunk_left -= take;
            if (r->chunk_left == 0)
                r->chunk_state = CHUNK_DATA_CR;
            break;
        }
        case CHUNK_DATA_CR:  /* the CRLF after a chunk's data */
        case CHUNK_DATA_LF: {
            int cr = r->chunk_state == CHUNK_DATA_CR;
            if (c != (cr ? '\r' : '\n'))
                return -1;
            r->chunk_state = cr ? CHUNK_DATA_LF : CHUNK_SIZE;
            i++;
            break;
        }
        default: /* CHUNK_END: the stream ended; trailers are ignored */
            return 0;
        }
    }
    return 0;
}

int sse_receiver_feed(sse_receiver *r, const char *data, size_t n, int64_t now_ns,
                      receiver_totals *t)
{
    if (r->head != NULL) {
        long used = http_head_feed(r->head, data, n);
        if (used < 0)
            return -1;
        if (used == 0)
            return 0;
        r->status = r->head->status;
        r->chunked = r->head->chunked;
        sse_receiver_free(r);
        if (r->status != 200)
            return -1;
        data += used;
        n -= (size_t)used;
    }
    if (r->chunked)
        return feed_chunked(r, data, n, now_ns, t);
    feed_sse(r, data, n, now_ns, t);
    return 0;
}
