#define _POSIX_C_SOURCE 200809L
#include "input.h"

#include "cli.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

int input_open(input *in, const char *path) {
  if (path == NULL || strcmp(path, "-") == 0) {
    in->fd = STDIN_FILENO;
    in->name = "standard input";
    in->owns_fd = 0;
    return 0;
  }
  in->fd = open(path, O_RDONLY);
  in->name = path;
  in->owns_fd = 1;
  if (in->fd < 0) {
    cli_failure("cannot open '%s': %s", path, strerror(errno));
    return -1;
  }
  return 0;
}

long input_read(input *in, char *buffer, size_t capacity) {
  for (;;) {
    ssize_t n = read(in->fd, buffer, capacity);
    if (n >= 0) return (long)n;
    if (errno == EINTR) continue;
    cli_failure("cannot read '%s': %s", in->name, strerror(errno));
    return -1;
  }
}

void input_close(input *in) {
  if (in->owns_fd && in->fd >= 0) close(in->fd);
  in->fd = -1;
}
