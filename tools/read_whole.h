/* Read a whole file, or standard input for "-", into memory: the data of
 * `sse publish -` and the secret of a --token-file. */
#ifndef SSE_TOOLS_READ_WHOLE_H
#define SSE_TOOLS_READ_WHOLE_H

#include <stddef.h>

/*
 * Read all of `path` ("-": standard input) into a malloc'ed, NUL-terminated buffer
 * of at most `max` bytes (the NUL not counted). Return CLI_EXIT_OK, or
 * CLI_EXIT_FAILURE after a message on stderr (unreadable, larger than `max`, out of
 * memory); *out is then NULL.
 */
int read_whole(const char *path, size_t max, char **out, size_t *len_out);

#endif
