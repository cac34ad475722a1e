/* One subscriber connection's receiving side in the load generator: the HTTP response
 * head, chunked transfer decoding, and just enough SSE to find each event's
 * `data: INDEX SEND_NS` line (written by every hub's publisher, see publish_plan.h). */
#ifndef SSE_RECEIVER_H
#define SSE_RECEIVER_H

#include <stddef.h>
#include <stdint.h>

#include "http_head.h"
#include "latency_hist.h"

#define SSE_RECEIVER_LINE_MAX 128  /* the benchmark's data lines are much shorter */

/* What every connection of one generator adds to. */
typedef struct receiver_totals {
    latency_hist latency;
    uint64_t deliveries;     /* since the last reset */
    uint64_t out_of_order;   /* an index not above the last one of its connection */
    uint64_t wrong_topic;    /* an index that belongs to another topic */
    int64_t first_recv_ns;   /* receive time of the first delivery since reset, 0 = none */
    int64_t last_recv_ns;
} receiver_totals;

typedef struct sse_receiver {
    http_head *head;         /* while the head is read; freed once complete */
    int status;              /* HTTP status, 0 until the head is complete */
    int chunked;
    int chunk_state;         /* see sse_receiver.c */
    uint64_t chunk_left;
    unsigned topic;          /* this connection's topic number */
    unsigned n_topics;       /* index % n_topics names the topic of an event */
    uint64_t received;       /* deliveries since the start, never reset */
    int64_t last_index;      /* -1 before the first */
    int has_event;           /* a data line of the event in progress was read */
    int64_t event_index;
    int64_t event_sent_ns;
    unsigned line_len;
    char line[SSE_RECEIVER_LINE_MAX];
} sse_receiver;

/* 0, or -1 when out of memory. */
int sse_receiver_init(sse_receiver *r, unsigned topic, unsigned n_topics);
void sse_receiver_free(sse_receiver *r);

/* Feeds bytes read from the socket at now_ns. Returns 0, or -1 when the stream is not
 * a usable event stream (bad head, a status other than 200, broken chunk framing). */
int sse_receiver_feed(sse_receiver *r, const char *data, size_t n, int64_t now_ns,
                      receiver_totals *t);

/* Events of this connection's topic among indices [0, published). */
uint64_t sse_receiver_expected(const sse_receiver *r, uint64_t published);

#endif
