/* The publisher benchmark's load generator (bench/run-publisher): CONNECTIONS
 * non-blocking subscriber connections in one epoll loop, each a raw HTTP/1.1 GET, each
 * stream decoded just enough to timestamp the events (sse_receiver.c). Not libsse's
 * client: the same receiver measures every hub.
 *
 * Usage: publisher_loadgen HOST:PORT PATH_TEMPLATE CONNECTIONS TOPICS [IN_FLIGHT]
 *   PATH_TEMPLATE has "{t}" where the topic number goes (/events?topic=t{t}, /sub/t{t});
 *   connection c subscribes to topic c % TOPICS. At most IN_FLIGHT (default 200)
 *   connects are pending at once, so that the hub's accept backlog never overflows.
 *
 * Prints "connected ok=N failed=F seconds=S" once every connection has sent its
 * request (a hub may hold its response head until the first event, so readiness is
 * the hub's own subscriber count, which the driver asks the hub). Then reads
 * commands on stdin, one per line, and answers each with one line:
 *   reset                   -> "ok": latency histogram and delivery counters to zero
 *   stats                   -> "stats k=v ...", the figures since the last reset
 *   settle PUBLISHED QUIET  -> waits until every connection has every event of its
 *                              topic among indices [0, PUBLISHED), or QUIET ms pass
 *                              without a delivery; then "stats ... lost=L" where L
 *                              counts the missing events over all connections
 *   quit (or end of input)  -> closes everything (RST, no TIME_WAIT) and exits */
#define _GNU_SOURCE
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <unistd.h>

#include "bench_net.h"
#include "sse_receiver.h"

enum conn_state { CONN_WAITING, CONN_CONNECTING, CONN_OPEN, CONN_CLOSED };

typedef struct conn {
    int fd;
    enum conn_state state;
    sse_receiver rx;
} conn;

typedef struct loadgen {
    char host[64];
    unsigned port;
    const char *path_template;
    unsigned n_conns, n_topics, in_flight;
    conn *conns;
    int epfd;
    unsigned next_to_start, connecting, failed, closed, bad;
    receiver_totals totals;
    /* settle in progress */
    int settling;
    uint64_t settle_published;
    int64_t settle_quiet_ns, settle_checked_ns, settle_last_progress_ns;
    uint64_t settle_last_deliveries;
} loadgen;

#define STDIN_TAG UINT32_MAX

static void epoll_set(loadgen *g, int op, int fd, uint32_t events, uint32_t tag)
{
    struct epoll_event ev = {.events = events, .data.u32 = tag};
    if (epoll_ctl(g->epfd, op, fd, &ev) != 0) {
        perror("epoll_ctl");
        exit(1);
    }
}

/* Why a connection ends, for the counters. */
enum close_why { CLOSE_BY_HUB, CLOSE_BAD_STREAM, CLOSE_CONNECT_FAILED, CLOSE_AT_EXIT };

static void close_conn(loadgen *g, conn *c, enum close_why why)
{
    if (c->state == CONN_CONNECTING)
        g->connecting--;
    epoll_ctl(g->epfd, EPOLL_CTL_DEL, c->fd, NULL);
    bench_close_abort(c->fd);
    sse_receiver_free(&c->rx);
    c->state = CONN_CLOSED;
    c->fd = -1;
    g->closed += why == CLOSE_BY_HUB || why == CLOSE_BAD_STREAM;
    g->bad += why == CLOSE_BAD_STREAM;
    g->failed += why == CLOSE_CONNECT_FAILED;
}

/* The request of connection i: the template with {t} replaced by its topic. */
static int format_request(const loadgen *g, unsigned i, char *buf, size_t cap)
{
    const char *mark = strstr(g->path_template, "{t}");
    int prefix = mark != NULL ? (int)(mark - g->path_template) : (int)strlen(g->path_template);
    return snprintf(buf, cap,
                    "GET %.*s%u%s HTTP/1.1\r\nHost: %s:%u\r\nAccept: text/event-stream\r\n"
                    "Cache-Control: no-cache\r\n\r\n",
                    prefix, g->path_template, i % g->n_topics,
                    mark != NULL ? mark + 3 : "", g->host, g->port);
}

static void start_connects(loadgen *g)
{
    while (g->next_to_start < g->n_conns && g->connecting < g->in_flight) {
        unsigned i = g->next_to_start++;
        conn *c = &g->conns[i];
        c->fd = bench_connect_start(g->host, g->port);
        if (c->fd < 0 || sse_receiver_init(&c->rx, i % g->n_topics, g->n_topics) != 0) {
            if (c->fd >= 0)
                close(c->fd);
            c->state = CONN_CLOSED;
            g->failed++;
            continue;
        }
        c->state = CONN_CONNECTING;
        g->connecting++;
        epoll_set(g, EPOLL_CTL_ADD, c->fd, EPOLLOUT, i);
    }
}

static void on_connected(loadgen *g, unsigned i)
{
    conn *c = &g->conns[i];
    char req[1024];
    int len = format_request(g, i, req, sizeof req);
    if (bench_connect_result(c->fd) != 0 || write(c->fd, req, (size_t)len) != len) {
        close_conn(g, c, CLOSE_CONNECT_FAILED);
        return;
    }
    c->state = CONN_OPEN;
    g->connecting--;
    epoll_set(g, EPOLL_CTL_MOD, c->fd, EPOLLIN, i);
}

static void on_readable(loadgen *g, unsigned i, char *buf, size_t cap)
{
    conn *c = &g->conns[i];
    ssize_t n = read(c->fd, buf, cap);
    if (n > 0) {
        if (sse_receiver_feed(&c->rx, buf, (size_t)n, bench_now_ns(), &g->totals) != 0)
            close_conn(g, c, CLOSE_BAD_STREAM);
    } else if (n == 0 || (errno != EAGAIN && errno != EINTR)) {
        close_conn(g, c, CLOSE_BY_HUB);
    }
}

static uint64_t count_lost(const loadgen *g, uint64_t published)
{
    uint64_t lost = 0;
    for (unsigned i = 0; i < g->n_conns; i++) {
        const conn *c = &g->conns[i];
        uint64_t want = published / g->n_topics + (i % g->n_topics < published % g->n_topics);
        uint64_t got = c->state == CONN_WAITING ? 0 : c->rx.received;
        lost += got < want ? want - got : 0;
    }
    return lost;
}

static void print_stats(const loadgen *g, int with_lost, uint64_t lost)
{
    const receiver_totals *t = &g->totals;
    unsigned headers = 0;
    for (unsigned i = 0; i < g->n_conns; i++)
        headers += g->conns[i].state == CONN_OPEN && g->conns[i].rx.status == 200;
    printf("stats deliveries=%" PRIu64 " out_of_order=%" PRIu64 " wrong_topic=%" PRIu64
           " closed=%u bad=%u headers=%u p50_us=%" PRIu64 " p99_us=%" PRIu64
           " max_us=%" PRIu64 " first_recv_ns=%" PRId64 " last_recv_ns=%" PRId64,
           t->deliveries, t->out_of_order, t->wrong_topic, g->closed, g->bad, headers,
           latency_hist_quantile(&t->latency, 0.50), latency_hist_quantile(&t->latency, 0.99),
           t->latency.max_us, t->first_recv_ns, t->last_recv_ns);
    if (with_lost)
        printf(" lost=%" PRIu64, lost);
    printf("\n");
    fflush(stdout);
}

/* Ends a settle when nothing is missing any more, or when deliveries have stopped. */
static void check_settle(loadgen *g)
{
    int64_t now = bench_now_ns();
    if (now - g->settle_checked_ns < 10000000)
        return;
    g->settle_checked_ns = now;
    if (g->totals.deliveries != g->settle_last_deliveries) {
        g->settle_last_deliveries = g->totals.deliveries;
        g->settle_last_progress_ns = now;
    }
    uint64_t lost = count_lost(g, g->settle_published);
    if (lost == 0 || now - g->settle_last_progress_ns >= g->settle_quiet_ns) {
        g->settling = 0;
        print_stats(g, 1, lost);
    }
}

/* One command line; returns 0 to go on, 1 to quit. */
static int on_command(loadgen *g, const char *line)
{
    unsigned long long published, quiet_ms;
    if (strcmp(line, "reset") == 0) {
        memset(&g->totals, 0, sizeof g->totals);
        printf("ok\n");
        fflush(stdout);
    } else if (strcmp(line, "stats") == 0) {
        print_stats(g, 0, 0);
    } else if (sscanf(line, "settle %llu %llu", &published, &quiet_ms) == 2) {
        g->settling = 1;
        g->settle_published = published;
        g->settle_quiet_ns = (int64_t)quiet_ms * 1000000;
        g->settle_checked_ns = 0;
        g->settle_last_progress_ns = bench_now_ns();
        g->settle_last_deliveries = g->totals.deliveries;
    } else if (strcmp(line, "quit") == 0) {
        return 1;
    } else {
        printf("error unknown command: %s\n", line);
        fflush(stdout);
    }
    return 0;
}

/* Reads what stdin has; runs each complete line. Returns 1 to quit. */
static int on_stdin(loadgen *g)
{
    static char pending[512];
    static size_t len;
    ssize_t n = read(0, pending + len, sizeof pending - 1 - len);
    if (n <= 0)
        return n == 0 || (errno != EAGAIN && errno != EINTR);
    len += (size_t)n;
    char *nl;
    while ((nl = memchr(pending, '\n', len)) != NULL) {
        *nl = '\0';
        if (on_command(g, pending))
            return 1;
        len -= (size_t)(nl + 1 - pending);
        memmove(pending, nl + 1, len);
    }
    if (len == sizeof pending - 1)
        len = 0;  /* an overlong line: dropped */
    return 0;
}

static int parse_args(loadgen *g, int argc, char **argv)
{
    if (argc < 5 || argc > 6 ||
        bench_parse_addr(argv[1], g->host, sizeof g->host, &g->port) != 0)
        return -1;
    g->path_template = argv[2];
    g->n_conns = (unsigned)strtoul(argv[3], NULL, 10);
    g->n_topics = (unsigned)strtoul(argv[4], NULL, 10);
    g->in_flight = argc == 6 ? (unsigned)strtoul(argv[5], NULL, 10) : 200;
    return g->n_conns == 0 || g->n_topics == 0 || g->in_flight == 0 ? -1 : 0;
}

int main(int argc, char **argv)
{
    static loadgen g;
    if (parse_args(&g, argc, argv) != 0) {
        fprintf(stderr, "usage: %s HOST:PORT PATH_TEMPLATE CONNECTIONS TOPICS [IN_FLIGHT]\n",
                argv[0]);
        return 2;
    }
    long nofile = bench_raise_nofile();
    if (nofile >= 0 && (unsigned long)nofile < g.n_conns + 16)
        fprintf(stderr, "warning: descriptor limit %ld < %u connections\n", nofile, g.n_conns);
    g.conns = calloc(g.n_conns, sizeof *g.conns);
    g.epfd = epoll_create1(EPOLL_CLOEXEC);
    if (g.conns == NULL || g.epfd < 0) {
        perror("setup");
        return 1;
    }
    epoll_set(&g, EPOLL_CTL_ADD, 0, EPOLLIN, STDIN_TAG);
    int64_t t0 = bench_now_ns();
    int announced = 0;
    static char buf[1 << 16];
    struct epoll_event events[512];
    for (;;) {
        start_connects(&g);
        if (!announced && g.next_to_start == g.n_conns && g.connecting == 0) {
            announced = 1;
            printf("connected ok=%u failed=%u seconds=%.3f\n", g.n_conns - g.failed, g.failed,
                   (double)(bench_now_ns() - t0) / 1e9);
            fflush(stdout);
        }
        int n = epoll_wait(g.epfd, events, 512, g.settling ? 10 : 100);
        if (n < 0 && errno != EINTR) {
            perror("epoll_wait");
            return 1;
        }
        for (int k = 0; k < n; k++) {
            uint32_t tag = events[k].data.u32;
            if (tag == STDIN_TAG) {
                if (on_stdin(&g))
                    goto done;
            } else if (g.conns[tag].state == CONN_CONNECTING) {
                on_connected(&g, tag);
            } else if (g.conns[tag].state == CONN_OPEN) {
                on_readable(&g, tag, buf, sizeof buf);
            }
        }
        if (g.settling)
            check_settle(&g);
    }
done:
    for (unsigned i = 0; i < g.n_conns; i++)
        if (g.conns[i].state == CONN_OPEN || g.conns[i].state == CONN_CONNECTING)
            close_conn(&g, &g.conns[i], CLOSE_AT_EXIT);
    free(g.conns);
    return 0;
}
