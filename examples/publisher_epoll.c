/* An SSE endpoint in one epoll loop with <sse/publisher.h>.
 *
 *   publisher_epoll [port] [tick_ms]
 *
 * The loop watches the listening socket, each client socket, a timerfd that publishes
 * "tick N" to topic "ticks", and each subscriber's descriptor (sse_subscriber_fd),
 * which is readable while output is ready or a keep-alive is due: no timer code for
 * keep-alive here. Output goes out with sendmsg over the subscriber's views; when the
 * socket is full, the loop waits for EPOLLOUT instead. */
#define _GNU_SOURCE
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/timerfd.h>
#include <sys/uio.h>
#include <unistd.h>

#include <sse/sse.h>

#include "example_support.h"

enum kind { LISTENER, TICKER, CLIENT, SUBSCRIBER };

typedef struct conn conn;

/* What an epoll event is about: one per descriptor. */
typedef struct watch {
  enum kind kind;
  conn *c;
} watch;

struct conn {
  int fd;
  int sub_fd; /* sse_subscriber_fd(s), owned by the subscriber */
  watch client, sub;
  sse_subscriber *s;
  char head[8192];
  size_t head_len;
  conn *next_dead; /* non-NULL or dead_end once dropped */
};

/* Dropped connections are freed after the epoll batch: a later event of the same
 * batch may still point at one. */
static conn dead_end;
static conn *dead = &dead_end;

static int loop_fd;
static sse_publisher *hub;

static void add(int fd, uint32_t events, watch *w) {
  struct epoll_event ev = {.events = events, .data.ptr = w};
  epoll_ctl(loop_fd, EPOLL_CTL_ADD, fd, &ev);
}

static void modify(int fd, uint32_t events, watch *w) {
  struct epoll_event ev = {.events = events, .data.ptr = w};
  epoll_ctl(loop_fd, EPOLL_CTL_MOD, fd, &ev);
}

static void drop(conn *c) {
  if (c->next_dead != NULL) return;
  close(c->fd); /* leaves the epoll set by itself */
  sse_subscriber_free(c->s); /* closes its descriptor too */
  c->s = NULL;
  c->next_dead = dead;
  dead = c;
}

static void free_dropped(void) {
  while (dead != &dead_end) {
    conn *c = dead;
    dead = c->next_dead;
    free(c);
  }
}

/* Sends what is ready. Returns 0 to keep the connection, -1 to drop it. */
static int flush(conn *c) {
  for (;;) {
    sse_str chunks[16];
    size_t n = 0;
    if (sse_subscriber_peek(c->s, chunks, 16, &n) != 0) return -1; /* closed */
    if (n == 0) return 0;
    struct iovec iov[16];
    for (size_t i = 0; i < n; i++) iov[i] = (struct iovec){(void *)chunks[i].ptr, chunks[i].len};
    struct msghdr msg = {.msg_iov = iov, .msg_iovlen = n};
    ssize_t sent = sendmsg(c->fd, &msg, MSG_NOSIGNAL | MSG_DONTWAIT);
    if (sent < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
      /* The socket is full: wait until it is writable, and stop watching the
       * subscriber meanwhile (its descriptor stays readable: level-triggered). */
      modify(c->fd, EPOLLIN | EPOLLOUT, &c->client);
      modify(c->sub_fd, 0, &c->sub);
      return 0;
    }
    if (sent <= 0) return -1;
    sse_subscriber_consume(c->s, (size_t)sent);
  }
}

static int begin(conn *c) {
  if (start_stream(c->fd, c->head, c->head_len, hub, &c->s) != 0 ||
      sse_subscriber_fd(c->s, &c->sub_fd) != 0)
    return -1;
  add(c->sub_fd, EPOLLIN, &c->sub);
  return flush(c);
}

/* Client socket: the request head first; afterwards only EOF (or EPOLLOUT) matters. */
static int on_client(conn *c, uint32_t events) {
  if (c->s != NULL) {
    char scratch[512];
    if ((events & EPOLLIN) && read(c->fd, scratch, sizeof scratch) <= 0) return -1;
    if (events & EPOLLOUT) {
      modify(c->fd, EPOLLIN, &c->client);
      modify(c->sub_fd, EPOLLIN, &c->sub);
      return flush(c);
    }
    return 0;
  }
  ssize_t n = read(c->fd, c->head + c->head_len, sizeof c->head - c->head_len);
  if (n <= 0) return -1;
  c->head_len += (size_t)n;
  if (head_complete(c->head, c->head_len)) return begin(c);
  return c->head_len < sizeof c->head ? 0 : -1;
}

static void on_listener(int listener) {
  for (;;) {
    int fd = accept4(listener, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
    if (fd < 0) return;
    conn *c = calloc(1, sizeof *c);
    if (c == NULL) {
      close(fd);
      continue;
    }
    c->fd = fd;
    c->client = (watch){CLIENT, c};
    c->sub = (watch){SUBSCRIBER, c};
    add(fd, EPOLLIN, &c->client);
  }
}

static void on_ticker(int timer) {
  static unsigned long n = 0;
  uint64_t expirations;
  if (read(timer, &expirations, sizeof expirations) != sizeof expirations) return;
  publish_tick(hub, ++n);
}

int main(int argc, char **argv) {
  int port = argc > 1 ? atoi(argv[1]) : 8080;
  int tick_ms = argc > 2 ? atoi(argv[2]) : 1000;
  if (sse_publisher_new(&hub, NULL) != 0) return 1;
  loop_fd = epoll_create1(EPOLL_CLOEXEC);
  int listener = listen_local(port, 1);
  int timer = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC);
  if (loop_fd < 0 || listener < 0 || timer < 0) return 1;
  struct itimerspec every = {{tick_ms / 1000, (tick_ms % 1000) * 1000000L},
                             {tick_ms / 1000, (tick_ms % 1000) * 1000000L}};
  timerfd_settime(timer, 0, &every, NULL);
  watch listen_watch = {LISTENER, NULL}, tick_watch = {TICKER, NULL};
  add(listener, EPOLLIN, &listen_watch);
  add(timer, EPOLLIN, &tick_watch);
  for (;;) {
    struct epoll_event events[64];
    int n = epoll_wait(loop_fd, events, 64, -1);
    for (int i = 0; i < n; i++) {
      watch *w = events[i].data.ptr;
      if (w->c != NULL && w->c->next_dead != NULL) continue; /* dropped in this batch */
      switch (w->kind) {
        case LISTENER: on_listener(listener); break;
        case TICKER: on_ticker(timer); break;
        case CLIENT:
          if (on_client(w->c, events[i].events) != 0) drop(w->c);
          break;
        case SUBSCRIBER:
          if (flush(w->c) != 0) drop(w->c);
          break;
      }
    }
    free_dropped();
  }
}
