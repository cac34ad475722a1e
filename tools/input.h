/* The byte source of a subcommand: a named file or standard input. */
#ifndef SSE_TOOLS_INPUT_H
#define SSE_TOOLS_INPUT_H

#include <stddef.h>

typedef struct input {
  int fd;
  const char *name; /* for messages: the path as given, or "standard input" */
  int owns_fd;
} input;

/* Open `path`, or standard input when `path` is NULL or "-". On failure print
 * "sse: cannot open 'PATH': <strerror>" and return -1. */
int input_open(input *in, const char *path);

/*
 * Read at most `capacity` bytes: whatever is available now, so a live stream
 * piped in (curl ... | sse parse) is handled as it arrives rather than once a
 * full buffer has accumulated. Return the count, 0 at end of input, or -1 after
 * printing "sse: cannot read 'NAME': <strerror>".
 */
long input_read(input *in, char *buffer, size_t capacity);

void input_close(input *in);

#endif
