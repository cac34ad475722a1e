/* A thread-per-connection SSE endpoint with <sse/publisher.h>.
 *
 *   publisher_threads [port] [tick_ms]
 *
 * One thread publishes "tick N" to topic "ticks" every tick_ms; each connection's
 * thread subscribes (resuming after its Last-Event-ID), then loops: wait for output,
 * peek the ready bytes as views, write them with one sendmsg, consume what was sent.
 * Keep-alive comments come out of the same loop: wait() returns when one is due. */
#define _GNU_SOURCE
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <time.h>
#include <unistd.h>

#include <sse/sse.h>

#include "example_support.h"

static sse_publisher *hub;
static int tick_ms = 1000;

static void *ticker(void *arg) {
  (void)arg;
  for (unsigned long n = 1;; n++) {
    struct timespec d = {tick_ms / 1000, (tick_ms % 1000) * 1000000L};
    nanosleep(&d, NULL);
    publish_tick(hub, n);
  }
  return NULL;
}

/* Streams one subscriber to one socket until either side ends. */
static void stream(int fd, sse_subscriber *s) {
  for (;;) {
    int rc = sse_subscriber_wait(s, -1);
    if (rc == SSE_ECLOSED) return;
    sse_str chunks[16];
    size_t n = 0;
    if (sse_subscriber_peek(s, chunks, 16, &n) != 0) return;
    if (n == 0) continue;
    struct iovec iov[16];
    for (size_t i = 0; i < n; i++) iov[i] = (struct iovec){(void *)chunks[i].ptr, chunks[i].len};
    struct msghdr msg = {.msg_iov = iov, .msg_iovlen = n};
    ssize_t sent = sendmsg(fd, &msg, MSG_NOSIGNAL);
    if (sent <= 0) return; /* the client went away */
    sse_subscriber_consume(s, (size_t)sent);
  }
}

static void *serve(void *arg) {
  int fd = (int)(intptr_t)arg;
  char head[8192];
  size_t len = 0;
  while (!head_complete(head, len) && len < sizeof head) {
    ssize_t n = read(fd, head + len, sizeof head - len);
    if (n <= 0) break;
    len += (size_t)n;
  }
  sse_subscriber *s = NULL;
  if (head_complete(head, len) && start_stream(fd, head, len, hub, &s) == 0) stream(fd, s);
  sse_subscriber_free(s);
  close(fd);
  return NULL;
}

int main(int argc, char **argv) {
  int port = argc > 1 ? atoi(argv[1]) : 8080;
  if (argc > 2) tick_ms = atoi(argv[2]);
  if (sse_publisher_new(&hub, NULL) != 0) return 1;
  int listener = listen_local(port, 0);
  if (listener < 0) return 1;
  pthread_t t;
  pthread_create(&t, NULL, ticker, NULL);
  for (;;) {
    int fd = accept4(listener, NULL, NULL, SOCK_CLOEXEC);
    if (fd < 0) continue;
    pthread_t conn;
    if (pthread_create(&conn, NULL, serve, (void *)(intptr_t)fd) == 0) {
      pthread_detach(conn);
    } else {
      close(fd);
    }
  }
}
