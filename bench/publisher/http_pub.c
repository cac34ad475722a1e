/* The HTTP publisher of the benchmark, for the hubs that take events as POSTs: nchan
 * (its only way) and `sse serve`. Sends one publish step (publish_plan.h) as POSTs over
 * WINDOW keep-alive connections, at most one request in flight on each (a hub answers
 * once the event is stored and handed to its subscribers), paced to RATE events/s or
 * as fast as the answers come back (RATE 0). A topic's next event waits until its
 * previous one is answered: one slow connection cannot reorder a topic.
 *
 * Usage: publisher_http_pub HOST:PORT PATH_TEMPLATE START COUNT TOPICS RATE [WINDOW [TOKEN]]
 *   PATH_TEMPLATE has "{t}" where the topic name goes (nchan: /pub/{t}; the body is
 *   the event's data). With TOKEN the body is form-encoded instead, `topic=..&data=..`
 *   with `Authorization: Bearer TOKEN` (sse serve: PATH_TEMPLATE /publish). WINDOW
 *   defaults to 8.
 * Prints the result line of publish_plan_report(); exit 1 when a connection fails. */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <unistd.h>

#include "bench_net.h"
#include "http_head.h"
#include "publish_plan.h"

typedef struct pub_conn {
    int fd;
    int busy;
    uint64_t k;  /* the event in flight (index within the step) while busy */
    http_head head;
    int head_done;
    long body_left;
} pub_conn;

static char host[64];
static unsigned port;
static const char *token;  /* form-encoded bodies with a bearer token when set */

static int open_conn(pub_conn *c, int epfd, unsigned tag)
{
    c->fd = bench_connect_start(host, port);
    if (c->fd < 0)
        return -1;
    struct epoll_event ev = {.events = EPOLLOUT, .data.u32 = tag};
    epoll_ctl(epfd, EPOLL_CTL_ADD, c->fd, &ev);
    struct epoll_event out;
    if (epoll_wait(epfd, &out, 1, 5000) != 1 || bench_connect_result(c->fd) != 0)
        return -1;
    ev.events = EPOLLIN;
    epoll_ctl(epfd, EPOLL_CTL_MOD, c->fd, &ev);
    return 0;
}

static int send_post(pub_conn *c, const char *path_template, const publish_plan *plan,
                     uint64_t index, int64_t *sent_ns)
{
    char topic[32], data[64], req[512];
    publish_plan_topic(topic, sizeof topic, plan, index);
    const char *mark = strstr(path_template, "{t}");
    int prefix = mark != NULL ? (int)(mark - path_template) : (int)strlen(path_template);
    *sent_ns = bench_now_ns();
    publish_plan_data(data, sizeof data, index, *sent_ns);
    char body[128], auth[256] = "";
    if (token != NULL) {
        /* The data is digits and one space: %20 is all the encoding it needs. */
        char *space = strchr(data, ' ');
        *space = '\0';
        snprintf(body, sizeof body, "topic=%s&data=%s%%20%s", topic, data, space + 1);
        snprintf(auth, sizeof auth, "Authorization: Bearer %s\r\n", token);
    } else {
        snprintf(body, sizeof body, "%s", data);
    }
    int len = snprintf(req, sizeof req,
                       "POST %.*s%s%s HTTP/1.1\r\nHost: %s:%u\r\n%sContent-Type: %s\r\n"
                       "Content-Length: %zu\r\n\r\n%s",
                       prefix, path_template, mark != NULL ? topic : "",
                       mark != NULL ? mark + 3 : "", host, port, auth,
                       token != NULL ? "application/x-www-form-urlencoded" : "text/plain",
                       strlen(body), body);
    if (write(c->fd, req, (size_t)len) != len)
        return -1;
    c->busy = 1;
    c->k = index - plan->start;
    c->head_done = 0;
    http_head_reset(&c->head);
    return 0;
}

/* Reads a response; returns 1 when it is complete (ok or not in *ok), 0 for more,
 * -1 when the connection broke. */
static int read_response(pub_conn *c, int *ok)
{
    char buf[8192];
    ssize_t n = read(c->fd, buf, sizeof buf);
    if (n <= 0)
        return n < 0 && errno == EAGAIN ? 0 : -1;
    size_t body = (size_t)n;
    if (!c->head_done) {
        long used = http_head_feed(&c->head, buf, (size_t)n);
        if (used < 0 || (used > 0 && (c->head.chunked || c->head.content_length < 0)))
            return -1;  /* both hubs answer with a Content-Length */
        if (used == 0)
            return 0;
        c->head_done = 1;
        c->body_left = c->head.content_length;
        body = (size_t)n - (size_t)used;
    }
    c->body_left -= (long)body;
    if (c->body_left > 0)
        return 0;
    c->busy = 0;
    *ok = c->head.status >= 200 && c->head.status < 300;
    return 1;
}

/* Event k may go when it is due and no event of its topic is still in flight: one
 * slow connection must not let the others publish the topic's next event before it
 * (the load generator checks the order on every connection). */
static int may_send(const pub_conn *conns, unsigned window, const publish_plan *plan,
                    uint64_t k, int64_t start_ns, int64_t now)
{
    if (publish_plan_due_ns(plan, start_ns, k) > now)
        return 0;
    for (unsigned i = 0; i < window; i++)
        if (conns[i].busy && k - conns[i].k >= plan->topics)
            return 0;
    return 1;
}

int main(int argc, char **argv)
{
    publish_plan plan;
    char plan_text[256];
    if (argc < 7 || argc > 9 || bench_parse_addr(argv[1], host, sizeof host, &port) != 0) {
        fprintf(stderr, "usage: %s HOST:PORT PATH_TEMPLATE START COUNT TOPICS RATE "
                        "[WINDOW [TOKEN]]\n", argv[0]);
        return 2;
    }
    snprintf(plan_text, sizeof plan_text, "%s %s %s %s", argv[3], argv[4], argv[5], argv[6]);
    unsigned window = argc >= 8 ? (unsigned)strtoul(argv[7], NULL, 10) : 8;
    token = argc == 9 ? argv[8] : NULL;
    if (publish_plan_parse(&plan, plan_text) != 0 || window == 0) {
        fprintf(stderr, "http_pub: bad publish step: %s (window %u)\n", plan_text, window);
        return 2;
    }
    int epfd = epoll_create1(EPOLL_CLOEXEC);
    pub_conn *conns = calloc(window, sizeof *conns);
    for (unsigned i = 0; i < window; i++) {
        if (open_conn(&conns[i], epfd, i) != 0) {
            perror("http_pub: connect");
            return 1;
        }
    }
    uint64_t sent = 0, answered = 0, errors = 0;
    int64_t first_ns = 0, last_ns = 0, start_ns = bench_now_ns();
    struct epoll_event events[64];
    while (answered < plan.count) {
        int64_t now = bench_now_ns();
        for (unsigned i = 0; i < window && sent < plan.count; i++) {
            if (conns[i].busy || !may_send(conns, window, &plan, sent, start_ns, now))
                continue;
            if (send_post(&conns[i], argv[2], &plan, plan.start + sent, &last_ns) != 0) {
                perror("http_pub: write");
                return 1;
            }
            if (sent++ == 0)
                first_ns = last_ns;
        }
        int timeout_ms = 100;
        if (sent < plan.count) {
            int64_t wait = publish_plan_due_ns(&plan, start_ns, sent) - bench_now_ns();
            timeout_ms = wait <= 0 ? 0 : (int)(wait / 1000000);
        }
        int n = epoll_wait(epfd, events, 64, timeout_ms);
        for (int k = 0; k < n; k++) {
            int ok = 0;
            int r = read_response(&conns[events[k].data.u32], &ok);
            if (r < 0) {
                fprintf(stderr, "http_pub: connection lost\n");
                return 1;
            }
            if (r == 1) {
                answered++;
                errors += !ok;
            }
        }
    }
    publish_plan_report(&plan, sent, errors, first_ns, last_ns);
    for (unsigned i = 0; i < window; i++)
        close(conns[i].fd);
    free(conns);
    return 0;
}
