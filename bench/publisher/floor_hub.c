/* The floor of the publisher benchmark: not a hub, the least any hub must do when each
 * connection gets one event per turn: one write() per delivery, spread over one writer
 * thread per core, nothing queued, no HTTP framing (a plain response body). Rows of real
 * hubs compare with it as the parser benchmark's rows compare with memchr.
 *
 * Subscribes GET /events?topic=tN and speaks the command protocol of hub_commands.h.
 * A write that the socket does not take whole counts as `errors` in the result line. */
#define _GNU_SOURCE
#include <errno.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include "bench_net.h"
#include "hub_commands.h"
#include "publish_plan.h"

#define MAX_CONNS 20000
#define WRITERS 2

typedef struct event_msg {
    unsigned topic;
    unsigned len;
    char bytes[96];
} event_msg;

static struct {
    int listen_fd, epfd;
    int fds[MAX_CONNS];           /* subscribed connections, by arrival */
    unsigned topic_of[MAX_CONNS];
    unsigned n;                   /* subscribed so far (only the accept thread adds) */
    pthread_mutex_t mu;
    pthread_cond_t cv;
    event_msg *events;            /* the current step's events */
    unsigned n_topics;            /* the step's topic index: the connections of topic t */
    unsigned *by_topic;           /* are by_topic[first[t] .. first[t + 1]) */
    unsigned *first;
    uint64_t published;           /* events of the step handed to the writers */
    uint64_t step;                /* changes with every step, so writers restart */
    uint64_t errors;
} hub = {.mu = PTHREAD_MUTEX_INITIALIZER, .cv = PTHREAD_COND_INITIALIZER};

static const char response_head[] = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\n"
                                    "Cache-Control: no-store\r\nConnection: close\r\n\r\n";

/* Reads a request head (one read: the generator's requests are small) and subscribes. */
static void on_request(int fd)
{
    char req[1024];
    ssize_t n = read(fd, req, sizeof req - 1);
    if (n <= 0) {
        close(fd);
        return;
    }
    req[n] = '\0';
    char *topic = strstr(req, "topic=t");
    pthread_mutex_lock(&hub.mu);
    if (topic == NULL || hub.n == MAX_CONNS ||
        write(fd, response_head, sizeof response_head - 1) != (ssize_t)sizeof response_head - 1) {
        pthread_mutex_unlock(&hub.mu);
        close(fd);
        return;
    }
    epoll_ctl(hub.epfd, EPOLL_CTL_DEL, fd, NULL);
    hub.topic_of[hub.n] = (unsigned)strtoul(topic + 7, NULL, 10);
    hub.fds[hub.n++] = fd;
    pthread_mutex_unlock(&hub.mu);
}

static void *accept_main(void *arg)
{
    (void)arg;
    struct epoll_event evs[64];
    for (;;) {
        int n = epoll_wait(hub.epfd, evs, 64, -1);
        for (int k = 0; k < n; k++) {
            if (evs[k].data.fd != hub.listen_fd) {
                on_request(evs[k].data.fd);
                continue;
            }
            int fd;
            while ((fd = accept4(hub.listen_fd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC)) >= 0) {
                struct epoll_event ev = {.events = EPOLLIN, .data.fd = fd};
                epoll_ctl(hub.epfd, EPOLL_CTL_ADD, fd, &ev);
            }
        }
    }
    return NULL;
}

/* Writer w sends every event of the step to connections w, w + WRITERS, ... */
static void *writer_main(void *arg)
{
    unsigned w = (unsigned)(uintptr_t)arg;
    uint64_t step = 0, done = 0;
    for (;;) {
        pthread_mutex_lock(&hub.mu);
        while (hub.step == step && done == hub.published)
            pthread_cond_wait(&hub.cv, &hub.mu);
        if (hub.step != step) {
            step = hub.step;
            done = 0;
        }
        uint64_t upto = hub.published;
        const event_msg *events = hub.events;
        const unsigned *by_topic = hub.by_topic, *first = hub.first;
        pthread_mutex_unlock(&hub.mu);
        uint64_t errors = 0;
        for (; done < upto; done++) {
            const event_msg *e = &events[done];
            for (unsigned k = first[e->topic] + w; k < first[e->topic + 1]; k += WRITERS) {
                int fd = hub.fds[by_topic[k]];
                errors += write(fd, e->bytes, e->len) != (ssize_t)e->len;
            }
        }
        __atomic_add_fetch(&hub.errors, errors, __ATOMIC_RELAXED);
    }
    return NULL;
}

/* The connections of each topic, for the step's writers (called with hub.mu held). */
static void index_topics_locked(unsigned n_topics)
{
    free(hub.by_topic);
    free(hub.first);
    hub.n_topics = n_topics;
    hub.first = calloc(n_topics + 1, sizeof *hub.first);
    hub.by_topic = calloc(hub.n ? hub.n : 1, sizeof *hub.by_topic);
    for (unsigned i = 0; i < hub.n; i++)
        if (hub.topic_of[i] < n_topics)
            hub.first[hub.topic_of[i] + 1]++;
    for (unsigned t = 0; t < n_topics; t++)
        hub.first[t + 1] += hub.first[t];
    unsigned *fill = calloc(n_topics, sizeof *fill);
    for (unsigned i = 0; i < hub.n; i++) {
        unsigned t = hub.topic_of[i];
        if (t < n_topics)
            hub.by_topic[hub.first[t] + fill[t]++] = i;
    }
    free(fill);
}

static uint64_t floor_subscribers(void *ctx)
{
    (void)ctx;
    pthread_mutex_lock(&hub.mu);
    unsigned n = hub.n;
    pthread_mutex_unlock(&hub.mu);
    return n;
}

static void publish_step(void *ctx, const publish_plan *plan)
{
    (void)ctx;
    event_msg *events = calloc(plan->count ? plan->count : 1, sizeof *events);
    /* The previous step's events and index are idle: the driver waits for every
     * delivery of a step before it starts the next. */
    pthread_mutex_lock(&hub.mu);
    free(hub.events);
    hub.events = events;
    index_topics_locked(plan->topics);
    hub.published = 0;
    hub.step++;
    pthread_mutex_unlock(&hub.mu);
    uint64_t errors_before = __atomic_load_n(&hub.errors, __ATOMIC_RELAXED);
    int64_t first_ns = 0, last_ns = 0, start_ns = bench_now_ns();
    char data[64];
    for (uint64_t k = 0; k < plan->count; k++) {
        publish_plan_sleep_until(publish_plan_due_ns(plan, start_ns, k));
        uint64_t index = plan->start + k;
        last_ns = bench_now_ns();
        if (k == 0)
            first_ns = last_ns;
        publish_plan_data(data, sizeof data, index, last_ns);
        event_msg *e = &events[k];
        e->topic = (unsigned)(index % plan->topics);
        e->len = (unsigned)snprintf(e->bytes, sizeof e->bytes, "data: %s\n\n", data);
        pthread_mutex_lock(&hub.mu);
        hub.published = k + 1;
        pthread_cond_broadcast(&hub.cv);
        pthread_mutex_unlock(&hub.mu);
    }
    publish_plan_report(plan, plan->count,
                        __atomic_load_n(&hub.errors, __ATOMIC_RELAXED) - errors_before,
                        first_ns, last_ns);
}

int main(void)
{
    bench_raise_nofile();
    hub.listen_fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    struct sockaddr_in sa = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    socklen_t len = sizeof sa;
    if (bind(hub.listen_fd, (struct sockaddr *)&sa, sizeof sa) != 0 ||
        listen(hub.listen_fd, 4096) != 0 ||
        getsockname(hub.listen_fd, (struct sockaddr *)&sa, &len) != 0) {
        perror("floor_hub: listen");
        return 1;
    }
    hub.epfd = epoll_create1(EPOLL_CLOEXEC);
    struct epoll_event ev = {.events = EPOLLIN, .data.fd = hub.listen_fd};
    epoll_ctl(hub.epfd, EPOLL_CTL_ADD, hub.listen_fd, &ev);
    pthread_t t;
    pthread_create(&t, NULL, accept_main, NULL);
    for (unsigned w = 0; w < WRITERS; w++)
        pthread_create(&t, NULL, writer_main, (void *)(uintptr_t)w);
    hub_ops ops = {floor_subscribers, publish_step, NULL};
    hub_commands_run(ntohs(sa.sin_port), &ops);
    return 0;  /* the process's exit closes every connection */
}
