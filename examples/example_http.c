#define _GNU_SOURCE
#include "example_http.h"

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

int last_event_id(const char *head, size_t len, char *out, size_t cap) {
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

int send_stream_head(int fd) {
  size_t len = sizeof stream_head - 1;
  return send(fd, stream_head, len, MSG_NOSIGNAL) == (ssize_t)len ? 0 : -1;
}
