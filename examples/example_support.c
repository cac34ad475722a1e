#define _GNU_SOURCE
#include "example_support.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <unistd.h>

static const char stream_head[] =
    "HTTP/1.1 200 OK\r\n"
    "Content-Type: text/event-stream; charset=utf-8\r\n"
    "Cache-Control: no-store\r\n"
    "Connection: close\r\n"
    "\r\n";

int listen_local(int port, int nonblocking) {
  int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC | (nonblocking ? SOCK_NONBLOCK : 0), 0);
  if (fd < 0) return -1;
  int one = 1;
  setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  struct sockaddr_in addr = {0};
  addr.sin_family = AF_INET;
  addr.sin_port = htons((unsigned short)port);
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof addr;
  if (bind(fd, (struct sockaddr *)&addr, sizeof addr) != 0 || listen(fd, 128) != 0 ||
      getsockname(fd, (struct sockaddr *)&addr, &len) != 0) {
    close(fd);
    return -1;
  }
  printf("listening on http://127.0.0.1:%d/events\n", ntohs(addr.sin_port));
  fflush(stdout);
  return fd;
}

int head_complete(const char *head, size_t len) {
  return memmem(head, len, "\r\n\r\n", 4) != NULL || memmem(head, len, "\n\n", 2) != NULL;
}

/* Copies the Last-Event-ID header's value into `out` (NUL-terminated); 0 if absent. */
static int last_event_id(const char *head, size_t len, char *out, size_t cap) {
  static const char name[] = "\nLast-Event-ID:";
  for (size_t i = 0; i + sizeof name - 1 <= len; i++) {
    if (strncasecmp(head + i, name, sizeof name - 1) != 0) continue;
    const char *v = head + i + sizeof name - 1;
    const char *end = head + len;
    while (v < end && *v == ' ') v++;
    size_t n = 0;
    while (v + n < end && v[n] != '\r' && v[n] != '\n') n++;
    if (n >= cap) n = cap - 1;
    memcpy(out, v, n);
    out[n] = '\0';
    return 1;
  }
  return 0;
}

int start_stream(int fd, const char *head, size_t len, sse_publisher *hub, sse_subscriber **out) {
  char last_id[256];
  sse_str topic = {"ticks", 5};
  sse_subscriber_options o = SSE_SUBSCRIBER_OPTIONS_INIT;
  o.topics = &topic;
  o.n_topics = 1;
  o.retry_ms = 2000;
  if (last_event_id(head, len, last_id, sizeof last_id))
    o.last_event_id = (sse_str){last_id, strlen(last_id)};
  size_t head_len = sizeof stream_head - 1;
  if (send(fd, stream_head, head_len, MSG_NOSIGNAL) != (ssize_t)head_len) return -1;
  return sse_subscriber_new(out, hub, &o) == 0 ? 0 : -1;
}

void publish_tick(sse_publisher *hub, unsigned long n) {
  char data[32];
  int len = snprintf(data, sizeof data, "tick %lu", n);
  sse_str topic = {"ticks", 5};
  sse_message m = SSE_MESSAGE_INIT;
  m.data = (sse_str){data, (size_t)len};
  sse_publisher_publish(hub, &topic, 1, &m, NULL, 0, NULL);
}
