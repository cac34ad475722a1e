/*
 * The client benchmark's server: serves two corpus files as text/event-stream as
 * fast as the loopback allows, and holds idle streams open for the memory benchmark.
 *
 * Usage: stream_server SMALL_CORPUS LARGE_CORPUS
 *
 * Binds 127.0.0.1 on an ephemeral port, prints one line `{"port": N}` and serves
 * until its stdin reaches EOF (bench/run-client keeps a pipe open) or SIGTERM.
 *   GET /small, GET /large: HTTP/1.1 200, Connection: close, no length; the corpus
 *     followed by `event: end\ndata: end\n\n`, which every benchmark client takes as
 *     its cue to stop (the npm client would otherwise reconnect when the body ends);
 *     then the connection is closed.
 *   GET /idle: HTTP/1.1 200, one comment line, then nothing until the client leaves.
 *   anything else: 404.
 * One thread per connection with a small stack: the body goes out in one send()
 * loop straight from memory (the corpus is loaded before the port is printed), so
 * the server does one syscall per socket-buffer's worth and is never the bottleneck
 * (bench/run-client prints curl's figure, the floor, next to every client).
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#define END_EVENT "event: end\ndata: end\n\n"
#define STREAM_HEADERS                                                   \
  "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\n"              \
  "Cache-Control: no-cache\r\nConnection: close\r\n\r\n"
#define NOT_FOUND                                                        \
  "HTTP/1.1 404 Not Found\r\nContent-Type: text/plain\r\nContent-Length: 7\r\n" \
  "Connection: close\r\n\r\nmissing"
#define IDLE_COMMENT ": idle\n\n"
#define THREAD_STACK_BYTES (64 * 1024)
#define MAX_REQUEST_BYTES 8192

typedef struct body {
  char *bytes; /* response headers + corpus + END_EVENT, sent as one stream */
  size_t len;
} body;

static body small_body, large_body;

/* Headers, the file and the end event in one buffer: one send loop per response. */
static int load_body(const char *path, body *out) {
  FILE *f = fopen(path, "rb");
  if (f == NULL || fseek(f, 0, SEEK_END) != 0) {
    perror(path);
    if (f) fclose(f);
    return -1;
  }
  long size = ftell(f);
  rewind(f);
  size_t head = strlen(STREAM_HEADERS), tail = strlen(END_EVENT);
  size_t file_len = size > 0 ? (size_t)size : 0;
  out->len = head + file_len + tail;
  out->bytes = malloc(out->len);
  if (out->bytes == NULL || fread(out->bytes + head, 1, file_len, f) != file_len) {
    fprintf(stderr, "%s: cannot read %zu bytes\n", path, file_len);
    fclose(f);
    return -1;
  }
  fclose(f);
  memcpy(out->bytes, STREAM_HEADERS, head);
  memcpy(out->bytes + head + file_len, END_EVENT, tail);
  return 0;
}

static int send_all(int fd, const char *p, size_t len) {
  while (len > 0) {
    ssize_t n = send(fd, p, len, MSG_NOSIGNAL);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return -1;
    p += n;
    len -= (size_t)n;
  }
  return 0;
}

/* Reads up to the end of the request headers; returns the path's length or -1. */
static int read_request_path(int fd, char *path, size_t cap) {
  char buf[MAX_REQUEST_BYTES + 1];
  size_t used = 0;
  while (used < MAX_REQUEST_BYTES) {
    ssize_t n = recv(fd, buf + used, MAX_REQUEST_BYTES - used, 0);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return -1;
    used += (size_t)n;
    buf[used] = '\0';
    if (strstr(buf, "\r\n\r\n") != NULL) break;
  }
  const char *start = strchr(buf, ' ');
  if (start == NULL) return -1;
  start++;
  const char *end = strchr(start, ' ');
  if (end == NULL || (size_t)(end - start) >= cap) return -1;
  memcpy(path, start, (size_t)(end - start));
  path[end - start] = '\0';
  return (int)(end - start);
}

/* Waits for the client to close (EOF or error), discarding anything it sends. */
static void wait_for_client_close(int fd) {
  char sink[512];
  for (;;) {
    ssize_t n = recv(fd, sink, sizeof sink, 0);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return;
  }
}

static void *serve_connection(void *arg) {
  int fd = (int)(intptr_t)arg;
  char path[256];
  if (read_request_path(fd, path, sizeof path) < 0) {
    close(fd);
    return NULL;
  }
  const body *b = strcmp(path, "/small") == 0 ? &small_body
                  : strcmp(path, "/large") == 0 ? &large_body : NULL;
  if (b != NULL) {
    if (send_all(fd, b->bytes, b->len) == 0) {
      /* End the body (no length: EOF ends it), then let the client close first so
         that no unread request byte turns our close into a reset. */
      shutdown(fd, SHUT_WR);
      wait_for_client_close(fd);
    }
  } else if (strcmp(path, "/idle") == 0) {
    if (send_all(fd, STREAM_HEADERS IDLE_COMMENT, strlen(STREAM_HEADERS IDLE_COMMENT)) == 0)
      wait_for_client_close(fd);
  } else {
    send_all(fd, NOT_FOUND, strlen(NOT_FOUND));
    shutdown(fd, SHUT_WR);
    wait_for_client_close(fd);
  }
  close(fd);
  return NULL;
}

/* bench/run-client holds our stdin open; its EOF means the benchmark is over. */
static void *exit_on_stdin_eof(void *arg) {
  (void)arg;
  char buf[64];
  for (;;) {
    ssize_t n = read(STDIN_FILENO, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) _exit(0);
  }
}

/* 1,000 idle clients need more descriptors than the usual soft limit of 1,024. */
static void raise_fd_limit(void) {
  struct rlimit rl;
  if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < rl.rlim_max) {
    rl.rlim_cur = rl.rlim_max;
    setrlimit(RLIMIT_NOFILE, &rl);
  }
}

static int listen_loopback(int *port) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return -1;
  struct sockaddr_in addr;
  memset(&addr, 0, sizeof addr);
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  socklen_t len = sizeof addr;
  if (bind(fd, (struct sockaddr *)&addr, sizeof addr) != 0 || listen(fd, 4096) != 0 ||
      getsockname(fd, (struct sockaddr *)&addr, &len) != 0) {
    close(fd);
    return -1;
  }
  *port = ntohs(addr.sin_port);
  return fd;
}

int main(int argc, char **argv) {
  if (argc != 3) {
    fprintf(stderr, "usage: %s SMALL_CORPUS LARGE_CORPUS\n", argv[0]);
    return 2;
  }
  signal(SIGPIPE, SIG_IGN);
  raise_fd_limit();
  if (load_body(argv[1], &small_body) != 0 || load_body(argv[2], &large_body) != 0) return 1;
  int port = 0;
  int listener = listen_loopback(&port);
  if (listener < 0) {
    perror("stream_server: listen");
    return 1;
  }

  pthread_attr_t attr;
  pthread_attr_init(&attr);
  pthread_attr_setstacksize(&attr, THREAD_STACK_BYTES);
  pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
  pthread_t watcher;
  if (pthread_create(&watcher, &attr, exit_on_stdin_eof, NULL) != 0) return 1;

  printf("{\"port\": %d}\n", port);
  fflush(stdout);
  for (;;) {
    int fd = accept(listener, NULL, NULL);
    if (fd < 0) {
      if (errno == EINTR || errno == ECONNABORTED) continue;
      if (errno == EMFILE || errno == ENFILE) {
        usleep(1000); /* out of descriptors: let some connection finish */
        continue;
      }
      perror("stream_server: accept");
      return 1;
    }
    pthread_t t;
    if (pthread_create(&t, &attr, serve_connection, (void *)(intptr_t)fd) != 0) close(fd);
  }
}
